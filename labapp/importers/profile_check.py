"""Trying a profile before a laboratory relies on it: validate the TOML, read sample files with it,
and say which profile auto-detection would choose for each file (the CLI's `profiles check` and the
desktop's profile assistant share this)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from labapp.core.errors import InputFileError, LabappError
from labapp.importers.catalog import catalog
from labapp.importers.detect import rank
from labapp.importers.profile import Profile, ProfileError, ProfileOrigin, parse_profile
from labapp.importers.reader import read_export
from labapp.importers.source import open_source, read_file
from labapp.importers.xlsx import Limits


@dataclass
class FileCheck:
    file: str
    readings: int = 0
    samples: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    detected_as: str = ""  # what auto-detection picks among shipped, lab and this profile ("" = none)

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class ProfileCheck:
    profile: Profile | None
    error: str = ""
    files: list[FileCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and all(f.ok for f in self.files)


def check_profile_text(text: str, source: Path, files: list[Path]) -> ProfileCheck:
    """Validate profile text named `source` (its id must equal the file name) and read `files`."""
    try:
        profile = parse_profile(text, source, origin=ProfileOrigin.LAB)
    except ProfileError as exc:
        return ProfileCheck(None, str(exc))
    known = catalog()
    clash = next((p for p in known.profiles if p.id == profile.id and Path(p.path) != Path(source)), None)
    if clash is not None:
        kind = "a shipped" if clash.origin is ProfileOrigin.SHIPPED else "another lab"
        return ProfileCheck(
            profile,
            f"{source}: id {profile.id!r} is already {kind} profile's ({clash.path}); "
            "a lab profile never shadows another: give it an id of its own",
        )
    others = tuple(p for p in known.profiles if p.id != profile.id)
    return ProfileCheck(profile, "", [_check_file(Path(f), profile, others) for f in files])


def check_profile_file(path: Path, files: list[Path]) -> ProfileCheck:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return ProfileCheck(None, f"{path}: not a readable TOML profile: {exc}")
    return check_profile_text(text, Path(path), files)


def _check_file(path: Path, profile: Profile, others: tuple[Profile, ...]) -> FileCheck:
    check = FileCheck(str(path))
    try:
        result = read_export(path, profile)
    except LabappError as exc:
        check.error = str(exc)
        return check
    check.readings, check.samples = len(result.frame), int(result.metadata.get("samples", 0))
    check.warnings = list(result.warnings)
    try:
        fits = rank(open_source(read_file(path, Limits()), path, Limits()), (*others, profile))
    except InputFileError:
        return check
    candidates = [f for f in fits if f.candidate]
    if candidates and (len(candidates) == 1 or candidates[0].score > candidates[1].score):
        check.detected_as = candidates[0].profile.id
    return check
