#!/usr/bin/env bash
# make bench: measures the built pkg/ (decoding beside JSON.parse and ccxt, from text
# and from bytes, the book view, where decoding's time goes, wasm instantiate, first
# ticker on the sandbox's page, gzipped sizes and the wasm by crate) and prints its tables;
# then the stream's figures: on the host (benches/stream.rs: updates per second into a
# 10,000-level book, alone and through the whole frame path) and in Chromium
# (bench/stream-latency.mjs: a frame's arrival to the widget showing it); then the
# widget's main thread on answers of up to 7.5 MiB (bench/widget-main-thread.mjs: the
# longest task while it reads them, against a frame's 16.7 ms).
# Installs what it needs first and skips what is there: bench/'s own npm packages
# (ccxt, pinned by bench/package-lock.json), Chromium, the sandbox binary.
#
# scripts/bench.sh size (make size): just the wasm by crate and the shipped sizes.
#
# Both read target/size/, the names-keeping twin of pkg/'s wasm: the release build
# scripts/build.sh just made (target/wasm32-unknown-unknown/release/), through the same
# wasm-bindgen and wasm-opt -O1 but with the `name` section kept. That section changes
# no code: scripts/size-by-crate.mjs checks the code and data sections are pkg/'s.
set -euo pipefail
. "$(dirname "$0")/toolchain.sh"
cd "$BC_ROOT"

say() { printf '\033[1mbench:\033[0m %s\n' "$*"; }

names_build() {
  local wasm=target/wasm32-unknown-unknown/release/bitcoin_central.wasm out=target/size
  if [ ! -f "$wasm" ]; then
    echo "bench: no release build at $wasm: run scripts/build.sh first" >&2
    exit 1
  fi
  if [ "$out/bitcoin_central_bg.wasm" -nt "$wasm" ]; then return 0; fi
  say "names-keeping build into $out/ (wasm-bindgen --keep-debug, wasm-opt -O1 --debuginfo)"
  rm -rf "$out"
  wasm-bindgen --target web --keep-debug --out-dir "$out" --out-name bitcoin_central "$wasm"
  # scripts/build.sh's wasm-opt flags, plus --debuginfo (keeps the name section).
  wasm-opt -O1 --debuginfo --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$out/bitcoin_central_bg.wasm" -o "$out/bitcoin_central_bg.wasm"
}

if [ "${1:-}" = size ]; then
  names_build
  exec node scripts/size-by-crate.mjs target/size/bitcoin_central_bg.wasm --crate bitcoin_central --shipped "${BENCH_PKG:-pkg}"
fi

if [ ! -f bench/node_modules/ccxt/package.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  say "installing bench/'s npm packages"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  scripts/setup.sh test
fi
names_build
say "sandbox binary"
cargo build --quiet -p bitcoin-central-sandbox
node bench/run.mjs
say "the stream's figures (host, release: benches/stream.rs; Chromium: bench/stream-latency.mjs)"
cargo bench --quiet --bench stream
node bench/stream-latency.mjs
say "the widget's main thread on big answers (Chromium: bench/widget-main-thread.mjs)"
node bench/widget-main-thread.mjs
