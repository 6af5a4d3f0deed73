"""English and Japanese wording of the laboratory's signed documents about certificates (retraction
notice, status list), in one catalogue as text.py holds the certificate's: a reviewer checks both
languages side by side, and a test checks that every key has both."""

from __future__ import annotations

from labapp.certificates.text import Lang

CATALOGUE: dict[str, tuple[str, str]] = {
    # retraction notice
    "notice_title": ("Notice of retraction of a certificate of analysis", "分析証明書の取消通知"),
    "notice_statement": (
        "Certificate {number} revision {revision} is retracted by the laboratory and is no longer valid. "
        "Do not rely on it for any purpose; the results and the statement of conformity it carries are "
        "withdrawn.",
        "証明書 {number}（改訂番号 {revision}）は試験所により取り消され、無効となりました。"
        "いかなる目的にも使用しないでください。記載された結果および適合性の表明は撤回されます。",
    ),
    "notice_check": (
        "This notice is digitally signed (PAdES). Anyone can check the status of the laboratory's "
        "certificates with its signed status list: labapp verify CERTIFICATE.pdf --status LIST.pdf.",
        "本通知は電子署名（PAdES）されています。試験所の証明書の状態は、署名付きステータス一覧で確認できます："
        "labapp verify 証明書.pdf --status 一覧.pdf。",
    ),
    "laboratory": ("Laboratory", "試験所"),
    "certificate_number": ("Certificate number", "証明書番号"),
    "revision": ("Revision", "改訂番号"),
    "lot": ("Lot", "ロット番号"),
    "client": ("Client", "依頼者"),
    "twin_sha256": ("SHA-256 of the certificate's JSON twin", "証明書の JSON データの SHA-256"),
    "pdf_sha256": ("SHA-256 of the certificate PDF", "証明書 PDF の SHA-256"),
    "retracted_on": ("Date of retraction (UTC)", "取消日時（UTC）"),
    "retracted_by": ("Retracted by", "取消者"),
    "reason": ("Reason", "理由"),
    "verification": ("Verify certificates at", "証明書の確認先"),
    # status list
    "list_title": ("Status list of certificates of analysis", "分析証明書ステータス一覧"),
    "list_statement": (
        "State of every certificate revision the laboratory has issued, as of the time of issue of this "
        "list. A later list replaces this one. The machine-readable list is attached (status-list.json).",
        "本一覧の発行時点における、試験所が発行したすべての証明書改訂版の状態です。"
        "新しい一覧が本一覧に代わります。機械可読の一覧を添付しています（status-list.json）。",
    ),
    "list_issued_at": ("Issued at (UTC)", "発行日時（UTC）"),
    "list_issued_by": ("Issued by", "発行者"),
    "list_count": ("Certificate revisions", "証明書改訂版の数"),
    "col_number": ("Number", "番号"),
    "col_revision": ("Rev.", "改訂"),
    "col_lot": ("Lot", "ロット"),
    "col_issued": ("Issued", "発行日"),
    "col_state": ("State", "状態"),
    "col_detail": ("Detail", "詳細"),
    "col_twin": ("JSON twin SHA-256 (first 16)", "JSON SHA-256（先頭16桁）"),
    "superseded_by": ("by {which}", "{which} により"),
    # both
    "signature": ("Digital signature (PAdES)", "電子署名（PAdES）"),
    "end": ("End of document", "以上"),
    "page_of": ("Page {page} of {pages}", "{page} / {pages} ページ"),
}


def document_text(key: str, lang: Lang, **values: object) -> str:
    """The catalogue text for `key` in one language, with `{placeholders}` filled from `values`."""
    en, ja = CATALOGUE[key]
    template = ja if lang == "ja" else en
    return template.format(**values) if values else template


def both(key: str, langs: tuple[Lang, ...], **values: object) -> str:
    """The text in each language of the document, joined with " / " (one language: just that)."""
    return " / ".join(document_text(key, lang, **values) for lang in langs)
