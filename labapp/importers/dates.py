"""Acquisition dates and times as written by instruments, read in the file's own order.

Instruments write dates the way the PC's locale says: 08/02/2016, 10.03.2015, 01.06.07, 2015/3/10,
10-Mar-2015, 20250331 with 74914, 2:05:09 PM. The order of day and month is inferred from all the
file's dates together (a 31 in either place decides it); when no date reveals it, the profile's
`date_order` (else day first) is used and the reader says so in a warning, never in silence. Text
that is not a date stays blank with a warning naming it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

ORDER_WORDS = {"DMY": "day first (DMY)", "MDY": "month first (MDY)", "YMD": "year first (YMD)"}
DEFAULT_ORDER = "DMY"

_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<p>[AaPp]\.?[Mm]\.?)?(?![\d:])"
)
_PLAIN_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
# hh:mm:ss as _checked_clock writes it: such a time is its own clock, no int() or formatting needed
_CANONICAL_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")
_NUMERIC = re.compile(r"(?P<x>\d{1,4})(?P<sep>[/.\-])(?P<y>\d{1,2})(?P=sep)(?P<z>\d{1,4})")
_COMPACT = re.compile(r"(?P<d>(?:19|20)\d{6})(?:[\sT/_-]*(?P<t>\d{5,6}))?")
_WORDS = re.compile(r"[^\W\d_]+|\d+")
_TRIM = " ,;T\t"
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
    "sept", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
)  # fmt: skip
_MONTHS = {name[:3]: i for i, name in enumerate(_MONTH_NAMES[:12], 1)}
_MONTHS.update({"mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12})
_WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
_JAPANESE = str.maketrans({"年": "-", "月": "-", "日": " "})


@dataclass(frozen=True)
class DateReading:
    """ISO 8601 text per input text ("" where unreadable), the day/month order used, and warnings."""

    iso: list[str]
    order: str = ""
    warnings: list[str] = field(default_factory=list)


class _Parsed(NamedTuple):
    """One text split into its date (fixed y/m/d, or three fields in an order still open) and time.
    A named tuple, not a frozen dataclass: there is one per distinct date and time, made 4x faster."""

    fixed: tuple[int, int, int] | None
    open_fields: tuple[str, str, str] | None
    clock: str
    date_text: str = ""


def read_timestamps(texts: Sequence[str], hint: str = "", source: str = "") -> DateReading:
    """ISO 8601 for each text; the day/month order comes from all texts (see module docstring)."""
    parsed = _parse_all(texts)
    opened = {p.open_fields: p.date_text for p in parsed if p is not None and p.open_fields is not None}
    order, warnings = _choose_order(opened, hint, source)
    days: dict[object, str] = {}
    iso = [_iso(p, order, days) for p in parsed]
    unreadable = [t for t, p in zip(texts, parsed, strict=True) if p is None]
    if unreadable:
        warnings.append(_unreadable(unreadable, source))
    return DateReading(iso, order, warnings)


def _unreadable(bad: list[str], source: str) -> str:
    shown = ", ".join(repr(t) for t in bad[:3])
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    return f"{_prefix(source)}{shown}{more} not read as a date and time; left blank"


def _prefix(source: str) -> str:
    return f"{source}: " if source else ""


def _parse_all(texts: Sequence[str]) -> list[_Parsed | None]:
    """_parse per text; `date hh:mm[:ss]`, by far the commonest form, with its date part parsed once
    (a run has thousands of times on a handful of dates), and a time already written as hh:mm:ss
    taken as it is."""
    dates: dict[str, _Parsed | None] = {}
    out: list[_Parsed | None] = []
    for text in texts:
        head, _, tail = text.strip().rpartition(" ")
        if head and _CANONICAL_TIME.fullmatch(tail):
            clock = tail
        else:
            plain = _PLAIN_TIME.fullmatch(tail) if head else None
            if plain is None:
                out.append(_parse(text))
                continue
            clock = _checked_clock(int(plain.group(1)), int(plain.group(2)), int(plain.group(3) or 0))
        if head not in dates:
            dates[head] = _parse(head)
        day = dates[head]
        if day is None or clock is None or day.clock:
            out.append(_parse(text))
        else:
            out.append(_Parsed(day.fixed, day.open_fields, clock, day.date_text))
    return out


def _parse(text: str) -> _Parsed | None:
    """The date and time parts of one text, or None when it is not a date."""
    text = " ".join(text.translate(_JAPANESE).split())
    if not text:
        return _Parsed(None, None, "")
    compact = _COMPACT.fullmatch(text)
    if compact:
        return _compact(compact)
    clock = ""
    hit = _TIME.search(text)
    if hit:
        clock = _clock(hit)
        if clock is None:
            return None
        text = (text[: hit.start()] + " " + text[hit.end() :]).strip(_TRIM)
    if not text:
        return None  # a time with no date cannot be placed
    return _date_part(text, clock)


def _date_part(text: str, clock: str) -> _Parsed | None:
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        x, y, z = numeric.group("x", "y", "z")
        if len(x) == 4:
            return _fixed(int(x), int(y), int(z), clock) if len(z) <= 2 else None
        if len(z) not in (2, 4):
            return None
        return _Parsed(None, (x, y, z), clock, text)
    return _named_month(text, clock)


def _named_month(text: str, clock: str) -> _Parsed | None:
    """10-Mar-2015, Mar 10, 2015, Tuesday 10 March 15: the month's name fixes the order."""
    words = [w.lower() for w in _WORDS.findall(text)]
    words = [w for w in words if w[:3] not in _WEEKDAYS or w[:3] in _MONTHS]
    months = [w for w in words if not w.isdigit()]
    numbers = [w for w in words if w.isdigit()]
    if len(months) != 1 or len(numbers) != 2 or len(words) != 3:
        return None
    month = _MONTHS.get(months[0][:3])
    if month is None or (len(months[0]) > 3 and not _is_month_name(months[0])):
        return None
    long_year = [n for n in numbers if len(n) == 4]
    year_text = long_year[0] if long_year else numbers[-1]
    day_text = numbers[0] if year_text is numbers[-1] else numbers[-1]
    if len(day_text) > 2 or len(year_text) not in (2, 4):
        return None
    return _fixed(_year(year_text), month, int(day_text), clock)


