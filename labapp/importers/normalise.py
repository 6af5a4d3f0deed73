"""The stage every family shares: raw readings -> the tidy measurement frame.

Readers only locate cells. Everything with meaning happens here, once: statistics rows are
dropped, analyte labels parsed, values parsed with censoring and flags, units normalised,
oxides converted to elements, sample types assigned and timestamps made ISO 8601.
Work is done per distinct string (pd.factorize) so a million readings cost a few passes.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from labapp.importers.analytes import Analyte, compile_patterns, parse_analyte, xrf_line
from labapp.importers.coding import Context, coded, factorized, map_column, parse_values, text, used
from labapp.importers.crosscheck import compound_twins, impossible_contents, monotonic_warnings
from labapp.importers.labels import sample_types, timestamp_codes
from labapp.importers.result import TIDY_COLUMNS
from labapp.importers.roles import norm
from labapp.importers.units import detection_limits, resolve_units
from labapp.importers.values import Cells

# Columns a reader may hand over (all optional but source_row, analyte and value or intensity).
# fmt: off
RAW_COLUMNS = (
    "source_row", "sample_label", "sample_type_raw", "analyte", "species_raw", "value", "unit", "flags_raw",
    "intensity", "detection_limit", "uncertainty", "uncertainty_coverage", "date", "time", "datetime",
    "replicate", "statistic", "statistic_section", "line_raw", "header_unit", "twin_of",
)
# fmt: on


def normalise(raw: pd.DataFrame, ctx: Context, metadata: dict) -> pd.DataFrame:
    """Turn raw readings (RAW_COLUMNS, strings or numbers) into the tidy frame."""
    raw = _drop_statistics(raw.reset_index(drop=True), ctx, metadata)
    if "value" not in raw:
        raw["value"] = np.nan
    raw = _drop_ignored(raw, ctx)
    analyte_codes, analytes = _analytes(raw, ctx)
    keep = analytes.pop("keep")[analyte_codes]
    if not keep.all():
        raw = raw.loc[keep].reset_index(drop=True)
        analyte_codes = analyte_codes[keep]
    n = len(raw)
    values = parse_values(raw, "value", ctx)
    unit, factor, kind = resolve_units(raw, values, ctx)
    labels = coded(raw, "sample_label")
    # text columns kept as (distinct values, codes) until the frame is built
    deferred = {
        "sample_label": labels[::-1],
        "sample_type": sample_types(raw, ctx, labels)[::-1],
        **{c: (analytes[c], analyte_codes) for c in _ANALYTE_TEXT},
    }
    out: dict[str, np.ndarray] = {
        "source_row": raw["source_row"].to_numpy(),
        "replicate": _replicates(raw),
        "intensity": _numbers(raw, "intensity", ctx, n),
        "value": values.value,
        "unit": unit,
        "censored": values.censored,
        "detection_limit": detection_limits(raw, values, unit, ctx),
        "flags": _flags(raw, values, ctx),
    }
    deferred["acquired_at"] = timestamp_codes(raw, ctx)[::-1]
    if "line_raw" in raw:
        lines = map_column(raw, "line_raw", xrf_line)
        out["line"] = np.where(lines != "", lines, analytes["line"][analyte_codes])
        del deferred["line"]
    if "uncertainty" in raw:
        out["uncertainty"], out["uncertainty_k"] = _uncertainty(raw, values.value, ctx, n)
    _apply_factors(out, factor)
    _apply_not_detected(out, ctx)
    _route_non_concentrations(out, kind)
    factors = analytes["factor"][analyte_codes]
    _convert_species(out, (analytes["species"] != "")[analyte_codes], factors)  # tested per distinct label
    censored = out["censored"] != ""
    if "uncertainty" in out:
        out["uncertainty"][censored] = np.nan
    keep = ~_empty(out, censored)
    if "species_value" in out:
        _check_twin_labels(raw, analytes["element"][analyte_codes], ctx, patterns_of(ctx))
        line = out["line"] if "line" in out else analytes["line"][analyte_codes]
        keep &= _twins(raw, out, labels[0], analytes, analyte_codes, line, factors, ctx, metadata)
    rows = keep if not keep.all() else slice(None)
    ctx.samples = _distinct(labels[1], labels[0][rows])
    frame = {c: _text_column(*deferred[c], rows) if c in deferred else out[c][rows] for c in TIDY_COLUMNS}
    frame.update((c, v[rows]) for c, v in out.items() if c not in TIDY_COLUMNS)
    tidy = pd.DataFrame(frame, copy=False)
    monotonic_warnings(tidy, ctx)
    impossible_contents(tidy, ctx)
    return tidy


_ANALYTE_TEXT = ("element", "species", "line", "view")
_NO_ANALYTE = Analyte("", "", 1.0, "", "")


def _text_column(
    distinct: np.ndarray, codes: np.ndarray, rows: np.ndarray | slice
) -> pd.api.extensions.ExtensionArray:
    """distinct[codes[rows]] as the array pandas builds for such text, converting only the
    distinct values (pandas 3 checks every cell of an object array it turns into strings)."""
    return pd.Series(distinct, copy=False).array.take(codes[rows])


def _distinct(uniques: np.ndarray, codes: np.ndarray) -> int:
    """How many different strings the rows hold (trimmed values may repeat among `uniques`)."""
    return len(set(uniques[used(codes, len(uniques))]))


def _empty(out: dict[str, np.ndarray], censored: np.ndarray) -> np.ndarray:
    """Readings with no value, intensity, censoring or flag. The flags (a million strings) are
    compared only where the numbers leave a reading empty."""
    empty = np.isnan(out["value"]) & np.isnan(out["intensity"]) & ~censored
    empty[empty] = out["flags"][empty] == ""
    return empty


def _uncertainty(raw: pd.DataFrame, value: np.ndarray, ctx: Context, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The error column in the value's unit, and its coverage per reading (`uncertainty_k`: the
    profile's [uncertainty] coverage, or the file's own per-reading column where filled; NaN where
    the vendor does not document it). A relative error (percent of the value) is made absolute."""
    error = _numbers(raw, "uncertainty", ctx, n)
    meaning = ctx.profile.uncertainty
    if meaning.relative:
        error = np.abs(value) * error / 100.0
    k = np.full(n, float(meaning.coverage) if meaning.coverage else np.nan)
    if "uncertainty_coverage" in raw:
        given = _numbers(raw, "uncertainty_coverage", ctx, n)
        k = np.where(np.isfinite(given) & (given > 0), given, k)
    return error, k


