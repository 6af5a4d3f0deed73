"""Reportable result per lot and analyte, across techniques and replicate digests.

The methods decide which technique reports which analyte (an analyte with ``reports = true``
in exactly one method; Li can only come from ICP-OES, the XRF schema refuses it). Replicate
digests of a lot are averaged and their agreement checked: RPD for two digests, the relative
range (max - min) / mean for more. The method's LOQ policy gives the reported value or bound, and
`result_texts` prints it by the one rounding rule (labapp.core.uncertainty.reporting). A lot whose
digest was read above the top calibration standard has no reportable value for that analyte: the
reading is an extrapolation, so the digest must be diluted and measured again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from labapp.core.errors import LabappError
from labapp.core.methods import Method
from labapp.core.quantification import detected
from labapp.core.uncertainty.reporting import report
from labapp.core.vocabulary import WITHHOLDING_FLAGS, CheckOutcome, ElementStatus, ResultFlag

REPORT_COLUMNS = [
    "lot",
    "element",
    "value",
    "text",
    "unit",
    "censored",
    "n_digests",
    "rpd_pct",
    "rpd_limit",
    "rpd_outcome",
    "u",
    "U",
    "loq",
    "lod",
    "method_id",
    "technique",
    "flags",
    "note",
]


def reporting_plan(methods: Sequence[Method]) -> dict[str, Method]:
    """Map each analyte to the one method that reports it; two methods claiming one analyte is an error."""
    plan: dict[str, Method] = {}
    for method in methods:
        for analyte in method.analytes:
            if not analyte.reports:
                continue
            if analyte.element in plan:
                other = plan[analyte.element]
                raise LabappError(
                    f"{analyte.element} is reported by both {other.id} ({other.source}) and {method.id} "
                    f"({method.source}); set reports = false in one of them"
                )
            plan[analyte.element] = method
    return plan


def result_text(value: float | None, U: float | None, censored: str | None, loq: float | None) -> str:  # noqa: N803
    """The stored and shown text of a result ('18.78', '< 0.016', '' without a value), by the one
    rounding rule: the value to the decimal place of U at two significant digits, a bound rounded up."""
    censored = censored if censored in ("<", ">") else ""
    number = None if value is None or not np.isfinite(value) else float(value)
    bound = None if loq is None or not np.isfinite(loq) else float(loq)
    if censored and bound is None:
        bound = number
    if number is None and not (censored and bound is not None):
        return ""
    u = None if U is None or not np.isfinite(U) else float(U)
    return report(number, u, censored=censored, limit=bound if censored else None).shown


def censoring_bound(flags: str | None, loq: float | None, lod: float | None) -> float | None:
    """The bound a censored result is printed with: the detection limit for a result not detected
    (flag `not_detected`: "< LOD"), else the quantification limit ("< LOQ", also for "detected, not
    quantified"). Every output that prints a censored result asks this, so none can disagree."""
    if ResultFlag.NOT_DETECTED in ResultFlag.split(flags) and lod is not None and np.isfinite(lod):
        return float(lod)
    return loq


def result_texts(table: pd.DataFrame) -> list[str]:
    """`result_text` of every row of a frame with value, U, censored, loq (and lod, flags) columns;
    a censored row's bound from `censoring_bound`."""
    names = ("value", "U", "censored", "loq", "lod", "flags")
    defaults = {"censored": "", "flags": ""}
    columns = [_optional(table, c, defaults.get(c, np.nan)) for c in names]
    return [
        result_text(value, U, censored, censoring_bound(flags, loq, lod))
        for value, U, censored, loq, lod, flags in zip(*(c.tolist() for c in columns), strict=True)  # noqa: N806
    ]


def _optional(frame: pd.DataFrame, column: str, default: object) -> pd.Series:
    return frame[column] if column in frame else pd.Series(default, index=frame.index)


def reportable_results(results: pd.DataFrame, methods: Sequence[Method]) -> pd.DataFrame:
    """One reportable row per lot and analyte.

    `results` holds one row per lot, digest and analyte on the reporting basis (dry solid, the
    analyte's report unit): lot, digest, method_id, element, value, and optionally censored
    ("<"), loq, u, U, flags, status (the QC element status: a "blocked" element gives no result).
    The uncertainty of the mean is taken as the mean of the digests' u (the calibration, CRM
    and volumetric components do not average out; conservative). The lot's LOQ and LOD are the
    largest of its digests'; "detected, not quantified" is decided on the lot's mean against them.
    """
    plan = reporting_plan(methods)
    data = results.copy()
    data["_method"] = data["element"].map({e: m.id for e, m in plan.items()})
    data = data[data["method_id"].eq(data["_method"])]
    blocked = _optional(data, "status", ElementStatus.OK).eq(ElementStatus.BLOCKED)
    usable = data[~blocked & data["value"].notna()]
    grouped = usable.groupby(["lot", "element"])
    table = grouped.agg(
        value=("value", "mean"),
        low=("value", "min"),
        high=("value", "max"),
        n_digests=("value", "size"),
        method_id=("method_id", "first"),
    )
    extra = pd.DataFrame(
        {
            "u": _optional(usable, "u", np.nan),
            "U": _optional(usable, "U", np.nan),
            "loq": _optional(usable, "loq", np.nan),
            "lod": _optional(usable, "lod", np.nan),
            "censored_digest": _optional(usable, "censored", "").fillna("").eq("<"),
        }
    )  # one grouping for all four (each group-by call costs about a millisecond)
    extra = extra.groupby([usable["lot"], usable["element"]]).agg(
        {"u": "mean", "U": "mean", "loq": "max", "lod": "max", "censored_digest": "any"}
    )
    table[list(extra.columns)] = extra
    flags = _optional(usable, "flags", "").fillna("").astype(str)
    table = table.reset_index()
    table["flags"] = _group_flags(flags.to_numpy(dtype=object), grouped.ngroup().to_numpy(), len(table))
    missing = _missing(results, plan, table, data, blocked)
    table = _finish(table, plan)
    out = pd.concat([table, missing], ignore_index=True) if not missing.empty else table
    return out[REPORT_COLUMNS].sort_values(["lot", "element"]).reset_index(drop=True)


def _group_flags(flags: np.ndarray, codes: np.ndarray, n_groups: int) -> list[str]:
    """The merged flags of each group (code = position in the sorted group table): most digests carry
    no flag, so only the groups with one are merged (a Python function per group costs more than the
    rest of the aggregation)."""
    merged = [""] * n_groups
    flagged: dict[int, list[str]] = {}
    for at in np.flatnonzero(flags != ""):
        if codes[at] >= 0:  # NaN: a row without lot or element, in no group
            flagged.setdefault(int(codes[at]), []).append(flags[at])
    for code, values in flagged.items():
        merged[code] = _merge_flags(values)
    return merged


def _merge_flags(values: Sequence[str]) -> str:
    seen: list[str] = []
    for text in values:
        for flag in str(text).split(";"):
            if flag and flag not in seen:
                seen.append(flag)
    return ";".join(seen)


def _finish(table: pd.DataFrame, plan: dict[str, Method]) -> pd.DataFrame:
    """RPD check, LOQ policy and rounding, vectorised over the lot x analyte table."""
    analyte = {e: m.analyte(e) for e, m in plan.items()}
    spread = table["high"] - table["low"]
    table["rpd_pct"] = (100.0 * spread / table["value"]).where(table["n_digests"] > 1)
    table["rpd_limit"] = table["element"].map({e: a.qc.duplicate_rpd_max for e, a in analyte.items()})
    floor = table["loq"] * table["element"].map(
        {e: a.qc.duplicate_min_loq_multiple for e, a in analyte.items()}
    )
    applicable = table["rpd_pct"].notna() & ~(table["value"] < floor)
    eps = 1e-9 * table["rpd_limit"]
    table["rpd_outcome"] = CheckOutcome.where(applicable, table["rpd_pct"] <= table["rpd_limit"] + eps)
    table["technique"] = table["element"].map({e: m.technique for e, m in plan.items()})
    table["unit"] = table["element"].map({e: a.unit for e, a in analyte.items()})
    policy = table["element"].map({e: m.loq_policy for e, m in plan.items()})
    below = table["value"] < table["loq"]
    shown = below & detected(table["value"], table["lod"])  # NaN LOD: nothing is said to be detected
    absent = below & np.isfinite(table["lod"].astype(float)) & ~shown  # below the decision limit
    less_than = below & policy.eq("less_than")
    table["censored"] = np.where(less_than, "<", "")
    bound = table["loq"].where(~absent, table["lod"])  # "< LOD" when not detected, else "< LOQ"
    table.loc[less_than, "value"] = bound[less_than]
    added = pd.Series(np.where(shown, ";" + ResultFlag.DETECTED_NOT_QUANTIFIED, ""), index=table.index)
    for name, hit in (
        (ResultFlag.NOT_DETECTED, absent),
        (ResultFlag.DIGEST_RPD, table["rpd_outcome"].eq(CheckOutcome.FAIL)),
        (ResultFlag.BELOW_LOQ, below & ~less_than),
        (ResultFlag.CENSORED_DIGEST, table["censored_digest"].astype(bool)),
    ):
        added += np.where(hit, ";" + name, "")
    flags = _without(table["flags"].fillna(""), ResultFlag.DETECTED_NOT_QUANTIFIED)
    table["flags"] = (_without(flags, ResultFlag.NOT_DETECTED) + added).str.strip(";")
    table["note"] = ""
    _withhold_above_range(table)
    table["text"] = result_texts(table)
    return table


def censor_above_target(table: pd.DataFrame, methods: Sequence[Method]) -> pd.DataFrame:
    """Decide "quantified" again on the lot's own budget (review of issue 17, finding 12).

    Each digest met the method's target U/x <= T at its own k, but the lot's U is k_lot times the
    mean of the digests' u with k_lot from the smallest nu_eff, so with digests of very different dof
    the lot's U/x can exceed T. A lot result with U/x > T is therefore not quantified: its LOQ becomes
    max(LOQ, U/T) (the level at which this U is T of the value: exact where U does not change with
    the level, as near a limit where the absolute terms dominate; always above the value, since
    U/x > T), and it is censored by the method's LOQ policy like any result below its LOQ.
    `table` is the reportable table with U = k_lot u (labapp.core.pipeline); returns a copy.
    """
    plan = reporting_plan(methods)
    table = table.copy()
    target = table["element"].map({e: m.loq_target_rel_u_pct / 100.0 for e, m in plan.items()}).astype(float)
    value, U = table["value"].astype(float), table["U"].astype(float)  # noqa: N806
    quantified = table["censored"].fillna("").eq("") & value.gt(0) & np.isfinite(U)
    hit = quantified & (U / value > target * (1 + 1e-12))
    if not hit.any():
        return table
    table.loc[hit, "loq"] = np.fmax(table.loc[hit, "loq"].astype(float), (U / target)[hit])
    policy = table["element"].map({e: m.loq_policy for e, m in plan.items()})
    less_than = hit & policy.eq("less_than")
    shown = hit & detected(value, table["lod"].astype(float))
    flags = table["flags"].fillna("").astype(str)
    added = np.where(shown, ";" + ResultFlag.DETECTED_NOT_QUANTIFIED, "")
    added = added + np.where(hit & ~less_than, ";" + ResultFlag.BELOW_LOQ, "")
    table["flags"] = (flags + added).str.strip(";")
    table.loc[less_than, "censored"] = "<"
    table.loc[less_than, "value"] = table.loc[less_than, "loq"]
    table["text"] = result_texts(table)
    return table


def _without(flags: pd.Series, flag: ResultFlag) -> pd.Series:
    """The flags without `flag` (the lot decides it again from its own value and limits)."""
    return flags.map(lambda text: ";".join(f for f in str(text).split(";") if f and f != flag.value))


def _withhold_above_range(table: pd.DataFrame) -> None:
    """A lot with a digest that has no reportable value reports none for that analyte: read above the
    top calibration standard (an extrapolated reading is not a measurement result: dilute and measure
    again), or without a term its budget needs (no counting uncertainty, no calibration uncertainty:
    U would be understated). No value, no U; the note gives the first such flag's words. The digests'
    values stay on their own rows."""
    flags = table["flags"].fillna("").str.split(";")
    found = flags.map(lambda given: next((f for f in WITHHOLDING_FLAGS if f.value in given), None))
    hit = found.notna().to_numpy(bool)
    if not hit.any():
        return
    table.loc[hit, ["value", "u", "U"]] = np.nan
    table.loc[hit, "censored"] = ""
    table.loc[hit, "note"] = [flag.label() for flag in found[hit]]


def _missing(
    results: pd.DataFrame,
    plan: dict[str, Method],
    table: pd.DataFrame,
    data: pd.DataFrame,
    blocked: pd.Series,
) -> pd.DataFrame:
    """A row saying why for each lot and planned analyte without a reportable value."""
    lots = results["lot"].drop_duplicates()
    wanted = pd.MultiIndex.from_product([lots, sorted(plan)], names=["lot", "element"])
    have = pd.MultiIndex.from_frame(table[["lot", "element"]])
    absent = wanted.difference(have).to_frame(index=False)
    if absent.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    lots, elements = data.loc[blocked, "lot"].tolist(), data.loc[blocked, "element"].tolist()
    blocked_keys = set(zip(lots, elements, strict=True))
    absent["method_id"] = absent["element"].map({e: m.id for e, m in plan.items()})
    absent["technique"] = absent["element"].map({e: m.technique for e, m in plan.items()})
    absent["unit"] = absent["element"].map({e: m.analyte(e).unit for e, m in plan.items()})
    absent["note"] = [
        "calibration failed: no reportable result" if (lot, e) in blocked_keys else f"no result from {t}"
        for lot, e, t in zip(*(absent[c].tolist() for c in ("lot", "element", "technique")), strict=True)
    ]
    absent["n_digests"] = 0
    absent["censored"] = ""
    absent["text"] = ""
    absent["flags"] = ResultFlag.NO_RESULT.value
    absent["rpd_outcome"] = CheckOutcome.NOT_APPLICABLE.value
    return absent.reindex(columns=REPORT_COLUMNS)
