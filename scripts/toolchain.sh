# Sourced by every script that compiles Rust. One place decides which toolchain
# builds the workspace, for the host and for wasm32, so artefacts are never built
# by two compiler versions.
#
#   rustup mode  - rustup's toolchain has the wasm32-unknown-unknown std: plain cargo.
#   debian mode  - it has not (the case on our CI machines): Debian's rustc-web and
#                  cargo-web come first on PATH, and std is built for wasm32 from
#                  rust-web-src with -Zbuild-std.
#
# Exports: BC_TOOLCHAIN (rustup|debian), WASM_BUILD_STD (cargo flags for wasm32).

BC_ROOT=${BC_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export BC_ROOT

bc_has_rustup_wasm() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

if [ -n "${BC_TOOLCHAIN:-}" ]; then
  :
elif bc_has_rustup_wasm; then
  BC_TOOLCHAIN=rustup
else
  BC_TOOLCHAIN=debian
fi
export BC_TOOLCHAIN

if [ "$BC_TOOLCHAIN" = debian ]; then
  case ":$PATH:" in
    /usr/bin:*) ;;
    *) PATH="/usr/bin:$PATH" ;;
  esac
  # Debian's cargo and rustc are stable compilers; build-std is a nightly flag.
  export RUSTC_BOOTSTRAP=1
  WASM_BUILD_STD="-Zbuild-std=std,panic_abort"
  # rustc links wasm32 with `rust-lld -flavor wasm`; Debian's lld-22 ships no binary
  # of that name, so setup.sh links one into target/toolchain/ when none is on PATH.
  if ! command -v rust-lld >/dev/null 2>&1; then
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$BC_ROOT/target/toolchain/rust-lld"
  fi
else
  WASM_BUILD_STD=""
fi
export WASM_BUILD_STD

# Binaries from `cargo install` (wasm-bindgen) and the project's npm tools.
PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin:$BC_ROOT/node_modules/.bin"
export PATH
