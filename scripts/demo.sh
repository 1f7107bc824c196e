#!/usr/bin/env bash
# Serves the sample page (www/), the package (pkg/) and the sandbox API on
# 127.0.0.1:$PORT (default 8080) until interrupted. Expects pkg/ to be built.
set -euo pipefail
. "$(dirname "$0")/toolchain.sh"
cd "$BC_ROOT"
port=${PORT:-8080}
cargo build --quiet -p bitcoin-central-sandbox
echo
echo "  Sample page:  http://127.0.0.1:$port/"
echo "  API:          http://127.0.0.1:$port/api/v1/data/eur/ticker"
echo "  Stop with Ctrl-C."
echo
exec target/debug/bitcoin-central-sandbox --host 127.0.0.1 --port "$port" --www www --pkg pkg
