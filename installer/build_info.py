"""Build-time facts for the installers, read without importing labapp (the spec may run anywhere).

The version lives only in labapp/_version.py; this module parses it and renders the Windows version
resource from it, so the exe's file properties and the Inno Setup installer show the same number.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
from collections.abc import Callable
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


# Where each installed package's files live in this checkout (mirrors [tool.setuptools.package-dir]).
SOURCE_LAYOUT = {"labapp": "labapp", "labapp/resources": "resources", "labapp/instruments": "instruments"}
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def stage_source(stage: Path) -> Path:
    """Copy the checkout's packages into `stage` as they install (resources/ -> labapp/resources)."""
    if stage.exists():
        shutil.rmtree(stage)
    for target, source in SOURCE_LAYOUT.items():
        shutil.copytree(ROOT / source, stage / target, ignore=_SKIP)
    return stage


def package_files(stage: Path, package: str, wanted: Callable[[Path], bool]) -> list[tuple[str, str]]:
    """(file, destination folder) pairs for PyInstaller `datas`: the wanted files under `package`."""
    root = stage / package
    return [
        (str(path), str(path.parent.relative_to(stage)))
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and wanted(path)
    ]


def package_modules(stage: Path, package: str) -> list[str]:
    """Every importable module name under `package` (hidden imports: loaded by name at run time).

    Names that are not identifiers (alembic's 0001_initial_schema.py) are skipped: alembic loads
    those as files, which the data files cover; their imports are listed in the spec.
    """
    names = []
    for path in sorted((stage / package).rglob("*.py")):
        parts = path.relative_to(stage).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if all(part.isidentifier() for part in parts):
            names.append(".".join(parts))
    return names


if __name__ == "__main__":
    # Prints the version for the build scripts (they pass it to Inno Setup); --numeric prints the
    # four-number form Windows version resources need (0.2.0rc1 -> 0.2.0.0).
    text = version()
    if sys.argv[1:] == ["--numeric"]:
        text = ".".join(str(number) for number in version_tuple(text))
    sys.stdout.write(text + "\n")
