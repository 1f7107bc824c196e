# The two commands of the README. Each installs what it needs first (scripts/setup.sh)
# and skips what is already there.
.PHONY: demo test build clean

PORT ?= 8080
export PORT

## make demo: build the package, then serve the sample page and the sandbox API.
demo:
	@scripts/setup.sh build
	@scripts/build.sh
	@scripts/demo.sh

## make test: every test tier (host, types, browser, package, end-to-end).
test:
	@scripts/setup.sh test
	@scripts/test.sh

## make build: just the npm package, into pkg/.
build:
	@scripts/setup.sh build
	@scripts/build.sh

clean:
	rm -rf target pkg node_modules test-results