def _numbers(raw: pd.DataFrame, column: str, ctx: Context, n: int) -> np.ndarray:
    if column not in raw:
        return np.full(n, np.nan)
    return parse_values(raw, column, ctx).value


def _drop_statistics(raw: pd.DataFrame, ctx: Context, metadata: dict) -> pd.DataFrame:
    rules = ctx.profile.statistics
    mask = np.zeros(len(raw), dtype=bool)
    if "statistic_section" in raw:
        mask |= raw["statistic_section"].fillna(False).astype(bool).to_numpy()
    if rules.patterns:
        column = "statistic" if rules.column == "statistic" else "sample_label"
        regexes = [re.compile(p) for p in rules.patterns]
        mask |= map_column(raw, column, lambda s: any(r.search(s) for r in regexes)).astype(bool)
    if mask.any():
        metadata["statistics_rows_excluded"] = int(pd.Series(raw["source_row"][mask]).nunique())
    return raw.loc[~mask].reset_index(drop=True)


def _drop_ignored(raw: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    ignore = {norm(a) for a in ctx.profile.analytes.ignore}
    if not ignore:
        return raw
    keep = ~map_column(raw, "analyte", lambda a: norm(a) in ignore).astype(bool)
    return raw.loc[keep].reset_index(drop=True)


def patterns_of(ctx: Context) -> list[re.Pattern[str]]:
    return compile_patterns(ctx.profile.analytes.patterns)


def _check_twin_labels(
    raw: pd.DataFrame, elements: np.ndarray, ctx: Context, patterns: list[re.Pattern[str]]
) -> None:
    """A compound read from an analyte's column group (`Mg Compound` = MgO) must be that element's."""
    if "twin_of" not in raw:
        return
    twin = map_column(
        raw, "twin_of", lambda t: (parse_analyte(t, patterns) or _NO_ANALYTE).element if t else ""
    )
    wrong = (twin != "") & (twin != elements)
    if wrong.any():
        k = int(np.flatnonzero(wrong)[0])
        raise ctx.fail(
            raw,
            np.arange(len(raw)) == k,
            f"the {twin[k]} columns name the compound {text(raw, 'analyte')[k]!r}, not a {twin[k]} compound",
        )


def _twins(
    raw: pd.DataFrame,
    out: dict[str, np.ndarray],
    label_codes: np.ndarray,
    analytes: dict[str, np.ndarray],
    analyte_codes: np.ndarray,
    line: np.ndarray,
    factors: np.ndarray,
    ctx: Context,
    metadata: dict,
) -> np.ndarray:
    readings = pd.DataFrame(
        {
            "k0": pd.factorize(pd.Series(out["source_row"], dtype=object))[0],
            "k1": analytes["element"][analyte_codes],
            "k2": line,
            "k3": analytes["view"][analyte_codes],
            "k4": pd.Series(out["replicate"]).fillna(-1).to_numpy(),
            "k5": label_codes,
            "element": analytes["element"][analyte_codes],
            "species": analytes["species"][analyte_codes],
            "value": out["value"],
            "species_value": out["species_value"],
            "censored": out["censored"],
            "source_row": out["source_row"],
        }
    )
    declared = text(raw, "twin_of") != "" if "twin_of" in raw else np.zeros(len(readings), dtype=bool)
    return compound_twins(readings, factors, ctx, metadata, declared, out["flags"])


def _analytes(raw: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Codes per reading and, per distinct label, element, species, conversion factor, line, view
    and whether it names an analyte at all (`keep`); each label is parsed once."""
    patterns = compile_patterns(ctx.profile.analytes.patterns)
    if "species_raw" in raw:
        species_raw, labels = text(raw, "species_raw"), text(raw, "analyte")
        codes, keys = pd.factorize(pd.Series(np.where(species_raw != "", species_raw, labels), dtype=object))
        keys = np.asarray(keys, dtype=object)
    else:
        codes, keys = coded(raw, "analyte")
    present = used(codes, len(keys))
    views = ctx.profile.analytes.views
    parsed = [
        parse_analyte(str(k), patterns, views) if u else None for k, u in zip(keys, present, strict=True)
    ]
    bad = np.array([p is None and k != "" for p, k in zip(parsed, keys, strict=True)], dtype=bool) & present
    if bad[codes].any():
        first = keys[bad][0]
        raise ctx.fail(raw, bad[codes], f"analyte {first!r} is not an element, formula or known line label")
    return codes, {
        "element": np.array([p.element if p else "" for p in parsed], dtype=object),
        "species": np.array([p.species if p else "" for p in parsed], dtype=object),
        "factor": np.array([p.factor if p else 1.0 for p in parsed], dtype=float),
        "line": np.array([p.line if p else "" for p in parsed], dtype=object),
        "view": np.array([p.view if p else "" for p in parsed], dtype=object),
        "keep": np.array([p is not None for p in parsed], dtype=bool),
    }


def _replicates(raw: pd.DataFrame) -> pd.array:
    if "replicate" not in raw:
        n = len(raw)
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    return pd.to_numeric(raw["replicate"], errors="coerce").round().astype("Int64").array


def _flags(raw: pd.DataFrame, values: Cells, ctx: Context) -> np.ndarray:
    rules = ctx.profile.flags
    mapping = dict(rules.map)

    def normalise_flags(text: object) -> str:
        out: list[str] = []
        for part in str(text).split("\x1f"):
            part = part.strip()
            if not part:
                continue
            if part in mapping:
                pieces = [part]
            elif rules.split == "chars":
                pieces = list(part.replace(" ", ""))
            elif rules.split == "none":
                pieces = [part]
            else:
                pieces = [p.strip() for p in re.split(rules.split, part) if p.strip()]
            for piece in pieces:
                flag = mapping.get(piece)
                if flag is None:
                    flag = "vendor:" + piece
                    ctx.warn(f"flag {piece!r} is not in profile {ctx.profile.id}; kept as {flag}")
                if flag and flag not in out:
                    out.append(flag)
        return ";".join(out)

    both = map_column(raw, "flags_raw", normalise_flags)
    flagged = values.rest_flags != ""  # only cells read as text carry flags
    rows = values.rest[flagged]
    both[rows] = [
        b if a == "" else ";".join(dict.fromkeys(f"{a};{b}".split(";")))
        for a, b in zip(both[rows], values.rest_flags[flagged], strict=True)
    ]
    return both


def _apply_factors(out: dict[str, np.ndarray], factor: np.ndarray) -> None:
    if len(factor) and not np.all(factor == 1.0):
        for column in ("value", "detection_limit", "uncertainty"):
            if column in out:
                out[column] = out[column] * factor


def _apply_not_detected(out: dict[str, np.ndarray], ctx: Context) -> None:
    markers = set(ctx.profile.flags.not_detected)
    if not markers:
        return
    hit = factorized(pd.Series(out["flags"]), lambda f: bool(markers & set(str(f).split(";")))).astype(bool)
    out["censored"][hit] = "<"
    out["value"][hit] = np.nan


def _route_non_concentrations(out: dict[str, np.ndarray], kind: tuple[np.ndarray, np.ndarray]) -> None:
    """Intensities written in a value column (kcps, c/s) go to `intensity`; IS recoveries aside."""
    codes, units = kind
    counts = (units == "cps")[codes]
    if counts.any():
        out["intensity"] = np.where(counts, out["value"], out["intensity"])
        out["value"][counts] = np.nan
        out["detection_limit"][counts] = np.nan
        out["unit"][counts] = ""
    recovery = (units == "recovery%")[codes]
    if recovery.any():
        out["recovery_pct"] = np.where(recovery, out["value"], np.nan)
        out["value"][recovery] = np.nan
        out["unit"][recovery] = ""
        out["flags"][recovery] = [
            ";".join(filter(None, [f, "internal_standard"])) for f in out["flags"][recovery]
        ]


def _convert_species(out: dict[str, np.ndarray], reported: np.ndarray, factors: np.ndarray) -> None:
    """A value the file reports as a compound (its label is a formula, or a Compound column names
    it) becomes the element's, with IUPAC 2021 weights; the written value stays in species_value."""
    if not reported.any():
        return
    out["species_value"] = np.where(reported, out["value"], np.nan)
    for column in ("value", "detection_limit", "uncertainty"):
        if column in out:
            out[column] = np.where(reported, out[column] * factors, out[column])
