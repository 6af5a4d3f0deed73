"""Read a duplicate-method sampling study (a file, or the stored results of lots whose manifest
named primary samples) and estimate the sampling uncertainty per analyte.

The study file (CSV) has one row per analysis: ``target`` (the lot or sampling target), ``sample``
(its primary sample: two per target, taken independently by the protocol), ``analysis`` (two per
primary sample: separate test portions analysed independently), ``analyte`` and ``value`` (any one
unit per analyte). The classical nested ANOVA of each analyte (labapp.core.uncertainty.sampling)
gives s_samp and s_anal; ``sampling_table`` writes the method's ``[sampling]`` option from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from labapp.core.analytes import ANALYTES, convert
from labapp.core.errors import InputFileError, LabappError
from labapp.core.uncertainty.sampling import DuplicateAnova, duplicate_anova, duplicate_design
from labapp.core.vocabulary import Basis
from labapp.services.context import ServiceContext
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.results import Result

COLUMNS = ("target", "sample", "analysis", "analyte", "value")


@dataclass(frozen=True)
class StudyResult:
    analyte: str
    anova: DuplicateAnova


def read_sampling_study(path: str | Path) -> list[StudyResult]:
    """The ANOVA of every analyte in a study file; a bad file raises one error naming file and line."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputFileError(path, None, f"cannot read the study file: {exc}") from None
    frame.columns = [c.strip().lower() for c in frame.columns]
    if missing := [c for c in COLUMNS if c not in frame.columns]:
        raise InputFileError(path, 1, f"missing column(s): {', '.join(missing)}")
    values = pd.to_numeric(frame["value"].str.strip(), errors="coerce")
    if bad := [i for i, v in enumerate(values) if not math.isfinite(v)]:
        raise InputFileError(path, bad[0] + 2, f"value {frame['value'].iloc[bad[0]]!r} is not a number")
    return study_of_frame(frame.assign(value=values), path)


def study_of_frame(frame: pd.DataFrame, where: object) -> list[StudyResult]:
    """The ANOVA of every analyte in long rows (target, sample, analysis, analyte, value)."""
    out = []
    for analyte, rows in frame.groupby(frame["analyte"].astype(str).str.strip(), sort=True):
        try:
            out.append(StudyResult(str(analyte), duplicate_anova(duplicate_design(rows))))
        except LabappError as exc:
            raise InputFileError(where, None, f"{analyte}: {exc}") from None
    if not out:
        raise InputFileError(where, None, "no duplicate-method results")
    return out


def stored_sampling_study(ctx: ServiceContext) -> list[StudyResult]:
    """The study from the store: lots whose manifest named a primary_sample per preparation, with
    the latest dry-basis value of each preparation and element (censored values cannot enter)."""
    with ctx.read_session() as session:
        query = (
            select(Lot.code, Preparation.primary_sample, Preparation.label, Result.element, Result.value,
                   Result.unit)
            .join(Sample, Sample.lot_id == Lot.id)
            .join(Preparation, Preparation.sample_id == Sample.id)
            .join(Result, Result.preparation_id == Preparation.id)
            .where(Preparation.primary_sample.is_not(None), Result.value.is_not(None),
                   Result.censored.is_(None) | (Result.censored == ""), Result.basis == Basis.DRY)
            .order_by(Result.calculated_at, Result.id)
        )
        rows = session.execute(query).all()
    latest = {(code, label, element): (code, sample, label, element, _canonical(value, unit, element))
              for code, sample, label, element, value, unit in rows if element in ANALYTES}
    frame = pd.DataFrame(list(latest.values()), columns=list(COLUMNS))
    return study_of_frame(frame, "the stored results of lots with primary samples")


def _canonical(value: float, unit: str, element: str) -> float:
    return convert(value, unit, ANALYTES[element][0])


def sampling_table(results: list[StudyResult], primary_samples: int = 1, source: str = "") -> str:
    """The method's ``[sampling]`` table (TOML): per-analyte rsd and dof, and as the default for
    analytes the study did not cover, the largest rsd found (the cautious choice)."""
    worst = max(results, key=lambda r: r.anova.rsd_samp)
    lines = ["[sampling]", "enabled = true", f"primary_samples = {primary_samples}",
             f"rsd_percent = {100 * worst.anova.rsd_samp:.4g}", f"dof = {worst.anova.dof_s_samp:.3g}"]
    if source:
        lines.append(f'source = "{source}"')
    for r in results:
        lines += ["", f"[sampling.elements.{r.analyte}]", f"rsd_percent = {100 * r.anova.rsd_samp:.4g}",
                  f"dof = {r.anova.dof_s_samp:.3g}"]
    return "\n".join(lines) + "\n"
