"""The Japanese of the texts a certificate takes from stored records and from grading.

A certificate's English texts come from the store (origin, roles, notes, remarks) and from the
grading (criteria name, limiting parameters, notes); `CertificateData.ja` carries their Japanese by
JSON Pointer. Typed words give their Japanese label; grading gives its Japanese sentences from the
same fields as the English (labapp.core.grading, CriterionResult.words("ja")); a free text takes the
Japanese of the laboratory's phrase it matches, else it is marked as the English original
(docs/certificates.md, "Languages and fonts").
"""

from __future__ import annotations

from typing import Any

from labapp.certificates.text import text
from labapp.core.limit_evaluation import CriterionResult
from labapp.core.vocabulary import Outcome, UncertaintyBasis
from labapp.security.signatures import Meaning
from labapp.services.administration.phrases import PhraseBook

Bilingual = tuple[str, str]  # (English, Japanese)

# a signer's role on the certificate, by the meaning of their signature
ROLES: dict[Meaning, Bilingual] = {
    Meaning.AUTHORED: ("Analyst (submitted run {run})", "分析担当者（測定ラン {run} を提出）"),
    Meaning.REVIEWED: ("Reviewer (run {run})", "レビュー担当者（測定ラン {run}）"),
    Meaning.APPROVED: ("QA manager (approved run {run})", "品質保証責任者（測定ラン {run} を承認）"),
}
ISSUER_ROLE: Bilingual = ("QA manager (issued this certificate)", "品質保証責任者（本証明書を発行）")
FAMILY_NAMES: dict[str, Bilingual] = {
    "NCM": ("NCM/NCA", "NCM/NCA"),
    "LCO": ("LCO", "LCO"),
    "LFP": ("LFP", "LFP"),
    "LMO": ("LMO", "LMO"),
    "Mixed": ("Mixed", "混合"),
}


def chemistry(code: str | None) -> str | None:
    """A declared chemistry or family code in Japanese: "Mixed" is a word (混合), the others are codes."""
    if code is None:
        return None
    return FAMILY_NAMES["Mixed"][1] if code == "Mixed" else code


LCE_WORDS: Bilingual = ("Li2CO3 equivalent (Li x 5.323)", "Li2CO3 換算（Li × 5.323）")
CONTAINED_NOTE: Bilingual = (
    "uncertainty of contained metal excludes the uncertainty of the lot mass",
    "含有金属量の不確かさにはロット質量の不確かさを含まない",
)
NO_STATEMENT: Bilingual = ("No statement of conformity: {reason}", "適合性の表明なし：{reason}")
EXCLUDED_READINGS: Bilingual = ("readings excluded: {reasons}", "測定値を除外：{reasons}")
VALUE_BY_HAND: Bilingual = ("value set by hand", "手入力による値")
NOT_STATED: Bilingual = ("not stated", "記載なし")
SEE_RUN_RECORD: Bilingual = ("see the run record", "測定ランの記録を参照")
AMENDMENT: Bilingual = (
    "Revision {revision} supersedes {supersedes}. Reason: {reason}",
    "改訂 {revision} は {supersedes} に代わるものです。理由：{reason}",
)


def guard_band_words(factor: float) -> Bilingual:
    """w in words: "U (95 % coverage)" / "U（包含確率 95 %）", with the factor when it is not 1."""
    times = "" if factor == 1 else f"{factor:g} "
    return f"{times}U (95 % coverage)", f"{times}U（包含確率 95 %）"


def free_text(book: PhraseBook, english: str) -> str:
    """A stored free text in Japanese: its phrase's Japanese, else the text marked as the English original."""
    return book.japanese(english) or text("english_original", "ja") + english


def criterion(row: dict[str, Any]) -> CriterionResult:
    """A stored criterion row (GradingResult.to_dict()) back into the core's type, to word it."""
    fields = dict(row)
    fields["outcome"] = Outcome(fields["outcome"])
    fields["uncertainty_basis"] = UncertaintyBasis(fields.get("uncertainty_basis", UncertaintyBasis.RESULT))
    return CriterionResult(**fields)
