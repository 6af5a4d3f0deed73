"""Build-time facts for the installers, read without importing labapp (the spec may run anywhere).

The version lives only in labapp/_version.py; this module parses it and renders the Windows version
resource from it, so the exe's file properties and the Inno Setup installer show the same number.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "labapp" / "_version.py"


def version() -> str:
    """`__version__` from labapp/_version.py, parsed (not imported)."""
    tree = ast.parse(VERSION_FILE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise SystemExit(f"{VERSION_FILE}: no __version__ assignment")


def version_tuple(text: str) -> tuple[int, int, int, int]:
    """Four numbers for the Windows resource: 1.2.3rc1 -> (1, 2, 3, 0); missing parts are 0."""
    numbers = [int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def windows_version_info(text: str) -> str:
    """PyInstaller's VSVersionInfo source (the `version=` file of an EXE) for version `text`."""
    numbers = version_tuple(text)
    strings = {
        "CompanyName": "labapp contributors",
        "FileDescription": "labapp - black mass assay laboratory application",
        "FileVersion": text,
        "InternalName": "labapp",
        "LegalCopyright": "MIT licence, labapp contributors",
        "OriginalFilename": "labapp.exe",
        "ProductName": "labapp",
        "ProductVersion": text,
    }
    entries = ",\n            ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
            {entries}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""


if __name__ == "__main__":
    # `python installer/build_info.py` prints the version (build scripts pass it to Inno Setup).
    sys.stdout.write(version() + "\n")
