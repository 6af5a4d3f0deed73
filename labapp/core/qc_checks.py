"""The individual QC checks of a run, each a vectorised function returning one row per check.

Check rows have the columns CHECK_COLUMNS; the engine that runs them, derives the sample flags
and the run verdict is labapp.core.qc. Limits are inclusive with a 1e-9 relative allowance for
binary round-off (11.0 / 10.0 * 100 is 110.00000000000001).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labapp.core.methods import Method, QcLimits
from labapp.core.runorder import KEYS, SAMPLE_LIKE, view_matches, with_default_lines, with_expected
from labapp.core.vocabulary import CheckOutcome, QcCheck, QcStatistic

CHECK_COLUMNS = [
    "check",
    "element",
    "line",
    "view",
    "solution",
    "sample_label",
    "measured",
    "expected",
    "metric",
    "metric_name",
    "low",
    "high",
    "outcome",
    "note",
    "affected",
]
CHECK_BLANKS = (QcCheck.ICB, QcCheck.CCB)
# the method's recovery limits (QcLimits attribute) of each check standard
_RECOVERY_LIMIT = {check: f"{check.value}_recovery" for check in QcCheck if check.recovery}


def _limits(method: Method) -> dict[str, QcLimits]:
    return {a.element: a.qc for a in method.analytes}


def method_lines_only(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Only readings of the method's analytes on the method's lines (checks of other lines are noise)."""
    wanted = pd.DataFrame(
        [(a.element, s.line, s.view) for a in method.analytes for s in a.lines],
        columns=["element", "line", "mv"],
    )
    merged = with_default_lines(frame, method).merge(wanted, on=["element", "line"])
    return merged[view_matches(merged["mv"], merged["view"])].drop(columns="mv")


def _no_rows() -> pd.DataFrame:
    """The result of a check with nothing to check (run_qc leaves empty parts out)."""
    return pd.DataFrame(columns=CHECK_COLUMNS)


def _rows(data: pd.DataFrame, check: object, metric_name: QcStatistic) -> pd.DataFrame:
    rows = pd.DataFrame({c: data.get(c, np.nan) for c in CHECK_COLUMNS}, index=data.index)
    rows["check"] = check
    rows["metric_name"] = metric_name.value
    return rows


