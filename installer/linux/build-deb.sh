#!/usr/bin/env bash
# Build the Linux bundle (PyInstaller one-folder) and the .deb, offline, from this checkout:
#
#   installer/linux/build-deb.sh OUT_DIR        # → OUT_DIR/calls-notifier_<version>_<arch>.deb
#
# Installs the bundle under /opt/calls-notifier, the launcher /usr/bin/desktop-notifier (a
# relative symlink, so an unpacked tree runs in place too), the desktop entry (which registers
# x-scheme-handler/calls-notifier), hicolor icons 16–256 px + SVG, and the AppStream metainfo.
# The version comes from pyproject.toml. Needs: python with pyinstaller (PYTHON, default
# .venv/bin/python), binutils, dpkg-deb. Nothing is written outside OUT_DIR and a temp folder.
# DEB_COMPRESSION / DEB_COMPRESSION_LEVEL (default zstd at 9: 8 s, 54 MiB here; xz at 6 gives
# 44 MiB in 150 s on two cores, for dpkg older than 1.21.18 / Ubuntu 21.10).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:?usage: build-deb.sh OUT_DIR}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
COMPRESSION="${DEB_COMPRESSION:-zstd}"
LEVEL="${DEB_COMPRESSION_LEVEL:-9}"
PACKAGE=calls-notifier
APP_DIR=/opt/calls-notifier
VERSION="$("$PYTHON" "$ROOT/installer/bundle_config.py" version)"
ARCH="$(dpkg --print-architecture)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/calls-notifier-deb.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

started=$(date +%s)
echo "build-deb: bundling $PACKAGE $VERSION with PyInstaller" >&2
PYINSTALLER_CONFIG_DIR="$WORK/pyinstaller-config" "$PYTHON" -m PyInstaller --noconfirm --clean \
  --log-level WARN --distpath "$WORK/dist" --workpath "$WORK/build" \
  "$ROOT/installer/desktop-notifier.spec" >"$OUT/pyinstaller.log" 2>&1 \
  || { tail -40 "$OUT/pyinstaller.log" >&2; exit 1; }
BUNDLE="$WORK/dist/desktop-notifier"
bundled=$(date +%s)

STAGE="$WORK/root"
install -d "$STAGE$APP_DIR" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$PACKAGE" "$STAGE/DEBIAN"
cp -a "$BUNDLE/." "$STAGE$APP_DIR/"
ln -s "../..$APP_DIR/desktop-notifier" "$STAGE/usr/bin/desktop-notifier"
install -m 644 "$ROOT/resources/linux/calls-notifier.desktop" "$STAGE/usr/share/applications/"
release_date="$(git -C "$ROOT" log -1 --format=%cs 2>/dev/null || date -u +%F)"
sed -e "s/@VERSION@/$VERSION/g" -e "s/@DATE@/$release_date/g" \
  "$ROOT/resources/linux/calls-notifier.metainfo.xml" \
  >"$STAGE/usr/share/metainfo/com.callsnotifier.CallsNotifier.metainfo.xml"
for size in 16 22 24 32 48 64 128 256; do
  install -D -m 644 "$ROOT/desktop_notifier/assets/icons/app-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/calls-notifier.png"
done
install -D -m 644 "$ROOT/resources/icons/app.svg" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps/calls-notifier.svg"
install -m 644 "$ROOT/installer/README.md" "$STAGE/usr/share/doc/$PACKAGE/README.md"
cat >"$STAGE/usr/share/doc/$PACKAGE/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Calls Notifier
License: Proprietary. The bundled third-party components (Python, Qt for Python under the
 LGPLv3, and the Python packages listed in /opt/calls-notifier/_internal/*.dist-info) keep
 their own licenses.
COPYRIGHT

# The newest glibc symbol version any bundled ELF file needs becomes the libc6 dependency.
glibc="$(find "$STAGE$APP_DIR" -type f \( -name '*.so*' -o -name desktop-notifier \) -print0 \
  | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
installed_size="$(du -sk --apparent-size "$STAGE" | cut -f1)"
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: $PACKAGE
Version: $VERSION
Architecture: $ARCH
Maintainer: Calls Notifier <support@callsnotifier.invalid>
Installed-Size: $installed_size
Depends: libc6 (>= ${glibc:-2.31}), libegl1, libgl1, libxcb1, libwayland-client0, libwayland-cursor0
Recommends: gnome-keyring | kwalletmanager | keepassxc, default-dbus-session-bus | dbus-session-bus, fonts-dejavu-core | fonts-liberation2
Section: net
Priority: optional
Homepage: https://callsnotifier.invalid
Description: desktop alerts for a sales team's calls
 Calls Notifier sits in the system tray and raises a native notification the
 moment a sales call comes in, is missed, scores very high or very low, or
 finishes its AI analysis. Clicking one opens the call with live details.
 .
 Removing the package keeps each user's settings, history and keyring
 entries; /usr/share/doc/calls-notifier/README.md says how to remove them.
CONTROL
# Icon caches and the desktop database are refreshed by the hicolor-icon-theme and
# desktop-file-utils dpkg triggers; the package needs no maintainer scripts.
chmod -R u=rwX,go=rX "$STAGE"

deb="$OUT/${PACKAGE}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"$COMPRESSION" -z"$LEVEL" --build "$STAGE" "$deb" >/dev/null
finished=$(date +%s)
bundle_kib="$(du -sk --apparent-size "$BUNDLE" | cut -f1)"
printf 'build-deb: %s (bundle %d MiB, .deb %d MiB; PyInstaller %d s, total %d s)\n' "$deb" \
  $((bundle_kib / 1024)) $(($(stat -c %s "$deb") / 1048576)) $((bundled - started)) \
  $((finished - started)) >&2
echo "$deb"
