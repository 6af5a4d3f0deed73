"""The desktop's result sheet: a batch of lots tested by one panel method, entered or imported, checked,
and stored whole or not at all.

The sheet holds one test per lot (and sample label) with its determinations as typed. `check_sheet`
runs the calculation of every complete test without storing (an impossible weighing is shown before
saving); `enter_sheet` stores every test of the batch in one unit of work, each value an audited
insert (labapp.services.panel.entry.store), or nothing. `read_sheet_file` reads a file through the
panel import profiles into the same form, so an imported file is looked at in the sheet before it is
saved. `lots_waiting` lists the lots received and still waiting for the method's test.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from labapp.core.errors import InputFileError, LabappError
from labapp.core.panel import EntryError
from labapp.core.vocabulary import Basis, CheckOutcome, PanelCheck
from labapp.importers.panel_files import read_panel_file
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.administration.panel_methods import panel_method
from labapp.services.context import ServiceContext
from labapp.services.panel import records
from labapp.services.panel.entry import Prepared, prepare, store
from labapp.services.panel.importing import _crm_text, _group, crm_measured, import_profiles
from labapp.store.lots import Lot
from labapp.store.panel import PanelTest
from labapp.store.states import LotState, PanelTestState


class SheetProblem(str):
    """One test's problem: the English line (as str, what the CLI and the log print) and, when the
    problem is typed (labapp.core.panel.problems), its words in Japanese by `text("ja")`."""

    error: LabappError
    test: str

    def __new__(cls, test: str, error: LabappError) -> SheetProblem:
        line = super().__new__(cls, f"{test}: {error}" if test else str(error))
        line.test, line.error = test, error
        return line

    def text(self, lang: str = "en") -> str:
        """The line in the interface language (a problem not typed stays English)."""
        if lang == "ja" and isinstance(self.error, EntryError) and self.error.problem is not None:
            words = self.error.text("ja")
            return f"{self.test}: {words}" if self.test else words
        return str(self)


class SheetError(LabappError):
    """The batch was not stored; `problems` lists every test that failed, one line each."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class SheetTest:
    """One test of the batch: the lot, its sample label, and each determination's texts by field."""

    lot: str
    determinations: tuple[Mapping[str, str], ...]
    sample_label: str | None = None


@dataclass(frozen=True)
class SheetFile:
    """A file read into the sheet's form: its method, its tests, the batch's standards and CRM check,
    and the source recorded with the tests when saved (file name, profile, SHA-256)."""

    method_id: str
    tests: tuple[SheetTest, ...]
    standards: str | None
    crm: str | None
    source: str
    crm_measured: float | None = None  # the file's CRM reading, when its certified value is still to type


@dataclass(frozen=True)
class ResultView:
    """One calculated result as the sheet shows it, in words: value with U, unit, basis, LOQ, checks."""

    analyte: str
    text: str
    value: float
    unit: str
    basis: Basis
    censored: bool
    loq: float | None
    expanded_u: float | None
    coverage_factor: float | None
    failed_checks: tuple[PanelCheck, ...] = field(default_factory=tuple)


def lots_waiting(ctx: ServiceContext, method_id: str) -> list[str]:
    """Lots received (registered, not released) with no entered, verified or submitted test by this
    method: what the sheet offers to test next, oldest first."""
    with ctx.read_session() as session:
        tested = set(
            session.scalars(
                select(PanelTest.lot_id).where(
                    PanelTest.method_id == method_id, PanelTest.state != PanelTestState.REJECTED
                )
            )
        )
        lots = session.scalars(select(Lot).order_by(Lot.registered_at, Lot.id))
        return [lot.code for lot in lots if lot.id not in tested and lot.state is LotState.REGISTERED]


def _prepare_all(
    method_id: str, tests: Sequence[SheetTest], standards: str | None, crm: str | None
) -> list[tuple[SheetTest, Prepared]]:
    method = panel_method(method_id)
    out, problems = [], []
    for t in tests:
        try:
            out.append((t, prepare(method, list(t.determinations), standards or None, crm or None)))
        except LabappError as exc:
            problems.append(SheetProblem(_name(t), exc))
    if problems:
        raise SheetError(problems)
    return out


def _name(t: SheetTest) -> str:
    return f"{t.lot} ({t.sample_label})" if t.sample_label else t.lot


def check_sheet(
    method_id: str, tests: Sequence[SheetTest], standards: str | None = None, crm: str | None = None
) -> list[SheetProblem]:
    """Every test's validation and calculation problem, one line each (empty: the batch can be saved);
    each says itself in Japanese too (`problem.text("ja")`)."""
    try:
        _prepare_all(method_id, tests, standards, crm)
    except SheetError as exc:
        return exc.problems
    except LabappError as exc:
        return [SheetProblem("", exc)]
    return []


