"""Criteria sets from TOML: the shipped catalogue (resources/criteria) and a lab's own files.

Reading and TOML syntax errors are reported with file and line (InputFileError); content errors
come from labapp.core.criteria, every problem listed. A set is named by a path to a .toml file,
by its id (the highest shipped version), or by id@version. A version replaced by a newer shipped one
is kept in resources/criteria/superseded and found only by its exact id@version (a certificate
re-rendered for a lot graded with it still finds the set's Japanese citations); it is never listed,
never the default and never graded with by id.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labapp.core.criteria import CriteriaError, CriteriaSet, criteria_set_from_dict
from labapp.core.criteria_identity import Change, canonical_content, content_hash, diff
from labapp.core.errors import InputFileError, LabappError
from labapp.core.vocabulary import SetKind, SetStatus
from labapp.resources import resource_path

DEFAULT_SET_ID = "jp-eu-black-mass"
DEFAULT_SCREEN_IDS = ("cn-import-black-mass-2025", "eu-low-19-14-02")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    version: str
    kind: SetKind
    status: SetStatus
    title: str
    sha256: str
    path: Path
    default: bool


def shipped_dir() -> Path:
    """The folder of criteria sets shipped with the application."""
    return resource_path("criteria")


def read_criteria_file(path: str | Path) -> CriteriaSet:
    """Read and validate one criteria file; every content problem is in CriteriaError.problems.

    A file is parsed again only when its text changed (the catalogue is listed for every grading and
    certificate: parsing every shipped set each time was a large part of issuing a certificate)."""
    return _parsed(Path(path))[0]


_PARSED: dict[str, tuple[str, CriteriaSet, str]] = {}  # path -> (text, set, content hash)


def _parsed(path: Path) -> tuple[CriteriaSet, str]:
    """The set in `path` and its content hash, from the cache while the file's text is unchanged."""
    text = _read_text(path)
    cached = _PARSED.get(str(path))
    if cached is not None and cached[0] == text:
        return cached[1], cached[2]
    cs = _parse_criteria(path, text)
    _PARSED[str(path)] = (text, cs, content_hash(cs))
    return cs, _PARSED[str(path)][2]


def _read_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputFileError(path, None, "criteria file not found") from error
    except UnicodeDecodeError as error:
        raise InputFileError(path, None, "criteria file is not UTF-8 text") from error
    except OSError as error:
        raise InputFileError(path, None, f"cannot read the criteria file ({error.strerror})") from error
    return text


def _parse_criteria(path: Path, text: str) -> CriteriaSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        reason = _TOML_LINE.sub("", str(error)).strip()
        line = int(match.group(1)) if match else None
        raise InputFileError(path, line, f"invalid TOML: {reason}") from error
    return criteria_set_from_dict(data, name=str(path))


def list_sets(folder: str | Path | None = None) -> list[CatalogEntry]:
    """Every set in `folder` (default: the shipped ones), grading sets first, then screens."""
    folder = Path(folder) if folder is not None else shipped_dir()
    entries = []
    for path in sorted(folder.glob("*.toml")):
        cs, digest = _parsed(path)
        entries.append(
            CatalogEntry(
                cs.id,
                cs.version,
                cs.kind,
                cs.status,
                cs.title,
                digest,
                path,
                cs.id == DEFAULT_SET_ID,
            )
        )
    seen: dict[tuple[str, str], Path] = {}
    for e in entries:
        if (e.id, e.version) in seen:
            other = seen[(e.id, e.version)]
            raise LabappError(f"{e.path}: {e.id} version {e.version} is also defined in {other}")
        seen[(e.id, e.version)] = e.path
    return sorted(
        entries, key=lambda e: (e.kind is not SetKind.GRADING, not e.default, e.id, _version_key(e.version))
    )


def superseded_dir() -> Path:
    """Shipped versions replaced by a newer one: loaded by exact id@version only."""
    return shipped_dir() / "superseded"


def load_set(ref: str | Path) -> CriteriaSet:
    """A set named by a file path, a shipped id (highest version) or id@version (also a superseded one)."""
    text = str(ref)
    if isinstance(ref, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return read_criteria_file(Path(text))
    set_id, _, version = text.partition("@")
    matches = [e for e in list_sets() if e.id == set_id and (not version or e.version == version)]
    if not matches and version and superseded_dir().is_dir():
        matches = [e for e in list_sets(superseded_dir()) if (e.id, e.version) == (set_id, version)]
    if not matches:
        known = ", ".join(sorted({e.id for e in list_sets()}))
        wanted = f"{set_id} version {version}" if version else set_id
        raise LabappError(
            f"no shipped criteria set {wanted}; shipped: {known} (or give a path to a .toml file)"
        )
    best = max(matches, key=lambda e: _version_key(e.version))
    return read_criteria_file(best.path)


def default_set() -> CriteriaSet:
    return load_set(DEFAULT_SET_ID)


def default_screens() -> list[CriteriaSet]:
    return [load_set(i) for i in DEFAULT_SCREEN_IDS]


def describe(cs: CriteriaSet) -> dict[str, Any]:
    """The set's canonical content with its hash and validation warnings (for `show`)."""
    return {"sha256": content_hash(cs), "warnings": list(cs.warnings), **canonical_content(cs)}


def diff_sets(old: str | Path, new: str | Path) -> tuple[CriteriaSet, CriteriaSet, list[Change]]:
    a, b = load_set(old), load_set(new)
    return a, b, diff(a, b)


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.\-]", version))


__all__ = [
    "CatalogEntry",
    "CriteriaError",
    "DEFAULT_SCREEN_IDS",
    "DEFAULT_SET_ID",
    "default_screens",
    "default_set",
    "describe",
    "diff_sets",
    "list_sets",
    "load_set",
    "read_criteria_file",
    "shipped_dir",
    "superseded_dir",
]
