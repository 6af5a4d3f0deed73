"""What the calculation of a run reads from the store: readings, method, preparations, CRM values.

Kept apart from the service that writes results so the GUI can recompute a run (for plots) from
exactly the inputs the stored calculation used, without writing anything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.core.exclusions import Exclusion
from labapp.core.methods import Method
from labapp.core.pipeline import PREPARATION_FIELDS, REFERENCE_FIELDS
from labapp.services.calculation.exclusions import active_exclusions
from labapp.services.calculation.measured_moisture import measured_moisture
from labapp.services.calculation.method_choice import choose_method
from labapp.services.importing.open_preparations import released_preparations, takes_readings
from labapp.services.importing.run_import import normalised_label
from labapp.services.workflow.review import run_name
from labapp.store.calculations import Calculation, ReferenceDigest, ReferenceValue
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.measurements import EXTRA_FIELDS, STORED_FIELDS, TEXT_FIELDS
from labapp.store.runs import InstrumentRun, Measurement


@dataclass
class RunInputs:
    """Everything `labapp.core.pipeline.calculate` needs for one stored run, plus the ids to store by."""

    run_id: int
    run_name: str
    frame: pd.DataFrame
    method: Method
    preparations: pd.DataFrame
    references: pd.DataFrame
    exclusions: list[Exclusion]
    preparation_ids: dict[str, int] = field(default_factory=dict)  # file label -> preparation id
    lot_ids: dict[str, int] = field(default_factory=dict)  # lot code -> lot id
    held: dict[str, str] = field(default_factory=dict)  # file label -> code of a lot already released
    measured_moisture: frozenset[str] = frozenset()  # lots whose moisture is a panel test's (measured)


def measurement_frame(session: Session, run_id: int) -> pd.DataFrame:
    """The run's tidy frame as imported (file order; empty text as "", missing numbers as NaN)."""
    columns = [getattr(Measurement, name) for name in STORED_FIELDS]
    rows = session.execute(
        select(*columns).where(Measurement.run_id == run_id).order_by(Measurement.position)
    ).all()
    frame = pd.DataFrame(rows, columns=list(STORED_FIELDS))
    for name in TEXT_FIELDS:
        frame[name] = frame[name].astype(object).where(frame[name].notna(), "")
    for name in ("intensity", "value", "detection_limit", *EXTRA_FIELDS):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    frame["replicate"] = pd.array(frame["replicate"], dtype="Int64")
    return frame


def method_for(
    run: InstrumentRun,
    methods: Mapping[str, Method],
    method_id: str | None = None,
    frame: pd.DataFrame | None = None,
    previous: str | None = None,
) -> Method:
    """The method given by id, else the run's earlier one, else the one its technique and lines fit
    (labapp.services.calculation.method_choice)."""
    frame = frame if frame is not None else pd.DataFrame({"element": [], "line": []})
    return choose_method(run_name(run), run.technique, frame, methods, method_id, previous)


def previous_method(session: Session, run: InstrumentRun) -> str | None:
    """The method of the run's latest stored calculation (None before the first)."""
    query = select(Calculation.method).where(Calculation.run_id == run.id).order_by(Calculation.id.desc())
    return session.scalars(query.limit(1)).first()


def _matched(run: InstrumentRun) -> dict[str, str]:
    try:
        return dict(json.loads(run.metadata_json or "{}").get("matched", {}))
    except ValueError:
        return {}


def _use_measured_moisture(session: Session, preparations: pd.DataFrame, lot_ids: dict[str, int]) -> set[str]:
    """Put each lot's submitted panel moisture in place of the manifest's (labapp.services.calculation.
    measured_moisture); the codes of the lots that have one."""
    by_id = measured_moisture(session, lot_ids.values())
    measured = {code: by_id[lot_id] for code, lot_id in lot_ids.items() if lot_id in by_id}
    if measured:
        pairs = zip(preparations["lot"], preparations["moisture_pct"], strict=True)
        preparations["moisture_pct"] = [measured.get(lot, pct) for lot, pct in pairs]
    return set(measured)


