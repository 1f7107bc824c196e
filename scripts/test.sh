#!/usr/bin/env bash
# Runs every test tier, then prints how many tests each ran and how long it all took.
#   lint     cargo fmt --check; clippy -D warnings over the workspace (host, and
#            wasm32 where the toolchain has clippy); rustc's lints over the wasm32
#            code (src/js, src/web, the browser tests) with warnings refused
#   host     cargo test: the pure core and the sandbox
#   types    tsc --strict (skipLibCheck false) over a user's project on pkg/ that uses
#            every export: TypeScript 5.9 and 5.0 × lib ES2022+DOM × moduleResolution
#            bundler/node16/nodenext, and `using` with ESNext.Disposable (tests/types/)
#   browser  wasm-bindgen-test in headless Chromium, against the sandbox
#   browser-firefox  the same browser tests in headless Firefox ESR (geckodriver)
#   browser-webkit   the same browser tests in WebKitGTK's MiniBrowser
#            (WebKitWebDriver, under Xvfb)
#   package  node --test over the built pkg/, against the sandbox
#   interop  the sandbox's stream heard by the real socket.io-client 2.5.0 (tests/interop/)
#   docs     every JS/TS/HTML snippet of README.md and pkg-template/README.md:
#            tsc --strict as a user's project, then run in Node or Chromium against
#            a sandbox of its own (tests/docs/)
#   e2e      Playwright drives the sample page and the widget page served by the
#            sandbox in Chromium; then the engine journeys (tests/journeys/: public
#            data, code+PKCE and implicit logins, an order placed and cancelled, the
#            widget live) over WebDriver in Chromium (chromedriver)
#   e2e-firefox  the engine journeys in Firefox ESR (geckodriver)
#   e2e-webkit   the engine journeys in WebKitGTK's MiniBrowser (WebKitWebDriver,
#            under Xvfb)
#   vite-app a Vite + TypeScript app built on the packed tarball, run in Chromium
#   webpack-app, esbuild-app  the same with webpack 5 and with esbuild
#   rust-app a Rust wasm app on the crate, tested in Chromium
# TIERS="browser e2e" scripts/test.sh runs just those tiers (after the build); make
# test runs them all.
set -euo pipefail
. "$(dirname "$0")/toolchain.sh"
. "$(dirname "$0")/sandbox.sh"
cd "$BC_ROOT"
started=$(date +%s)
mkdir -p target test-results
summary=()
passed_total=0
failed_total=0

# tier NAME COUNTER COMMAND...: runs COMMAND, keeps its output, counts with COUNTER.
tier() {
  local name=$1 counter=$2 log="target/test-$1.log" t0 passed failed
  shift 2
  if [ -n "${TIERS:-}" ] && [[ " $TIERS " != *" $name "* ]]; then return 0; fi
  printf '\n\033[1m== %s\033[0m\n' "$name"
  t0=$(date +%s)
  if ! "$@" 2>&1 | tee "$log"; then
    printf '\n\033[1;31m%s tier failed\033[0m (log: %s)\n' "$name" "$log"
    exit 1
  fi
  read -r passed failed < <("$counter" "$log")
  passed_total=$((passed_total + passed))
  failed_total=$((failed_total + failed))
  summary+=("$(printf '%-15s %4d passed %3d failed %5ds' "$name" "$passed" "$failed" $(($(date +%s) - t0)))")
}

# `test result: ok. 3 passed; 0 failed; ...` lines (cargo and wasm-bindgen-test).
count_cargo() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
       END { print p + 0, f + 0 }' "$1"
}
# node --test's `# pass N` / `# fail N`.
count_node() {
  awk '/^# pass / { p += $3 } /^# fail / { f += $3 } END { print p + 0, f + 0 }' "$1"
}

# wasm-bindgen-test-runner gives a whole test binary 20 s by default, and the stream's
# tests (faults, reconnections, polling) take longer, more so in a slower engine: each
# binary gets 5 minutes (a test that hangs still fails, after that).
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}

# The wasm32 test targets: the browser tier's.
BROWSER_TESTS="--test browser --test browser_oauth --test browser_trading --test browser_widget --test browser_reliability --test browser_stream --test browser_bounds"

# One line per lint step that passed (each fails the tier on its own).
count_lint() {
  local steps
  steps=$(grep -c '^lint: .* clean$' "$1" || true)
  echo "$steps" 0
}

