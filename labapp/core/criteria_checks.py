"""Cross-checks of a parsed criteria set: sources and status, family coverage, tier order."""

from __future__ import annotations

from labapp.core.criteria_model import Classification, Limit, Section, Source, Tier
from labapp.core.vocabulary import SetKind, SetStatus


class Problems(list[str]):
    """Every problem found in a criteria file, each prefixed with where it is."""

    def at(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}" if where else message)


def check_sources_and_status(
    problems: Problems, limits: list[Limit], sources: dict[str, Source], status: SetStatus
) -> None:
    for lim in limits:
        src = sources.get(lim.source)
        if src is not None and src.judgement and not lim.provisional:
            problems.at(lim.key, f"cites the judgement source {lim.source!r} and must be marked "
                        "provisional = true")
        if status is SetStatus.APPROVED and lim.provisional:
            problems.at(lim.key, "an approved set cannot contain a provisional limit")


def check_coverage(
    problems: Problems, kind: SetKind, families: tuple[str, ...], tiers: tuple[Tier, ...],
    sections: tuple[Section, ...], classification: Classification | None,
) -> None:
    groups = tiers if kind is SetKind.GRADING else sections
    for group in groups:
        for fam in group.families:
            if fam not in families:
                problems.at(group.id, f"family {fam!r} is not in the set's families")
    if kind is SetKind.GRADING:
        for fam in families:
            if not any(fam in t.families for t in tiers):
                problems.at("families", f"no tier grades family {fam!r}")
    elif not sections and classification is None:
        problems.at("", "a screen needs [[sections]] with limits or a [classification]")


def check_tier_order(problems: Problems, families: tuple[str, ...], tiers: tuple[Tier, ...]) -> list[str]:
    """Refuse a tier that can never be awarded; warn when tiers are not nested limit by limit.

    Tier j (lower) overlaps tier i (higher) completely when, for every limit of i, j has a limit
    on the same quantity and side at least as strict: every lot meeting j then meets i, so j
    could never be the grade.
    """
    warnings: list[str] = []
    for fam in families:
        ordered = [t for t in tiers if fam in t.families]
        for i, hi in enumerate(ordered):
            for lo in ordered[i + 1:]:
                if _contained(lo, hi):
                    problems.at(f"tiers {lo.id}", f"overlaps the higher tier {hi.id} for {fam}: every lot "
                                "meeting it also meets the higher tier, so it could never be awarded")
                for lim in hi.limits:
                    other = _same_limit(lo, lim)
                    if other is not None and _stricter(other, lim) and other.value != lim.value:
                        text = (f"tier {hi.id} {lim.key} {lim.value:g} is looser than the lower tier "
                                f"{lo.id} ({other.value:g}); tiers are not nested on {lim.quantity.label}")
                        if text not in warnings:
                            warnings.append(text)
    return warnings


def _same_limit(tier: Tier, lim: Limit) -> Limit | None:
    return next((x for x in tier.limits if x.key == lim.key), None)


def _stricter(a: Limit, b: Limit) -> bool:
    """True when limit a is at least as strict as limit b (same quantity and side)."""
    va, vb = a.canonical_value(), b.canonical_value()
    return va <= vb if a.side == "max" else va >= vb


def _contained(lower: Tier, higher: Tier) -> bool:
    for lim in higher.limits:
        other = _same_limit(lower, lim)
        if other is None or not _stricter(other, lim):
            return False
    return True
