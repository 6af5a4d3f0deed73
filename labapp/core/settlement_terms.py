"""The contract terms of a settlement, read from a TOML or CSV file the user controls (docs/settlement.md).

Prices and payables are the user's: the laboratory types the contract's terms and the reference
prices of the pricing date into the file; nothing is fetched. The file is parsed here from its text
(the core reads no files) and every problem is one line naming the file, the line and the field, so
a user finds it at once; a file with a problem yields no terms at all. The CSV form
(settlement_terms_csv) holds the same fields as rows `section,field,value`, for labs that keep
contract terms in a spreadsheet; both forms go through the one reader below.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from labapp.core.analytes import ANALYTES
from labapp.core.errors import LabappError
from labapp.core.settlement import LotMass, Payable, PriceBasis, PriceUnit, SettlementRules
from labapp.core.splitting import LimitKind, Party, SettleOn, SplittingLimit, UmpireRule
from labapp.core.vocabulary import Vocabulary

_CURRENCY = re.compile(r"[A-Z]{3}")


class MoistureSource(Vocabulary):
    """Which moisture turns the lot's wet mass into dry tonnes."""

    LABORATORY = "laboratory", "the laboratory's moisture result", "当試験所の水分測定値"
    STATED = "stated", "the moisture stated in the terms", "契約条件に記載の水分値"


class TermsError(LabappError):
    """A terms file that cannot be used: one line with file, line and field."""


@dataclass(frozen=True)
class SettlementTerms:
    """One contract's settlement terms for one lot."""

    source: str  # the file's name, for messages and the statement
    reference: str
    seller: str
    buyer: str
    acts_for: Party  # the party whose laboratory this is
    settle_on: SettleOn
    umpire_rule: UmpireRule
    wet_mass_t: float | None  # None: the lot's registered net wet mass
    u_wet_mass_t: float
    moisture_source: MoistureSource
    moisture_pct: float | None  # with MoistureSource.STATED
    u_moisture_pct: float | None
    payables: tuple[Payable, ...]
    limits: dict[str, SplittingLimit]

    @property
    def rules(self) -> SettlementRules:
        return SettlementRules(self.acts_for, self.settle_on, self.umpire_rule)

    @property
    def currency(self) -> str:
        return self.payables[0].currency

    def lot_mass(
        self, registered_wet_t: float | None, lab_moisture_pct: float | None, lab_u_moisture_pct: float | None
    ) -> LotMass:
        """The lot's mass and moisture for the settlement, from the terms or the laboratory's records."""
        wet = self.wet_mass_t if self.wet_mass_t is not None else registered_wet_t
        if wet is None:
            raise LabappError(
                f"{self.source}: [lot] wet_mass_t is not given and the lot has no registered net wet mass"
            )
        if self.moisture_source is MoistureSource.STATED:
            f, u = self.moisture_pct, self.u_moisture_pct
        else:
            f, u = lab_moisture_pct, lab_u_moisture_pct
            if f is None or u is None:
                raise LabappError(
                    f'{self.source}: [lot] moisture = "laboratory" but the lot has no moisture '
                    "result with its uncertainty; state moisture_pct and u_moisture_pct"
                )
        return LotMass(wet, self.u_wet_mass_t, (f or 0.0) / 100.0, (u or 0.0) / 100.0)


LineFinder = Callable[[str, str | None], int]
FIELDS = {
    "contract": ("reference", "seller", "buyer", "laboratory_acts_for", "settle_agreed_on", "umpire_rule"),
    "lot": ("wet_mass_t", "u_wet_mass_t", "moisture", "moisture_pct", "u_moisture_pct"),
    "payable": (
        "payable_pct", "price", "currency", "price_unit", "basis", "price_date", "reference",
        "splitting_limit", "splitting_limit_kind",
    ),
}