def _outcome(metric: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
    eps = 1e-9 * np.maximum(1.0, np.maximum(low.abs().fillna(0), high.abs().fillna(0)))
    ok = (metric >= low.fillna(-np.inf) - eps) & (metric <= high.fillna(np.inf) + eps)
    return pd.Series(CheckOutcome.where(metric.notna(), ok), index=metric.index)


def _limit_columns(
    data: pd.DataFrame, limits: dict[str, QcLimits], attribute: pd.Series | str
) -> pd.DataFrame:
    names = attribute if isinstance(attribute, pd.Series) else pd.Series(attribute, index=data.index)
    ranges = [getattr(limits[e], n) for e, n in zip(data["element"].tolist(), names.tolist(), strict=True)]
    return pd.DataFrame({"low": [r.low for r in ranges], "high": [r.high for r in ranges]}, index=data.index)


def _loq(data: pd.DataFrame, method: Method) -> pd.Series:
    """LOQ per row: the `loq` column where given, else the method's LOQ of that line."""
    table = {(a.element, spec.line): a.loq_of(spec.line) for a in method.analytes for spec in a.lines}
    keys = pd.MultiIndex.from_frame(data[["element", "line"]]) if len(data) else []
    fallback = pd.Series([table.get(k) for k in keys], index=data.index, dtype=float)
    return data["loq"].astype(float).fillna(fallback) if "loq" in data else fallback


def recovery_checks(means: pd.DataFrame, method: Method, column: str) -> pd.DataFrame:
    """ICV, CCV, low-level check and ICS: recovery = measured / expected x 100."""
    data = means[means["check_kind"].isin(list(_RECOVERY_LIMIT))]
    if data.empty:
        return _no_rows()
    data = with_expected(data, method)
    data["measured"] = data[column]
    data["metric"] = 100.0 * data["measured"] / data["expected"]
    rows = _rows(data, data["check_kind"], QcStatistic.RECOVERY_PCT)
    rows[["low", "high"]] = _limit_columns(data, _limits(method), data["check_kind"].map(_RECOVERY_LIMIT))
    rows["outcome"] = _outcome(rows["metric"], rows["low"], rows["high"])
    rows["note"] = np.where(data["expected"].isna(), "no expected value", "")
    return rows


def crm_checks(means: pd.DataFrame, method: Method, column: str) -> pd.DataFrame:
    """CRM / LCS: recovery within limits, or |measured - certified| <= U when the method says so."""
    data = means[means["sample_type"].eq("crm")].copy()
    if data.empty:
        return _no_rows()
    limits = _limits(method)
    data["expected"] = data["expected"].astype(float) if "expected" in data else np.nan
    u = data["expected_u"].astype(float) if "expected_u" in data else pd.Series(np.nan, index=data.index)
    data["measured"] = data[column]
    certified = data["element"].map(lambda e: limits[e].crm_acceptance == "certified") & u.notna()
    is_lcs = data["sample_label"].astype(str).str.contains("LCS", case=False)
    rows = _rows(data, np.where(is_lcs, QcCheck.LCS, QcCheck.CRM), QcStatistic.RECOVERY_PCT)
    rows[["low", "high"]] = _limit_columns(data, limits, np.where(is_lcs, "lcs_recovery", "crm_recovery"))
    rows["metric"] = 100.0 * data["measured"] / data["expected"]
    rows.loc[certified, "metric_name"] = QcStatistic.DEVIATION.value
    rows.loc[certified, "metric"] = (data["measured"] - data["expected"])[certified]
    rows.loc[certified, "low"] = -u[certified]
    rows.loc[certified, "high"] = u[certified]
    rows["outcome"] = _outcome(rows["metric"], rows["low"], rows["high"])
    rows["note"] = np.where(data["expected"].isna(), "no certified value", "")
    return rows


def blank_checks(means: pd.DataFrame, method: Method, column: str) -> pd.DataFrame:
    """ICB, CCB and method blanks: |measured| < LOQ (a strongly negative blank is as suspect)."""
    is_check = means["check_kind"].isin(CHECK_BLANKS)
    data = means[is_check | means["blank_kind"].eq("method")].copy()
    if data.empty:
        return _no_rows()
    data["measured"] = data[column]
    loq = _loq(data, method)
    rows = _rows(
        data,
        np.where(data["check_kind"].isin(CHECK_BLANKS), data["check_kind"], QcCheck.METHOD_BLANK),
        QcStatistic.ABSOLUTE,
    )
    rows["metric"] = data["measured"].abs()
    rows["low"] = np.nan
    rows["high"] = loq
    below = rows["metric"] < loq
    rows["outcome"] = CheckOutcome.where(~(rows["metric"].isna() | loq.isna()), below)
    rows["note"] = np.where(loq.isna(), "no LOQ known", "")
    return rows


def _labels(data: pd.DataFrame, column: str) -> pd.Series:
    """A label column as text, '' where missing (so joins on it never mix float NaN and text)."""
    values = data[column] if column in data else pd.Series("", index=data.index)
    return values.astype(object).fillna("").astype(str)


def _parents(means: pd.DataFrame, column: str) -> pd.Series:
    """Mean result of each parent sample (by label) per element, line and view."""
    parents = means[means["sample_type"].isin(["sample", "unknown"])]
    parents = parents.assign(sample_label=_labels(parents, "sample_label"))
    return parents.groupby(["sample_label", *KEYS])[column].mean().rename("parent")


def spike_checks(means: pd.DataFrame, method: Method, column: str) -> pd.DataFrame:
    """Matrix spike: recovery = (spiked - unspiked) / added x 100; not applicable when the unspiked
    result exceeds spike_max_parent_ratio times the amount added (EPA 6010D)."""
    data = means[means["sample_type"].eq("spike")].copy()
    if data.empty:
        return _no_rows()
    data["parent_label"] = _labels(data, "parent_label")
    data["spike_added"] = data.get("spike_added", np.nan)
    data = data.join(_parents(means, column), on=["parent_label", *KEYS])
    data["measured"] = data[column]
    data["expected"] = data["parent"] + data["spike_added"]
    ratio = data["element"].map({a.element: a.qc.spike_max_parent_ratio for a in method.analytes})
    too_high = data["parent"] > ratio * data["spike_added"]
    rows = _rows(data, QcCheck.SPIKE, QcStatistic.RECOVERY_PCT)
    rows["metric"] = (100.0 * (data["measured"] - data["parent"]) / data["spike_added"]).where(~too_high)
    rows[["low", "high"]] = _limit_columns(data, _limits(method), "spike_recovery")
    rows["outcome"] = _outcome(rows["metric"], rows["low"], rows["high"])
    rows["_parent"] = data["parent_label"]
    rows["note"] = np.select(
        [data["parent"].isna() | data["spike_added"].isna(), too_high],
        ["no unspiked parent or amount added", "unspiked result above the ratio limit"],
        "",
    )
    return rows


def duplicate_checks(means: pd.DataFrame, method: Method, column: str) -> pd.DataFrame:
    """Duplicate: RPD = |a - b| / ((a + b) / 2) x 100 <= limit; not applicable below the LOQ multiple."""
    data = means[means["sample_type"].eq("duplicate")].copy()
    if data.empty:
        return _no_rows()
    data["parent_label"] = _labels(data, "parent_label")
    data = data.join(_parents(means, column), on=["parent_label", *KEYS])
    data["measured"] = data[column]
    data["expected"] = data["parent"]
    limits = _limits(method)
    floor = _loq(data, method) * data["element"].map(
        {e: q.duplicate_min_loq_multiple for e, q in limits.items()}
    )
    small = (data[["measured", "parent"]].min(axis=1) < floor).fillna(False)
    rows = _rows(data, QcCheck.DUPLICATE, QcStatistic.RPD_PCT)
    rpd = 100.0 * (data["measured"] - data["parent"]).abs() / ((data["measured"] + data["parent"]) / 2.0)
    rows["metric"] = rpd.where(~small)
    rows["low"] = np.nan
    rows["high"] = data["element"].map({e: q.duplicate_rpd_max for e, q in limits.items()})
    rows["outcome"] = _outcome(rows["metric"], rows["low"], rows["high"])
    rows["_parent"] = data["parent_label"]
    rows["note"] = np.select(
        [data["parent"].isna(), small], ["no parent result", "below the LOQ multiple"], ""
    )
    return rows


def internal_standard_checks(means: pd.DataFrame, method: Method) -> pd.DataFrame:
    """IS recovery in every solution after the calibration, within limits of the calibration blank."""
    if "is_recovery" not in means:
        return pd.DataFrame(columns=CHECK_COLUMNS)
    data = means[means["is_recovery"].notna() & means["blank_kind"].ne("calibration")]
    if data.empty:
        return _no_rows()
    data = data.drop_duplicates(["solution", "internal_standard"]).copy()
    data["metric"] = data["is_recovery"]
    data["measured"] = data.get("is_intensity", np.nan)
    rows = _rows(data, QcCheck.INTERNAL_STANDARD, QcStatistic.RECOVERY_PCT)
    rows[["low", "high"]] = _limit_columns(data, _limits(method), "internal_standard_recovery")
    rows["element"] = data["internal_standard"].str.split(" ").str[0]
    rows["line"] = data["internal_standard"].str.split(" ").str[1]
    rows["outcome"] = _outcome(rows["metric"], rows["low"], rows["high"])
    rows["note"] = "IS for " + data["internal_standard"]
    rows["_is"] = data["internal_standard"]
    return rows


def calibration_checks(calibrations: pd.DataFrame | None, method: Method) -> pd.DataFrame:
    """Correlation coefficient r >= r_min; for linear models, the Mandel test must not reject linearity.

    `calibrations` has one row per element/line/view with `r`, `model` and `mandel_p` (the p-value
    of the Mandel F test; NaN when there were too few points).
    """
    if calibrations is None or calibrations.empty:
        return pd.DataFrame(columns=CHECK_COLUMNS)
    data = calibrations.copy()
    data["view"] = data["view"].fillna("") if "view" in data else ""
    data = data[data["element"].isin(method.elements)]
    limits = _limits(method)
    r_rows = _rows(data.assign(metric=data["r"]), QcCheck.CALIBRATION_R, QcStatistic.R)
    r_rows["low"] = data["element"].map({e: q.calibration_r_min for e, q in limits.items()})
    r_rows["high"] = np.nan
    r_rows["outcome"] = _outcome(r_rows["metric"], r_rows["low"], r_rows["high"])
    mandel_p = data["mandel_p"] if "mandel_p" in data else pd.Series(np.nan, index=data.index)
    linear = data["model"].eq("linear") if "model" in data else pd.Series(True, index=data.index)
    m_rows = _rows(data.assign(metric=mandel_p), QcCheck.CALIBRATION_MANDEL, QcStatistic.P_VALUE)
    m_rows["low"] = data["element"].map({e: q.mandel_alpha for e, q in limits.items()})
    m_rows["high"] = np.nan
    m_rows["outcome"] = CheckOutcome.where(~(mandel_p.isna() | ~linear), mandel_p >= m_rows["low"])
    m_rows["note"] = np.where(~linear, "non-linear model", np.where(mandel_p.isna(), "too few points", ""))
    r_rows["note"] = ""
    return pd.concat([r_rows, m_rows], ignore_index=True)


def result_only(means: pd.DataFrame, method: Method) -> bool:
    """An XRF results table with no check solutions at all (no ICV/CCV/CCB or drift monitor).

    An XRF spectrometer keeps its calibration and drift correction (monitor samples) itself, and
    its results export usually lists only the samples; the run-level checks that look for check
    solutions in the file (CCV frequency) then do not apply. An ICP-OES run is calibrated and
    checked in the run itself, so a missing CCV there stays a failure.
    """
    has_checks = means["sample_type"].isin(["check", "check_blank"]).any() if len(means) else False
    return method.technique == "xrf" and not bool(has_checks)


def ccv_frequency_checks(means: pd.DataFrame, method: Method) -> pd.DataFrame:
    """A CCV after every `ccv_every` samples and at the end of the run, per element and line;
    not applicable to a result-only XRF table (see result_only)."""
    rows = []
    samples = means[means["sample_type"].isin(SAMPLE_LIKE)]
    skip = result_only(means, method)
    ccv = means[means["check_kind"].eq(QcCheck.CCV)]
    ccv_solution = ccv["solution"].to_numpy(float)
    ccvs = {key: np.sort(ccv_solution[at]) for key, at in ccv.groupby(KEYS).indices.items()}
    solution = samples["solution"].to_numpy(float)
    labels = samples["sample_label"].astype(str).to_numpy(dtype=object)
    limits = _limits(method)
    for key, at in samples.groupby(KEYS).indices.items():
        every = limits[key[0]].ccv_every
        if skip:
            rows.append(_not_applicable(key, every, "XRF results table without check solutions"))
            continue
        positions = ccvs.get(key, np.empty(0))
        solutions = np.unique(solution[at])
        segment = np.searchsorted(positions, solutions)
        longest = int(np.bincount(segment).max()) if len(segment) else 0
        trailing = solution[at] > (positions[-1] if len(positions) else -1)
        ok = longest <= every and not trailing.any()
        count = len(np.unique(solution[at][trailing]))
        rows.append(
            {
                "check": QcCheck.CCV_FREQUENCY,
                "element": key[0],
                "line": key[1],
                "view": key[2],
                "metric": float(longest),
                "metric_name": QcStatistic.SAMPLES_BETWEEN_CCVS.value,
                "low": np.nan,
                "high": every,
                "outcome": (CheckOutcome.PASS if ok else CheckOutcome.FAIL).value,
                "note": f"{count} samples after the last CCV" if count else "",
                "affected": "; ".join(sorted(set(labels[at][trailing]))),
            }
        )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def _not_applicable(key: tuple, every: int, note: str) -> dict[str, object]:
    return {
        "check": QcCheck.CCV_FREQUENCY,
        "element": key[0],
        "line": key[1],
        "view": key[2],
        "metric": np.nan,
        "metric_name": QcStatistic.SAMPLES_BETWEEN_CCVS.value,
        "low": np.nan,
        "high": every,
        "outcome": CheckOutcome.NOT_APPLICABLE.value,
        "note": note,
        "affected": "",
    }
