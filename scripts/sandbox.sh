# Sourced: start_sandbox [flags...] starts the sandbox in the background on a free
# port and sets SANDBOX_URL and SANDBOX_PID once it listens. Needs toolchain.sh.
start_sandbox() {
  local log="$BC_ROOT/target/sandbox-$$.log"
  cargo build --quiet -p bitcoin-central-sandbox
  "$BC_ROOT/target/debug/bitcoin-central-sandbox" --host 127.0.0.1 --port 0 "$@" >"$log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do
    SANDBOX_URL=$(sed -n 's/^bitcoin-central-sandbox listening on \(http:[^ ]*\)$/\1/p' "$log")
    if [ -n "$SANDBOX_URL" ]; then export SANDBOX_URL SANDBOX_PID; return 0; fi
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the sandbox did not start:" >&2; cat "$log" >&2; return 1
}

# A local URL on which nothing listens (for connection-refused tests).
closed_url() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(`http://127.0.0.1:${s.address().port}`); s.close(); })'
}
