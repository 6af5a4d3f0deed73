"""English and Japanese wording of the settlement statement (issue 23), in one catalogue as
document_text.py holds the notices' and text.py the certificate's: a reviewer checks both languages
side by side, and a test checks that every key has both."""

from __future__ import annotations

from labapp.certificates.text import Lang

CATALOGUE: dict[str, tuple[str, str]] = {
    "title": ("Settlement statement", "精算明細書"),
    "title_provisional": ("Provisional settlement statement", "暫定精算明細書"),
    "provisional_note": (
        "PROVISIONAL, NOT FINAL: {elements} outstanding. The value on the laboratory's assays is stated; "
        "the final settlement value is stated only by the final statement, which supersedes this one "
        "once the missing assays are recorded and confirmed.",
        "暫定（未確定）：{elements} が未決です。当試験所分析値による金額を記載しています。最終精算金額は、"
        "不足する分析値の記録と確認の後に発行する最終の精算明細書にのみ記載され、本明細書はそれにより置き換えられます。",
    ),
    "laboratory": ("Laboratory", "試験所"),
    "lot": ("Lot", "ロット番号"),
    "contract": ("Contract", "契約番号"),
    "seller": ("Seller", "売主"),
    "buyer": ("Buyer", "買主"),
    "acts_for": ("The laboratory assays for", "当試験所の分析依頼者"),
    "terms": ("Terms file (SHA-256)", "契約条件ファイル（SHA-256）"),
    "wet_mass": ("Wet mass of the lot", "ロットの湿量"),
    "moisture": ("Moisture", "水分"),
    "dry_mass": ("Dry mass of the lot", "ロットの乾量"),
    "agreed_on": ("An agreed split settles on", "合意時の精算基準"),
    "umpire_rule": ("Umpire rule", "アンパイア規則"),
    "total_own": ("Value on the laboratory's assays", "当試験所分析値による金額"),
    "final": ("Final settlement value", "最終精算金額"),
    "final_pending": ("not final: {elements} outstanding", "未確定：{elements} が未決"),
    "issued_at": ("Issued at (UTC)", "発行日時（UTC）"),
    "issued_by": ("Issued by", "発行者"),
    "computed_at": ("Computed at (UTC), not signed", "計算日時（UTC）、署名なし"),
    "u_standard": ("u (standard) {value} {unit}", "標準不確かさ u {value} {unit}"),
    "price_term": (
        "{element}: payable {payable} % of {price} {currency} {unit} ({basis}); {reference}, {date}",
        "{element}：{reference}（{date}）{price} {currency}（{unit}、{basis}）の {payable} %",
    ),
    "assayed_by": (
        "{element}, {source}: {value} wt % ({laboratory})",
        "{element}、{source}：{value} wt%（{laboratory}）",
    ),
    "formula": (
        "Value per element = wet mass x (1 - moisture) x assay (wt %, dry) / 100 x payable % / 100 x price "
        "(x 5.323 for lithium priced as lithium carbonate equivalent).",
        "元素ごとの金額 = 湿量 ×（1 − 水分）× 分析値（wt%、乾量基準）/ 100 × 支払率 / 100 × 価格"
        "（炭酸リチウム換算で値付けされるリチウムは × 5.323）。",
    ),
    "uncertainty": (
        "The expanded uncertainty U (coverage factor k, about 95 % coverage) of the value on the "
        "laboratory's "
        "assays combines the assay's uncertainty (with the inputs the elements share correlated), the "
        "moisture's and the lot mass's (JCGM 100). Payable percentages and prices are contractual and "
        "carry no uncertainty. The final value is on the settled assays, which are contractual figures.",
        "当試験所分析値による金額の拡張不確かさ U（包含係数 k、包含確率約 95 %）は、分析値の不確かさ"
        "（元素間で共通する入力量の相関を含む）、水分およびロット質量の不確かさを"
        "合成したものです（JCGM 100）。"
        "支払率と価格は契約上の値であり、不確かさを持ちません。"
        "最終金額は契約上の値である精算分析値によります。",
    ),
    "user_terms": (
        "Payable percentages, reference prices, splitting limits and the umpire rule are those of the terms "
        "file supplied by the user (SHA-256 above); the laboratory did not fetch or check the prices.",
        "支払率、基準価格、スプリッティングリミットおよびアンパイア規則は、利用者が提供した契約条件ファイル"
        "（上記 SHA-256）によるものです。試験所は価格を取得・確認していません。",
    ),
    "basis_correlated": (
        "U propagated from the assays' uncertainty budgets with their shared inputs correlated (GUM 5.2); "
        "the laboratory's moisture, used by the digests, counts once.",
        "U は分析値の不確かさの収支から、共通の入力量の相関を考慮して伝播しました（GUM 5.2）。"
        "試料分解に用いた当試験所の水分値は一度だけ計上しています。",
    ),
    "basis_independent": (
        "For an element whose assay has no itemised budget, the assay's, the moisture's and the lot mass's "
        "relative uncertainties are combined as independent (conservative for the moisture).",
        "分析値に内訳のある不確かさの収支がない元素では、分析値、水分およびロット質量の相対不確かさを"
        "独立として合成しました（水分については安全側）。",
    ),
    "basis_upper_bound": (
        "U of the total is the sum of the elements' U, an upper bound "
        "(the budgets do not name their inputs).",
        "合計の U は各元素の U の和であり、上限値です（収支に入力量の名前がないため）。",
    ),
    "col_element": ("Element", "元素"),
    "col_own": ("Laboratory assay, wt %", "当試験所分析値 wt%"),
    "col_own_value": ("Value on it ± U ({currency})", "同金額 ± U（{currency}）"),
    "col_counter": ("Counter-party, wt %", "相手方 wt%"),
    "col_limit": ("Splitting limit", "スプリッティングリミット"),
    "col_outcome": ("Outcome", "結果"),
    "col_umpire": ("Umpire, wt %", "アンパイア wt%"),
    "col_settled": ("Settled assay, wt %", "精算分析値 wt%"),
    "col_final": ("Final value ({currency})", "最終金額（{currency}）"),
    "limit_absolute": ("{limit} wt %", "{limit} wt%"),
    "limit_relative": ("{limit} % of the mean", "平均値の {limit} %"),
    "none": ("-", "－"),
    "unconfirmed": (
        "Entered but not yet confirmed (not used): {what}",
        "入力済み・未確認（未使用）：{what}",
    ),
}


def settlement_text(key: str, lang: Lang, **values: object) -> str:
    """The catalogue text for `key` in one language, with `{placeholders}` filled from `values`."""
    en, ja = CATALOGUE[key]
    template = ja if lang == "ja" else en
    return template.format(**values) if values else template


def both(key: str, langs: tuple[Lang, ...], **values: object) -> str:
    """The text in each language of the statement, joined with " / " (one language: just that)."""
    return " / ".join(settlement_text(key, lang, **values) for lang in langs)
