#!/usr/bin/env bash
# Smoke-test a built bundle: `--version` must print the version from labapp/_version.py and
# `--self-test` must pass. Runs from an empty folder with a scrubbed environment, so nothing from a
# checkout or a virtualenv can stand in for what the bundle lacks.
#
#   installer/smoke_test.sh dist/labapp-<version>-linux-<arch>.tar.gz   (unpacked into a temp folder)
#   installer/smoke_test.sh build/installer/dist/labapp                 (an unpacked bundle folder)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: smoke_test.sh BUNDLE_DIR_OR_TAR_GZ}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

if [ -f "$target" ]; then
  tar -C "$scratch" -xzf "$target"
  bundle="$(find "$scratch" -mindepth 1 -maxdepth 1 -type d | head -1)"
else
  bundle="$(cd "$target" && pwd)"
fi
exe="$bundle/labapp"
[ -x "$exe" ] || { echo "smoke: $exe is not an executable" >&2; exit 1; }

expected="labapp $(python3 "$root/installer/build_info.py")"
run() {  # a clean environment: no PYTHONPATH, no virtualenv, no display; HOME inside the scratch folder
  (cd "$scratch" && env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 "$exe" "$@")
}

version="$(run --version)" || { echo "smoke: --version failed (see above)" >&2; exit 1; }
if [ "$version" != "$expected" ]; then
  echo "smoke: --version printed '$version', expected '$expected'" >&2
  exit 1
fi
echo "smoke: --version ok ($version)"

if [ -f "$bundle/labapp.desktop" ] && command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$bundle/labapp.desktop"
  echo "smoke: labapp.desktop valid"
fi

status=0
run --self-test || status=$?
if [ "$status" -ne 0 ]; then
  echo "smoke: --self-test failed (exit $status)" >&2
  exit "$status"
fi
if [ -d "$scratch/home" ] && [ -n "$(find "$scratch/home" -type f 2>/dev/null | head -1)" ]; then
  echo "smoke: note: the self-test wrote under HOME:" >&2
  find "$scratch/home" -type f >&2
fi
echo "smoke: PASSED ($bundle)"
