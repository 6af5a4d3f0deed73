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


def bundled_methods_dir() -> Path:
    """The folder of methods shipped with the application (resources/methods)."""
    return resource_path("methods")


def read_method_toml(path: str | Path) -> dict:
    """The parsed TOML of a method file; file and TOML errors name the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputFileError(path, None, "method file not found") from error
    except UnicodeDecodeError as error:
        raise InputFileError(path, None, "method file is not UTF-8 text") from error
    except OSError as error:
        raise InputFileError(path, None, f"cannot read the method file ({error.strerror})") from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        reason = _TOML_LINE.sub("", str(error)).strip()
        raise InputFileError(
            path, int(match.group(1)) if match else None, f"invalid TOML: {reason}"
        ) from error


def load_method(path: str | Path) -> Method:
    """Read and validate one method file."""
    return method_from_dict(read_method_toml(path), source=str(Path(path)))


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
