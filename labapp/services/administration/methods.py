"""Load analytical methods from TOML files: the bundled defaults and a lab's own folder.

Parsing and file errors are reported with the file and line (InputFileError); validation of
the parsed content is labapp.core.methods, whose errors name the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from labapp.core.errors import InputFileError, LabappError
from labapp.core.methods import Method, method_from_dict
from labapp.resources import resource_path

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# path -> (text, Method): a method file is parsed and validated again only when its text changed.
# Services load the methods on every calculation, certificate and grading (768 times in `labapp demo`);
# a Method is frozen, so the same object can be handed out again.
_PARSED: dict[str, tuple[str, Method]] = {}


def bundled_methods_dir() -> Path:
    """The folder of methods shipped with the application (resources/methods)."""
    return resource_path("methods")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputFileError(path, None, "method file not found") from error
    except UnicodeDecodeError as error:
        raise InputFileError(path, None, "method file is not UTF-8 text") from error
    except OSError as error:
        raise InputFileError(path, None, f"cannot read the method file ({error.strerror})") from error


def _parse(path: Path, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        reason = _TOML_LINE.sub("", str(error)).strip()
        raise InputFileError(
            path, int(match.group(1)) if match else None, f"invalid TOML: {reason}"
        ) from error


def read_method_toml(path: str | Path) -> dict:
    """The parsed TOML of a method file; file and TOML errors name the file and line."""
    path = Path(path)
    return _parse(path, _read_text(path))


def load_method(path: str | Path) -> Method:
    """Read and validate one method file (again only when its text changed)."""
    path = Path(path)
    text = _read_text(path)
    cached = _PARSED.get(str(path))
    if cached is not None and cached[0] == text:
        return cached[1]
    method = method_from_dict(_parse(path, text), source=str(path))
    _PARSED[str(path)] = (text, method)
    return method


def load_methods(folder: str | Path | None = None) -> dict[str, Method]:
    """All methods of a folder (default: the bundled ones), by method id; duplicate ids are an error."""
    folder = Path(folder) if folder is not None else bundled_methods_dir()
    if not folder.is_dir():
        raise LabappError(f"{folder}: method folder not found")
    methods: dict[str, Method] = {}
    for path in sorted(folder.glob("*.toml")):
        method = load_method(path)
        if method.id in methods:
            raise LabappError(
                f"{path}: method id {method.id!r} is already used by {methods[method.id].source}"
            )
        methods[method.id] = method
    return methods
