"""Every profile's detection score for a file, as the format page shows it.

The scoring is the importer's own (labapp.importers.detect.score, the same rules `detect` uses);
this module only orders the scores and states the verdict: one best candidate, a tie, or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labapp.core.errors import LabappError
from labapp.importers import all_profiles
from labapp.importers.detect import file_head, score


@dataclass(frozen=True)
class RankedProfile:
    profile_id: str
    name: str
    vendor: str
    technique: str
    score: int
    matched: int
    rules: int
    candidate: bool


@dataclass(frozen=True)
class Ranking:
    entries: list[RankedProfile]  # candidates first (best first), then every other profile
    best: RankedProfile | None    # None when no profile recognises the file or two tie
    runner_up: RankedProfile | None
    error: str | None              # why there is no best candidate

    @property
    def confidence(self) -> float:
        """Share of the best profile's detection rules (patterns, sheets, extension) the file meets."""
        return 0.0 if self.best is None or not self.best.rules else self.best.matched / self.best.rules


def rank_file(path: Path) -> Ranking:
    """Score `path` against all profiles; a file that cannot be opened is a Ranking with an error."""
    profiles = all_profiles()
    try:
        head, is_workbook = file_head(path.read_bytes(), path)
    except (LabappError, OSError, ValueError, KeyError, EOFError) as exc:
        return Ranking(_unscored(profiles), None, None, f"{path.name} cannot be read ({exc})")
    except Exception as exc:  # noqa: BLE001 - a corrupt workbook raises library errors of many kinds
        return Ranking(_unscored(profiles), None, None, f"{path.name} cannot be read ({type(exc).__name__})")
    scores = sorted((score(p, head, is_workbook, path.suffix) for p in profiles),
                    key=lambda s: (not s.candidate, -s.score, -s.matched, s.profile.id))
    entries = [RankedProfile(s.profile.id, s.profile.name, s.profile.vendor, s.profile.technique, s.score,
                             s.matched, s.rules, s.candidate) for s in scores]
    candidates = [e for e in entries if e.candidate]
    if not candidates:
        return Ranking(entries, None, None, "no instrument profile recognises this file")
    runner_up = candidates[1] if len(candidates) > 1 else None
    if runner_up is not None and runner_up.score == candidates[0].score:
        tied = ", ".join(e.profile_id for e in candidates if e.score == candidates[0].score)
        return Ranking(entries, None, runner_up, f"ambiguous format, equally good profiles: {tied}")
    return Ranking(entries, candidates[0], runner_up, None)


def _unscored(profiles: tuple) -> list[RankedProfile]:
    return [RankedProfile(p.id, p.name, p.vendor, p.technique, 0, 0, 0, False)
            for p in sorted(profiles, key=lambda p: p.id)]
