"""Import an instrument run: read the export, archive its bytes with SHA-256, store its readings
and match its sample labels to registered preparations, in one unit of work with audit events.

A file that cannot be read stores nothing. A file whose SHA-256 was imported before is refused
unless the caller allows it (then the new run records a warning naming the earlier run).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.importers import TIDY_COLUMNS, read_export
from labapp.importers.source import read_file
from labapp.importers.xlsx import Limits
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.importing.open_preparations import (  # noqa: F401 - OPEN_LOT_STATES re-exported
    OPEN_LOT_STATES,
    released_preparations,
    takes_readings,
)
from labapp.store.archive import archive_run, frame_records
from labapp.store.audit import record_event
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.measurements import EXTRA_FIELDS
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState

# Sample types that stand for registered material; QC solutions (blanks, standards, checks) do not.
MATCHED_TYPES = ("sample", "duplicate", "spike", "crm", "unknown")
_IGNORED_IN_LABELS = re.compile(r"[\s\-_./#]+")


@dataclass(frozen=True)
class RunImport:
    run_id: int
    run_name: str
    file: str
    sha256: str
    profile: str
    readings: int
    matched: dict[str, str]  # label in the file -> registered preparation label
    unmatched: list[str]  # labels of sample-type readings with no registered preparation
    qc_labels: list[str]  # blanks, standards, checks: not matched by design
    warnings: list[str] = field(default_factory=list)
    assigned: dict[str, str] = field(default_factory=dict)  # matched by hand (also in `matched`)
    assignment_reason: str = ""  # why, when anything was assigned by hand
    held: dict[str, str] = field(default_factory=dict)  # label -> lot already released: not linked


def normalised_label(label: str) -> str:
    """Labels compared loosely: case, spaces, dashes, underscores, dots, slashes and # ignored."""
    return _IGNORED_IN_LABELS.sub("", label).casefold()


def match_labels(labels: list[str], registered: list[str]) -> tuple[dict[str, str], list[str]]:
    """Exact matches first, then matches of the normalised labels; unique normalised matches only."""
    exact = set(registered)
    loose: dict[str, list[str]] = {}
    for name in registered:
        loose.setdefault(normalised_label(name), []).append(name)
    matched: dict[str, str] = {}
    unmatched: list[str] = []
    for label in labels:
        if label in exact:
            matched[label] = label
        elif len(loose.get(normalised_label(label), [])) == 1:
            matched[label] = loose[normalised_label(label)][0]
        else:
            unmatched.append(label)
    return matched, unmatched


