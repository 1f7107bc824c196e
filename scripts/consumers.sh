#!/usr/bin/env bash
# The consumer apps: the package and the crate as their users get them.
#   vite  examples/vite-app: `npm pack` of pkg/ installed from its tarball into a Vite +
#         TypeScript app; tsc --strict, vite build, then node --test drives the built
#         app in Chromium (Playwright) against the sandbox.
#   webpack examples/webpack-app: the same tarball bundled by webpack 5 with no
#         configuration for the .wasm; the built page in Chromium against the sandbox.
#   esbuild examples/esbuild-app: the same tarball bundled by esbuild, the .wasm
#         imported with --loader:.wasm=file; tsc --strict, then the page in Chromium.
#   rust  examples/rust-app: a Rust wasm app depending on the crate by path; cargo test
#         in headless Chromium (wasm-bindgen-test-runner) against the sandbox.
#
#   scripts/consumers.sh [vite|webpack|esbuild|rust|all]     (default: all)
#
# Needs pkg/ (scripts/build.sh) and the toolchain (scripts/setup.sh test). Starts its
# own sandbox, which serves pkg/ and registers the Vite app's address for the OAuth
# demo client. Installs each JS app's npm packages from its package-lock.json
# (offline from npm's cache when it has them). The Rust app builds with the crate
# versions of the workspace's Cargo.lock, copied in (cargo keeps the subset it uses).
# Output: node --test's `# pass`/`# fail` (vite, webpack, esbuild), cargo's `test
# result:` (rust).
set -euo pipefail
what=${1:-all}
. "$(dirname "$0")/toolchain.sh"
. "$(dirname "$0")/sandbox.sh"
cd "$BC_ROOT"

say() { printf '\033[1mconsumers:\033[0m %s\n' "$*"; }

[ -f pkg/package.json ] || { echo "consumers: no pkg/: run scripts/build.sh first" >&2; exit 1; }

app_port=$(closed_url)
app_port=${app_port##*:}
# The Rust app's test page is served by wasm-bindgen-test-runner on an address of its
# own (pinned here unless the caller pinned it), and imports the sandbox's pkg/widget.js
# across origins: the sandbox trusts that origin (no CORS on static files otherwise).
if [ -z "${WASM_BINDGEN_TEST_ADDRESS:-}" ]; then
  runner=$(closed_url)
  export WASM_BINDGEN_TEST_ADDRESS=${runner#http://}
fi
start_sandbox --pkg pkg --quiet --client "bitcoin-central-demo=http://127.0.0.1:$app_port/" \
  --trust-origin "http://$WASM_BINDGEN_TEST_ADDRESS"
trap 'kill "$SANDBOX_PID" 2>/dev/null || true' EXIT
say "sandbox $SANDBOX_URL"

# npm pack of pkg/ into target/consumers/, as each JS app's package.json names it.
version=
pack_pkg() {
  version=$(node -p 'require("./pkg/package.json").version')
  say "npm pack pkg/ ($version)"
  mkdir -p target/consumers
  rm -f target/consumers/bitcoin-central-*.tgz
  npm pack ./pkg --pack-destination target/consumers --silent >/dev/null
}

vite_app() {
  local app=examples/vite-app
  pack_pkg
  say "vite-app: npm ci (the package from target/consumers/bitcoin-central-$version.tgz)"
  (cd "$app" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
  say "vite-app: tsc --strict"
  (cd "$app" && node_modules/.bin/tsc --strict --noEmit -p .)
  say "vite-app: vite build"
  (cd "$app" && node_modules/.bin/vite build --logLevel warn)
  say "vite-app: the built app in Chromium"
  (cd "$app" && APP_PORT=$app_port node --test tests/)
}

webpack_app() {
  local app=examples/webpack-app
  pack_pkg
  say "webpack-app: npm ci (the package from target/consumers/bitcoin-central-$version.tgz)"
  (cd "$app" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
  say "webpack-app: webpack (production)"
  (cd "$app" && node_modules/.bin/webpack --stats errors-warnings)
  say "webpack-app: the built app in Chromium"
  (cd "$app" && APP_PORT=$app_port node --test tests/)
}

esbuild_app() {
  local app=examples/esbuild-app
  pack_pkg
  say "esbuild-app: npm ci (the package from target/consumers/bitcoin-central-$version.tgz)"
  (cd "$app" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
  say "esbuild-app: tsc --strict"
  (cd "$app" && node_modules/.bin/tsc --strict --noEmit -p .)
  say "esbuild-app: esbuild --bundle --loader:.wasm=file"
  (cd "$app" && rm -rf dist && npm run -s build)
  say "esbuild-app: the built app in Chromium"
  (cd "$app" && APP_PORT=$app_port node --test tests/)
}

rust_app() {
  say "rust-app: cargo test --target wasm32-unknown-unknown, in headless Chromium"
  # shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
  cp Cargo.lock examples/rust-app/Cargo.lock
  (cd examples/rust-app &&
    CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} \
      cargo test --target wasm32-unknown-unknown $WASM_BUILD_STD)
}

case $what in
  vite) vite_app ;;
  webpack) webpack_app ;;
  esbuild) esbuild_app ;;
  rust) rust_app ;;
  all) vite_app; webpack_app; esbuild_app; rust_app ;;
  *) echo "usage: scripts/consumers.sh [vite|webpack|esbuild|rust|all]" >&2; exit 2 ;;
esac
