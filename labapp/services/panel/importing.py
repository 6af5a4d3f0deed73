"""Importing panel tests from a file: a result sheet, a combustion analyser export or a laser diffraction
export, read by the declarative profiles of resources/methods/panel/import.

Rows are grouped into tests (a sheet: by lot, method and sample; an instrument export: by lot, the
replicate suffix removed), every value validated and every test calculated before anything is stored;
then all tests commit in one unit of work, or none. Every problem is one line naming the file, the
line and what is wrong. The test records the file's name and SHA-256 as its source.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from pathlib import Path

from labapp.core.errors import InputFileError, LabappError
from labapp.core.panel import EntryError, parse_entries
from labapp.importers.panel_files import PanelProfile, PanelRow, profile_from_dict, read_panel_file
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.administration.methods import read_method_toml
from labapp.services.administration.panel_methods import bundled_panel_dir, panel_method
from labapp.services.context import ServiceContext
from labapp.services.panel import records
from labapp.services.panel.crm import parse_certified
from labapp.services.panel.entry import Prepared, prepare, store


def import_profiles() -> list[PanelProfile]:
    """The bundled panel import profiles, in file name order."""
    folder = bundled_panel_dir() / "import"
    return [profile_from_dict(read_method_toml(p), str(p)) for p in sorted(folder.glob("*.toml"))]


def _located(path: Path, line: str, exc: LabappError) -> InputFileError:
    return InputFileError(path, line, str(exc))


def _crm_text(path: Path, rows: list[PanelRow], crm_certified: str | None) -> str | None:
    """An instrument export's CRM rows: their mean carbon with the certified value given at import."""
    readings = [r for r in rows if r.is_crm]
    if not readings:
        return None
    if not crm_certified:
        raise InputFileError(
            path, readings[0].line, "a CRM reading: give its certified value with --crm-certified VALUE[:U]"
        )
    try:
        certified = parse_certified(crm_certified)
    except EntryError as exc:
        raise InputFileError(path, readings[0].line, str(exc)) from None
    return f"{crm_measured(path, rows)}:{certified}"


def crm_measured(path: Path, rows: list[PanelRow]) -> float | None:
    """The mean of an instrument export's CRM readings (None without CRM rows)."""
    readings = [r for r in rows if r.is_crm]
    if not readings:
        return None
    try:
        return statistics.fmean(float(r.fields.get("carbon_pct", "")) for r in readings)
    except ValueError:
        raise InputFileError(path, readings[0].line, "carbon_pct: the CRM reading is not a number") from None


def _group(rows: list[PanelRow]) -> dict[tuple[str, str, str | None], list[PanelRow]]:
    groups: dict[tuple[str, str, str | None], list[PanelRow]] = defaultdict(list)
    for row in rows:
        if not row.is_crm:
            groups[(row.lot, row.method, row.sample)].append(row)
    return groups


def _prepared(path: Path, rows: list[PanelRow], crm: str | None) -> Prepared:
    first = rows[0]
    try:
        method = panel_method(first.method)
    except LabappError as exc:
        raise _located(path, first.line, exc) from None
    for row in rows:  # each row's values, so the error names its line
        try:
            parse_entries(method, row.fields)
        except LabappError as exc:
            raise _located(path, row.line, exc) from None
    standards = {r.standards for r in rows if r.standards}
    crms = {r.crm for r in rows if r.crm} | ({crm} if crm else set())
    if len(standards) > 1 or len(crms) > 1:
        raise InputFileError(path, first.line, "the rows of one test give different standards or CRM checks")
    try:
        return prepare(method, [r.fields for r in rows], next(iter(standards), None), next(iter(crms), None))
    except LabappError as exc:
        raise _located(path, first.line, exc) from None


def import_tests(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    path: str | Path,
    *,
    profile: str | None = None,
    crm_certified: str | None = None,
) -> list[records.TestSummary]:
    """Store every test of the file (state "entered", each value audited), or nothing."""
    by.require(Action.CALCULATE)
    file = read_panel_file(path, import_profiles(), profile)
    crm = _crm_text(file.path, list(file.rows), crm_certified)
    groups = _group(list(file.rows))
    if not groups:
        raise InputFileError(file.path, None, "no test rows (only CRM, blank or skipped rows)")
    prepared = [(key, rows, _prepared(file.path, rows, crm)) for key, rows in groups.items()]
    source = f"{file.path.name} ({file.profile}) sha256:{hashlib.sha256(file.data).hexdigest()}"
    with ctx.unit_of_work(by, Action.CALCULATE, event="import_tests") as session:
        stored = []
        for (lot, _method, sample), rows, ready in prepared:
            try:
                test = store(session, by, lot, ready, sample, source)
            except LabappError as exc:
                raise _located(file.path, rows[0].line, exc) from None
            stored.append(records.summary(session, test))
        return stored
