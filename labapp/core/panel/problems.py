"""Why a panel test's values cannot be calculated or stored, as typed words with English and Japanese.

An entry or calculation problem (a missing field, an impossible weighing, a calibration that cannot be
fitted) is raised as an EntryError carrying one of these kinds and its numbers, so the desktop's
result sheet words it in the interface language and the command line keeps its one English line. Each
member's labels are sentence templates; `{other}`/`{otherJa}` and the like are filled per language
(a field's identifier in English, as the CLI prints it, its label in Japanese).
"""

from __future__ import annotations

from collections.abc import Mapping

from labapp.core.vocabulary import Vocabulary


class PanelProblem(Vocabulary):
    """What is wrong with a panel test's entries or calculation (a sentence template per language)."""

    NOT_A_NUMBER = "not_a_number", "{text} is not a number", "{text} は数値ではありません"
    NOT_FINITE = "not_finite", "{text} is not a finite number", "{text} は有限の数値ではありません"
    BELOW_MINIMUM = "below_minimum", "{value} is below {minimum}", "{value} は下限 {minimum} 未満です"
    TOO_MANY_DIGITS = (
        "too_many_digits",
        "{text} g has more digits than the balance shows (d = {d} g)",
        "{text} g ははかりの表示（d = {d} g）より桁が多い値です",
    )
    UNKNOWN_FIELD = (
        "unknown_field",
        "not an entry of a {kind} test; expected {expected}",
        "{kindJa}の試験の入力項目ではありません（入力項目: {expectedJa}）",
    )
    MISSING = "missing", "missing ({name}, {unit})", "未入力です（{nameJa}、{unit}）"
    NO_VALUES = "no_values", "no values", "値が入力されていません"
    PAIR_NOT_XY = (
        "pair_not_xy",
        "pair {n} {part} is not 'x:y'",
        "{n} 番目の組 {part} が「x:y」の形ではありません",
    )
    PAIR_NOT_FINITE = "pair_not_finite", "pair {n} is not finite", "{n} 番目の組が有限の数値ではありません"
    NO_PAIRS = "no_pairs", "no pairs given", "組が入力されていません"
    NO_DETERMINATION = "no_determination", "no determination entered", "測定値が入力されていません"
    NO_STANDARDS_TAKEN = (
        "no_standards_taken",
        "a {kind} test takes no calibration standards",
        "{kindJa}の試験は検量線標準を取りません",
    )
    STANDARDS_NEEDED = (
        "standards_needed",
        "a fluoride test needs the batch's standards as 'mg/L:reading; ...'",
        "フッ化物の試験にはバッチの検量線標準（「mg/L:読み値; ...」）が必要です",
    )
    CALIBRATION_NEEDED = (
        "calibration_needed",
        "a fluoride test needs the batch's calibration standards",
        "フッ化物の試験にはバッチの検量線標準が必要です",
    )
    NO_CRM_TAKEN = (
        "no_crm_taken",
        "a {kind} test takes no CRM check",
        "{kindJa}の試験は CRM チェックを取りません",
    )
    CRM_FORMAT = (
        "crm_format",
        "{text} is not 'measured:certified[:u]'",
        "{text} が「測定値:認証値[:u]」の形ではありません",
    )
    CRM_CERTIFIED_POSITIVE = (
        "crm_certified_positive",
        "{text} is not 'measured:certified[:u]' with certified > 0",
        "{text} が「測定値:認証値[:u]」の形（認証値 > 0）ではありません",
    )
    MORE_THAN = (
        "more_than",
        "must be more than {other} (the portion's mass is not positive)",
        "{otherJa}より大きくなければなりません（試料の質量が正になりません）",
    )
    NOT_EXCEEDING = (
        "not_exceeding",
        "must not exceed {other} (a loss cannot be negative)",
        "{otherJa}を超えてはなりません（減量が負になります）",
    )
    NOT_BELOW = "not_below", "must not be below {other}", "{otherJa}を下回ってはなりません"
    POSITIVE = "positive", "must be > 0", "0 より大きくなければなりません"
    NOT_NEGATIVE = "not_negative", "masses retained must be >= 0", "残留量は 0 以上でなければなりません"
    NOTHING_RECOVERED = (
        "nothing_recovered",
        "nothing was recovered from the sieves",
        "ふるいから何も回収されていません",
    )
    SIEVE_COUNT = (
        "sieve_count",
        "{sieves} sieves in the method, {masses} masses given",
        "方法のふるいは {sieves} 枚、入力された質量は {masses} 個です",
    )
    CALIBRATION_PAIRS = (
        "calibration_pairs",
        "as many readings as standards are needed",
        "標準と同じ数の読み値が必要です",
    )
    CALIBRATION_THREE = (
        "calibration_three",
        "at least three standards of different concentration are needed",
        "濃度の異なる標準が 3 点以上必要です",
    )
    CALIBRATION_POSITIVE = (
        "calibration_positive",
        "every standard's concentration must be > 0 mg/L",
        "標準の濃度はすべて 0 mg/L より大きくなければなりません",
    )
    LEACH_POSITIVE = (
        "leach_positive",
        "{a} and {b} must be > 0 and {c} >= 1",
        "{aJa}と{bJa}は 0 より大きく、{cJa}は 1 以上でなければなりません",
    )
    NOT_PERCENT = (
        "not_percent",
        "{value} is not a mass fraction in percent",
        "{value} は百分率の質量分率ではありません",
    )
    CRM_INCOMPLETE = (
        "crm_incomplete",
        "a CRM check needs the measured and the certified value",
        "CRM チェックには測定値と認証値の両方が必要です",
    )
    NOT_NEGATIVE_VALUE = "not_negative_value", "must not be negative", "負の値にはできません"
    UNKNOWN_LOT = "unknown_lot", "no lot with code {code}", "ロット番号 {code} のロットはありません"

    def sentence(self, lang: str, params: Mapping[str, object]) -> str:
        """The problem in `lang` with its numbers filled in."""
        return self.label(lang).format(**params)


# names of the values that are not entry fields, in Japanese (a field's own label comes from FIELDS)
OTHER_NAMES_JA = {
    "standards": "検量線標準",
    "crm": "CRM チェック",
    "crm_certified": "CRM 認証値",
    "crm_measured": "CRM 測定値",
    "crm_u": "CRM 認証値の標準不確かさ u",
    "calibration": "検量線",
}
