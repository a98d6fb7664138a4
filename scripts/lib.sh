# Shared set-up for Keyfob's scripts: installs what is missing, and nothing else.
# Sourced by scripts/run, scripts/test and scripts/bench; not meant to be run on its own.

# Debian packages to build everything (the desktop app's WebKitGTK stack included) and to run every test
# (zbar-tools and oathtool are independent peers; gnome-keyring, dbus and Xvfb host the keychain and window tests;
# at-spi2-core's accessibility bus and python3-pyatspi read the window's accessibility tree in tests/atspi.rs;
# xdotool types into the native file dialogs; headless chromium shows the login service's pages; openssl makes a private
# CA and serves TLS with it; lintian, desktop-file-utils, appstream, rpm and xdg-utils check and use the packages;
# sway, its portals, PipeWire, grim, wl-clipboard and wtype make the headless Wayland desktop of tests/wayland.rs;
# the GStreamer and PipeWire development files build the camera (which captures through GStreamer's PipeWire and V4L2
# sources, and lists PipeWire's cameras with the pipewire crate, whose bindings libclang generates),
# and WirePlumber with GStreamer's tools feeds the virtual camera of tests/camera.rs; postgresql gives the login service's
# PostgreSQL tests their own server (tests/util/postgres.rs runs initdb and pg_ctl on a private socket and port; the
# package's own cluster is not used)).
KEYFOB_BUILD_PACKAGES="build-essential pkg-config libssl-dev libdbus-1-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev file curl ca-certificates
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libpipewire-0.3-dev libclang-dev"
KEYFOB_TEST_PACKAGES="xvfb xauth x11-utils webkit2gtk-driver at-spi2-core python3-pyatspi dbus dbus-x11 gnome-keyring libsecret-tools
  fonts-dejavu-core xclip xdotool feh zbar-tools oathtool chromium chromium-driver openssl
  lintian desktop-file-utils appstream rpm xdg-utils
  scrot sway swaybg xdg-desktop-portal xdg-desktop-portal-wlr xdg-desktop-portal-gtk pipewire grim wl-clipboard wtype
  wireplumber gstreamer1.0-pipewire gstreamer1.0-plugins-good gstreamer1.0-tools
  python3-nacl python3-argon2 python3-cryptography firefox-esr postgresql"

# The scripts build once and never edit what they build: incremental caches would only fill the disk
# (and the same setting everywhere lets scripts/run reuse what scripts/test built, and back).
export CARGO_INCREMENTAL=0

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (install sudo or run as root)"
  fi
}

# Installs the named Debian packages that are not installed yet.
need_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]}, and this is not a Debian-like system"
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# Makes sure cargo (with rustfmt and clippy) is on PATH, installing the stable toolchain with rustup if not.
need_rust() {
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null 2>&1; then
    say "installing the Rust toolchain (rustup, stable)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal \
      --component rustfmt,clippy || die "could not install Rust; see https://rustup.rs"
    . "$HOME/.cargo/env"
  fi
  if command -v rustup >/dev/null 2>&1; then
    cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
    cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  fi
}

# Installs a cargo subcommand or tool when it is missing: need_cargo_tool BINARY CRATE [VERSION].
need_cargo_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  say "installing $2 (cargo install, once)"
  cargo install --locked "$2" ${3:+--version "$3"}
}

# The local RustSec advisory database cargo-deny reads with --offline: where deny.toml's db-path (the
# default, $CARGO_HOME/advisory-dbs) and its URL put it. Nothing fetches it: see README.md, Testing.
KEYFOB_ADVISORY_DB="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/advisory-db-3157b0e258782691"

# A Python virtualenv holding exactly a requirements file, (re)made when the file changed:
# need_venv DIR REQUIREMENTS.
need_venv() {
  local venv=$1 requirements=$2
  cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null && return 0
  need_packages python3 python3-venv
  say "installing $requirements into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
}

# npm packages in DIR, as its package-lock.json pins them (npm ci, only when they differ). Node and npm come
# from Debian unless the machine has them already (NodeSource's nodejs bundles npm and conflicts with
# Debian's npm package).
need_npm() {
  local dir=$1
  command -v npm >/dev/null 2>&1 || need_packages nodejs npm
  # npm's own record (node_modules/.package-lock.json) never equals the lock file (it leaves out the
  # project itself), so the lock installed is kept beside it to tell whether anything changed.
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.keyfob-installed-lock.json"; then
    say "installing the npm packages $dir/package.json pins"
    (cd "$dir" && npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.keyfob-installed-lock.json)
  fi
}

# What every build needs: the system packages, Rust, and the brand icons crates/icons builds in.
need_build() {
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  need_packages $KEYFOB_BUILD_PACKAGES
  need_rust
  need_npm .
}

# Everything the tests and builds need.
need_everything() {
  # shellcheck disable=SC2086 # word splitting of the package lists is intended
  need_packages $KEYFOB_BUILD_PACKAGES $KEYFOB_TEST_PACKAGES
  need_build
  need_cargo_tool cargo-nextest cargo-nextest
  need_cargo_tool tauri-driver tauri-driver '^2'
  need_cargo_tool cargo-fuzz cargo-fuzz
  # The dependency policy of deny.toml (licences, sources, bans, advisories). Built from source, a few
  # minutes once on 2 cores.
  need_cargo_tool cargo-deny cargo-deny '0.20.2'
  # Firefox's WebDriver server (Mozilla's, from crates.io; Debian packages none): tests/extension.rs.
  need_cargo_tool geckodriver geckodriver '0.37.1'
  # sway refuses to run as root: tests/wayland.rs runs it as this user (crates/testkit/src/wayland.rs).
  id keyfob-wayland >/dev/null 2>&1 || as_root useradd --create-home keyfob-wayland
}

# Fuzzes every parser target for SECONDS each (cargo fuzz). The machine's one toolchain is stable and
# libFuzzer's instrumentation needs nightly flags: RUSTC_BOOTSTRAP=1 allows them for this build only.
fuzz_all() {
  local seconds=$1 target log
  # The icon target starts from small SVGs (libFuzzer would not find XML by itself in 15 s): a plain
  # brand icon and every hostile file a test in crates/core/src/svg.rs refuses (nested markers, filters…).
  mkdir -p fuzz/corpus/icon
  cp -n fuzz/seeds/icon/*.svg fuzz/corpus/icon/
  for target in uri import vault image frame push icon; do
    log="fuzz/target/fuzz-$target.log"
    mkdir -p fuzz/target
    if (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- \
          -max_total_time="$seconds" -rss_limit_mb=3072) >"$log" 2>&1; then
      printf '  %-8s %s\n' "$target" "$(grep -E '^Done' "$log" | tail -1)"
    else
      cat "$log"; die "fuzz target $target failed; the input is in fuzz/artifacts/$target/"
    fi
  done
}

# Runs "$@" with a display: the current one, or a private Xvfb started for it and stopped afterwards.
with_display() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; return; fi
  local display=":$(( 90 + RANDOM % 400 ))" status=0
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  local xvfb=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  DISPLAY="$display" "$@" || status=$?
  kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null
  return "$status"
}
