"""English and Japanese wording of the certificate: every fixed label and statement in one catalogue.

Keeping the wording here (not in the layout) lets a reviewer check both languages side by side and
lets tests assert that every key has both texts.
"""

from __future__ import annotations

import re
from typing import Literal

from labapp.certificates.model import CertificateData, ResultStatus, ScreenMark, resolve_pointer
from labapp.core.decision_rules import SUM_U_STATEMENT
from labapp.core.errors import LabappError

Lang = Literal["en", "ja"]
_SUM_U_EN, _SUM_U_JA = SUM_U_STATEMENT["en"], SUM_U_STATEMENT["ja"]  # w is built from a sum's U
LANGUAGES: tuple[str, ...] = ("en", "ja", "en+ja")

CATALOGUE: dict[str, tuple[str, str]] = {
    # Title block and page furniture
    "title": ("Certificate of Analysis", "分析証明書"),
    "subtitle": (
        "Black mass (lithium-ion battery electrode powder)",
        "ブラックマス（リチウムイオン電池電極粉）",
    ),
    "certificate_number": ("Certificate number", "証明書番号"),
    "revision": ("Revision", "改訂番号"),
    "supersedes": ("Supersedes", "旧版"),
    "date_of_issue": ("Date of issue", "発行日"),
    "page_of": ("Page {page} of {pages}", "{page} / {pages} ページ"),
    "end_of_certificate": ("End of certificate", "以上"),
    "qr_caption": (
        "QR: certificate number, revision, SHA-256 of the JSON twin and where to verify",
        "QR：証明書番号、改訂番号、JSON データの SHA-256 および確認先",
    ),
    "twin_sha256": ("SHA-256 of the JSON twin", "JSON データの SHA-256"),
    # Amendment (ISO/IEC 17025 7.8.8.2)
    "section_amendment": ("Amendment: what this revision changes", "改訂：本改訂版の変更内容"),
    "amendment_reason": ("Reason for the amendment", "改訂の理由"),
    "col_field": ("Field", "項目"),
    "col_old": ("Previous revision", "旧版の値"),
    "col_new": ("This revision", "本改訂版の値"),
    # Laboratory and client
    "section_laboratory": ("Laboratory", "試験所"),
    "lab_name": ("Name", "名称"),
    "address": ("Address", "所在地"),
    "location": ("Location of the activities", "試験実施場所"),
    "accreditation": ("Accreditation", "認定"),
    "verification": ("Verify this certificate at", "本証明書の確認先"),
    "section_client": ("Client", "依頼者"),
    "client_name": ("Name", "名称"),
    "contact": ("Contact", "連絡先"),
    # Item
    "section_item": ("Item tested", "試験品目"),
    "lot_id": ("Lot", "ロット番号"),
    "shipment_id": ("Shipment", "出荷番号"),
    "container_ids": ("Containers", "コンテナ番号"),
    "bag_ids": ("Bags", "バッグ番号"),
    "seal_ids": ("Seals", "シール番号"),
    "declared_chemistry": ("Declared chemistry", "申告された化学系"),
    "origin": ("Origin", "由来"),
    "waste_code": ("Waste code (EU List of Waste)", "廃棄物コード（EU 廃棄物リスト）"),
    "customs_code": ("Customs code", "関税番号"),
    "description": ("Description and condition", "品目の説明と状態"),
    "lab_sample_id": ("Laboratory sample id", "試験所試料番号"),
    "condition": ("Condition on receipt", "受領時の状態"),
    "customer_supplied": ("Supplied by the customer", "依頼者から提供された情報"),
    # Sampling and dates
    "section_sampling": ("Sampling and dates", "サンプリングおよび日付"),
    "sampling_standard": ("Sampling standard", "サンプリング規格"),
    "sampling_plan": ("Sampling plan", "サンプリング計画"),
    "sampling_location": ("Sampling location", "サンプリング場所"),
    "sampled_by": ("Sampled by", "採取者"),
    "sampled_on": ("Date of sampling", "採取日"),
    "received_on": ("Date of receipt", "受領日"),
    "analysed": ("Dates of analysis", "分析実施日"),
    # Masses
    "section_masses": ("Masses and moisture (lot as received)", "質量および水分（受領時のロット）"),
    "gross_mass": ("Gross mass", "総質量"),
    "net_wet_mass": ("Net wet mass", "正味湿潤質量"),
    "net_dry_mass": ("Net dry mass", "正味乾燥質量"),
    "moisture": ("Moisture", "水分"),
    "moisture_method": ("Moisture method", "水分測定方法"),
    # Results
    "section_results": ("Results on a dry basis", "分析結果（乾燥ベース）"),
    "col_analyte": ("Analyte", "分析項目"),
    "col_result": ("Result", "結果"),
    "col_u": ("U", "U"),
    "col_k": ("k", "k"),
    "col_unit": ("Unit", "単位"),
    "col_basis": ("Basis", "基準"),
    "col_loq": ("LOQ", "定量下限"),
    "col_method": ("Method", "試験方法"),
    "col_note": ("Note", "備考"),
    "basis_dry": ("dry", "乾燥"),
    "basis_as_received": ("as received", "受領時"),
    # a result's status and a screen's outcome: the labels of their vocabularies (model.py)
    **{f"status_{s.value}": (s.label("en"), s.label("ja")) for s in ResultStatus},
    **{f"screen_{s.value}": (s.label("en"), s.label("ja")) for s in ScreenMark},
    "external_provider": ("external provider", "外部提供者"),
    "with_sampling": ("U of the lot including sampling", "サンプリングを含むロットの U"),
    "legend_loq": (
        "< LOQ: below the limit of quantification given in the LOQ column, the level at which the"
        " relative expanded uncertainty reaches the method's target; \"detected, not quantified\":"
        " above the detection limit but below that LOQ; \"not detected (< LOD)\": the bound printed"
        " is the detection limit, the content the method detects with 99 % probability.",
        "< LOQ：定量下限（LOQ 欄）未満。定量下限は相対拡張不確かさが方法の目標値に達する濃度。"
        "「検出、定量不可」：検出下限以上、定量下限未満。"
        "「不検出（検出下限未満）」：記載の上限値は検出下限（方法が 99 % の確率で検出する含有量）。",
    ),
    "legend_u": (
        "U: expanded uncertainty with coverage factor k (coverage probability about 95 %).",
        "U：包含係数 k による拡張不確かさ（包含確率 約 95 %）。",
    ),
    "legend_status": (
        "Excluded results are not used for the statement of conformity; overridden results "
        "were changed by an authorised reviewer for the reason given.",
        "除外された結果は適合性の表明に使用しません。変更された結果は、権限のあるレビュー担当者が"
        "記載の理由により変更したものです。",
    ),
    "legend_external": (
        "Results from an external provider are marked with the provider's name.",
        "外部提供者による結果には、その提供者名を記載しています。",
    ),
    # Methods (7.8.2.1 f)
    "section_methods": ("Methods", "試験方法"),
    "col_method_id": ("Method", "方法"),
    "col_technique": ("Technique", "測定法"),
    "col_method_title": ("Title", "名称"),
    "col_preparation": ("Preparation (digestion, pellet, drying)", "前処理（分解・ペレット・乾燥）"),
    # Contained metal
    "section_contained": (
        "Contained metal (net dry mass × dry-basis result)",
        "含有金属量（正味乾燥質量 × 乾燥ベース結果）",
    ),
    "col_contained": ("Contained", "含有量"),
    "contained_below_loq": (
        "< : the result is below its LOQ (not detected: its LOD); the contained metal is less than"
        " that limit × net dry mass.",
        "< ：結果が定量下限未満（不検出の場合は検出下限未満）のため、含有量はその限界値 × 正味乾燥質量"
        " 未満です。",
    ),
    "col_equivalent": ("Expressed as", "表示形態"),
    # Conformity
    "section_conformity": ("Statement of conformity", "適合性の表明"),
    "criteria_set": ("Criteria set", "判定基準"),
    "criteria_version": ("Version", "版"),
    "criteria_hash": ("SHA-256 of the criteria set", "判定基準の SHA-256"),
    "decision_rule": ("Decision rule", "判定ルール"),
    "family": ("Chemistry family (from the assay)", "化学系（分析結果による）"),
    "grade": ("Grade", "グレード"),
    "outcome": ("Statement", "表明"),
    "limiting": ("Limiting parameters", "制限項目"),
    "covered": ("Results covered", "対象とした結果"),
    "rule_simple": (
        "Simple acceptance (ILAC-G8:09/2019, guard band w = 0): a result conforms when the "
        "measured value is within the limit.",
        "単純合否判定（ILAC-G8:09/2019、ガードバンド w = 0）：測定値が限度内にあれば適合とする。",
    ),
    "rule_guarded_binary": (
        "Binary guarded acceptance (ILAC-G8:09/2019): a result conforms only when it is "
        "within the limit tightened by the guard band w = {w}." + _SUM_U_EN,
        "ガードバンド付き二値判定（ILAC-G8:09/2019）：限度をガードバンド w = {w} だけ狭めた"
        "範囲内にある場合のみ適合とする。" + _SUM_U_JA,
    ),
    "rule_non_binary": (
        "Non-binary statement (ILAC-G8:09/2019) with guard band w = {w}: pass (inside the "
        "limit by more than w), conditional pass (inside by less than w), conditional fail "
        "(outside by less than w), fail (outside by more than w)." + _SUM_U_EN,
        "ガードバンド w = {w} による非二値判定（ILAC-G8:09/2019）：合格（限度内で w 超の余裕）、"
        "条件付き合格（限度内で余裕が w 未満）、条件付き不合格（限度外で超過が w 未満）、"
        "不合格（限度外で超過が w 超）。" + _SUM_U_JA,
    ),
    "outcome_pass": ("The lot conforms to grade {grade}.", "本ロットはグレード {grade} に適合します。"),
    # conditional outcomes in the words of ILAC-G8:09/2019 4.2.2: no "conforms" without 95 % confidence
    "outcome_conditional_pass": (
        "Grade {grade}: conformity cannot be stated at the 95 % level; the measured value is inside the"
        " limit ({items}). Conditional pass under the decision rule.",
        "グレード {grade}：95 % の信頼水準では適合を表明できません。測定値は限度の内側にあります"
        "（{items}）。判定ルールによる条件付き合格です。",
    ),
    "outcome_conditional_fail": (
        "Grade {grade}: conformity cannot be stated at the 95 % level; the measured value is outside the"
        " limit ({items}). Conditional fail under the decision rule.",
        "グレード {grade}：95 % の信頼水準では適合を表明できません。測定値は限度の外側にあります"
        "（{items}）。判定ルールによる条件付き不合格です。",
    ),
    "outcome_fail": (
        "The lot does not conform to grade {grade}; it fails: {items}.",
        "本ロットはグレード {grade} に適合しません。不適合の項目：{items}。",
    ),
    "outcome_off_spec": (
        "Off-spec: the lot does not meet the lowest grade of the criteria set ({grade}) and is given no"
        " grade. It fails: {items}.",
        "規格外：本ロットは判定基準の最低グレード（{grade}）を満たさず、グレードは付与されません。"
        "不適合の項目：{items}。",
    ),
    "outcome_outside": (
        "Conformity cannot be stated at the 95 % level; the measured value is outside the limit ({items}).",
        "95 % の信頼水準では適合を表明できません。測定値は限度の外側にあります（{items}）。",
    ),
    "grade_conditional": ("{grade} (conditional pass)", "{grade}（条件付き合格）"),
    "col_grade": ("Grade", "グレード"),
    "col_criterion": ("Criterion", "判定項目"),
    "col_limit": ("Limit", "限度"),
    "col_result_u": ("Result ± U", "結果 ± U"),
    "col_rule": ("Rule", "判定ルール"),
    "col_decision": ("Decision", "判定"),
    "basis_limit_dry": ("dry", "乾燥"),
    "basis_limit_as_received": ("as received", "受入れ時"),
    "rule_short_simple": ("simple acceptance", "単純受入れ"),
    "rule_short_guarded_binary": ("guarded binary", "ガードバンド付き二値判定"),
    "rule_short_non_binary": ("non-binary", "非二値判定"),
    "legend_conformity": (
        "Rows: the limits of the grade stated, then the limits of the next better grade that were not"
        " met. Result ± U as in the results table (moisture: Masses and moisture). * provisional limit"
        " (the laboratory's judgement). w: guard band.",
        "各行：表明したグレードの限度、次に上位グレードで満たさなかった限度。結果 ± U は分析結果表と同じ"
        "（水分は「質量および水分」欄）。* 暫定限度（試験所の判断）。w：ガードバンド。",
    ),
    "not_reported": ("not reported", "報告なし"),
    # Sums in the results table
    "sum_correlated": (
        "sum; U propagated with the shared inputs correlated (JCGM 100:2008, 5.2)",
        "和。U は共有する入力量の相関を考慮して伝播（JCGM 100:2008, 5.2）",
    ),
    "sum_upper_bound": (
        "sum; U is the sum of the terms' U, an upper bound",
        "和。U は各項の U の和（上限値）",
    ),
    # Annex: the criteria set's limits
    "section_annex": (
        "Annex: limits of the criteria set {name}, version {version}",
        "付属書：判定基準 {name}（版 {version}）の限度",
    ),
    "col_tier": ("Grade (tier)", "グレード（区分）"),
    "col_families": ("Families", "化学系"),
    "col_limits": ("Limits", "限度"),
    "legend_annex": (
        "Limits are inclusive, on the dry basis; moisture on the lot as received. * provisional"
        " (the laboratory's judgement). The sources cited by the set follow.",
        "限度は境界値を含み、乾燥ベース（水分は受領時のロット）。* 暫定（試験所の判断）。"
        "以下は判定基準が引用する出典。",
    ),
    "none": ("none", "なし"),
    # Regulatory screens
    "section_screens": ("Regulatory screens", "規制スクリーニング"),
    "col_screen": ("Screen", "項目"),
    "col_screen_outcome": ("Outcome", "結果"),
    "col_detail": ("Detail", "詳細"),
    # Opinions and interpretations (7.8.7)
    "opinion_screens": (
        "Opinions and interpretations (ISO/IEC 17025 7.8.7): the regulatory screens are the laboratory's"
        " reading of the results against the texts cited; they are not legal determinations.",
        "意見および解釈（ISO/IEC 17025 7.8.7）：規制スクリーニングは、引用した規定に照らした試験所による"
        "結果の解釈であり、法的な判断ではありません。",
    ),
    "opinion_grade": (
        "The chemistry family and the grade are opinions and interpretations of the results against the"
        " criteria set (ISO/IEC 17025 7.8.7).",
        "化学系およびグレードは、判定基準に照らした結果の意見および解釈です（ISO/IEC 17025 7.8.7）。",
    ),
    # Deviations and remarks
    "section_deviations": (
        "Additions, deviations and exclusions from the method",
        "方法からの追加・逸脱・除外",
    ),
    "section_remarks": ("Remarks", "注記"),
    # a stored text with no Japanese, printed in a Japanese column (docs/certificates.md)
    "english_original": ("(English original) ", "（英語原文）"),
    # Statements
    "section_statements": ("Statements", "記述事項"),
    "stmt_items": (
        "The results relate only to the items tested.",
        "本結果は、試験した品目のみに関するものです。",
    ),
    "stmt_reproduce": (
        "This certificate shall not be reproduced except in full without the written approval "
        "of the laboratory.",
        "本証明書は、試験所の書面による承認なしに、全文以外を複製してはなりません。",
    ),
    "stmt_basis": (
        "Results are reported on a dry basis; masses and moisture refer to the lot as received.",
        "結果は乾燥ベースで報告します。質量および水分は受領時のロットに関するものです。",
    ),
    "stmt_sampling_by_client": (
        "The laboratory did not sample the lot; results apply to the sample as received.",
        "本試験所はロットのサンプリングを行っていません。結果は受領した試料に適用されます。",
    ),
    "stmt_customer_supplied": (
        "† Information supplied by the customer (ISO/IEC 17025 7.8.2.2). The laboratory is not"
        " responsible for it; results calculated from it (net dry mass, contained metal) can be affected"
        " by it.",
        "† 依頼者から提供された情報（ISO/IEC 17025 7.8.2.2）。本試験所はこの情報に責任を負いません。"
        "この情報から算出した結果（正味乾燥質量、含有金属量）はその影響を受けることがあります。",
    ),
    # Signatures
    "section_signatures": ("Authorisation", "承認"),
    "col_signer": ("Printed name", "氏名"),
    "col_role": ("Role", "役職"),
    "col_meaning": ("Meaning", "署名の意味"),
    "col_signed_at": ("Date and time (UTC)", "日時（UTC）"),
    "meaning_approval": ("approval", "承認"),
    "meaning_review": ("review", "照査"),
    "meaning_authorship": ("authorship", "作成"),
    "digital_signature": ("Digital signature (PAdES)", "電子署名（PAdES）"),
    "digital_signature_note": (
        "This PDF is digitally signed by the approver; verify it with the laboratory's root "
        "certificate (labapp verify, pdfsig or a PDF reader's signature panel).",
        "本 PDF は承認者により電子署名されています。試験所のルート証明書で検証してください"
        "（labapp verify、pdfsig または PDF リーダーの署名パネル）。",
    ),
    # Trust anchor (footer): compare with the fingerprint the laboratory publishes
    "root_fingerprint": ("Lab root certificate SHA-256", "試験所ルート証明書 SHA-256"),
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The catalogue text for `key` in one language, with `{placeholders}` filled from `values`."""
    en, ja = CATALOGUE[key]
    template = ja if lang == "ja" else en
    return template.format(**values) if values else template


def languages(choice: str) -> tuple[Lang, ...]:
    """The single languages a certificate choice ("en", "ja", "en+ja") prints, in column order."""
    if choice not in LANGUAGES:
        raise LabappError(f"certificate language must be one of {', '.join(LANGUAGES)}, not {choice!r}")
    return ("en", "ja") if choice == "en+ja" else (choice,)  # type: ignore[return-value]


# The texts of a certificate that are prose (they need Japanese on a Japanese certificate), by JSON
# Pointer; "*" stands for every index of a list. Names, codes and numbers are not listed.
PROSE_POINTERS: tuple[str, ...] = (
    "/laboratory/accreditation",
    "/lot/declared_chemistry",
    "/lot/origin",
    "/lot/description",
    "/sampling/standard",
    "/sampling/plan",
    "/sampling/location",
    "/lot/condition",
    "/deviations/*",
    "/conformity/tested_grade",
    "/amendment/reason",
    "/criteria/sources/*/text",
    "/masses/moisture_method",
    "/results/*/note",
    "/contained_metal/*/expressed_as",
    "/criteria/name",
    "/decision_rule/guard_band",
    "/conformity/family",
    "/conformity/grade",
    "/conformity/limiting_parameters/*",
    "/regulatory_screens/*/name",
    "/regulatory_screens/*/detail",
    "/deviations/*",
    "/remarks/*",
    "/signatures/*/role",
)
_PROSE = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]*[a-z][A-Za-z]*\b")  # a word, not a code (ISO, Ni, 105 C)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def needs_japanese(value: str) -> bool:
    """A text with English words in it (not only codes, symbols, numbers or Japanese)."""
    return _JAPANESE.search(value) is None and _PROSE.search(value) is not None


def english_originals(data: CertificateData) -> list[str]:
    """Pointers of the prose texts a Japanese certificate prints as the English original (marked):
    no Japanese for the text, or its Japanese carries an English original inside (a free-text reason)."""
    marker = text("english_original", "ja")
    plain = data.to_dict()
    found = []
    for pattern in PROSE_POINTERS:
        for pointer in _expand(plain, pattern):
            value = resolve_pointer(plain, pointer)
            japanese = data.japanese(pointer)
            if isinstance(value, str) and needs_japanese(value) and (japanese is None or marker in japanese):
                found.append(pointer)
    return found


def _expand(plain: dict, pattern: str) -> list[str]:
    head, star, tail = pattern.partition("/*")
    if not star:
        return [pattern]
    items = resolve_pointer(plain, head)
    return [f"{head}/{i}{tail}" for i in range(len(items))] if isinstance(items, list) else []
