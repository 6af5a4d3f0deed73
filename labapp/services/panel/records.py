"""Reading and writing panel tests: the stored entries back into the core's inputs, the calculation's
results as JSON, the canonical content a signature binds to, and the summaries shown to users."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.core.panel import PanelResult, calculate
from labapp.core.panel.entries import EntryError
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.spec import PanelMethod
from labapp.core.vocabulary import CheckOutcome, PanelKind
from labapp.services.administration.panel_methods import panel_method
from labapp.store.lots import Lot
from labapp.store.panel import PanelEntry, PanelTest
from labapp.store.states import PanelTestState

PANEL_ENTITY = "panel_test"  # Signature.entity_type of a panel test's signatures


@dataclass(frozen=True)
class ResultLine:
    """One analyte of a test as reported: '2.871 ± 0.064 wt% (k = 2.08)', its basis and failed checks."""

    analyte: str
    text: str
    unit: str
    basis: str
    failed_checks: tuple[str, ...]


@dataclass(frozen=True)
class TestSummary:
    """A stored panel test as the CLI and the desktop list it."""

    id: int
    lot: str
    method_id: str
    method_version: str
    kind: PanelKind
    state: PanelTestState
    entered_by: str
    verified_by: str | None
    submitted_by: str | None
    results: tuple[ResultLine, ...]


def find_test(session: Session, test_id: int | str) -> PanelTest:
    text = str(test_id).strip().lstrip("#")
    record = session.get(PanelTest, int(text)) if text.isdigit() else None
    if record is None:
        raise LabappError(f"no panel test with id {text}")
    return record


def find_lot(session: Session, code: str) -> Lot:
    lot = session.scalar(select(Lot).where(Lot.code == code.strip()))
    if lot is None:
        raise EntryError.of("", PanelProblem.UNKNOWN_LOT, code=repr(code))
    return lot


def entries_of(session: Session, test: PanelTest) -> list[PanelEntry]:
    query = select(PanelEntry).where(PanelEntry.test_id == test.id)
    return list(session.scalars(query.order_by(PanelEntry.determination, PanelEntry.id)))


def portions(entries: list[PanelEntry]) -> list[dict[str, object]]:
    """The determinations' values by field, from the stored entries (a list field from its text)."""
    grouped: dict[int, dict[str, object]] = defaultdict(dict)
    for e in entries:
        value: object = e.value
        if e.value is None:
            value = tuple(float(t) for t in e.text.replace(",", ".").split(";") if t.strip())
        grouped[e.determination][e.field] = value
    return [grouped[k] for k in sorted(grouped)]


def calculate_test(method: PanelMethod, test: PanelTest, entries: list[PanelEntry]) -> list[PanelResult]:
    standards = json.loads(test.standards_json) if test.standards_json else None
    crm = json.loads(test.crm_json) if test.crm_json else None
    pairs = None if standards is None else ([s[0] for s in standards], [s[1] for s in standards])
    return calculate(method, portions(entries), pairs, crm)


def method_of(test: PanelTest) -> PanelMethod:
    return panel_method(test.method_id, test.method_version)


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def results_json(results: list[PanelResult]) -> str:
    """Values, budgets and checks as stored with the test (and shown at verification)."""
    out = []
    for r in results:
        printed = r.reported()
        out.append(
            {
                "analyte": r.analyte,
                "value": r.value,
                "unit": r.unit,
                "basis": r.basis.value,
                "censored": r.censored,
                "loq": r.loq,
                "text": printed.text,
                "n": r.n,
                "budget": r.budget.to_dict(),
                "checks": [c.to_dict() for c in r.checks],
                "derived": {k: _finite(v) for k, v in r.derived.items()},
            }
        )
    return json.dumps(out, allow_nan=False)


def result_lines(test: PanelTest) -> tuple[ResultLine, ...]:
    if not test.result_json:
        return ()
    return tuple(
        ResultLine(
            r["analyte"],
            r["text"],
            r["unit"],
            r["basis"],
            tuple(c["check"] for c in r["checks"] if c["outcome"] == CheckOutcome.FAIL.value),
        )
        for r in json.loads(test.result_json)
    )


def summary(session: Session, test: PanelTest) -> TestSummary:
    lot = session.get(Lot, test.lot_id)
    return TestSummary(
        test.id,
        lot.code if lot else "?",
        test.method_id,
        test.method_version,
        test.kind,
        test.state,
        test.entered_by,
        test.verified_by,
        test.submitted_by,
        result_lines(test),
    )


def content(test: PanelTest, entries: list[PanelEntry]) -> dict[str, Any]:
    """What a signature on a test binds to: the test's inputs and every entry (no state, no version)."""
    return {
        "test": {
            "id": test.id,
            "lot_id": test.lot_id,
            "sample_label": test.sample_label,
            "method_id": test.method_id,
            "method_version": test.method_version,
            "kind": test.kind.value,
            "source": test.source,
            "standards": test.standards_json,
            "crm": test.crm_json,
            "entered_by": test.entered_by,
            "results": test.result_json,
        },
        "entries": [
            {
                "determination": e.determination,
                "field": e.field,
                "text": e.text,
                "value": _finite(e.value),
                "unit": e.unit,
                "resolution": e.resolution,
                "entered_by": e.entered_by,
            }
            for e in entries
        ],
    }


def list_tests_in(
    session: Session, lot: str | None = None, state: PanelTestState | None = None
) -> list[TestSummary]:
    query = select(PanelTest).order_by(PanelTest.id)
    if lot is not None:
        query = query.where(PanelTest.lot_id == find_lot(session, lot).id)
    if state is not None:
        query = query.where(PanelTest.state == state)
    return [summary(session, t) for t in session.scalars(query)]
