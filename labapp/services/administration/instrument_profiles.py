"""The laboratory's own instrument profiles: validated, written whole into the lab folder, audited.

A profile decides how every later export of its format is read, so saving one is a recorded
decision: who, when, which file and its SHA-256 (and the one it replaced). A lab profile never
takes a shipped profile's id; it is checked against its sample files before it is written.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from labapp.config import data_dir
from labapp.core.errors import LabappError
from labapp.importers.profile_check import ProfileCheck, check_profile_text
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.audit import record_event


@dataclass(frozen=True)
class SavedProfile:
    profile_id: str
    path: Path
    sha256: str
    replaced_sha256: str | None
    check: ProfileCheck


def lab_profile_folder() -> Path:
    """Where the desktop saves lab profiles: <data folder>/instruments."""
    return data_dir() / "instruments"


def save_lab_profile(
    ctx: ServiceContext, by: AuthenticatedUser, text: str, sample_files: list[Path], reason: str | None = None
) -> SavedProfile:
    """Validate `text`, read every sample file with it, then write it and record the event; nothing is
    written when any of that fails."""
    by.require(Action.MANAGE_INSTRUMENT_PROFILES)
    folder = lab_profile_folder()
    profile_id = _id_of(text)
    target = folder / f"{profile_id}.toml"
    check = check_profile_text(text, target, sample_files)
    if check.error:
        raise LabappError(check.error)
    failed = [f for f in check.files if not f.ok]
    if failed:
        raise LabappError(f"not saved: {failed[0].error}")
    if not sample_files:
        raise LabappError("not saved: read at least one sample export with the profile first")
    data = text.encode("utf-8")
    previous = hashlib.sha256(target.read_bytes()).hexdigest() if target.exists() else None
    digest = hashlib.sha256(data).hexdigest()
    with ctx.unit_of_work(
        by, Action.MANAGE_INSTRUMENT_PROFILES, reason, event="save_instrument_profile"
    ) as session:
        record_event(
            session,
            "save_instrument_profile",
            "instrument_profile",
            None,
            {
                "profile": profile_id,
                "file": str(target),
                "sha256": digest,
                "replaced_sha256": previous,
                "samples": [Path(f).name for f in sample_files],
            },
        )
        _write(target, data)  # inside the unit of work: a failed write rolls the event back
    return SavedProfile(profile_id, target, digest, previous, check)


def _id_of(text: str) -> str:
    """The id the text declares (the loader then checks it equals the file name)."""
    try:
        value = tomllib.loads(text).get("id")
    except tomllib.TOMLDecodeError as exc:
        raise LabappError(f"profile: not readable TOML: {exc}") from None
    if not isinstance(value, str) or not value:
        raise LabappError("profile: top-level 'id' is required")
    return value


def _write(path: Path, data: bytes) -> None:
    """Through a temporary file, so a crash never leaves half a profile in the lab folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