# rustfmt and clippy come from rustup's toolchain (Debian's rustc-web has neither);
# clippy keeps its own target directory, so its builds never replace the tests'.
lint() {
  local rustup_bin=${CARGO_HOME:-$HOME/.cargo}/bin log=target/lint-wasm.log
  local rustup_cargo=${RUSTUP_CARGO:-$rustup_bin/cargo}
  # Called as a tier's command, where `set -e` does not hold: every step checks.
  # rustup's proxies first on PATH for these two, so they run rustup's rustc, not
  # Debian's (target/clippy holds rustup's builds).
  PATH="$rustup_bin:$PATH" "$rustup_cargo" fmt --all --check || return 1
  echo "lint: cargo fmt --check clean"
  PATH="$rustup_bin:$PATH" CARGO_TARGET_DIR=target/clippy "$rustup_cargo" clippy --workspace --all-targets -- -D warnings || return 1
  echo "lint: clippy (host, workspace, all targets) clean"
  if [ "$BC_TOOLCHAIN" = rustup ]; then
    # shellcheck disable=SC2086 # BROWSER_TESTS is a list of flags.
    CARGO_TARGET_DIR=target/clippy cargo clippy --target wasm32-unknown-unknown -p bitcoin-central --lib $BROWSER_TESTS -- -D warnings || return 1
    echo "lint: clippy (wasm32) clean"
  else
    # No clippy for wasm32 here: rustc's own lints (missing_docs, unused, the
    # workspace's [lints]) over the code only wasm32 compiles, every warning refused.
    # The browser tests read their sandbox's address at compile time: any will do.
    # shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
    SANDBOX_URL=http://127.0.0.1:1 LIMITED_URL=http://127.0.0.1:1 CLOSED_URL=http://127.0.0.1:1 \
      cargo check --target wasm32-unknown-unknown -p bitcoin-central --lib $BROWSER_TESTS --message-format short $WASM_BUILD_STD 2>&1 | tee "$log" || return 1
    if grep -E '^(src|tests|wire)/.*: (warning|error)' "$log"; then
      echo "lint: rustc warnings in the wasm32 code (above)" >&2
      return 1
    fi
    echo "lint: rustc lints (wasm32) clean"
  fi
}

tier lint count_lint lint
tier host count_cargo cargo test --workspace

printf '\n\033[1m== build\033[0m\n'
scripts/build.sh

tier types count_node node --test tests/types/

# The browser tiers' test pages are served by wasm-bindgen-test-runner on an address
# of its own, fixed for the run, and the sandboxes trust that origin: its tests may
# read the admin endpoints and the consent page (CORS with credentials) and post the
# consent form, which no other origin may.
BROWSER_ORIGIN=$(closed_url)
export WASM_BINDGEN_TEST_ADDRESS=${BROWSER_ORIGIN#http://}
# A second sandbox with a tight rate limit, for the client-side limiter's test.
start_sandbox --rate-limit 20 --rate-window-secs 5 --quiet --trust-origin "$BROWSER_ORIGIN"
LIMITED_URL=$SANDBOX_URL
LIMITED_PID=$SANDBOX_PID
export LIMITED_URL
trap 'kill "$LIMITED_PID" 2>/dev/null || true' EXIT
# Pings every second, a pong overdue after two: a silent socket is noticed in seconds.
start_sandbox --www www --pkg pkg --tick-ms 500 --ping-interval-ms 1000 --ping-timeout-ms 2000 \
  --trust-origin "$BROWSER_ORIGIN"
trap 'kill "$SANDBOX_PID" "$LIMITED_PID" 2>/dev/null || true' EXIT
CLOSED_URL=$(closed_url)
export CLOSED_URL
echo "sandbox: $SANDBOX_URL   rate-limited sandbox: $LIMITED_URL   closed port: $CLOSED_URL"

# shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} \
  tier browser count_cargo cargo test --target wasm32-unknown-unknown $BROWSER_TESTS $WASM_BUILD_STD
# The same tests (already built) in the two other engines. wasm-bindgen-test-runner
# picks its driver from GECKODRIVER, then SAFARIDRIVER, then CHROMEDRIVER: each tier
# unsets the others. Firefox gets -headless from the runner, its binary from
# webdriver.json's moz:firefoxOptions. WebKitWebDriver speaks the runner's Safari
# dialect and, with no capabilities, starts MiniBrowser; it needs an X display.
# shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
tier browser-firefox count_cargo env -u CHROMEDRIVER -u SAFARIDRIVER \
  GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver)}" \
  cargo test --target wasm32-unknown-unknown $BROWSER_TESTS $WASM_BUILD_STD
# shellcheck disable=SC2086 # WASM_BUILD_STD is a list of flags, or empty.
tier browser-webkit count_cargo env -u CHROMEDRIVER -u GECKODRIVER \
  SAFARIDRIVER=${SAFARIDRIVER:-/usr/bin/WebKitWebDriver} \
  xvfb-run -a cargo test --target wasm32-unknown-unknown $BROWSER_TESTS $WASM_BUILD_STD

tier package count_node node --test tests/package/
tier interop count_node node --test tests/interop/
tier docs count_node node --test tests/docs/
# The Playwright journeys and checks in Chromium, then the engine journeys
# (tests/journeys/, over WebDriver) in each engine. One test file at a time: some
# count the sandbox's requests, which another file's page would add to.
tier e2e count_node env ENGINE=chromium node --test --test-concurrency=1 tests/e2e/ tests/journeys/
tier e2e-firefox count_node env ENGINE=firefox node --test --test-concurrency=1 tests/journeys/
tier e2e-webkit count_node env ENGINE=webkit xvfb-run -a node --test --test-concurrency=1 tests/journeys/
# Consumer apps outside the library's code: a Vite + TypeScript app on the packed
# tarball, the same tarball in a webpack 5 app and in an esbuild app, and a Rust wasm
# app on the crate (examples/).
tier vite-app count_node scripts/consumers.sh vite
tier webpack-app count_node scripts/consumers.sh webpack
tier esbuild-app count_node scripts/consumers.sh esbuild
tier rust-app count_cargo scripts/consumers.sh rust

printf '\n\033[1mmake test: every tier passed in %ds\033[0m\n' $(($(date +%s) - started))
printf '  %s\n' "${summary[@]}"
echo "total: $passed_total passed, $failed_total failed"
