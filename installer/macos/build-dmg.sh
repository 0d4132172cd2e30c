#!/usr/bin/env bash
# Build "Calls Notifier.app" (PyInstaller BUNDLE: tray-only, calls-notifier:// URL scheme) and
# a .dmg, on macOS:
#
#   installer/macos/build-dmg.sh OUT_DIR      → OUT_DIR/Calls-Notifier-<version>.dmg
#
# Notifications (UNUserNotificationCenter) need a signed app. Unsigned builds run, but toast
# through the tray balloon. To sign and notarise, set:
#   CODESIGN_IDENTITY  "Developer ID Application: <Team> (<TEAMID>)" — PyInstaller signs every
#                      binary and the .app with the hardened runtime and entitlements.plist;
#   NOTARY_PROFILE     a keychain profile made once with
#                      `xcrun notarytool store-credentials <name> --apple-id … --team-id …`;
#                      the .dmg is then submitted, waited for and stapled.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:?usage: build-dmg.sh OUT_DIR}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
PYTHON="${PYTHON:-python3}"
VERSION="$("$PYTHON" "$ROOT/installer/bundle_config.py" version)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

export CODESIGN_IDENTITY="${CODESIGN_IDENTITY:-}"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$WORK/dist" \
  --workpath "$WORK/build" "$ROOT/installer/desktop-notifier.spec"
APP="$WORK/dist/Calls Notifier.app"
plutil -lint "$APP/Contents/Info.plist"
if [ -n "$CODESIGN_IDENTITY" ]; then
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

STAGE="$WORK/dmg"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="$OUT/Calls-Notifier-$VERSION.dmg"
rm -f "$DMG"
hdiutil create -volname "Calls Notifier" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
if [ -n "$CODESIGN_IDENTITY" ]; then
  codesign --sign "$CODESIGN_IDENTITY" --timestamp "$DMG"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
  fi
fi
echo "$DMG"
