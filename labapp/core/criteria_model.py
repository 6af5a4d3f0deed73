"""The criteria set model: grading tables and regulatory screens as immutable values.

Built only by labapp.core.criteria.criteria_set_from_dict, which validates the parsed file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from labapp.core.analytes import Quantity, convert
from labapp.core.decision_rules import DecisionRule
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Basis, SetKind, SetStatus, UntestedRequirement

SCHEMA_VERSION = 1
KINDS = SetKind.values()
STATUSES = SetStatus.values()
BASES = (Basis.DRY.value,)  # criteria are written for the dry basis only


class CriteriaError(LabappError):
    """A criteria set that is not valid; `problems` lists every finding, the message the first."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = list(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"criteria set {name}: {problems[0]}{more}")


@dataclass(frozen=True)
class Source:
    key: str
    text: str
    judgement: bool = False  # an engineering judgement, not a published number
    # its Japanese, for Japanese certificates; presentation only, so not part of the set's identity hash
    text_ja: str = ""
    url: str = ""  # where the public text can be read (part of the identity when given)


@dataclass(frozen=True)
class Limit:
    """One side of a limit on a quantity, with where the number comes from."""

    quantity: Quantity
    side: str  # "min" or "max"
    value: float
    unit: str
    source: str  # key into CriteriaSet.sources
    provisional: bool = False
    optional: bool = False  # an analyte outside required_analytes: "not assessed" when not reported
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.quantity.label} {self.side}"

    def canonical_value(self) -> float:
        """The limit in the quantity's canonical unit, for comparing limits with each other."""
        return convert(self.value, self.unit, self.quantity.unit)


@dataclass(frozen=True)
class Tier:
    id: str
    grade: str
    families: tuple[str, ...]
    limits: tuple[Limit, ...]
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A screen's criteria for some families (e.g. ternary or LFP black mass)."""

    id: str
    title: str
    families: tuple[str, ...]
    limits: tuple[Limit, ...]
    statement_meets: dict[str, str] = field(default_factory=dict)
    statement_fails: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Classification:
    """A classification a screen assigns regardless of composition (e.g. a waste code)."""

    code: str
    hazardous: bool
    statement: dict[str, str]


@dataclass(frozen=True)
class NotAssessed:
    """A requirement of the set's source that the laboratory does not test, named wherever a
    statement against the set is shown so that "conforms" is read as "conforms to the tested limits"."""

    requirement: UntestedRequirement
    quantities: tuple[str, ...] = ()  # e.g. Zn, Pb, Cd for limits whose values were not found
    note: str = ""  # why, for the README and `criteria show` (not printed on certificates)

    def words(self, lang: str = "en") -> str:
        """The item as a certificate prints it: its label, then the quantities it concerns."""
        label = self.requirement.label(lang)
        if not self.quantities:
            return label
        listed = "、".join(self.quantities) if lang == "ja" else ", ".join(self.quantities)
        return f"{label}（{listed}）" if lang == "ja" else f"{label} ({listed})"


@dataclass(frozen=True)
class Payable:
    """A payable element of a price specification: which indicator and which reference price. Data
    for settlement; the payable percentage and the price itself are entered by the user, never here."""

    element: str
    indicator: str  # the publisher's symbol, e.g. MB-BMS-0001
    reference_price: str  # what the percentage is a percentage of
    families: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriteriaSet:
    kind: SetKind
    id: str
    version: str
    title: str
    status: SetStatus
    effective: dt.date
    basis: str
    families: tuple[str, ...]
    decision_rule: DecisionRule
    sources: dict[str, Source]
    notes: str = ""
    title_ja: str = ""
    required_analytes: tuple[str, ...] = ()
    tiers: tuple[Tier, ...] = ()
    sections: tuple[Section, ...] = ()
    classification: Classification | None = None
    published: dt.date | None = None  # the source's publication (or last amendment) date
    not_assessed: tuple[NotAssessed, ...] = ()
    payables: tuple[Payable, ...] = ()
    customer: str = ""  # a contract specification's customer (sets made with `criteria new`)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def not_assessed_words(self, lang: str = "en") -> tuple[str, ...]:
        """The declared untested requirements, each as printed in `lang`."""
        return tuple(item.words(lang) for item in self.not_assessed)

    @property
    def name(self) -> str:
        return f"{self.id} version {self.version}"

    def tiers_for(self, family: str) -> tuple[Tier, ...]:
        """The tiers that grade `family`, best first."""
        return tuple(t for t in self.tiers if family in t.families)

    def sections_for(self, family: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if family in s.families)
