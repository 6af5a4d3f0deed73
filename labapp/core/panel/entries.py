"""The entries of a panel test: which fields each kind takes, their units, and their validation.

A lab types (or imports) raw readings: balance readings in g, temperatures, times, electrode
potentials, the analyser's wt%. Each field is declared once here with its unit and English and
Japanese label, so the CLI, the desktop sheet and the importers show and check the same thing. A
value is read from text exactly as typed; its resolution is the last digit typed, and a balance
reading may not claim more digits than the method's balance shows. Every error is one line naming
the field and the problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from labapp.core.errors import LabappError
from labapp.core.panel.problems import OTHER_NAMES_JA, PanelProblem
from labapp.core.panel.spec import PanelMethod
from labapp.core.vocabulary import PanelKind


class EntryError(LabappError):
    """An entry that does not validate or cannot be calculated; the message names the field (and the
    determination). `problem` and `params` say it as typed words, so `text("ja")` words it in Japanese
    while str() stays the one English line the command line prints."""

    def __init__(
        self,
        field: str,
        reason: str,
        problem: PanelProblem | None = None,
        params: Mapping[str, object] | None = None,
        determination: int | None = None,
    ) -> None:
        self.field, self.reason, self.problem = field, reason, problem
        self.params = dict(params or {})
        self.determination = determination
        where = f"determination {determination}: " if determination is not None else ""
        super().__init__(f"{where}{field}: {reason}" if field else f"{where}{reason}")

    @classmethod
    def of(
        cls, field: str, problem: PanelProblem, determination: int | None = None, **params: object
    ) -> EntryError:
        """The error for `problem` at `field`, its English reason from the problem's template."""
        return cls(field, problem.sentence("en", params), problem, params, determination)

    def again(self, determination: int) -> EntryError:
        """The same problem, naming the determination it was found in."""
        return EntryError(self.field, self.reason, self.problem, self.params, determination)

    def text(self, lang: str = "en") -> str:
        """The problem in the interface language: English as str(); Japanese with the field's label."""
        if lang != "ja" or self.problem is None:
            return str(self)
        where = f"測定 {self.determination}: " if self.determination is not None else ""
        name = field_label_ja(self.field)
        return (
            f"{where}{name}: {self.problem.sentence('ja', self.params)}"
            if name
            else (where + self.problem.sentence("ja", self.params))
        )


@dataclass(frozen=True)
class Field:
    """One entry field: name, unit, labels, whether it is a balance reading, a list, or optional."""

    name: str
    unit: str
    en: str
    ja: str
    balance: bool = False
    many: bool = False
    optional: bool = False
    minimum: float | None = 0.0

    def label(self, lang: str = "en") -> str:
        return self.ja if lang == "ja" else self.en


_HEAT = (
    Field("temperature_c", "C", "oven or furnace temperature", "炉の温度", minimum=None),
    Field("time_h", "h", "heating time", "加熱時間"),
)
_LEACH = (
    Field("sample_g", "g", "portion mass", "試料はかり取り量", balance=True),
    Field("leach_volume_ml", "mL", "leach volume", "抽出液の定容量"),
    Field("dilution", "1", "dilution factor", "希釈倍率", optional=True, minimum=1.0),
)
FIELDS: dict[PanelKind, tuple[Field, ...]] = {
    PanelKind.LOSS_ON_DRYING: (
        Field("tare_g", "g", "empty dish", "空の容器", balance=True),
        Field("gross_before_g", "g", "dish and portion before drying", "乾燥前の容器と試料", balance=True),
        Field("gross_after_g", "g", "dish and portion after drying", "乾燥後の容器と試料", balance=True),
        *_HEAT,
    ),
    PanelKind.LOSS_ON_IGNITION: (
        Field("tare_g", "g", "empty crucible", "空のるつぼ", balance=True),
        Field(
            "gross_before_g",
            "g",
            "crucible and portion before ignition",
            "強熱前のるつぼと試料",
            balance=True,
        ),
        Field(
            "gross_after_g", "g", "crucible and portion after ignition", "強熱後のるつぼと試料", balance=True
        ),
        *_HEAT,
    ),
    PanelKind.ACID_INSOLUBLE: (
        Field("sample_g", "g", "portion mass", "試料はかり取り量", balance=True),
        Field("crucible_g", "g", "ignited empty crucible", "恒量にした空のるつぼ", balance=True),
        Field("gross_residue_g", "g", "crucible and residue", "るつぼと残さ", balance=True),
    ),
    PanelKind.FLUORIDE_ISE: (
        *_LEACH,
        Field("reading", "mV", "electrode potential", "電極電位", minimum=None),
    ),
    PanelKind.FLUORIDE_IC: (*_LEACH, Field("reading", "", "peak area", "ピーク面積")),
    PanelKind.COMBUSTION_CARBON: (Field("carbon_pct", "wt%", "analyser result", "分析装置の結果"),),
    PanelKind.SIEVE: (
        Field("initial_g", "g", "portion before sieving", "ふるい分け前の試料", balance=True),
        Field(
            "retained_g",
            "g",
            "mass retained per sieve (coarsest first)",
            "各ふるい上の残留量（粗い順）",
            balance=True,
            many=True,
        ),
        Field("pan_g", "g", "mass in the pan", "受け皿の質量", balance=True),
    ),
    PanelKind.LASER_DIFFRACTION: (
        Field("D10_um", "um", "D10 (volume)", "D10（体積基準）"),
        Field("D50_um", "um", "D50 (volume)", "D50（体積基準）"),
        Field("D90_um", "um", "D90 (volume)", "D90（体積基準）"),
    ),
}


