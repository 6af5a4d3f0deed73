"""The whole calculation of one instrument run, as a pure function of its inputs.

    readings -> corrections, calibration, QC, line selection     (pipeline_solution)
             -> dry solid content, LOQ, uncertainty budget        (pipeline_solid)
             -> reportable result per lot and analyte             (core.reportable)

Everything the result depends on is in the arguments, and `inputs_record` writes it down
(method id, version and SHA-256 of its canonical content, preparations, reference values,
exclusions), so a stored run can be recomputed and shown to give the same numbers.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from labapp.core.canonical import sha256_hex
from labapp.core.exclusions import Exclusion
from labapp.core.methods import Method
from labapp.core.pipeline_solid import merge_digests, preparation_results
from labapp.core.pipeline_solution import solution_stage
from labapp.core.qc import QcReport
from labapp.core.reportable import REPORT_COLUMNS, censor_above_target, reportable_results, result_texts
from labapp.core.uncertainty.budget import BudgetTable
from labapp.core.uncertainty.budget_text import BudgetTexts

PREPARATION_FIELDS = (
    "label",
    "lot",
    "kind",
    "technique",
    "sample_mass_g",
    "digest_volume_ml",
    "dilution_factor",
    "moisture_pct",
    "spike_added",
)
REFERENCE_FIELDS = (
    "name",
    "label",
    "element",
    "certified",
    "expanded_uncertainty",
    "coverage_factor",
    "unit",
    "sample_mass_g",
    "digest_volume_ml",
    "dilution_factor",
)
REPORTABLE_COLUMNS = [*REPORT_COLUMNS, "k", "nu_eff", "budget_rows"]
STAGES = ("corrections, calibration and QC", "solid content and uncertainty", "reportable results")

# the rule a lot's reportable record states (stored as written; the desktop words it, gui.budget_words)
LOT_MEAN_RULE = "u = mean of the digests' u (labapp.core.reportable); nu_eff = smallest of the digests'"


@dataclass
class RunCalculation:
    """Everything one calculation of a run produced; the GUI plots `calibrations`/`standards`."""

    method: Method
    preparations: pd.DataFrame  # one row per preparation and element (pipeline_solid.PREP_COLUMNS)
    reportable: pd.DataFrame  # one row per lot and analyte (REPORTABLE_COLUMNS)
    qc: QcReport
    calibrations: pd.DataFrame  # per line: model, n, r, residual_sd, Mandel test
    standards: pd.DataFrame  # calibration points per line: x (nominal), y (corrected mean signal)
    budget_tables: list[BudgetTable]
    inputs: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    recalculated: bool = True

    _budget_texts: dict[int, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _budget_writers: dict[int, BudgetTexts] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _budget_columns: tuple[np.ndarray, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _budget_index(self) -> tuple[np.ndarray, ...]:
        """(budget_table, u, budget_row, label) of the preparation rows as arrays, taken once: a pandas
        `.at` lookup per cell cost more than the budgets themselves on a large run."""
        if self._budget_columns is None or len(self._budget_columns[0]) != len(self.preparations):
            prep = self.preparations
            self._budget_columns = tuple(
                prep[c].to_numpy() for c in ("budget_table", "u", "budget_row", "label")
            )
        return self._budget_columns

    def _budget_writer(self, table: int) -> BudgetTexts:
        """The JSON writer of budget table `table`, made once (it precomputes the table's figures)."""
        writer = self._budget_writers.get(table)
        if writer is None:
            writer = self._budget_writers[table] = BudgetTexts(self.budget_tables[table])
        return writer

    def budget_json(self, row: int) -> str | None:
        """The budget of preparation result `row` as JSON (labapp.core.uncertainty.Budget); built once
        per row (the reportable record repeats the budgets of its digests)."""
        if row in self._budget_texts:
            return self._budget_texts[row]
        tables, u, budget_rows, _ = self._budget_index()
        position = self.preparations.index.get_loc(row)
        table = int(tables[position])
        if table < 0 or not np.isfinite(u[position]):
            text = None  # no value (nothing usable was read), so no budget
        else:
            text = self._budget_writer(table).text(int(budget_rows[position]))
        self._budget_texts[row] = text
        return text

    def reportable_budget_json(self, row: int) -> str | None:
        """The uncertainty record of reportable row `row`: the rule and the budget of every digest
        averaged (built on demand: JSON for thousands of budgets costs more than the calculation)."""
        rows, u = self.reportable.at[row, "budget_rows"], self.reportable.at[row, "u"]
        if not isinstance(rows, list) or not np.isfinite(u):
            return None
        labels = self._budget_index()[3]
        digests = [
            f'{{"label": {json.dumps(str(labels[self.preparations.index.get_loc(r)]))}, "budget": {b}}}'
            for r in rows
            if (b := self.budget_json(r)) is not None
        ]
        # The text json.dumps gives for {"rule", "u", "digests": [{"label", "budget"}]}, with each
        # budget's own JSON set in as it is (json.dumps wrote it with the same settings, and parsing
        # and writing it again gives it back unchanged), instead of parsing every budget again.
        u_text = json.dumps(float(u), allow_nan=False)
        head = f'{{"rule": {json.dumps(LOT_MEAN_RULE)}, "u": {u_text}, "digests": ['
        return head + ", ".join(digests) + "]}"


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    data = frame.reindex(columns=list(columns)).astype(object)
    data = data.where(pd.notna(data), None)
    return [dict(zip(columns, row, strict=True)) for row in data.itertuples(index=False, name=None)]


def inputs_record(
    method: Method, preparations: pd.DataFrame, references: pd.DataFrame, exclusions: Sequence[Exclusion]
) -> dict[str, Any]:
    """JSON-able record of every input besides the readings (which the run stores with a digest)."""
    content = dataclasses.asdict(method)
    content.pop("source", None)
    if not method.sampling.enabled:  # an option that is off leaves the method's identity as it was
        content.pop("sampling", None)
    return {
        "method": {"id": method.id, "version": method.version, "sha256": sha256_hex(_finite(content))},
        "preparations": _records(preparations, PREPARATION_FIELDS),
        "reference_values": _records(references, REFERENCE_FIELDS),
        "exclusions": [{**dataclasses.asdict(x), "scope": str(x.scope)} for x in exclusions],
    }


def _finite(value: Any) -> Any:
    """Infinite numbers (dof = inf) as text, so the method's content has a canonical JSON form."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def calculate(
    frame: pd.DataFrame,
    method: Method,
    preparations: pd.DataFrame,
    references: pd.DataFrame | None = None,
    exclusions: Sequence[Exclusion] = (),
    methods: Sequence[Method] | None = None,
    check: Callable[[str], None] | None = None,
) -> RunCalculation:
    """Calculate one run.

    `preparations` has PREPARATION_FIELDS (label as written in the run file, lot code, moisture in
    %, spike_added in solution units); `references` has REFERENCE_FIELDS, one row per CRM digest
    label and element (certified value and U in `unit`, dry basis). `methods` are all methods in
    use: they decide which one reports which analyte (default: this one). `check(stage)` is called
    before each stage, so a caller can cancel by raising.
    """
    check = check or (lambda stage: None)
    references = references if references is not None else pd.DataFrame(columns=list(REFERENCE_FIELDS))
    exclusions = list(exclusions)
    preparations = preparations.reindex(columns=list(PREPARATION_FIELDS))
    check(STAGES[0])
    stage = solution_stage(frame, method, preparations, references, exclusions)
    check(STAGES[1])
    prep, tables = preparation_results(stage, method, preparations, exclusions)
    check(STAGES[2])
    result = RunCalculation(
        method=method,
        preparations=prep,
        reportable=pd.DataFrame(columns=REPORTABLE_COLUMNS),
        qc=stage.qc,
        calibrations=stage.calibrations,
        standards=stage.standards,
        budget_tables=tables,
        inputs=inputs_record(method, preparations, references, exclusions),
        notes=stage.notes,
        recalculated=stage.recalculated,
    )
    result.reportable = _reportable(result, list(methods or [method]), exclusions)
    return result


def lot_results(
    usable: pd.DataFrame, methods: Sequence[Method], method_id: str, confidence: float
) -> pd.DataFrame:
    """The lots' reportable rows of `method_id` from its usable preparation rows: the digests' mean,
    U = k u with k from the smallest nu_eff, and "quantified" decided on that U (finding 12)."""
    table = reportable_results(usable.assign(digest=usable["label"]), methods)
    table = table[table["method_id"].eq(method_id)].reset_index(drop=True)
    table = table.join(merge_digests(usable, confidence), on=["lot", "element"])
    table.loc[table["value"].isna(), ["k", "nu_eff"]] = np.nan  # no value (above range): no U, k, nu_eff
    table["U"] = table["k"] * table["u"]
    table["text"] = result_texts(table)  # U is now k u: print the value to its decimal place
    return censor_above_target(table, methods)


def _reportable(result: RunCalculation, methods: list[Method], exclusions: list[Exclusion]) -> pd.DataFrame:
    """Reportable rows of the analytes this run's method reports, with k, nu_eff and a budget record."""
    prep = result.preparations
    excluded = prep["flags"].fillna("").astype(str).str.contains(r"(?:^|;)excluded(?:;|$)")
    usable = prep[~excluded.to_numpy(bool)] if len(prep) else prep
    if usable.empty:
        return pd.DataFrame(columns=REPORTABLE_COLUMNS)
    table = lot_results(usable, methods, result.method.id, result.method.uncertainty_spec.confidence)
    groups = usable.groupby(["lot", "element"]).indices
    labels = usable.index.to_numpy()
    rows = pd.Series([labels[at].tolist() for at in groups.values()], dtype=object, name="budget_rows")
    rows.index = pd.MultiIndex.from_tuples(list(groups), names=["lot", "element"])
    table = table.join(rows, on=["lot", "element"])
    return table.reindex(columns=REPORTABLE_COLUMNS)
