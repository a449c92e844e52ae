#!/usr/bin/env bash
# Build the one-folder bundle dist/annotator/ (and an archive of it) from this checkout.
#
#   packaging/build.sh            build, then run the bundled `annotator --version` and `annotator selftest`
#   PYTHON=python3.12 packaging/build.sh    build with another interpreter (3.11 or newer)
#
# Everything is installed into a virtual environment of its own (build/packaging-venv), so a clean checkout
# and a Python are all it needs. On Windows run it from Git Bash; see packaging/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$ROOT/build/packaging-venv}"
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"

if [[ ! -d "$VENV" ]]; then
    echo "== creating the build environment in $VENV"
    "$PYTHON" -m venv "$VENV"
fi
if [[ -x "$VENV/Scripts/python.exe" ]]; then
    VPY="$VENV/Scripts/python.exe"  # Windows layout
else
    VPY="$VENV/bin/python"
fi
"$VPY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "build.sh: Annotator needs Python 3.11 or newer (set PYTHON=...)" >&2
    exit 1
}

echo "== installing Annotator and the build tools"
"$VPY" -m pip install --quiet --upgrade pip
"$VPY" -m pip install --quiet "$ROOT" -r "$ROOT/packaging/requirements.txt"

VERSION="$("$VPY" -c 'import annotator; print(annotator.__version__)')"
echo "== building Annotator $VERSION"
rm -rf "$DIST/annotator" "$WORK"
"$VPY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/annotator.spec"

case "$(uname -s)" in
    Darwin) CLI="$DIST/Annotator.app/Contents/MacOS/annotator" ;;
    MINGW* | MSYS* | CYGWIN*) CLI="$DIST/annotator/annotator-cli.exe" ;;
    *) CLI="$DIST/annotator/annotator" ;;
esac

echo "== checking the bundle"
"$CLI" --version
"$CLI" selftest

PLATFORM="$("$VPY" -c 'import platform, sys; print(f"{sys.platform}-{platform.machine().lower()}")')"
ARCHIVE="$DIST/annotator-$VERSION-$PLATFORM.tar.gz"
tar -czf "$ARCHIVE" -C "$DIST" annotator
echo "== done: $DIST/annotator ($(du -sh "$DIST/annotator" | cut -f1)), archive $ARCHIVE ($(du -sh "$ARCHIVE" | cut -f1))"
