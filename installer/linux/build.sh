#!/usr/bin/env bash
# Build the Linux one-folder bundle with PyInstaller and pack it as
#   dist/labapp-<version>-linux-<arch>.tar.gz   (bundle + labapp.desktop + icon + desktop-entry installer)
# The last line printed is the path of the tar.gz. See docs/installing.md.
#
# Environment:
#   LABAPP_BUILD_VENV  use this existing virtualenv instead of creating <work>/venv. If labapp is already
#                      installed there (editable or not) only the `installer` extra is added, so a
#                      developer's editable install is left as it is; otherwise `pip install .[installer]`.
#   LABAPP_DIST        where the tar.gz goes (default: <checkout>/dist)
#   LABAPP_WORK        scratch folder: venv, PyInstaller work files, the bundle (default: <checkout>/build/installer)
#   PYTHON             interpreter for a new build venv (default: python3; must be 3.11 or newer)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="${LABAPP_DIST:-$root/dist}"
work="${LABAPP_WORK:-$root/build/installer}"
mkdir -p "$dist" "$work"
dist="$(cd "$dist" && pwd)"
work="$(cd "$work" && pwd)"

if [ -n "${LABAPP_BUILD_VENV:-}" ]; then
  venv="$LABAPP_BUILD_VENV"
  [ -x "$venv/bin/python" ] || { echo "build.sh: $venv/bin/python not found (LABAPP_BUILD_VENV)" >&2; exit 2; }
else
  venv="$work/venv"
  [ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
fi
py="$venv/bin/python"

# -I: isolated, so a labapp/ folder in the current directory does not count as installed.
if "$py" -I -c "import labapp" 2>/dev/null; then
  # labapp is there already: add only the installer extra (the spec bundles the code of this checkout).
  mapfile -t extra < <("$py" - "$root/pyproject.toml" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as stream:
    print("\n".join(tomllib.load(stream)["project"]["optional-dependencies"]["installer"]))
PY
)
  "$py" -m pip install -q "${extra[@]}"
else
  "$py" -m pip install -q "$root[installer]"
fi

version="$("$py" "$root/installer/build_info.py")"
arch="$(uname -m)"
name="labapp-$version-linux-$arch"
echo "build.sh: building labapp $version bundle with $("$py" -m PyInstaller --version 2>/dev/null | tail -1 | sed 's/^/PyInstaller /')" >&2

started=$SECONDS
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$work/dist" --workpath "$work/pyinstaller" "$root/installer/labapp.spec" >&2
echo "build.sh: PyInstaller took $((SECONDS - started)) s" >&2

# Assemble: the bundle's files at the top of labapp-<version>-linux-<arch>/, plus the desktop integration.
stage="$work/stage/$name"
rm -rf "$work/stage"
mkdir -p "$stage"
cp -a "$work/dist/labapp/." "$stage/"
sed "s/@VERSION@/$version/" "$root/installer/linux/labapp.desktop" > "$stage/labapp.desktop"
cp "$root/resources/icons/labapp.png" "$stage/labapp.png"
install -m 755 "$root/installer/linux/install-desktop-entry.sh" "$stage/install-desktop-entry.sh"

archive="$dist/$name.tar.gz"
tar -C "$work/stage" -czf "$archive.tmp" "$name"
mv "$archive.tmp" "$archive"
echo "build.sh: bundle $(du -sh "$stage" | cut -f1), archive $(du -h "$archive" | cut -f1), total $((SECONDS - started)) s" >&2
echo "$archive"
