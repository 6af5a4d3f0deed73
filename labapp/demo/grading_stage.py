"""The demo's grade stage: every lot graded under every shipped grading set, one summary line per set.

Screens are not graded here (every grading already carries the default screens beside it). The
default set is graded last, so its grading is each lot's newest: the certificate, which states the
lot's current grading, keeps the default set's grade, and the other sets' gradings stay current
beside it (docs/grading.md). A set with no tiers for a lot's family (the Fastmarkets sets have none
for LCO or LFP) reports that lot "not gradable"; the line says so in words, apart from a missing
analyte, which the demo's complete panel must never cause.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from labapp.core.vocabulary import GradingStatus, SetKind
from labapp.services.administration import users
from labapp.services.context import ServiceContext
from labapp.services.grading import grade as grading
from labapp.services.grading.criteria_catalog import list_sets
from labapp.services.grading.kept_assays import KeptAssays
from labapp.services.importing.registration import list_lots

NO_TIERS = "has no grade tiers for the "
_INDENT = "\n" + " " * 15  # continuation lines under the demo's stage column (as the verify stage)


def grading_set_ids() -> list[str]:
    """The shipped grading sets' ids (each graded at its highest version), the default set last."""
    entries = [e for e in list_sets() if e.kind is SetKind.GRADING]
    ids = list(dict.fromkeys(e.id for e in entries if not e.default))
    return ids + [e.id for e in entries if e.default][:1]


def set_line(summaries: Sequence[grading.LotGradingSummary]) -> str:
    """batch_summary's counts, then every not-gradable reason with its count, a missing tier in words."""
    line = grading.batch_summary(summaries)
    reasons: Counter[str] = Counter()
    families: Counter[str] = Counter()
    for s in summaries:
        if s.status is not GradingStatus.NOT_GRADABLE:
            continue
        for reason in s.reasons:
            if NO_TIERS in reason:
                families[reason.split(NO_TIERS, 1)[1].removesuffix(" family")] += 1
            else:
                reasons[reason] += 1
    if families:
        words = ", ".join(f"{f} ({n})" for f, n in sorted(families.items()))
        line += f"; the set has no tiers for the {words} lot(s): not gradable under it by design"
    if reasons:
        line += "; not gradable because " + "; ".join(f"{r} ({n})" for r, n in sorted(reasons.items()))
    return line


def grade_stage(ctx: ServiceContext, technician: tuple[str, str]) -> str:
    """Grade every lot under every shipped grading set, the default last; one line per set."""
    by = users.authenticate(ctx, *technician)
    codes = sorted(lot.code for lot in list_lots(ctx))
    assays = KeptAssays()  # each lot's assay read once for the five sets (nothing else changes meanwhile)
    lines = [
        set_line(grading.grade_lots(ctx, by, lots=codes, criteria=set_id, assays=assays))
        for set_id in grading_set_ids()
    ]
    return _INDENT.join(lines[-1:] + lines[:-1])  # the default set's line first, as before
