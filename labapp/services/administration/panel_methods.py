"""Load the panel test methods (moisture, LOI, acid-insoluble matter, F_ws, carbon, particle size).

The bundled ones live in resources/methods/panel (beside the ICP/XRF methods, in their own folder
so neither loader reads the other's files); a lab's own folder may add more. Validation is
labapp.core.panel.spec; file and TOML errors name the file and line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from labapp.core.errors import LabappError
from labapp.core.panel.spec import PanelMethod, panel_method_from_dict
from labapp.resources import resource_path
from labapp.services.administration.methods import read_method_toml


def bundled_panel_dir() -> Path:
    """resources/methods/panel."""
    return resource_path("methods") / "panel"


def load_panel_method(path: str | Path) -> PanelMethod:
    """Read and validate one panel method file (again only when its text changed: every panel test
    signed looks its method up, and parsing every file each time was most of signing one)."""
    path = Path(path)
    try:
        text: str | None = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        text = None  # read_method_toml names the file and the problem
    cached = _PARSED.get(str(path))
    if text is not None and cached is not None and cached[0] == text:
        return cached[1]
    method = panel_method_from_dict(read_method_toml(path), source=str(path))
    if text is not None:
        _PARSED[str(path)] = (text, method)
    return method


_PARSED: dict[str, tuple[str, PanelMethod]] = {}  # path -> (text, method)


def load_panel_methods(folder: str | Path | None = None) -> dict[str, PanelMethod]:
    """All panel methods of a folder (default: the bundled ones), by id; a repeated id is an error."""
    folder = Path(folder) if folder is not None else bundled_panel_dir()
    if not folder.is_dir():
        raise LabappError(f"{folder}: panel method folder not found")
    methods: dict[str, PanelMethod] = {}
    for path in sorted(folder.glob("*.toml")):
        method = load_panel_method(path)
        if method.id in methods:
            raise LabappError(
                f"{path}: method id {method.id!r} is already used by {methods[method.id].source}"
            )
        methods[method.id] = method
    return methods


def superseded_panel_dir() -> Path:
    """resources/methods/panel/superseded: earlier versions of bundled methods, one file per version."""
    return bundled_panel_dir() / "superseded"


def superseded_panel_methods() -> dict[tuple[str, str], PanelMethod]:
    """The superseded versions by (id, version). A method file changed in what it calculates or checks
    gets a new version; the earlier file moves here, so a test stored with it reads back and
    recalculates as it was calculated (the test records its method's id and version)."""
    folder = superseded_panel_dir()
    out: dict[tuple[str, str], PanelMethod] = {}
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        method = load_panel_method(path)
        if (method.id, method.version) in out:
            raise LabappError(f"{path}: {method.id} version {method.version} is already superseded")
        out[(method.id, method.version)] = method
    return out


def panel_method(method_id: str, version: str | None = None) -> PanelMethod:
    """The bundled panel method of that id: the current one, or the stated version (current or
    superseded); one clear line when unknown."""
    methods = load_panel_methods()
    method = methods.get(method_id)
    if method is None:
        raise LabappError(f"unknown test method {method_id!r}; known: {', '.join(sorted(methods))}")
    if version is None or method.version == version:
        return method
    earlier = superseded_panel_methods()
    if (method_id, version) in earlier:
        return earlier[(method_id, version)]
    known = sorted({v for i, v in earlier if i == method_id} | {method.version})
    raise LabappError(f"test method {method_id} has no version {version}; known: {', '.join(known)}")


@cache
def bundled_panel_methods() -> dict[str, PanelMethod]:
    """The bundled panel methods, read once per process (the certificate looks each result's method up)."""
    return load_panel_methods()