def field_label_ja(name: str) -> str:
    """A field's (or a batch value's) Japanese name; an unknown name as given."""
    for fields in FIELDS.values():
        for f in fields:
            if f.name == name:
                return f.ja
    return OTHER_NAMES_JA.get(name, name)


def ja_params(**names: str) -> dict[str, str]:
    """Field names as template parameters: `other` (as typed) and `otherJa` (its Japanese label)."""
    out = dict(names)
    out.update({f"{key}Ja": field_label_ja(value) for key, value in names.items()})
    return out


@dataclass(frozen=True)
class Entry:
    """One typed value as entered: the text, the number, its unit and its resolution."""

    field: str
    text: str
    value: float | tuple[float, ...]
    unit: str
    resolution: float

    def to_dict(self) -> dict[str, object]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "field": self.field,
            "text": self.text,
            "value": value,
            "unit": self.unit,
            "resolution": self.resolution,
        }


def _number(field: Field, text: str, balance_d: float | None) -> tuple[float, float]:
    raw = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip()
    try:
        d = Decimal(raw)
    except InvalidOperation:
        raise EntryError.of(field.name, PanelProblem.NOT_A_NUMBER, text=repr(text)) from None
    if not d.is_finite():
        raise EntryError.of(field.name, PanelProblem.NOT_FINITE, text=repr(text))
    value = float(d)
    if field.minimum is not None and value < field.minimum:
        raise EntryError.of(
            field.name, PanelProblem.BELOW_MINIMUM, value=f"{text} {field.unit}", minimum=f"{field.minimum:g}"
        )
    resolution = float(Decimal(1).scaleb(d.as_tuple().exponent))  # type: ignore[arg-type]
    if balance_d is not None and resolution < balance_d * (1 - 1e-9):
        raise EntryError.of(field.name, PanelProblem.TOO_MANY_DIGITS, text=text, d=f"{balance_d:g}")
    return value, resolution


def parse_entries(method: PanelMethod, raw: Mapping[str, str]) -> dict[str, Entry]:
    """One determination's entries from text (field -> text; a list field as values separated by ';'):
    every field of the kind present (optional ones may be missing), none unknown."""
    fields = {f.name: f for f in FIELDS[method.kind]}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise EntryError.of(
            unknown[0],
            PanelProblem.UNKNOWN_FIELD,
            kind=method.kind.value,
            kindJa=method.kind.label("ja"),
            expected=", ".join(fields),
            expectedJa="、".join(f.ja for f in fields.values()),
        )
    d = method.balance.resolution_g if method.balance is not None else None
    out: dict[str, Entry] = {}
    for f in fields.values():
        text = raw.get(f.name)
        if text is None or not str(text).strip():
            if f.optional:
                continue
            raise EntryError.of(f.name, PanelProblem.MISSING, name=f.en, nameJa=f.ja, unit=f.unit)
        text = str(text).strip()
        if f.many:
            parts = [_number(f, t, d if f.balance else None) for t in text.split(";") if t.strip()]
            if not parts:
                raise EntryError.of(f.name, PanelProblem.NO_VALUES)
            out[f.name] = Entry(f.name, text, tuple(p[0] for p in parts), f.unit, max(p[1] for p in parts))
        else:
            value, res = _number(f, text, d if f.balance else None)
            out[f.name] = Entry(f.name, text, value, f.unit, res)
    return out


def values(entries: Mapping[str, Entry]) -> dict[str, object]:
    """The numbers of a determination's entries, by field (what the calculations take)."""
    return {name: e.value for name, e in entries.items()}


def parse_pairs(text: str, what: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Calibration standards or a CRM as 'x:y; x:y; ...' -> (xs, ys); one line naming `what` on error."""
    xs, ys = [], []
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        try:
            x, y = (float(v) for v in part.split(":"))
        except ValueError:
            raise EntryError.of(what, PanelProblem.PAIR_NOT_XY, n=i + 1, part=repr(part.strip())) from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise EntryError.of(what, PanelProblem.PAIR_NOT_FINITE, n=i + 1)
        xs.append(x)
        ys.append(y)
    if not xs:
        raise EntryError.of(what, PanelProblem.NO_PAIRS)
    return tuple(xs), tuple(ys)
