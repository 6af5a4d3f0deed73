"""Identity of a criteria set: canonical content, SHA-256, differences, and the freeze rule.

A set is identified by id, version and the SHA-256 of its canonical content (the validated
model, not the file text, so comments and layout do not count but every number, unit, source and
flag does). Once a set has graded a lot it is frozen: the same id and version with different
content is refused, and an edit must be published as a new version. The check is a pure
function so that the store applies exactly the rule the tests exercise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from labapp.core.canonical import sha256_hex
from labapp.core.criteria import CriteriaSet, Limit
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Admission


def canonical_content(cs: CriteriaSet) -> dict[str, Any]:
    """Everything that defines what a set decides, as plain JSON-ready data."""
    content: dict[str, Any] = {
        "kind": cs.kind, "id": cs.id, "version": cs.version, "title": cs.title, "title_ja": cs.title_ja,
        "status": cs.status, "effective": cs.effective.isoformat(), "basis": cs.basis,
        "families": list(cs.families), "decision_rule": cs.decision_rule.to_dict(),
        "sources": {k: {"text": s.text, "judgement": s.judgement} for k, s in cs.sources.items()},
        "notes": cs.notes, "required_analytes": list(cs.required_analytes),
        "tiers": [{"id": t.id, "grade": t.grade, "families": list(t.families), "note": t.note,
                   "limits": [_limit(lim) for lim in t.limits]} for t in cs.tiers],
        "sections": [{"id": s.id, "title": s.title, "families": list(s.families),
                      "statement_meets": s.statement_meets, "statement_fails": s.statement_fails,
                      "limits": [_limit(lim) for lim in s.limits]} for s in cs.sections],
        "classification": None if cs.classification is None else {
            "code": cs.classification.code, "hazardous": cs.classification.hazardous,
            "statement": cs.classification.statement},
    }
    # keys added with schema extensions appear only when used, so the hash of an older set is unchanged
    urls = {k: s.url for k, s in cs.sources.items() if s.url}
    if urls:
        content["source_urls"] = urls
    if cs.published is not None:
        content["published"] = cs.published.isoformat()
    if cs.not_assessed:
        content["not_assessed"] = [{"requirement": n.requirement, "quantities": list(n.quantities),
                                    "note": n.note} for n in cs.not_assessed]
    if cs.customer:
        content["customer"] = cs.customer
    if cs.payables:
        content["payables"] = [{"element": p.element, "indicator": p.indicator,
                                "reference_price": p.reference_price, "families": list(p.families)}
                               for p in cs.payables]
    return content


def _limit(lim: Limit) -> dict[str, Any]:
    return {"quantity": lim.quantity.label, "side": lim.side, "value": lim.value, "unit": lim.unit,
            "source": lim.source, "provisional": lim.provisional, "optional": lim.optional, "note": lim.note}


def content_hash(cs: CriteriaSet) -> str:
    """SHA-256 (hex) of the canonical JSON of the set's content."""
    return sha256_hex(canonical_content(cs))


@dataclass(frozen=True)
class CriteriaSetRef:
    """What a grading result records about the set that produced it."""

    id: str
    version: str
    sha256: str
    title: str = ""
    status: str = ""
    title_ja: str = ""  # the set's Japanese title, for Japanese certificates

    @classmethod
    def of(cls, cs: CriteriaSet) -> CriteriaSetRef:
        return cls(cs.id, cs.version, content_hash(cs), cs.title, cs.status, cs.title_ja)

    def display_title(self, lang: str = "en") -> str:
        """The set as people read it: its title (the Japanese one in "ja" when it has one); the id only
        for a set stored without a title. Sentences on screens and in logs name the set by this."""
        return (self.title_ja if lang == "ja" else "") or self.title or self.id


@dataclass(frozen=True)
class StoredSet:
    """A set as the store knows it: its identity and whether it has graded a lot."""

    id: str
    version: str
    sha256: str
    frozen: bool


class FrozenCriteriaSetError(LabappError):
    """An edited set that reuses the id and version of a set that has already graded lots."""


def admit(candidate: CriteriaSet, known: Iterable[StoredSet]) -> Admission:
    """Decide whether `candidate` may be stored: new, unchanged or replacing an unused draft.

    Raises FrozenCriteriaSetError when a frozen set with the same id and version has other
    content: results already graded must keep meaning what they meant.
    """
    digest = content_hash(candidate)
    same = [s for s in known if s.id == candidate.id and s.version == candidate.version]
    if not same:
        return Admission.NEW
    stored = same[0]
    if stored.sha256 == digest:
        return Admission.UNCHANGED
    if stored.frozen:
        raise FrozenCriteriaSetError(
            f"criteria set {candidate.id} version {candidate.version} is frozen because it has graded lots "
            f"(SHA-256 {stored.sha256[:12]}...); this file differs (SHA-256 {digest[:12]}...): "
            "save the edit under a new version"
        )
    return Admission.REPLACES_DRAFT


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any

    def __str__(self) -> str:
        if self.old is None:
            return f"+ {self.path}: {_show(self.new)}"
        if self.new is None:
            return f"- {self.path}: {_show(self.old)}"
        return f"~ {self.path}: {_show(self.old)} -> {_show(self.new)}"


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict | list):
        return str(value) if len(str(value)) <= 80 else str(value)[:77] + "..."
    return repr(value) if isinstance(value, str) else str(value)


def diff(old: CriteriaSet, new: CriteriaSet) -> list[Change]:
    """Every difference in content, keyed by readable paths ("tier NCM-A / Cu max / value")."""
    a, b = _flatten(old), _flatten(new)
    return [Change(k, a.get(k), b.get(k)) for k in _ordered_keys(a, b) if a.get(k) != b.get(k)]


def _ordered_keys(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    keys = list(a)
    keys += [k for k in b if k not in a]
    return keys


def _flatten(cs: CriteriaSet) -> dict[str, Any]:
    content = canonical_content(cs)
    flat: dict[str, Any] = {}
    for key, value in content.items():
        if key in ("tiers", "sections"):
            for group in value:
                label = f"{key[:-1]} {group['id']}"
                for gk, gv in group.items():
                    if gk == "limits":
                        for lim in gv:
                            lk = f"{label} / {lim['quantity']} {lim['side']}"
                            for fk, fv in lim.items():
                                if fk not in ("quantity", "side"):
                                    flat[f"{lk} / {fk}"] = fv
                    elif gk != "id":
                        flat[f"{label} / {gk}"] = gv
        elif key == "sources":
            for sk, sv in value.items():
                flat[f"source {sk}"] = sv["text"] + (" (judgement)" if sv["judgement"] else "")
        else:
            flat[key] = value
    return flat
