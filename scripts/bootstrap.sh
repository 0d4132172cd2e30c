#!/usr/bin/env bash
# Set up everything the app and its tests need on a fresh Debian machine:
#   1. the Debian packages (installed with apt-get when run as root; otherwise the exact
#      apt-get line is printed and we stop with a non-zero exit);
#   2. the virtualenv in .venv with the package installed in editable mode (+ dev extras).
# Idempotent and quick when nothing changed. Usage: scripts/bootstrap.sh [--no-dev]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # the local Supabase stand-in: a private PostgreSQL with logical decoding
  postgresql postgresql-15-wal2json postgresql-contrib
  # a real forward proxy for the proxy scenarios (tests/support/forward_proxy.py)
  tinyproxy-bin
  # the GNOME proxy settings reader (gsettings and the org.gnome.system.proxy schemas)
  libglib2.0-bin gsettings-desktop-schemas
  # a real desktop session, headless: X server, session bus, notification server, tray, keyring
  xvfb xauth x11-utils xdotool dbus-daemon dbus-bin dunst trayer gnome-keyring imagemagick
  # the second, Wayland session (scripts/wayland-session.sh): compositor, StatusNotifierItem tray
  # host, notification server, screenshots; util-linux's setpriv runs them as a plain user
  sway waybar mako-notifier grim util-linux
  # the accessibility bus the AT-SPI test reads (org.a11y.Bus)
  at-spi2-core
  # Qt's runtime libraries (offscreen and xcb)
  libegl1 libgl1 libx11-6 libbrotli1 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
  libxkbcommon0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core
  # a real PipeWire daemon and pw-dump/pw-cli for the screen-share privacy tests (issue 18)
  pipewire pipewire-bin
  # network namespaces for the network-loss tests
  iproute2
  # the Linux bundle and .deb (PyInstaller needs objdump) and the tools that validate them
  binutils dpkg desktop-file-utils appstream
  # the Windows installer script compiled and installed under Wine (Inno Setup's ISCC.exe is 32-bit)
  wine wine64 wine32:i386
  # Python
  python3 python3-venv
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # wine32 is an i386 package: the architecture must be known before the package lists are read.
    if printf '%s\n' "${missing[@]}" | grep -q ':i386$' && ! dpkg --print-foreign-architectures | grep -qx i386; then
      dpkg --add-architecture i386
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: these Debian packages are missing. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
extras="[dev]"
[ "${1:-}" = "--no-dev" ] && extras="[devstack]"
stamp=".venv/.bootstrap-$(sha256sum pyproject.toml | cut -c1-16)${extras}"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: building the virtualenv in .venv" >&2
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  # The distribution was called desktop-notifier before it became calls-notifier: drop that
  # editable install so only one distribution owns the desktop_notifier package and its command.
  .venv/bin/python -m pip uninstall -q -y desktop-notifier >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".${extras}"
  rm -f .venv/.bootstrap-*
  touch "$stamp"
fi

# Inno Setup's compiler, for the check that the Windows installer compiles and installs under Wine
# (fetched once from the npm registry into .cache/, its integrity checked: installer/inno_compiler.py).
# And pywinrt's type stubs, which `make typecheck` checks the Windows toast backend against.
if [ "$extras" = "[dev]" ]; then
  .venv/bin/python installer/inno_compiler.py >/dev/null
  .venv/bin/python installer/platform_stubs.py >/dev/null
fi
