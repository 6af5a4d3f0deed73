"""The one-line summary of a grading batch (demo, logs, the Grading page) in English and Japanese: grades
counted, statuses by their vocabulary labels, never the stored value."""

from __future__ import annotations

from labapp.core.criteria_identity import CriteriaSetRef
from labapp.core.vocabulary import GradingStatus
from labapp.services.grading.grade import LotGradingSummary, batch_summary

SET = CriteriaSetRef("jp-eu-black-mass", "0.2", "0" * 64, "JP-EU black mass", title_ja="日欧ブラックマス基準")


def _lot(code: str, status: GradingStatus, grade: str | None = None, mismatch: bool = False):
    return LotGradingSummary(code, status, grade, "NMC", "NMC", mismatch, SET, "simple acceptance")


BATCH = [
    _lot("L1", GradingStatus.GRADED, "A"),
    _lot("L2", GradingStatus.GRADED, "A"),
    _lot("L3", GradingStatus.CONDITIONAL, "B", mismatch=True),
    _lot("L4", GradingStatus.NOT_GRADABLE),
    _lot("L5", GradingStatus.OFF_SPEC),
]


def test_english_counts_grades_and_labels() -> None:
    assert batch_summary(BATCH) == (
        "5 lot(s) against JP-EU black mass 0.2: A 2, B (conditional) 1, not gradable 1, off-spec 1; "
        "1 chemistry mismatch(es)"
    )


def test_japanese_uses_the_japanese_labels() -> None:
    assert batch_summary(BATCH, "ja") == (
        "5 ロットを 日欧ブラックマス基準 0.2 で格付け: A 2、B（条件付き格付け） 1、格付け不能 1、規格外 1；"
        "化学組成の不一致 1 件"
    )
    assert batch_summary([], "ja") == "格付けしたロットはありません"


def test_the_set_is_named_by_its_title_as_the_grading_note_names_it() -> None:
    """One helper (CriteriaSetRef.display_title) for the summary and the Runs page's note; the id only
    when the set was stored without a title, the English title when it has no Japanese one."""
    untitled = CriteriaSetRef("jp-eu-black-mass", "0.2", "0" * 64)
    lot = LotGradingSummary("L1", GradingStatus.OFF_SPEC, None, "NMC", "NMC", False, untitled, "simple")
    assert batch_summary([lot]) == "1 lot(s) against jp-eu-black-mass 0.2: off-spec 1"
    english_only = CriteriaSetRef("x", "1.0", "0" * 64, "Buyer X spec")
    assert english_only.display_title("ja") == "Buyer X spec"
    assert SET.display_title("ja") == "日欧ブラックマス基準" and SET.display_title("en") == "JP-EU black mass"
