"""QC engine: checks derived from sample types, one outcome row per check, bracketing flags, run verdict.

Input is a tidy run frame (usually after the corrections; structured by ``runorder.with_structure``),
annotated by the caller with what the instrument file cannot know:
    expected     nominal value of ICV/CCV/low checks/ICS (else the method's check_standard) and CRMs
    expected_u   expanded uncertainty of a certified value (crm_acceptance = "certified")
    parent_label the sample a duplicate or spike was taken from (else read from the label)
    spike_added  concentration added by the spike, in solution units
    loq          limit of quantification in solution units (else the method's LOQ of the line)
Limits are inclusive (EPA 6010D style): 90.0 % and 110.0 % pass, an RPD of exactly 20 % passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from labapp.core.methods import Method
from labapp.core.qc_checks import (
    CHECK_COLUMNS,
    blank_checks,
    calibration_checks,
    ccv_frequency_checks,
    crm_checks,
    duplicate_checks,
    internal_standard_checks,
    method_lines_only,
    recovery_checks,
    spike_checks,
)
from labapp.core.runorder import (
    KEYS,
    SAMPLE_LIKE,
    solution_means,
    view_matches,
    with_structure,
)
from labapp.core.vocabulary import BRACKET_SUFFIX, CheckOutcome, ElementStatus, QcCheck, QcVerdict

FLAG_COLUMNS = ["solution", "sample_label", "element", "line", "view", "flag", "check", "check_solution"]
BLOCKING_CHECKS = tuple(check for check in QcCheck if check.blocking)
BATCH_WIDE_CHECKS = tuple(check for check in QcCheck if check.batch_wide)
# the reading columns the checks read (or would take over, CHECK_COLUMNS): the run frame carries some
# forty, and averaging the others per solution cost more than the checks themselves
_USED = frozenset(
    {
        *CHECK_COLUMNS,
        *FLAG_COLUMNS,
        *KEYS,
        "replicate",
        "sample_type",
        "check_kind",
        "blank_kind",
        "type_from_label",
        "parent_label",
        "spike_added",
        "loq",
        "expected_u",
        "is_intensity",
        "is_recovery",
        "internal_standard",
        "parent",
        "_parent",
        "_is",
        "mv",
        "line_assumed",
    }
)


@dataclass
class RunVerdict:
    """pass, pass_with_flags, partial (some elements give no results) or fail (none do)."""

    verdict: QcVerdict
    elements: dict[str, ElementStatus]
    reasons: list[str] = field(default_factory=list)


@dataclass
class QcReport:
    checks: pd.DataFrame
    flags: pd.DataFrame
    verdict: RunVerdict


def bracket_flags(means: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Samples whose preceding or following CCV (or CCB) failed, per element, line and view."""
    flags = []
    samples = means[means["sample_type"].isin(SAMPLE_LIKE)]
    for kind in (check for check in QcCheck if check.brackets):
        brackets = checks[checks["check"].eq(kind)].sort_values("solution")
        if not brackets["outcome"].eq(CheckOutcome.FAIL).any():
            continue  # nothing failed, nothing to flag
        by_key = {key: g for key, g in brackets.groupby(KEYS)}
        for key, group in samples.groupby(KEYS):
            own = by_key.get(key)
            if own is None:
                continue
            position = own["solution"].to_numpy(float)
            failed = own["outcome"].eq(CheckOutcome.FAIL).to_numpy()
            after = np.searchsorted(position, group["solution"].to_numpy(float))
            before = after - 1
            for side in (before, after):
                inside = (side >= 0) & (side < len(position))
                hit = np.zeros(len(group), bool)
                hit[inside] = failed[side[inside]]
                if hit.any():
                    chosen = group[hit]
                    flags.append(
                        chosen.assign(
                            flag=kind + BRACKET_SUFFIX, check=kind, check_solution=position[side[hit]]
                        )[FLAG_COLUMNS]
                    )
    return pd.concat(flags, ignore_index=True) if flags else pd.DataFrame(columns=FLAG_COLUMNS)


def _element_flags(samples: pd.DataFrame, failed: pd.DataFrame, check: QcCheck, flag: str) -> pd.DataFrame:
    """Every sample of an element flagged by a failing batch-level check (CRM, method blank, calibration)."""
    bad = failed[failed["check"].eq(check)][["element", "line", "view", "solution"]]
    if bad.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    bad = bad.rename(columns={"solution": "check_solution"})
    hit = samples.merge(bad, on=KEYS)
    return hit.assign(flag=flag, check=check)[FLAG_COLUMNS]


