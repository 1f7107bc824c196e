#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen --target web,
# wasm-opt -O1, then package.json and README merged from pkg-template/.
# Ends by printing the gzipped size of every shipped file.
set -euo pipefail
. "$(dirname "$0")/toolchain.sh"
cd "$BC_ROOT"

step() { printf '\033[1mbuild:\033[0m %s\n' "$*"; }

step "release wasm ($BC_TOOLCHAIN toolchain)"
# Where std is built here (build-std), it is built with the immediate-abort panic
# strategy: no panic machinery or messages in the wasm (-11 KB gzipped, measured:
# 191.5 -> 180.5 KB after wasm-opt -O1). The library does not panic; were it to, the
# wasm traps either way (panic = "abort" prints nothing in a browser).
release_flags=${RUSTFLAGS:-}
if [ -n "$WASM_BUILD_STD" ]; then release_flags="$release_flags -Zunstable-options -Cpanic=immediate-abort"; fi
# shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
RUSTFLAGS="$release_flags" cargo build --quiet --release --lib -p bitcoin-central --features talc --target wasm32-unknown-unknown $WASM_BUILD_STD

step "wasm-bindgen --target web"
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name bitcoin_central \
  target/wasm32-unknown-unknown/release/bitcoin_central.wasm

# -O1, not -Oz: -Oz makes the file smaller but compress worse. Measured on this
# crate (wasm-opt 132, gzip -9): -Oz 486.6 KB raw / 205.1 KB gz, -Os 204.7 KB gz,
# -O2 206.4 KB gz, -O1 520.7 KB raw / 191.5 KB gz. What users download is compressed.
step "wasm-opt -O1"
wasm-opt -O1 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/bitcoin_central_bg.wasm -o pkg/bitcoin_central_bg.wasm

step "package.json and README from pkg-template/"
node scripts/package.mjs