def parse_terms(text: str, source: str) -> SettlementTerms:
    """The terms in `text` (the TOML file `source`); TermsError names the file, line and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise TermsError(f"{source}:{found.group(1) if found else 1}: not valid TOML: {exc}") from None
    return terms_from_tables(data, source, _toml_lines(text))


def terms_from_tables(data: dict[str, Any], source: str, line: LineFinder) -> SettlementTerms:
    """The terms from parsed tables; `line(section, key)` gives the line a field came from."""
    reader = _Reader(line, source)
    contract, lot = reader.table(data, "contract"), reader.table(data, "lot")
    payable = reader.table(data, "payable")
    reader.known("contract", contract, FIELDS["contract"])
    reader.known("lot", lot, FIELDS["lot"])
    if not payable:
        raise TermsError(f"{source}:1: [payable]: name at least one payable element, e.g. [payable.Ni]")
    payables, limits = [], {}
    for element, item in payable.items():
        section = f"payable.{element}"
        if element not in ANALYTES or ANALYTES[element][0] != "wt%" or element == "moisture":
            raise TermsError(
                f"{source}:{reader.line(section)}: [{section}]: {element!r} is not an element "
                "the laboratory assays"
            )
        if not isinstance(item, dict):
            raise TermsError(f"{source}:{reader.line(section)}: [{section}]: give a table of terms")
        reader.known(section, item, FIELDS["payable"])
        payables.append(reader.payable(section, element, item))
        limits[element] = reader.limit(section, item)
    currencies = sorted({p.currency for p in payables})
    if len(currencies) > 1:
        raise TermsError(
            f"{source}:1: [payable]: every price must be in one currency to sum the settlement; "
            f"found {', '.join(currencies)}"
        )
    return reader.terms(contract, lot, tuple(payables), limits)


def _toml_lines(text: str) -> LineFinder:
    lines = text.splitlines()

    def line(section: str, key: str | None = None) -> int:
        """The line of `key` in [section] (or of the section's header); 1 when not found."""
        header = re.compile(r"\s*\[\s*" + re.escape(section).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
        start = next((i for i, ln in enumerate(lines) if header.match(ln)), None)
        if start is None:
            return 1
        if key is None:
            return start + 1
        for i in range(start + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if re.match(r"\s*" + re.escape(key) + r"\s*=", lines[i]):
                return i + 1
        return start + 1

    return line


class _Reader:
    """Fields out of the parsed tables, with the line each came from for the error message."""

    def __init__(self, line: LineFinder, source: str) -> None:
        self.line, self.source = line, source

    def fail(self, section: str, key: str | None, problem: str) -> TermsError:
        field = f"[{section}] {key}" if key else f"[{section}]"
        return TermsError(f"{self.source}:{self.line(section, key)}: {field}: {problem}")

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name)
        if not isinstance(value, dict):
            raise TermsError(f"{self.source}:1: [{name}]: the table is missing")
        return value

    def known(self, section: str, table: dict[str, Any], fields: tuple[str, ...]) -> None:
        """A misspelt field would otherwise be read as missing; name it and the fields there are."""
        for key in table:
            if key not in fields:
                raise self.fail(section, key, f"unknown field; the fields here are {', '.join(fields)}")

    def text(self, section: str, table: dict[str, Any], key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(section, key, "give a text")
        return value.strip()

    def number(
        self, section: str, table: dict[str, Any], key: str, *, positive: bool = True, optional: bool = False
    ) -> float | None:
        value = table.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(section, key, f"give a number, not {value!r}")
        if value < 0 or (positive and value == 0):
            raise self.fail(
                section, key, f"must be {'positive' if positive else 'zero or more'}, not {value}"
            )
        return float(value)

    def word(
        self,
        section: str,
        table: dict[str, Any],
        key: str,
        kind: type[Vocabulary],
        default: str | None = None,
    ) -> Any:
        value = table.get(key, default)
        try:
            return kind.parse(value)
        except ValueError:
            raise self.fail(section, key, f"{value!r} is not one of {', '.join(kind.values())}") from None

    def payable(self, section: str, element: str, item: dict[str, Any]) -> Payable:
        pct = self.number(section, item, "payable_pct")
        if pct is not None and pct > 100:
            raise self.fail(section, "payable_pct", f"must be at most 100, not {pct}")
        currency = self.text(section, item, "currency")
        if not _CURRENCY.fullmatch(currency):
            raise self.fail(section, "currency", f"give an ISO 4217 code such as USD, not {currency!r}")
        when = item.get("price_date")
        if not isinstance(when, date) or hasattr(when, "hour"):
            raise self.fail(section, "price_date", "give the pricing date as a date, e.g. 2026-12-01")
        basis = self.word(section, item, "basis", PriceBasis, "metal")
        if basis is PriceBasis.LCE and element != "Li":
            raise self.fail(section, "basis", "only lithium is priced as lithium carbonate equivalent")
        return Payable(
            element,
            pct or 0.0,
            self.number(section, item, "price") or 0.0,
            currency,
            self.word(section, item, "price_unit", PriceUnit),
            basis,
            when,
            self.text(section, item, "reference"),
        )

    def limit(self, section: str, item: dict[str, Any]) -> SplittingLimit:
        value = self.number(section, item, "splitting_limit") or 0.0
        return SplittingLimit(value, self.word(section, item, "splitting_limit_kind", LimitKind, "absolute"))

    def terms(
        self,
        contract: dict[str, Any],
        lot: dict[str, Any],
        payables: tuple[Payable, ...],
        limits: dict[str, SplittingLimit],
    ) -> SettlementTerms:
        source = self.word("lot", lot, "moisture", MoistureSource, "laboratory")
        stated = source is MoistureSource.STATED
        moisture = self.number("lot", lot, "moisture_pct", positive=False, optional=not stated)
        u_moisture = self.number("lot", lot, "u_moisture_pct", positive=False, optional=not stated)
        if moisture is not None and moisture >= 100:
            raise self.fail("lot", "moisture_pct", f"must be below 100, not {moisture}")
        return SettlementTerms(
            self.source,
            self.text("contract", contract, "reference"),
            self.text("contract", contract, "seller"),
            self.text("contract", contract, "buyer"),
            self.word("contract", contract, "laboratory_acts_for", Party),
            self.word("contract", contract, "settle_agreed_on", SettleOn, "mean"),
            self.word("contract", contract, "umpire_rule", UmpireRule),
            self.number("lot", lot, "wet_mass_t", optional=True),
            self.number("lot", lot, "u_wet_mass_t", positive=False) or 0.0,
            source,
            moisture if stated else None,
            u_moisture if stated else None,
            payables,
            limits,
        )
