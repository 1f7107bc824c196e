#!/usr/bin/env bash
# `make fuzz`: runs every fuzz target for $1 seconds (default 60), one after the
# other, and prints the executions of each. No sanitizer (`-s none`): the code under
# test is safe Rust, and the toolchain may ship no sanitizer runtime.
#
# The kept corpus (corpus/<target>) and the regressions (regressions/<target>) are read,
# never written: new inputs go to target/fuzz/corpus/<target>, and failing inputs to
# fuzz/artifacts/<target>. README.md says how to refresh the kept corpus.
set -uo pipefail
seconds=${1:-60}
. "$(dirname "$0")/../scripts/toolchain.sh"
cd "$BC_ROOT/fuzz"
# cargo-fuzz passes nightly flags to cargo and rustc; a stable compiler takes them so.
export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$BC_ROOT/target/fuzz"
cargo fuzz build -s none || exit 1

failed=()
report=()
for target in $(cargo fuzz list); do
  work="$CARGO_TARGET_DIR/corpus/$target"
  log="$CARGO_TARGET_DIR/$target.log"
  mkdir -p "$work" "regressions/$target"
  printf '\033[1mfuzz:\033[0m %s for %ss\n' "$target" "$seconds"
  if ! cargo fuzz run -s none "$target" "$work" "corpus/$target" "regressions/$target" -- \
      -max_total_time="$seconds" -timeout=10 -print_final_stats=1 -dict=tokens.dict \
      >"$log" 2>&1; then
    failed+=("$target")
    grep -E 'panicked|ERROR|Failing input|artifact' "$log" | head -5
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  report+=("$(printf '%-14s %12s executions in %ss' "$target" "${runs:-?}" "$seconds")")
done

printf '\n'
printf '%s\n' "${report[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nfailed: %s (inputs in fuzz/artifacts/; logs in target/fuzz/<target>.log)\n' "${failed[*]}"
  exit 1
fi
