#!/usr/bin/env bash
# Installs what the build (and, with `test`, the test tiers) need, skipping what is
# already present. Safe to run again: a second run on a set-up machine takes seconds.
#
#   scripts/setup.sh build   toolchain for wasm32, wasm-bindgen CLI, npm tools
#   scripts/setup.sh test    the above, plus Chromium and ChromeDriver, Firefox ESR and
#                            geckodriver, WebKitGTK's WebDriver and Xvfb
#   scripts/setup.sh fuzz    the host toolchain and cargo-fuzz (for `make fuzz`)
set -euo pipefail
what=${1:-build}
. "$(dirname "$0")/toolchain.sh"
cd "$BC_ROOT"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "setup: need root to run: $*" >&2; exit 1
  fi
}

apt_updated=
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# 1. A Rust toolchain that can build for wasm32.
if [ "$BC_TOOLCHAIN" = debian ]; then
  apt_install rustc-web cargo-web rust-web-src lld-22
  if [ -n "${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-}" ]; then
    mkdir -p "$(dirname "$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER")"
    ln -sf "$(command -v lld-22)" "$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER"
  fi
  say "toolchain: Debian's $(rustc --version) with build-std for wasm32"
else
  say "toolchain: rustup's $(rustc --version) with its wasm32 std"
fi

# Fuzzing needs no wasm32 tools: just cargo-fuzz, built from crates.io. It drives
# cargo with nightly flags, which fuzz/run.sh allows with RUSTC_BOOTSTRAP=1.
if [ "$what" = fuzz ]; then
  if have=$(cargo fuzz --version 2>/dev/null); then
    say "$have"
  else
    say "installing cargo-fuzz; takes a few minutes"
    cargo install -q cargo-fuzz --locked
  fi
  exit 0
fi

# 2. The wasm-bindgen CLI, at exactly the version of the wasm-bindgen crate we link.
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); takes a few minutes"
  # No --locked: the CLI's own lock file pins a crate that no longer resolves.
  cargo install -q wasm-bindgen-cli --version "$want"
else
  say "wasm-bindgen-cli $have"
fi

# 3. npm tools: wasm-opt (binaryen), tsc, esbuild, playwright-core, selenium-webdriver.
#    Pinned by package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  say "installing npm tools"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 4. A browser for the test tiers.
if [ "$what" = test ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
  say "browser: $(/usr/bin/chromium --version 2>/dev/null)"
  # Firefox ESR, driven by geckodriver: not a Debian package, built from crates.io.
  apt_install firefox-esr
  gecko_want=0.37.1
  gecko_have=$(geckodriver --version 2>/dev/null | awk 'NR == 1 { print $2 }' || true)
  if [ "$gecko_have" != "$gecko_want" ]; then
    say "installing geckodriver $gecko_want (found: ${gecko_have:-none}); takes a few minutes"
    cargo install -q geckodriver --version "$gecko_want" --locked
  fi
  say "browser: $(/usr/bin/firefox-esr --version 2>/dev/null), geckodriver $gecko_want"
  # WebKitGTK: its WebDriver starts the MiniBrowser, which needs an X display (Xvfb).
  apt_install webkit2gtk-driver xvfb xauth
  say "browser: WebKitGTK $(dpkg-query -W -f='${Version}' webkit2gtk-driver) (MiniBrowser)"
fi
