#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen --target web,
# wasm-opt -Oz, then package.json and README merged from pkg-template/.
# Ends by printing the gzipped size of every shipped file.
set -euo pipefail
. "$(dirname "$0")/toolchain.sh"
cd "$BC_ROOT"

step() { printf '\033[1mbuild:\033[0m %s\n' "$*"; }

step "release wasm ($BC_TOOLCHAIN toolchain)"
# shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
cargo build --quiet --release --lib -p bitcoin-central --target wasm32-unknown-unknown $WASM_BUILD_STD

step "wasm-bindgen --target web"
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name bitcoin_central \
  target/wasm32-unknown-unknown/release/bitcoin_central.wasm

step "wasm-opt -Oz"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/bitcoin_central_bg.wasm -o pkg/bitcoin_central_bg.wasm

step "package.json and README from pkg-template/"
node scripts/package.mjs
