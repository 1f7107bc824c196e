#!/usr/bin/env bash
# make bench: measures the built pkg/ (decoding beside JSON.parse and ccxt, wasm
# instantiate, first ticker on the sandbox's page, gzipped sizes) and prints one table.
# Installs what it needs first and skips what is there: bench/'s own npm packages
# (ccxt, pinned by bench/package-lock.json), Chromium, the sandbox binary.
set -euo pipefail
. "$(dirname "$0")/toolchain.sh"
cd "$BC_ROOT"

say() { printf '\033[1mbench:\033[0m %s\n' "$*"; }

if [ ! -f bench/node_modules/ccxt/package.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  say "installing bench/'s npm packages"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  scripts/setup.sh test
fi
say "sandbox binary"
cargo build --quiet -p bitcoin-central-sandbox
exec node bench/run.mjs