def preparation_frame(
    session: Session, run: InstrumentRun
) -> tuple[pd.DataFrame, dict[str, int], dict[str, int], dict[str, str]]:
    """Preparations matched to the run's labels (label = the label in the file), with lot and moisture,
    and the labels held back because their lot is already released (file label -> lot code)."""
    matched = _matched(run)
    query = (
        select(Preparation, Sample.moisture_pct, Lot.code, Lot.id, Lot.state)
        .join(Sample, Preparation.sample_id == Sample.id)
        .join(Lot, Sample.lot_id == Lot.id)
    )
    if run.technique:
        query = query.where(Preparation.technique == run.technique.upper())
    by_label = {row[0].label: tuple(row) for row in session.execute(query)}
    released = released_preparations(session)
    rows, prep_ids, lot_ids, held = [], {}, {}, {}
    for file_label, registered in matched.items():
        if registered not in by_label:
            continue
        prep, moisture, code, lot_id, state = by_label[registered]
        if not takes_readings(state, prep.id, released):  # released data changes only by signature
            held[file_label] = code
            continue
        rows.append(
            {
                "label": file_label,
                "lot": code,
                "kind": prep.kind,
                "technique": prep.technique,
                "sample_mass_g": prep.sample_mass_g,
                "digest_volume_ml": prep.digest_volume_ml,
                "dilution_factor": prep.dilution_factor,
                "moisture_pct": moisture,
                "spike_added": prep.spike_added_mg_per_l,
            }
        )
        prep_ids[file_label] = prep.id
        lot_ids[code] = lot_id
    frame = pd.DataFrame(rows, columns=list(PREPARATION_FIELDS))
    return frame.fillna({"moisture_pct": np.nan}), prep_ids, lot_ids, held


def reference_frame(session: Session, run: InstrumentRun, labels: list[str]) -> pd.DataFrame:
    """Certified values for the run's CRM digests, matched to the file's labels as imports match."""
    digests = session.scalars(
        select(ReferenceDigest).where(ReferenceDigest.technique == (run.technique or "ICP-OES").upper())
    ).all()
    loose = {normalised_label(d.label): d for d in digests}
    rows = []
    for label in labels:
        digest = loose.get(normalised_label(label))
        if digest is None:
            continue
        values = session.scalars(
            select(ReferenceValue).where(ReferenceValue.material == digest.material)
        ).all()
        rows += [
            {
                "name": v.material,
                "label": label,
                "element": v.analyte,
                "certified": v.certified,
                "expanded_uncertainty": v.expanded_uncertainty,
                "coverage_factor": v.coverage_factor,
                "unit": v.unit,
                "sample_mass_g": digest.sample_mass_g,
                "digest_volume_ml": digest.digest_volume_ml,
                "dilution_factor": digest.dilution_factor,
            }
            for v in values
        ]
    return pd.DataFrame(rows, columns=list(REFERENCE_FIELDS))


def load_inputs(
    session: Session, run: InstrumentRun, methods: Mapping[str, Method], method_id: str | None = None
) -> RunInputs:
    """Read everything the calculation of `run` needs."""
    frame = measurement_frame(session, run.id)
    if frame.empty:
        raise LabappError(f"run {run_name(run)!r} has no readings to calculate")
    method = method_for(run, methods, method_id, frame, previous_method(session, run))
    preparations, prep_ids, lot_ids, held = preparation_frame(session, run)
    measured = _use_measured_moisture(session, preparations, lot_ids)
    crm_labels = sorted(
        set(frame.loc[frame["sample_type"].isin(["crm", "sample", "unknown"]), "sample_label"])
    )
    references = reference_frame(session, run, crm_labels)
    return RunInputs(
        run.id,
        run_name(run),
        frame,
        method,
        preparations,
        references,
        active_exclusions(session, run.id),
        prep_ids,
        lot_ids,
        held,
        frozenset(measured),
    )
