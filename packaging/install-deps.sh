#!/usr/bin/env bash
# Installs, by Debian package name, whatever Sanctum needs to build, run and
# test that this machine does not have yet. Safe to run again: packages already
# present are skipped, and apt is only consulted when something is missing.
set -euo pipefail

packages=(
  # toolchain
  cmake g++ make ninja-build pkg-config
  # Qt 6.4 and friends the core links
  qt6-base-dev libqt6sql6-sqlite libssl-dev
  # the broker's calls to upstream APIs (HTTP/2, proxies, TLS)
  libcurl4-openssl-dev
  # the Qt Quick control panel and the QML modules it loads at run time
  qt6-declarative-dev qml6-module-qtqml qml6-module-qtquick qml6-module-qtquick-controls
  qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtqml-workerscript qml6-module-qtqml-models qml6-module-qttest
  # lrelease, which compiles the translations (plural forms included)
  qt6-l10n-tools
  # the audit page's file dialog; Debian's package does not pull in the
  # folder model its non-native dialog is built on
  qml6-module-qtquick-dialogs qml6-module-qt-labs-folderlistmodel
  # secrets in the OS keychain
  qtkeychain-qt6-dev libsecret-1-0
  # tests and benchmarks; the sandbox tenant runs on node (npm pins its own Node 22)
  libbenchmark-dev libsqlite3-dev nodejs npm
  # the broker benchmark's baseline proxy and load generator
  nginx wrk
  # the TLS test makes its throwaway certificate with the openssl tool
  openssl
  # a real Secret Service for the keychain tests (no dbus-x11: it leaves buses behind)
  dbus gnome-keyring
  # dbus-run-session, for the notification test's private session bus
  dbus-daemon
  # the GUI under a headless X server, and screenshots of it
  xvfb xauth imagemagick
  # packaging
  dpkg-dev file
)

# A machine may already have node and npm from elsewhere (NodeSource's nodejs
# bundles npm and conflicts with Debian's): any working command will do, since
# the sandbox pins its own Node 22 through npm.
satisfied() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ;;
  esac
}

missing=()
for p in "${packages[@]}"; do
  satisfied "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# An index older than a day (or none at all, as on a fresh machine) is refreshed first.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
  $sudo apt-get update -q
fi
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