def import_run(
    ctx: ServiceContext,
    path: str | Path,
    run_name: str,
    by: AuthenticatedUser,
    *,
    profile: str | None = None,
    reason: str | None = None,
    allow_duplicate: bool = False,
    assignments: Mapping[str, str] | None = None,
    assignment_reason: str | None = None,
) -> RunImport:
    """Read, archive and store one export as run `run_name`; all of it or nothing.

    `assignments` maps file labels the automatic matching left out to registered preparation
    labels: a technician's decision, so it needs `assignment_reason`, and it is audited as its
    own event. Each target must be a registered preparation of a lot that is not yet released;
    labels that match a released lot's preparation are stored but not linked (`held`).
    """
    if not run_name.strip():
        raise LabappError("a run name is required")
    assignment_reason = (assignment_reason or "").strip()
    if assignments and not assignment_reason:
        raise LabappError(
            "assigning file labels to preparations by hand needs a reason (kept in the audit trail)"
        )
    path = Path(path)
    raw_bytes = read_file(path, Limits())
    result = read_export(path, profile=profile, data=raw_bytes)  # the bytes archived are the bytes parsed
    sha256 = hashlib.sha256(raw_bytes).hexdigest()
    frame = result.frame
    warnings = list(result.warnings)
    with ctx.unit_of_work(by, Action.IMPORT_RUN, reason, event="import_run") as session:
        earlier = session.scalars(select(InstrumentRun.id).where(InstrumentRun.sha256 == sha256)).all()
        if earlier and not allow_duplicate:
            raise LabappError(
                f"{path}: already imported as run id {', '.join(map(str, earlier))} "
                f"(SHA-256 {sha256[:12]}...); pass --allow-duplicate to import it again"
            )
        if earlier:
            warnings.append(
                f"the same file (SHA-256) was imported before as run id {', '.join(map(str, earlier))}"
            )
        kinds = frame.drop_duplicates("sample_label").set_index("sample_label")["sample_type"]
        materials = [label for label, kind in kinds.items() if kind in MATCHED_TYPES]
        qc_labels = [label for label, kind in kinds.items() if kind not in MATCHED_TYPES]
        lots = _registered_lots(session, result.metadata.get("technique"))
        registered = sorted(lots)
        matched, unmatched = match_labels(materials, registered)
        assigned = _assigned(assignments or {}, lots, set(kinds.index), path)
        matched.update(assigned)
        unmatched = [label for label in unmatched if label not in assigned]
        held = {label: lots[t][0] for label, t in matched.items() if not lots[t][2]}
        matched = {label: target for label, target in matched.items() if label not in held}
        warnings += _held_warnings(held)
        acquired = sorted(a for a in frame["acquired_at"].unique() if a)
        metadata = {
            **result.metadata,
            "run_name": run_name,
            "matched": matched,
            "unmatched": unmatched,
            "assigned": assigned,
            "assignment_reason": assignment_reason,
            "held": held,
        }
        run = archive_run(
            session,
            file_name=path.name,
            raw_bytes=raw_bytes,
            profile=result.profile,
            records=frame_records(frame[[*TIDY_COLUMNS, *(c for c in EXTRA_FIELDS if c in frame)]]),
            imported_by=by.username,
            instrument=result.metadata.get("profile_name"),
            technique=result.metadata.get("technique"),
            acquired_at=acquired[0] if acquired else None,
            metadata=metadata,
            warnings=warnings,
        )
        record_event(
            session,
            "import_run",
            "instrument_run",
            run.id,
            {
                "run_name": run_name,
                "file": path.name,
                "sha256": sha256,
                "profile": result.profile,
                "readings": len(frame),
                "matched": len(matched),
                "assigned": assigned,
                "unmatched": unmatched,
                "held": held,
            },
        )
        if assigned:
            record_event(
                session,
                "assign_labels",
                "instrument_run",
                run.id,
                {"assigned": assigned, "reason": assignment_reason, "file": path.name},
            )
        run_id = run.id
    return RunImport(
        run_id,
        run_name,
        path.name,
        sha256,
        result.profile,
        len(frame),
        matched,
        unmatched,
        qc_labels,
        warnings,
        assigned,
        assignment_reason,
        held,
    )


def _assigned(
    assignments: Mapping[str, str], lots: Mapping[str, tuple[str, LotState]], labels: set[str], path: Path
) -> dict[str, str]:
    """Hand-made assignments, checked: the file has the label, the preparation is registered and its
    lot still takes readings."""
    for label, target in assignments.items():
        if label not in labels:
            raise LabappError(f"{path}: no sample {label!r} in the file to assign")
        if target not in lots:
            raise LabappError(
                f"{path}: {label!r} assigned to {target!r}, which is not a registered preparation"
            )
        lot, state, takes = lots[target]
        if not takes:
            raise LabappError(
                f"{path}: {label!r} assigned to {target!r} of lot {lot}, which is {state.label()}: "
                "released data changes only by a signed amendment"
            )
    return dict(assignments)


def _held_warnings(held: Mapping[str, str]) -> list[str]:
    return [
        f"{label} matches a preparation of lot {lot}, which is already released: its readings are "
        "stored but give that lot no results"
        for label, lot in sorted(held.items())
    ]


def _registered_lots(session: Session, technique: str | None) -> dict[str, tuple[str, LotState, bool]]:
    """Preparation label -> (lot code, lot state, whether it takes readings: open_preparations), for the
    run's technique (all when the profile names none)."""
    released = released_preparations(session)
    query = (
        select(Preparation.label, Lot.code, Lot.state, Preparation.id)
        .join(Sample, Preparation.sample_id == Sample.id)
        .join(Lot, Sample.lot_id == Lot.id)
    )
    if technique:
        query = query.where(Preparation.technique == technique.upper())
    return {
        label: (code, state, takes_readings(state, prep_id, released))
        for label, code, state, prep_id in session.execute(query)
    }
