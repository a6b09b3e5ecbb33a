#!/bin/sh
# Runs a command in a private D-Bus session bus, with a real Secret Service
# (gnome-keyring, unlocked) or with none at all, and a throwaway HOME.
#   with-keyring.sh present|absent COMMAND [ARGS...]
set -u
mode=$1
shift
tmp=$(mktemp -d)
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export SANCTUM_KEYRING_MODE="$mode" SANCTUM_TEST_HOME="$HOME"

case "$mode" in
present)
    # gnome-keyring is the Secret Service; it ends with the bus.
    dbus-run-session -- sh -c '
        printf sanctum-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
        "$@"' sh "$@"
    rc=$?
    ;;
absent)
    # A bus that activates nothing: there is no Secret Service to find.
    cat >"$tmp/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
    dbus-run-session --config-file="$tmp/bus.conf" -- "$@"
    rc=$?
    ;;
*)
    echo "usage: with-keyring.sh present|absent COMMAND..." >&2
    rc=2
    ;;
esac
rm -rf "$tmp"
exit $rc
