# The two commands of the README. Each installs what it needs first (scripts/setup.sh)
# and skips what is already there.
.PHONY: demo test build bench fuzz clean

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

## make bench: build the package, then measure it (decoding, startup, size) beside
## JSON.parse and ccxt, in headless Chromium and Node; prints one table.
bench:
	@scripts/setup.sh build
	@scripts/build.sh
	@scripts/bench.sh

## make size: where the wasm's bytes go, by crate. The release build of scripts/build.sh
## through the same wasm-bindgen and wasm-opt -O1, the name section kept (target/size/);
## a table of functions, raw bytes and estimated gzip share per crate; then pkg/'s
## shipped files gzipped (scripts/size-by-crate.mjs, run by scripts/bench.sh size).
.PHONY: size
size:
	@scripts/setup.sh build
	@scripts/build.sh
	@scripts/bench.sh size

## make fuzz: every fuzz target (fuzz/) for FUZZ_SECONDS seconds each, then the
## executions of each. Failing inputs land in fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/setup.sh fuzz
	@fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf target pkg node_modules test-results

## make docs: the API reference, generated from the code. The Rust API by rustdoc,
## built for wasm32 (where the browser Client lives), into
## target/wasm32-unknown-unknown/doc/bitcoin_central/; the npm package's API by TypeDoc
## over the shipped declarations (pkg/bitcoin_central.d.ts, pkg/widget.d.ts), into
## target/doc-js/. TypeDoc comes from npm (pinned; cached after the first run).
TYPEDOC = npm exec --yes --prefer-offline --package=typedoc@0.28.20 --package=typescript@5.9.3 -- typedoc
.PHONY: docs
docs:
	@scripts/setup.sh build
	@scripts/build.sh
	@bash -c '. scripts/toolchain.sh && RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p bitcoin-central --target wasm32-unknown-unknown $$WASM_BUILD_STD'
	@mkdir -p target/doc-js
	@echo '{ "compilerOptions": { "strict": true, "noEmit": true, "target": "ES2022", "module": "ES2022", "moduleResolution": "Bundler", "lib": ["ES2022", "DOM", "ESNext.Disposable"] }, "files": ["../../pkg/bitcoin_central.d.ts", "../../pkg/widget.d.ts"] }' > target/doc-js/tsconfig.json
	@$(TYPEDOC) --logLevel Warn --tsconfig target/doc-js/tsconfig.json --entryPoints pkg/bitcoin_central.d.ts pkg/widget.d.ts \
	  --name bitcoin-central --readme pkg-template/README.md --disableSources --treatWarningsAsErrors --out target/doc-js/html
	@echo "docs: target/wasm32-unknown-unknown/doc/bitcoin_central/index.html (Rust), target/doc-js/html/index.html (JS)"
