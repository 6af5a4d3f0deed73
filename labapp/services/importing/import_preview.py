"""What importing a file would do, read without storing anything: the one confirmation page of the
desktop's one-step import shows it (the instrument profile recognised, the run name, the lots its
samples match, what stays unmatched, warnings, an earlier import of the same bytes).

The numbers come from the same functions the import uses (profile ranking, `read_export`,
`match_labels`), so the page states what `import_run` will store. A file no profile recognises
(or two profiles fit equally) gives a preview without a profile: the full import wizard, where the
technician chooses, is the way to import it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from labapp.importers import read_export
from labapp.importers.ranking import RankedProfile, rank_file
from labapp.importers.source import read_file
from labapp.importers.xlsx import Limits
from labapp.services.context import ServiceContext
from labapp.services.importing.lot_edit import preparation_labels
from labapp.services.importing.run_import import MATCHED_TYPES, match_labels
from labapp.services.workflow.signing import run_label
from labapp.store.runs import InstrumentRun


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    run_name: str  # the default name: the file's name without its extension
    profile: RankedProfile | None  # None: not recognised with certainty (the wizard lets one choose)
    why_not_recognised: str  # "" when a profile was recognised
    readings: int = 0
    lots: tuple[str, ...] = ()  # codes of the open lots whose preparations the samples match
    matched: dict[str, str] = field(default_factory=dict)  # label in the file -> preparation
    unmatched: tuple[str, ...] = ()  # sample labels that match no registered preparation
    held: dict[str, str] = field(default_factory=dict)  # label -> lot already released (not linked)
    qc_solutions: int = 0
    earlier_runs: tuple[int, ...] = ()  # runs that imported the same bytes (SHA-256)
    warnings: tuple[str, ...] = ()
    earlier_names: tuple[str, ...] = ()  # those runs by the names they were imported under (for screens)

    @property
    def recognised(self) -> bool:
        return self.profile is not None


def preview_import(ctx: ServiceContext, path: str | Path) -> ImportPreview:
    """Read `path` as the import would and say what it would store; raises the reader's error (one
    line naming the file and the problem) when the recognised profile cannot read it."""
    path = Path(path)
    ranking = rank_file(path)
    if ranking.best is None:
        return ImportPreview(path, path.stem, None, ranking.error or "")
    raw_bytes = read_file(path, Limits())
    result = read_export(path, ranking.best.profile_id, data=raw_bytes)
    frame = result.frame
    kinds = frame.drop_duplicates("sample_label").set_index("sample_label")["sample_type"]
    materials = [str(label) for label, kind in kinds.items() if kind in MATCHED_TYPES]
    technique = result.metadata.get("technique") or None  # as the import matches: upper case
    registered = preparation_labels(ctx, technique.upper() if technique else None)
    lot_of = {p.label: (p.lot_code, p.takes_readings) for p in registered}
    matched, unmatched = match_labels(materials, sorted(lot_of))
    # held as import_run holds them: a preparation that takes no readings (importing.open_preparations)
    held = {label: lot_of[t][0] for label, t in matched.items() if not lot_of[t][1]}
    matched = {label: t for label, t in matched.items() if label not in held}
    sha256 = hashlib.sha256(raw_bytes).hexdigest()
    with ctx.read_session() as session:
        earlier = session.scalars(
            select(InstrumentRun).where(InstrumentRun.sha256 == sha256).order_by(InstrumentRun.id)
        ).all()
    return ImportPreview(
        path,
        path.stem,
        ranking.best,
        "",
        len(frame),
        tuple(sorted({lot_of[t][0] for t in matched.values()})),
        matched,
        tuple(unmatched),
        held,
        len(kinds) - len(materials),
        tuple(run.id for run in earlier),
        tuple(result.warnings),
        tuple(run_label(run.metadata_json, run.file_name) for run in earlier),
    )