def sample_flags(means: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """All flags on sample results that follow from failing checks."""
    keep = [c for c in ("solution", "sample_label", *KEYS, "internal_standard") if c in means]
    samples = means.loc[means["sample_type"].isin(SAMPLE_LIKE).to_numpy(bool), keep]  # narrow: merged below
    failed = checks[checks["outcome"].eq(CheckOutcome.FAIL)]
    parts = [bracket_flags(means, checks)]
    for check in BATCH_WIDE_CHECKS:
        parts.append(_element_flags(samples, failed, check, check))
    for check in (check for check in QcCheck if check.paired):
        bad = failed[failed["check"].eq(check)].rename(columns={"solution": "check_solution"})
        if bad.empty:
            continue
        own = samples.merge(
            bad[["check_solution", *KEYS]], left_on=["solution", *KEYS], right_on=["check_solution", *KEYS]
        )
        parent = bad[["_parent", "check_solution", *KEYS]].rename(columns={"_parent": "sample_label"})
        parent = samples.merge(parent, on=["sample_label", *KEYS])
        parts += [
            own.assign(flag=check, check=check)[FLAG_COLUMNS],
            parent.assign(flag=check, check=check)[FLAG_COLUMNS],
        ]
    if "_is" in checks:
        bad = failed[failed["check"].eq(QcCheck.INTERNAL_STANDARD)][["solution", "_is"]]
        hit = samples.merge(bad, left_on=["solution", "internal_standard"], right_on=["solution", "_is"])
        parts.append(
            hit.assign(
                flag=QcCheck.INTERNAL_STANDARD,
                check=QcCheck.INTERNAL_STANDARD,
                check_solution=hit["solution"],
            )[FLAG_COLUMNS]
        )
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    return pd.concat(parts, ignore_index=True).drop_duplicates(["solution", *KEYS, "flag", "check_solution"])


def _with_affected(checks: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """Fill `affected` of each failing check with the labels of the samples it flags."""
    if flags.empty:
        return checks
    # each group's distinct labels, sorted, joined: the labels made text, sorted and made distinct
    # once for the whole frame (per group, thousands of groups on a large run, it cost more than the
    # checks themselves); groupby keeps that order within each group
    flags = flags.assign(solution_key=flags["check_solution"].astype(float))
    flags["sample_label"] = flags["sample_label"].astype(str)
    flags = flags.sort_values("sample_label", kind="stable")
    keys = ["check", *KEYS, "solution_key"]
    labels = flags.drop_duplicates([*keys, "sample_label"]).groupby(keys)["sample_label"].agg("; ".join)
    per_element = (
        flags.drop_duplicates(["check", *KEYS, "sample_label"])
        .groupby(["check", *KEYS])["sample_label"]
        .agg("; ".join)
    )
    out = checks.assign(solution_key=checks["solution"].astype(float))
    out = out.join(labels.rename("_a1"), on=keys).join(per_element.rename("_a2"), on=["check", *KEYS])
    batch = out["check"].isin(BATCH_WIDE_CHECKS)
    found = out["_a1"].where(~batch, out["_a2"])
    failing = out["outcome"].eq(CheckOutcome.FAIL)
    out["affected"] = np.where(failing & found.notna(), found, out["affected"].fillna(""))
    return out.drop(columns=["solution_key", "_a1", "_a2"])


def element_status(checks: pd.DataFrame, method: Method) -> dict[str, ElementStatus]:
    """ok, flagged (a check failed) or blocked (calibration or ICV failed on the preferred line)."""
    failed = checks[checks["outcome"].eq(CheckOutcome.FAIL)]
    preferred = pd.DataFrame(
        [(a.element, a.preferred.line, a.preferred.view) for a in method.analytes],
        columns=["element", "_line", "_view"],
    )
    own = failed[["element", "line", "view", "check"]].merge(preferred, on="element")
    blocking = (
        own["check"].isin(BLOCKING_CHECKS)
        & own["line"].eq(own["_line"])
        & view_matches(own["_view"], own["view"].fillna(""))
    )
    blocked, flagged = set(own.loc[blocking, "element"]), set(failed["element"])
    return {
        a.element: ElementStatus.BLOCKED
        if a.element in blocked
        else (ElementStatus.FLAGGED if a.element in flagged else ElementStatus.OK)
        for a in method.analytes
    }


def run_verdict(checks: pd.DataFrame, method: Method) -> RunVerdict:
    """The run's overall verdict and the reasons behind it, one line per failing check kind."""
    status = element_status(checks, method)
    failed = checks[checks["outcome"].eq(CheckOutcome.FAIL)]
    reasons = [
        f"{check} failed for {', '.join(sorted(group['element'].astype(str).unique()))}"
        for check, group in failed.groupby("check")
    ]
    blocked = [e for e, s in status.items() if s is ElementStatus.BLOCKED]
    if blocked and len(blocked) == len(status):
        verdict = QcVerdict.FAIL
    elif blocked:
        verdict = QcVerdict.PARTIAL
        reasons.append(f"no reportable results for {', '.join(blocked)}")
    else:
        verdict = QcVerdict.PASS_WITH_FLAGS if len(failed) else QcVerdict.PASS
    return RunVerdict(verdict, status, reasons)


def run_qc(
    frame: pd.DataFrame,
    method: Method,
    column: str = "conc",
    result_column: str | None = None,
    calibrations: pd.DataFrame | None = None,
) -> QcReport:
    """All QC checks of a run.

    `column` holds the solution concentrations as measured (before drift and method-blank
    correction: CCVs and blanks are judged on what the instrument saw); `result_column` the
    corrected results used for CRM, spike and duplicate checks (defaults to `column`).
    """
    result_column = result_column or column
    data = with_structure(frame)
    used = [c for c in data.columns if c in _USED or c in (column, result_column)]
    data = method_lines_only(data[used], method)
    means = solution_means(data, list(dict.fromkeys([column, result_column])))
    parts = [
        calibration_checks(calibrations, method),
        recovery_checks(means, method, column),
        blank_checks(means, method, column),
        crm_checks(means, method, result_column),
        spike_checks(means, method, result_column),
        duplicate_checks(means, method, result_column),
        internal_standard_checks(means, method),
        ccv_frequency_checks(means, method),
    ]
    checks = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    flags = sample_flags(means, checks)
    checks = _with_affected(checks, flags)
    checks = checks[CHECK_COLUMNS].reset_index(drop=True)
    checks["check"] = checks["check"].map(QcCheck)  # typed: a check kind read from the labels is text
    return QcReport(checks, flags.reset_index(drop=True), run_verdict(checks, method))
