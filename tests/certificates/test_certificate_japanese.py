"""Every word of a Japanese or bilingual certificate that is not a name, code or unit is Japanese
(issue 19, item 5): every demo certificate, rendered in Japanese and in both languages, is read back
with pdftotext and checked for English sentences; pdffonts shows the Japanese font embedded."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from demo_builds import copy_demo

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import CertificateData, canonical_json, load_twin, twin_sha256
from labapp.certificates.text import CATALOGUE, english_originals
from labapp.core.errors import LabappError
from labapp.demo.build import DemoReport

from .helpers import example_data, run_tool
from .japanese_text import allowed_words, english_runs, english_words, offending_lines, surplus

# the page body without header and footer (A4 points): those repeat per page, and the bilingual
# certificate has more pages than the English one
DIGITS_ONLY_DIGEST = "0123456789" * 6 + "0123"
BODY = ("-x", "0", "-y", "90", "-W", "595", "-H", "672")


@pytest.fixture(scope="module")
def demo_twins(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> list[CertificateData]:
    out = tmp_path_factory.mktemp("demo-ja")
    copy_demo(demo_build, out)
    twins = sorted((out / "certificates").glob("*.json"))
    assert len(twins) >= 10, twins
    return [load_twin(path.read_bytes()) for path in twins]


def _pdf_text(data: CertificateData, language: str, folder: Path, *crop: str) -> str:
    data = copy.deepcopy(data)
    data.certificate.language = language
    pdf = folder / f"{data.certificate.number}-{language}.pdf"
    # the printed twin digest differs per language and wraps anywhere, and its letter-only pieces
    # ("daabed", "cae") read as English words: these texts are rendered with a digest of digits
    pdf.write_bytes(render_certificate(data, DIGITS_ONLY_DIGEST).pdf)
    result = run_tool("pdftotext", "-layout", *crop, str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_checker_finds_an_english_sentence_and_lets_names_and_codes_pass() -> None:
    allowed = allowed_words(example_data())
    assert english_runs("由来 end-of-life batteries", allowed) == ["end-of-life batteries"]
    assert english_runs("試験方法 ICP-OES, icp-oes-black-mass v1.0 Ni 18.45 wt% ISO/IEC 17025", allowed) == []
    assert english_runs("判定基準 T/CPCIF 0169-2021、ILAC-G8:09/2019", allowed) == []


def test_no_demo_certificate_prints_english_in_japanese(
    demo_twins: list[CertificateData], tmp_path: Path
) -> None:
    problems, words = [], []
    for data in demo_twins:
        text = _pdf_text(data, "ja", tmp_path)
        found = offending_lines(text, allowed_words(data))
        problems += [f"{data.certificate.number} (ja): {line}" for line in found]
        # stricter than sentences: not a single English word that is not a name, code or unit
        words += [f"{data.certificate.number}: {w}" for w in english_words(text, allowed_words(data))]
    assert not problems, "English sentences in Japanese certificates:\n" + "\n".join(problems)
    assert not words, "English words in Japanese certificates:\n" + "\n".join(words)


def test_no_demo_certificate_leaves_english_in_the_japanese_half_of_a_bilingual_one(
    demo_twins: list[CertificateData], tmp_path: Path
) -> None:
    """A bilingual certificate prints every English word exactly as often as the English one does: a
    text without Japanese would stand a second time (marked) where its Japanese belongs."""
    problems = []
    # a table's heading row is bilingual by construction and repeats on every page the table spans,
    # which a longer bilingual certificate has more of
    headings = {w for key, (en, _) in CATALOGUE.items() if key.startswith("col_") for w in en.split()}
    for data in demo_twins:
        allowed = allowed_words(data, headings)
        english = english_words(_pdf_text(data, "en", tmp_path, *BODY), allowed)
        bilingual = english_words(_pdf_text(data, "en+ja", tmp_path, *BODY), allowed)
        extra = surplus(bilingual, english)
        if extra:
            problems.append(f"{data.certificate.number} (en+ja): {', '.join(extra)}")
    assert not problems, "English where the Japanese belongs:\n" + "\n".join(problems)


def test_a_text_without_japanese_is_marked_as_the_english_original(tmp_path: Path) -> None:
    data = example_data("ja")
    data.remarks = ["Sample delivered in a torn bag"]
    data.ja = {}
    text = _pdf_text(data, "ja", tmp_path)
    assert "（英語原文）Sample delivered in a torn bag" in text
    assert any("torn bag" in line for line in offending_lines(text, allowed_words(data)))
    data.ja = {"/remarks/0": "破れた袋で受領した試料"}
    text = _pdf_text(data, "ja", tmp_path)
    assert "破れた袋で受領した試料" in text and "torn bag" not in text


def test_japanese_pages_embed_the_japanese_font(demo_twins: list[CertificateData], tmp_path: Path) -> None:
    data = copy.deepcopy(demo_twins[0])
    data.certificate.language = "ja"
    pdf = tmp_path / "ja.pdf"
    pdf.write_bytes(render_certificate(data, twin_sha256(canonical_json(data))).pdf)
    fonts = run_tool("pdffonts", str(pdf)).stdout.splitlines()[2:]
    japanese = [row for row in fonts if "IPAex" in row]
    assert japanese, fonts
    assert all(row.split()[-5] == "yes" for row in fonts), fonts  # emb column: every font embedded


def test_the_twin_carries_japanese_by_pointer_and_refuses_a_pointer_to_nothing() -> None:
    data = example_data("ja")
    assert "ja" not in data.to_dict()  # no Japanese texts: the twin keeps the bytes it had before
    data.remarks = ["Sample received in a torn bag."]
    data.ja = {"/remarks/0": "破れた袋で受領した試料。"}
    again = load_twin(canonical_json(data))
    assert (
        again.japanese("/remarks/0") == "破れた袋で受領した試料。" and again.japanese("/lot/origin") is None
    )
    data.ja = {"/remarks/3": "存在しない注記"}
    with pytest.raises(LabappError, match="ja: /remarks/3 is not a text of the certificate"):
        data.validate()
    data.ja = {"/remarks/0": "  "}
    with pytest.raises(LabappError, match="ja: /remarks/0 is empty"):
        data.validate()


def test_english_originals_lists_prose_without_japanese_and_not_codes() -> None:
    data = example_data("ja")
    data.remarks = ["Sample received in a torn bag.", "ISO 10251, 105 C"]
    data.ja = {}
    found = english_originals(data)
    assert "/remarks/0" in found and "/remarks/1" not in found  # a standard and a temperature are codes
    data.ja = {"/remarks/0": "破れた袋で受領した試料。"}
    assert "/remarks/0" not in english_originals(data)
    data.ja = {"/remarks/0": "理由：（英語原文）torn bag"}  # Japanese that carries an English original
    assert "/remarks/0" in english_originals(data)
