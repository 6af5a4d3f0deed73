"""Several lines per element: the method's preferred line reports, the others check it.

A check line that disagrees with the preferred line by more than the analyte's tolerance
(percent of the preferred result) flags the result: a spectral interference or a matrix effect
on one line shows up as disagreement long before it shows in a CCV. When the preferred reading is
unusable (missing, over range, uncalibrated) the first usable check line reports instead and the
result says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labapp.core.methods import Method
from labapp.core.runorder import solution_means, view_matches, with_default_lines, with_structure
from labapp.core.vocabulary import CheckOutcome, ResultFlag

AGREEMENT_COLUMNS = [
    "solution",
    "sample_label",
    "element",
    "line",
    "check_line",
    "preferred_value",
    "check_value",
    "difference_pct",
    "tolerance_pct",
    "outcome",
]
UNUSABLE_FLAGS = ("over_range", "over_calibration_range", "uncalibrated", "incomplete_model", "not_modelled")


def method_lines(method: Method) -> pd.DataFrame:
    """element, line, method_view, rank (0 = preferred), tolerance_pct for every line of the method."""
    return pd.DataFrame(
        [
            (a.element, spec.line, spec.view, rank, a.line_tolerance_pct)
            for a in method.analytes
            for rank, spec in enumerate(a.lines)
        ],
        columns=["element", "line", "method_view", "rank", "tolerance_pct"],
    )


def _ranked(frame: pd.DataFrame, method: Method, column: str) -> pd.DataFrame:
    """Solution means of the method's lines, each tagged with its rank."""
    merged = with_default_lines(with_structure(frame), method).merge(
        method_lines(method), on=["element", "line"]
    )
    merged = merged[view_matches(merged["method_view"], merged["view"])]
    means = solution_means(merged, column)
    flags = means["flags"].fillna("").astype(str) if "flags" in means else pd.Series("", index=means.index)
    censored = means["censored"].fillna("").astype(str) if "censored" in means else flags.str[:0]
    unusable = means[column].isna() | censored.eq(">")
    for flag in UNUSABLE_FLAGS:
        unusable |= flags.str.contains(flag, regex=False)
    return means.assign(usable=~unusable, censored_=censored, flags_=flags)


def line_agreement(
    frame: pd.DataFrame, method: Method, column: str = "result", ranked: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per solution, element and check line: relative difference to the preferred line.

    difference_pct = 100 (check - preferred) / preferred; pass when |difference| <= tolerance.
    Not applicable when either reading is unusable or censored, the preferred result is not
    positive, or it is below the `loq` column (relative differences near the LOQ are noise).
    `ranked` is select_lines' own ranking of the same frame, passed on so it is built once.
    """
    ranked = _ranked(frame, method, column) if ranked is None else ranked
    preferred = ranked[ranked["rank"].eq(0)]
    checks = ranked[ranked["rank"].gt(0)]
    keep = ["solution", "element", "line", column, "usable", "censored_"]
    if "loq" in ranked:
        keep.append("loq")
    pairs = checks[[*keep, "sample_label", "tolerance_pct"]].merge(
        preferred[keep], on=["solution", "element"], suffixes=("_check", "")
    )
    pairs = pairs.rename(
        columns={"line_check": "check_line", f"{column}_check": "check_value", column: "preferred_value"}
    )
    pairs["difference_pct"] = (
        100.0 * (pairs["check_value"] - pairs["preferred_value"]) / pairs["preferred_value"]
    )
    applicable = pairs["usable"] & pairs["usable_check"] & pairs["preferred_value"].gt(0)
    applicable &= pairs["censored_"].eq("") & pairs["censored__check"].eq("")
    if "loq" in pairs:
        applicable &= ~(pairs["preferred_value"] < pairs["loq"])
    eps = 1e-9 * pairs["tolerance_pct"]
    agree = pairs["difference_pct"].abs() <= pairs["tolerance_pct"] + eps
    pairs["outcome"] = CheckOutcome.where(applicable, agree)
    pairs.loc[~applicable, "difference_pct"] = np.where(
        pairs.loc[~applicable, "preferred_value"].gt(0), pairs.loc[~applicable, "difference_pct"], np.nan
    )
    return pairs[AGREEMENT_COLUMNS].sort_values(["solution", "element", "check_line"]).reset_index(drop=True)


def select_lines(frame: pd.DataFrame, method: Method, column: str = "result") -> pd.DataFrame:
    """One row per solution and element from the line that reports it.

    Adds `line_role` (preferred / alternate), `line_check` (pass / fail / not_applicable over the
    element's check lines) and appends `alternate_line` and `line_disagreement` to `flags`.
    """
    ranked = _ranked(frame, method, column)
    order = ranked.sort_values(["solution", "element", "usable", "rank"], ascending=[True, True, False, True])
    chosen = order.drop_duplicates(["solution", "element"]).copy()
    chosen["line_role"] = np.where(chosen["rank"].eq(0), "preferred", "alternate")
    agreement = line_agreement(frame, method, column, ranked)
    summary = _worst(agreement)
    chosen = chosen.join(summary, on=["solution", "element"])
    chosen["line_check"] = chosen["line_check"].fillna(CheckOutcome.NOT_APPLICABLE)
    added = np.where(chosen["line_role"].eq("alternate"), ";" + ResultFlag.ALTERNATE_LINE, "")
    disagree = chosen["line_check"].eq(CheckOutcome.FAIL)
    added = np.char.add(added, np.where(disagree, ";" + ResultFlag.LINE_DISAGREEMENT, ""))
    chosen["flags"] = (chosen["flags_"] + added).str.strip(";")
    drop = ["usable", "censored_", "flags_", "method_view", "rank", "tolerance_pct"]
    return chosen.drop(columns=drop).sort_values(["solution", "element"]).reset_index(drop=True)


_SEVERITY = (CheckOutcome.NOT_APPLICABLE, CheckOutcome.PASS, CheckOutcome.FAIL)


def _worst(agreement: pd.DataFrame) -> pd.Series:
    """Per solution and element: fail if any check line failed, else pass if any passed."""
    severity = agreement["outcome"].map({o: i for i, o in enumerate(_SEVERITY)}).astype(int)
    worst = severity.groupby([agreement["solution"], agreement["element"]]).max()
    return worst.map(dict(enumerate(_SEVERITY))).rename("line_check")
