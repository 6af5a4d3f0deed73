"""The rendered certificate, read back the way a recipient's tools read it (Poppler, zbar)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labapp.certificates.issue import IssuedCertificate
from labapp.certificates.layout import qr_matrix, render_certificate
from labapp.certificates.model import canonical_json, parse_qr_payload, qr_payload, twin_sha256

from .helpers import example_data, run_tool

LANGS = ("en", "ja", "en+ja")


def _text(path: Path) -> str:
    result = run_tool("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(signed_files: dict[str, Path], lang: str) -> None:
    result = run_tool("pdffonts", str(signed_files[lang]))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        assert _emb_column(result.stdout, row) == "yes", row
    names = " ".join(rows)
    assert "DejaVuSans" in names
    assert "IPAexGothic" in names  # also in "en": the client's name is partly Japanese


def _emb_column(table: str, row: str) -> str:
    """The 'emb' cell of a pdffonts row, located by the header's column position."""
    header = table.splitlines()[0]
    start = header.index("emb")
    return row[start : start + 3]


@pytest.mark.parametrize("lang", LANGS)
def test_text_extracts_with_page_x_of_y_on_every_page(
    signed_files: dict[str, Path], lang: str, issued: dict[str, IssuedCertificate]
) -> None:
    pages = _text(signed_files[lang]).split("\f")[: issued[lang].pages]
    total = issued[lang].pages
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        if lang != "ja":
            assert f"Page {number} of {total}" in page
            assert "BM-2026-00042" in page
        if lang != "en":
            assert f"{number} / {total} ページ" in page


def test_english_certificate_states_the_17025_items(signed_files: dict[str, Path]) -> None:
    text = re.sub(r"\s+", " ", _text(signed_files["en"]))
    for phrase in [
        "Certificate of Analysis",
        "Example Black Mass Assay Laboratory",
        "DAkkS",
        "Tohoku Battery",
        "LOT-2026-0815",
        "SHP-55120",
        "MSKU 123456-7",
        "SL-889102",
        "19 14 02*",
        "ISO 12743",
        "Date of receipt 2026-11-12",
        "2026-11-13 – 2026-11-17",
        "Date of issue 2026-11-20 09:30 UTC",
        "18 949.4 kg",
        "3.81 % ± 0.12 % (k = 2)",
        "Ni 21.43 0.62 2 wt%",
        "< LOQ",
        "overridden: re-measured",
        "excluded: HF-free",
        "external provider: Example",  # "Combustion Lab GmbH" wraps beside C's name, "carbon" (issue 21)
        "Combustion Lab GmbH",
        "JP-EU black mass, provisional",
        "Simple acceptance",
        "The lot conforms to grade NCM/NCA B",
        "Li2CO3 equivalent",
        "China import criteria",
        "relate only to the items tested",
        "not be reproduced except in full",
        "Dr. Kenji Watanabe Technical manager approval 2026-11-20 09:28 UTC",
        "End of certificate",
    ]:
        assert phrase in text, phrase


def test_japanese_text_is_extracted(signed_files: dict[str, Path]) -> None:
    text = re.sub(r"\s+", "", _text(signed_files["ja"]))
    for phrase in [
        "分析証明書",
        "証明書番号",
        "分析結果（乾燥ベース）",
        "定量下限",
        "本結果は、試験した品目のみに関するものです。",
        "東北電池リサイクル株式会社",
        "本ロットはグレードNCM/NCAB に適合します。".replace(" ", ""),
        "承認",
        "以上",
        "本証明書の確認先",  # the laboratory's verification address, labelled in Japanese
        "https://assay-lab.example/verify",
    ]:
        assert phrase in text, phrase


def test_bilingual_certificate_carries_both_languages(signed_files: dict[str, Path]) -> None:
    text = _text(signed_files["en+ja"])
    assert "Certificate of Analysis / 分析証明書" in text
    assert "The results relate only to the items tested." in text and "本結果は" in text


def test_qr_code_decodes_to_number_and_twin_hash(
    signed_files: dict[str, Path], issued: dict[str, IssuedCertificate], tmp_path: Path
) -> None:
    image = tmp_path / "page"
    assert (
        run_tool(
            "pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(signed_files["en"]), str(image)
        ).returncode
        == 0
    )
    png = next(tmp_path.glob("page*.png"))
    scanned = run_tool("zbarimg", "--quiet", "--raw", str(png)).stdout.strip()
    assert parse_qr_payload(scanned) == ("BM-2026-00042", 1, issued["en"].twin_sha256)


def test_qr_matrix_is_a_valid_symbol_for_the_payload() -> None:
    payload = qr_payload("BM-2026-00042", 1, "ab" * 32)
    matrix = qr_matrix(payload)
    size = len(matrix) - 8  # 4-module quiet zone on each side
    assert all(len(row) == len(matrix) for row in matrix)
    assert (size - 17) % 4 == 0  # ISO/IEC 18004: side = 4 * version + 17
    finder = [row[4:11] for row in matrix[4:11]]
    assert finder[0] == [True] * 7 and finder[3] == [True, False, True, True, True, False, True]


def test_signature_block_lies_on_the_last_page_inside_the_margins() -> None:
    data = example_data("en+ja")
    rendered = render_certificate(data, twin_sha256(canonical_json(data)))
    page, (x1, y1, x2, y2) = rendered.signature_box.page_index, rendered.signature_box.box
    assert page == rendered.pages - 1
    assert 0 < x1 < x2 < 595 and 40 < y1 < y2 < 800
    assert x2 - x1 > 400 and 50 < y2 - y1 < 90


def test_many_results_flow_over_pages_with_repeated_header(tmp_path: Path) -> None:
    data = example_data("en")
    data.results = data.results * 6
    rendered = render_certificate(data, twin_sha256(canonical_json(data)))
    path = tmp_path / "long.pdf"
    path.write_bytes(rendered.pdf)
    pages = _text(path).split("\f")[: rendered.pages]
    assert rendered.pages >= 4
    with_results = [page for page in pages if "ICP-OES, M-ICP-01" in page]
    assert len(with_results) >= 2 and all("Analyte" in page for page in with_results)
    assert f"Page {rendered.pages} of {rendered.pages}" in pages[-1] and "End of certificate" in pages[-1]
