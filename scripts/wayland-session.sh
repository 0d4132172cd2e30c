#!/usr/bin/env bash
# Run a command inside a throwaway, real Wayland desktop session:
#   sway (headless wlroots backend, pixman renderer) + waybar (its `tray` module is the
#   StatusNotifierWatcher and StatusNotifierHost) + mako (org.freedesktop.Notifications on Wayland;
#   scriptable with makoctl) + a private session bus + unlocked gnome-keyring (Secret Service).
#   dunst 1.9.0 is not used here: on Wayland it segfaults when a few Notify calls arrive at once.
#   Screenshots: grim (`$DN_GRIM - >shot.png`).
# sway refuses to run as root, so when this script runs as root the compositor, waybar and dunst
# run as an unprivileged user ($DN_WAYLAND_USER, created once) while the command stays root and
# connects to the user's compositor socket by its absolute path and to a bus both can use
# (see /work/shared/reference/desktop-feasibility.md §8).
# Everything lives under a temporary directory that is removed on exit.
# Usage: scripts/wayland-session.sh <command> [args...]
set -euo pipefail
SESSION_TMP="$(mktemp -d /tmp/dn-wayland.XXXXXX)"
chmod 755 "$SESSION_TMP"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$SESSION_TMP"
}
trap cleanup EXIT
export DN_SESSION_DIR="$SESSION_TMP"
export HOME="$SESSION_TMP/home"
mkdir -p "$HOME"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"

WAYLAND_USER="${DN_WAYLAND_USER:-dn-wayland}"
if [ "$(id -u)" -eq 0 ]; then
  id "$WAYLAND_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$WAYLAND_USER"
  as_user() { setpriv --reuid="$WAYLAND_USER" --regid="$WAYLAND_USER" --init-groups -- "$@"; }
  OWNER="$WAYLAND_USER"
else
  as_user() { "$@"; }
  OWNER="$(id -un)"
fi

# The compositor's runtime dir (0700, the compositor user's) and its own home for configs.
USER_DIR="$SESSION_TMP/user"
export XDG_RUNTIME_DIR="$USER_DIR/run"
mkdir -p "$XDG_RUNTIME_DIR" "$USER_DIR/home/.config/sway" "$USER_DIR/home/.config/waybar" \
  "$USER_DIR/home/.config/mako" "$XDG_CONFIG_HOME"
cat >"$USER_DIR/home/.config/sway/config" <<'CONF'
output HEADLESS-1 resolution 1280x800 background #2b2f38 solid_color
default_border pixel 2
bar {
    swaybar_command waybar
}
CONF
cat >"$USER_DIR/home/.config/waybar/config" <<'CONF'
{"layer": "top", "position": "top", "height": 30, "modules-left": ["sway/workspaces"],
 "modules-right": ["tray", "clock"], "tray": {"icon-size": 22, "spacing": 8}}
CONF
# Like the X11 session's dunst: no expiry while the tests look, a left click opens. The
# "do-not-disturb" mode is mako's convention for quiet (`makoctl mode -a do-not-disturb`).
cat >"$USER_DIR/home/.config/mako/config" <<'CONF'
font=DejaVu Sans 10
width=360
height=120
margin=48,16
border-size=1
border-color=#3a3f4b
border-radius=6
background-color=#262a33
text-color=#ffffff
default-timeout=0
max-visible=10
max-icon-size=48
on-button-left=invoke-default-action
on-button-middle=invoke-default-action
[urgency=critical]
background-color=#5c1f24
border-color=#d9534f
[mode=do-not-disturb]
invisible=1
CONF

# A session bus both the compositor user and root can use.
BUS_DIR="$SESSION_TMP/bus"
mkdir -p "$BUS_DIR"
cat >"$BUS_DIR/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$BUS_DIR/bus</listen>
  <auth>EXTERNAL</auth>
  <standard_session_servicedirs/>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$BUS_DIR/session.conf" --nofork --print-address=1 \
  >"$BUS_DIR/address" 2>"$BUS_DIR/dbus.log" &
PIDS+=($!)
for _ in $(seq 200); do [ -S "$BUS_DIR/bus" ] && break; sleep 0.02; done
chmod 777 "$BUS_DIR/bus"
export DBUS_SESSION_BUS_ADDRESS="unix:path=$BUS_DIR/bus"

chown -R "$OWNER" "$USER_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
USER_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$USER_DIR/home"
  XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" XDG_CONFIG_HOME="$USER_DIR/home/.config"
  DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" WLR_BACKENDS=headless
  WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 XDG_CURRENT_DESKTOP=sway LANG=C.UTF-8)
as_user "${USER_ENV[@]}" sway >"$SESSION_TMP/sway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do [ -S "$XDG_RUNTIME_DIR/wayland-1" ] && break; sleep 0.02; done
[ -S "$XDG_RUNTIME_DIR/wayland-1" ] || { cat "$SESSION_TMP/sway.log" >&2; exit 1; }
as_user "${USER_ENV[@]}" WAYLAND_DISPLAY=wayland-1 \
  mako >"$SESSION_TMP/mako.log" 2>&1 &
PIDS+=($!)

has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q true
}
for name in org.freedesktop.Notifications org.kde.StatusNotifierWatcher; do
  for _ in $(seq 400); do has_owner "$name" && break; sleep 0.025; done
  has_owner "$name" || { echo "wayland-session: $name did not appear" >&2; cat "$SESSION_TMP"/*.log >&2; exit 1; }
done

# The keyring belongs to the command's user (root): its own daemon on the shared bus.
eval "$(printf "session-pass" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
KEYRING_PID=$(pgrep -u "$(id -u)" -n gnome-keyring-d || true)
[ -n "$KEYRING_PID" ] && PIDS+=("$KEYRING_PID")

export WAYLAND_DISPLAY="$XDG_RUNTIME_DIR/wayland-1"
export QT_QPA_PLATFORM=wayland NO_AT_BRIDGE=1
export PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring
# grim, run as the compositor user, for screenshots: `$DN_GRIM out.png`
export DN_GRIM="$SESSION_TMP/grim"
printf '#!/bin/sh\nexec %s\n' "$(declare -f as_user >/dev/null; if [ "$(id -u)" -eq 0 ]; then
  echo "setpriv --reuid=$WAYLAND_USER --regid=$WAYLAND_USER --init-groups -- env XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR WAYLAND_DISPLAY=wayland-1 grim \"\$@\""
else echo "env XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR WAYLAND_DISPLAY=wayland-1 grim \"\$@\""; fi)" >"$DN_GRIM"
chmod 755 "$DN_GRIM"
export DN_DESKTOP_SESSION=1 DN_SESSION_KIND=wayland
rc=0
"$@" || rc=$?
exit $rc
