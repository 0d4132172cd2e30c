#!/usr/bin/env bash
# Run a command inside a throwaway, real Linux desktop session:
#   private session D-Bus (dbus-run-session) + Xvfb + unlocked gnome-keyring (Secret Service)
#   + dunst (org.freedesktop.Notifications) + trayer (XEmbed system tray).
# Everything lives under a temporary HOME that is removed on exit.
# Usage: scripts/desktop-session.sh <command> [args...]
set -euo pipefail
SESSION_TMP="$(mktemp -d /tmp/dn-session.XXXXXX)"
trap 'rm -rf "$SESSION_TMP"' EXIT
export DN_SESSION_DIR="$SESSION_TMP"
export HOME="$SESSION_TMP/home"
export XDG_RUNTIME_DIR="$SESSION_TMP/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export QT_QPA_PLATFORM=xcb NO_AT_BRIDGE=1
export PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring
mkdir -p "$XDG_CONFIG_HOME/dunst"
# Left click invokes the default action (as on most desktops); no fading while the tests look.
cp "$(dirname "$0")/dunstrc" "$XDG_CONFIG_HOME/dunst/dunstrc"
exec dbus-run-session -- bash -c '
  set -u
  DISPLAY_NUM=$(( 70 + RANDOM % 500 ))
  while [ -e /tmp/.X11-unix/X$DISPLAY_NUM ] || [ -e /tmp/.X$DISPLAY_NUM-lock ]; do DISPLAY_NUM=$((DISPLAY_NUM + 1)); done
  export DISPLAY=:$DISPLAY_NUM
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$HOME/xvfb.log" 2>&1 & XVFB=$!
  for i in $(seq 200); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.05; done
  dbus-update-activation-environment DISPLAY XDG_RUNTIME_DIR HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
  eval "$(printf "session-pass" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  dunst -config "$XDG_CONFIG_HOME/dunst/dunstrc" >"$HOME/dunst.log" 2>&1 & DUNST=$!
  trayer --edge top --align right --widthtype request --height 32 --SetDockType true \
    --transparent true --alpha 0 --tint 0x2b2f38 >"$HOME/trayer.log" 2>&1 & TRAYER=$!
  for i in $(seq 200); do dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break; sleep 0.05; done
  for i in $(seq 200); do xwininfo -root -children 2>/dev/null | grep -qi trayer && break; sleep 0.05; done
  export DN_DESKTOP_SESSION=1
  rc=0; "$@" || rc=$?
  kill $TRAYER $DUNST 2>/dev/null; kill $XVFB 2>/dev/null; wait 2>/dev/null
  exit $rc' bash "$@"