def enter_sheet(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    method_id: str,
    tests: Sequence[SheetTest],
    *,
    standards: str | None = None,
    crm: str | None = None,
    source: str = "result sheet",
) -> list[records.TestSummary]:
    """Store every test of the batch (state "entered", each value an audited insert with who and when),
    or none: all are validated and calculated first, then stored in one unit of work."""
    by.require(Action.CALCULATE)
    if not tests:
        raise LabappError("the sheet has no test to save")
    ready = _prepare_all(method_id, tests, standards, crm)
    with ctx.unit_of_work(by, Action.CALCULATE, event="enter_tests") as session:
        stored = []
        for t, prepared in ready:
            try:
                test = store(session, by, t.lot, prepared, t.sample_label, source)
            except LabappError as exc:
                raise SheetError([SheetProblem(_name(t), exc)]) from None
            stored.append(records.summary(session, test))
        return stored


def read_sheet_file(
    path: str | Path, profile: str | None = None, crm_certified: str | None = None
) -> SheetFile:
    """A file read through the panel import profiles, not stored: one method per file (the sheet shows
    one method at a time); every problem names the file and line. A file with CRM readings and no
    certified value given comes back with the readings' mean in `crm_measured`: the sheet asks for the
    certified value (and its u) in its CRM fields before saving."""
    file = read_panel_file(path, import_profiles(), profile)
    rows = list(file.rows)
    measured = crm_measured(file.path, rows)
    crm_from_rows = _crm_text(file.path, rows, crm_certified) if crm_certified else None
    groups = _group(rows)
    if not groups:
        raise InputFileError(file.path, None, "no test rows (only CRM, blank or skipped rows)")
    methods = sorted({method for _lot, method, _sample in groups})
    if len(methods) > 1:
        raise InputFileError(
            file.path, None, f"tests of {', '.join(methods)}: the sheet shows one method at a time"
        )
    try:
        panel_method(methods[0])
    except LabappError as exc:
        first = next(iter(groups.values()))[0]
        raise InputFileError(file.path, first.line, str(exc)) from None
    standards = {r.standards for r in rows if r.standards}
    crms = {r.crm for r in rows if r.crm} | ({crm_from_rows} if crm_from_rows else set())
    if len(standards) > 1 or len(crms) > 1:
        raise InputFileError(file.path, None, "the rows give different standards or CRM checks")
    tests = tuple(
        SheetTest(lot, tuple(dict(r.fields) for r in group), sample)
        for (lot, _method, sample), group in groups.items()
    )
    digest = hashlib.sha256(file.data).hexdigest()
    return SheetFile(
        methods[0],
        tests,
        next(iter(standards), None),
        next(iter(crms), None),
        f"{file.path.name} ({file.profile}) sha256:{digest}",
        measured if crm_from_rows is None else None,
    )


def results_of(ctx: ServiceContext, test_ids: Sequence[int]) -> dict[int, list[ResultView]]:
    """The stored tests' calculated results, in the words the sheet shows."""
    out: dict[int, list[ResultView]] = {}
    with ctx.read_session() as session:
        for test_id in test_ids:
            test = records.find_test(session, test_id)
            out[test.id] = [_view(r) for r in json.loads(test.result_json or "[]")]
    return out


def _view(r: Mapping[str, object]) -> ResultView:
    budget = r.get("budget") or {}
    assert isinstance(budget, Mapping)
    combined = budget.get("combined") or {}
    checks = r.get("checks") or []
    assert isinstance(checks, list)
    return ResultView(
        analyte=str(r["analyte"]),
        text=str(r["text"]),
        value=float(r["value"]),  # type: ignore[arg-type]
        unit=str(r["unit"]),
        basis=Basis.parse(r["basis"]),
        censored=bool(r.get("censored")),
        loq=r.get("loq"),  # type: ignore[arg-type]
        expanded_u=None if r.get("censored") else combined.get("U"),
        coverage_factor=None if r.get("censored") else combined.get("k"),
        failed_checks=tuple(
            PanelCheck.parse(c["check"]) for c in checks if c.get("outcome") == CheckOutcome.FAIL.value
        ),
    )


__all__ = [
    "EntryError",
    "ResultView",
    "SheetError",
    "SheetFile",
    "SheetProblem",
    "SheetTest",
    "check_sheet",
    "enter_sheet",
    "lots_waiting",
    "read_sheet_file",
    "results_of",
]