def _is_month_name(word: str) -> bool:
    """'march', 'sept', 'märz' are month names; 'marble' is not."""
    return any(name.startswith(word) for name in _MONTH_NAMES)


def _compact(match: re.Match[str]) -> _Parsed | None:
    """20250331 with an optional 74914 (07:49:14, the leading zero dropped), as Thermo ARL writes."""
    d = match.group("d")
    t = match.group("t") or ""
    clock = ""
    if t:
        t = t.zfill(6)
        clock = _checked_clock(int(t[:2]), int(t[2:4]), int(t[4:]))
        if clock is None:
            return None
    return _fixed(int(d[:4]), int(d[4:6]), int(d[6:]), clock)


def _clock(hit: re.Match[str]) -> str | None:
    hour, minute = int(hit.group("h")), int(hit.group("m"))
    second = int(hit.group("s") or 0)
    meridiem = (hit.group("p") or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    return _checked_clock(hour, minute, second)


def _checked_clock(hour: int, minute: int, second: int) -> str | None:
    if hour > 23 or minute > 59 or second > 60:
        return None
    return f"{hour:02d}:{minute:02d}:{min(second, 59):02d}"


def _fixed(year: int, month: int, day: int, clock: str) -> _Parsed | None:
    return _Parsed((year, month, day), None, clock) if _valid(year, month, day) else None


def _year(text: str) -> int:
    """Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (the POSIX strptime pivot)."""
    value = int(text)
    if len(text) == 4:
        return value
    return value + (2000 if value <= 69 else 1900)


def _valid(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2200:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _ymd(fields: tuple[str, str, str], order: str) -> tuple[int, int, int] | None:
    x, y, z = fields
    if order == "DMY":
        year, month, day = _year(z), int(y), int(x)
    elif order == "MDY":
        year, month, day = _year(z), int(x), int(y)
    else:
        if len(x) != 2 or len(z) > 2:
            return None
        year, month, day = _year(x), int(y), int(z)
    return (year, month, day) if _valid(year, month, day) else None


def _choose_order(opened: dict[tuple[str, str, str], str], hint: str, source: str) -> tuple[str, list[str]]:
    """The one order under which every open date is valid; a warning when the dates allow several
    readings that differ, or when no order fits them all."""
    if not opened:
        return "", []
    candidates = ["DMY", "MDY"] + (["YMD"] if hint == "YMD" else [])
    fitting = [o for o in candidates if all(_ymd(f, o) for f in opened)]
    if not fitting:
        example = ", ".join(repr(opened[f]) for f in sorted(opened)[:2])
        return "", [
            f"{_prefix(source)}the dates ({example}) do not fit one day/month order; "
            "dates written with numbers only are left blank"
        ]
    readings = {o: {f: _ymd(f, o) for f in opened} for o in fitting}
    if len({tuple(sorted(r.items())) for r in readings.values()}) == 1:
        return fitting[0], []
    chosen = hint if hint in fitting else DEFAULT_ORDER
    example = next(f for f in sorted(opened) if len({readings[o][f] for o in fitting}) > 1)
    why = "as the profile states" if chosen == hint else "the common order outside North America"
    return chosen, [
        f"{_prefix(source)}the dates (e.g. {opened[example]!r}) do not show whether the day or "
        f"the month comes first; read {ORDER_WORDS[chosen]}, {why}. Check the instrument's date setting"
    ]


def _iso(parsed: _Parsed | None, order: str, days: dict[object, str]) -> str:
    """ISO 8601 text; `days` keeps each date's text, shared by the thousands of times of one day."""
    if parsed is None:
        return ""
    key = parsed.fixed or parsed.open_fields
    if key not in days:
        ymd = parsed.fixed
        if ymd is None and parsed.open_fields is not None:
            ymd = _ymd(parsed.open_fields, order) if order else None
        days[key] = "" if ymd is None else f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    day = days[key]
    if not day:
        return ""
    return f"{day}T{parsed.clock}" if parsed.clock else day
