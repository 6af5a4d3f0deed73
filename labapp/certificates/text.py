"""English and Japanese wording of the certificate: every fixed label and statement in one catalogue.

Keeping the wording here (not in the layout) lets a reviewer check both languages side by side and
lets tests assert that every key has both texts.
"""

from __future__ import annotations

from typing import Literal

from labapp.certificates.model import ResultStatus, ScreenMark
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
        "QR: certificate number and SHA-256 of the JSON twin",
        "QR：証明書番号と JSON データの SHA-256",
    ),
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
    # Sampling and dates
    "section_sampling": ("Sampling and dates", "サンプリングおよび日付"),
    "sampling_standard": ("Sampling standard", "サンプリング規格"),
    "sampling_plan": ("Sampling plan", "サンプリング計画"),
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
        " above the detection limit but below that LOQ.",
        "< LOQ：定量下限（LOQ 欄）未満。定量下限は相対拡張不確かさが方法の目標値に達する濃度。"
        "「検出、定量不可」：検出下限以上、定量下限未満。",
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
    # Contained metal
    "section_contained": (
        "Contained metal (net dry mass × dry-basis result)",
        "含有金属量（正味乾燥質量 × 乾燥ベース結果）",
    ),
    "col_contained": ("Contained", "含有量"),
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
    "outcome_conditional_pass": (
        "The lot conforms to grade {grade} (conditional pass: within the guard band).",
        "本ロットはグレード {grade} に適合します（条件付き合格：ガードバンド内）。",
    ),
    "outcome_conditional_fail": (
        "The lot does not conform to grade {grade} (conditional fail: within the guard band).",
        "本ロットはグレード {grade} に適合しません（条件付き不合格：ガードバンド内）。",
    ),
    "outcome_fail": (
        "The lot does not conform to grade {grade}.",
        "本ロットはグレード {grade} に適合しません。",
    ),
    "outcome_off_spec": (
        "The lot does not meet the lowest grade of the criteria set (off-spec).",
        "本ロットは判定基準の最低グレードを満たしません（規格外）。",
    ),
    "none": ("none", "なし"),
    # Regulatory screens
    "section_screens": ("Regulatory screens", "規制スクリーニング"),
    "col_screen": ("Screen", "項目"),
    "col_screen_outcome": ("Outcome", "結果"),
    "col_detail": ("Detail", "詳細"),
    # Deviations and remarks
    "section_deviations": (
        "Additions, deviations and exclusions from the method",
        "方法からの追加・逸脱・除外",
    ),
    "section_remarks": ("Remarks", "注記"),
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
