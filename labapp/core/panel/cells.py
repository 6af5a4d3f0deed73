"""The cells of a result sheet: one column per typed value of a panel method, and the check of one cell.

The desktop's result sheet shows a determination per row and one column per value the technician
reads off an instrument: a balance reading, a temperature, a potential, or (for sieving) the mass on
each sieve of the method's stack, so a sieve analysis is typed or pasted as one row of fractions.
Each cell is checked as typed with the same rules as labapp.core.panel.entries (the authority when a
test is stored); a problem is a typed kind with its numbers, so the interface words it in English or
Japanese instead of showing an English sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from labapp.core.panel.entries import FIELDS, EntryError, Field, _number
from labapp.core.panel.spec import PanelMethod
from labapp.core.vocabulary import Vocabulary


class CellProblemKind(Vocabulary):
    """Why one typed value of a result sheet cannot be stored."""

    MISSING = "missing", "missing", "未入力"
    NOT_A_NUMBER = "not_a_number", "not a number", "数値ではない"
    BELOW_MINIMUM = "below_minimum", "below the lowest allowed value", "許容下限未満"
    TOO_MANY_DIGITS = "too_many_digits", "more digits than the balance shows", "はかりの表示より桁が多い"


@dataclass(frozen=True)
class Column:
    """One typed value of a determination: a field, or one sieve's part of a list field."""

    field: Field
    part: int | None = None
    aperture_mm: float | None = None

    @property
    def balance(self) -> bool:
        return self.field.balance


@dataclass(frozen=True)
class CellProblem:
    """What is wrong with one cell, with the numbers the message needs (minimum, balance readability)."""

    kind: CellProblemKind
    text: str
    minimum: float | None = None
    resolution_g: float | None = None


def columns(method: PanelMethod) -> tuple[Column, ...]:
    """The sheet's value columns for `method`, in the order of the method's fields; a list field (the
    masses retained per sieve) becomes one column per sieve of the method's stack, coarsest first."""
    out: list[Column] = []
    for f in FIELDS[method.kind]:
        if f.many and method.sieves is not None:
            out.extend(Column(f, i, a) for i, a in enumerate(method.sieves.apertures_mm))
        else:
            out.append(Column(f))
    return tuple(out)


def check_cell(method: PanelMethod, column: Column, text: str) -> CellProblem | None:
    """The problem of one typed value, or None. The rules are those the store applies
    (labapp.core.panel.entries): a balance reading may not show more digits than the balance."""
    text = (text or "").strip()
    if not text:
        return None if column.field.optional else CellProblem(CellProblemKind.MISSING, text)
    d = method.balance.resolution_g if method.balance is not None and column.balance else None
    try:
        _number(column.field, text, d)
    except EntryError:
        return _classify(column.field, text, d)
    return None


def _classify(field: Field, text: str, d: float | None) -> CellProblem:
    raw = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return CellProblem(CellProblemKind.NOT_A_NUMBER, text)
    if not number.is_finite():
        return CellProblem(CellProblemKind.NOT_A_NUMBER, text)
    if field.minimum is not None and float(number) < field.minimum:
        return CellProblem(CellProblemKind.BELOW_MINIMUM, text, minimum=field.minimum)
    return CellProblem(CellProblemKind.TOO_MANY_DIGITS, text, resolution_g=d)


def determination(cols: Sequence[Column], texts: Sequence[str]) -> dict[str, str]:
    """A row's texts as the services take them (field -> text; the sieves' masses joined by ';');
    blank optional fields are left out."""
    out: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    for column, text in zip(cols, texts, strict=True):
        if column.part is not None:
            parts.setdefault(column.field.name, []).append(text.strip())
        elif text.strip():
            out[column.field.name] = text.strip()
    for name, values in parts.items():
        out[name] = "; ".join(values)
    return out


def row_texts(cols: Sequence[Column], fields: Mapping[str, str]) -> list[str]:
    """The inverse of `determination`: a stored or imported determination spread over the columns."""
    split = {
        name: [t.strip() for t in text.split(";")]
        for name, text in fields.items()
        if any(c.part is not None and c.field.name == name for c in cols)
    }
    out = []
    for column in cols:
        if column.part is None:
            out.append(str(fields.get(column.field.name, "")).strip())
        else:
            parts = split.get(column.field.name, [])
            out.append(parts[column.part] if column.part < len(parts) else "")
    return out
