"""Every profile's fit for a file, as the import wizard and the profile administration show it:
the same scoring `detect` uses (labapp.importers.detect), ordered, with the verdict stated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labapp.core.errors import LabappError
from labapp.importers.catalog import catalog
from labapp.importers.detect import rank
from labapp.importers.profile import ProfileOrigin
from labapp.importers.source import open_source, read_file
from labapp.importers.xlsx import Limits


@dataclass(frozen=True)
class RankedProfile:
    profile_id: str
    name: str
    vendor: str
    technique: str
    origin: ProfileOrigin
    score: int
    roles_found: int
    candidate: bool
    reason: str  # why it is not a candidate ("" when it is)


@dataclass(frozen=True)
class Ranking:
    entries: list[RankedProfile]  # candidates first (best first), then every other profile
    best: RankedProfile | None  # None when no profile recognises the file or two tie
    runner_up: RankedProfile | None
    error: str | None  # why there is no best candidate


def rank_file(path: Path) -> Ranking:
    """Score `path` against every profile; a file that cannot be opened is a Ranking with an error."""
    profiles = catalog().profiles
    try:
        limits = Limits()
        fits = rank(open_source(read_file(path, limits), path, limits), profiles)
    except LabappError as exc:
        entries = [
            RankedProfile(p.id, p.name, p.vendor, p.technique, p.origin, 0, 0, False, "")
            for p in sorted(profiles, key=lambda p: p.id)
        ]
        return Ranking(entries, None, None, str(exc))
    entries = [
        RankedProfile(
            f.profile.id,
            f.profile.name,
            f.profile.vendor,
            f.profile.technique,
            f.profile.origin,
            f.score,
            f.roles_found,
            f.candidate,
            "" if f.candidate else f.reasons[0],
        )
        for f in fits
    ]
    candidates = [e for e in entries if e.candidate]
    if not candidates:
        return Ranking(entries, None, None, "no instrument profile recognises this file")
    runner_up = candidates[1] if len(candidates) > 1 else None
    if runner_up is not None and runner_up.score == candidates[0].score:
        tied = ", ".join(e.profile_id for e in candidates if e.score == candidates[0].score)
        return Ranking(entries, None, runner_up, f"ambiguous format, equally good profiles: {tied}")
    return Ranking(entries, candidates[0], runner_up, None)
