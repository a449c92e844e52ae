#!/usr/bin/env bash
# Install the bundle with its menu entry, icons and AppStream metadata.
#
#   packaging/linux/install.sh [BUNDLE]      BUNDLE defaults to dist/annotator
#
# PREFIX (default ~/.local) is where it is installed: no root needed, and ~/.local/bin is on most PATHs.
# DESTDIR stages the files under another root for a distribution package (PREFIX=/usr DESTDIR=pkgroot).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUNDLE="${1:-$ROOT/dist/annotator}"
PREFIX="${PREFIX:-$HOME/.local}"
DESTDIR="${DESTDIR:-}"
APP_ID="org.annotator.Annotator"
ICONS="$ROOT/resources/icons"

if [[ ! -x "$BUNDLE/annotator" ]]; then
    echo "install.sh: no bundle at $BUNDLE (build it first with packaging/build.sh)" >&2
    exit 1
fi

target="$DESTDIR$PREFIX"
rm -rf "$target/lib/annotator"
mkdir -p "$target/lib" "$target/bin" "$target/share/applications" "$target/share/metainfo"
cp -a "$BUNDLE" "$target/lib/annotator"
ln -sfn "$PREFIX/lib/annotator/annotator" "$target/bin/annotator"

# The menu entry starts the installed program by its full path: desktop sessions do not always have
# ~/.local/bin on their PATH.
sed "s|^Exec=annotator\$|Exec=$PREFIX/bin/annotator|" "$HERE/$APP_ID.desktop" \
    > "$target/share/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$target/share/metainfo/$APP_ID.metainfo.xml"

for png in "$ICONS"/annotator-*.png; do
    size="${png##*-}"
    size="${size%.png}"
    mkdir -p "$target/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$target/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
mkdir -p "$target/share/icons/hicolor/scalable/apps"
cp "$ICONS/annotator.svg" "$target/share/icons/hicolor/scalable/apps/$APP_ID.svg"

# Refresh the menu and icon caches when installing for real (not when staging a package).
if [[ -z "$DESTDIR" ]]; then
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -qtf "$PREFIX/share/icons/hicolor" || true
fi
echo "installed Annotator in $target (run: $PREFIX/bin/annotator)"
