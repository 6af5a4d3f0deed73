#!/usr/bin/env sh
# Add labapp to the desktop menu of the current user, pointing at this extracted bundle.
# Run it from anywhere after unpacking: ./install-desktop-entry.sh   (remove: --remove)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/labapp.desktop" "$icons/labapp.png"
  echo "removed the labapp menu entry"
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/labapp.png" "$icons/labapp.png"
sed -e "s|^Exec=.*|Exec=\"$here/labapp\"|" -e "s|^Icon=.*|Icon=$here/labapp.png|" \
  "$here/labapp.desktop" > "$apps/labapp.desktop"
echo "added $apps/labapp.desktop (runs $here/labapp)"
