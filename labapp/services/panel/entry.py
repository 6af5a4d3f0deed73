"""Entering a panel test: validate every value, calculate, and store the test with each entry audited.

Nothing is stored unless every value of every determination validates and the calculation runs
(an impossible weighing, a calibration that cannot be fitted): the whole test or nothing. Errors are
one line naming the determination and the field (`determination 2: gross_after_g: ...`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.core.panel import EntryError, calculate, parse_entries, parse_pairs, values
from labapp.core.panel.entries import Entry
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.spec import PanelMethod
from labapp.core.vocabulary import PanelKind
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.administration.panel_methods import panel_method
from labapp.services.context import ServiceContext
from labapp.services.panel import records
from labapp.store.base import utcnow
from labapp.store.panel import PanelEntry, PanelTest
from labapp.store.states import PanelTestState


def validated(method: PanelMethod, determinations: Sequence[Mapping[str, str]]) -> list[dict[str, Entry]]:
    """Each determination's entries, validated; the error names the determination (1-based) and field."""
    if not determinations:
        raise EntryError.of("", PanelProblem.NO_DETERMINATION)
    out = []
    for number, raw in enumerate(determinations, start=1):
        try:
            out.append(parse_entries(method, raw))
        except EntryError as exc:
            raise (exc.again(number) if len(determinations) > 1 else exc) from None
    return out


def _standards(method: PanelMethod, text: str | None) -> str | None:
    if not method.kind.fluoride:
        if text:
            raise EntryError.of(
                "standards",
                PanelProblem.NO_STANDARDS_TAKEN,
                kind=method.kind.value,
                kindJa=method.kind.label("ja"),
            )
        return None
    if not text:
        raise EntryError.of("standards", PanelProblem.STANDARDS_NEEDED)
    xs, ys = parse_pairs(text, "standards")
    return json.dumps([[x, y] for x, y in zip(xs, ys, strict=True)])


def _crm(method: PanelMethod, text: str | None) -> str | None:
    if not text:
        return None
    if method.kind not in (PanelKind.COMBUSTION_CARBON, PanelKind.FLUORIDE_ISE, PanelKind.FLUORIDE_IC):
        raise EntryError.of(
            "crm", PanelProblem.NO_CRM_TAKEN, kind=method.kind.value, kindJa=method.kind.label("ja")
        )
    try:
        numbers = [float(t) for t in text.split(":")]
    except ValueError:
        raise EntryError.of("crm", PanelProblem.CRM_FORMAT, text=repr(text)) from None
    if len(numbers) not in (2, 3) or numbers[1] <= 0:
        raise EntryError.of("crm", PanelProblem.CRM_CERTIFIED_POSITIVE, text=repr(text))
    return json.dumps(numbers)


@dataclass(frozen=True)
class Prepared:
    """A test validated and calculated, ready to store."""

    method: PanelMethod
    entries: list[dict[str, Entry]]
    standards_json: str | None
    crm_json: str | None
    results_json: str


def prepare(
    method: PanelMethod,
    determinations: Sequence[Mapping[str, str]],
    standards: str | None = None,
    crm: str | None = None,
) -> Prepared:
    """Validate every value and run the calculation: what cannot be calculated is never stored."""
    parsed = validated(method, determinations)
    standards_json, crm_json = _standards(method, standards), _crm(method, crm)
    pairs = None
    if standards_json is not None:
        points = json.loads(standards_json)
        pairs = ([x for x, _ in points], [y for _, y in points])
    results = calculate(
        method, [values(e) for e in parsed], pairs, json.loads(crm_json) if crm_json else None
    )
    return Prepared(method, parsed, standards_json, crm_json, records.results_json(results))


def store(
    session: Session,
    by: AuthenticatedUser,
    lot: str,
    prepared: Prepared,
    sample_label: str | None,
    source: str,
) -> PanelTest:
    """The test and each of its entries (each an audited insert), state "entered"."""
    record = records.find_lot(session, lot)
    method, now = prepared.method, utcnow()
    test = PanelTest(
        lot_id=record.id,
        sample_label=sample_label,
        method_id=method.id,
        method_version=method.version,
        kind=method.kind,
        state=PanelTestState.ENTERED,
        source=source[:300],
        standards_json=prepared.standards_json,
        crm_json=prepared.crm_json,
        result_json=prepared.results_json,
        entered_by=by.username,
        entered_at=now,
    )
    session.add(test)
    session.flush()
    session.add_all(
        [
            PanelEntry(
                test_id=test.id,
                determination=number,
                field=e.field,
                text=e.text,
                value=None if isinstance(e.value, tuple) else e.value,
                unit=e.unit,
                resolution=e.resolution,
                entered_by=by.username,
                entered_at=now,
            )
            for number, entries in enumerate(prepared.entries, start=1)
            for e in entries.values()
        ]
    )
    session.flush()
    return test


def enter_test(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lot: str,
    method_id: str,
    determinations: Sequence[Mapping[str, str]],
    *,
    sample_label: str | None = None,
    standards: str | None = None,
    crm: str | None = None,
    source: str = "entry",
) -> records.TestSummary:
    """Store one test of `lot` by the method `method_id` (state "entered"), every value audited."""
    by.require(Action.CALCULATE)
    prepared = prepare(panel_method(method_id), determinations, standards, crm)
    with ctx.unit_of_work(by, Action.CALCULATE, event="enter_test") as session:
        return records.summary(session, store(session, by, lot, prepared, sample_label, source))


def list_tests(
    ctx: ServiceContext, lot: str | None = None, state: str | None = None
) -> list[records.TestSummary]:
    """Panel tests, oldest first (optionally of one lot, in one state)."""
    try:
        wanted = None if state is None else PanelTestState.parse(state)
    except ValueError as exc:
        raise LabappError(str(exc)) from None
    with ctx.read_session() as session:
        return records.list_tests_in(session, lot, wanted)
