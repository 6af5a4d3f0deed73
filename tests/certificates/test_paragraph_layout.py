"""labapp.certificates.paragraphs: the same lines and the same PDF as reportlab's own Paragraph, faster.

The CJK line breaking is compared with reportlab's on generated texts (Japanese with the characters
that may not start a line, Latin words that must go back to their last space, line breaks, two
fonts, many widths); the certificate itself is rendered with reportlab's Paragraph and with labapp's
in reportlab's invariant mode (no dates or random ids in the file) and must be the same bytes.
"""

from __future__ import annotations

import random

import pytest
from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as ReportlabParagraph

from labapp.certificates import fonts, layout, parsed_markup, sections
from labapp.certificates.fonts import JAPANESE, LATIN, font_runs, line_width, markup, register_fonts
from labapp.certificates.layout import render_certificate
from labapp.certificates.model import canonical_json, twin_sha256
from labapp.certificates.paragraphs import Paragraph

from .helpers import example_data

JAPANESE_TEXT = "試験所の受入場北九州ニッケルコバルト含有量測定値の拡張不確かさ"
NO_LINE_START = "、。，．・：；？！ー」』）］｝〕〉》"
LATIN_WORDS = ["ISO", "12743", "practice,", "20", "increments", "(dry)", "SHA-256", "µm", "≥", "wt%"]


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 14)):
        kind = rng.random()
        if kind < 0.45:
            start = rng.randrange(len(JAPANESE_TEXT))
            parts.append(JAPANESE_TEXT[start : start + rng.randint(1, 12)] + rng.choice(["", *NO_LINE_START]))
        elif kind < 0.9:
            parts.append(" ".join(rng.choice(LATIN_WORDS) for _ in range(rng.randint(1, 6))))
        else:
            parts.append("\n")
    return rng.choice(["", " "]).join(parts)


def _lines(paragraph: ReportlabParagraph, width: float) -> list[tuple]:
    """Everything reportlab draws from: each line's attributes and its words' fragments."""
    paragraph.wrap(width, 10_000)
    out = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):  # one fragment: reportlab's own word split, (space, [text])
            out.append(("one fragment", line))
            continue
        attributes = {k: v for k, v in vars(line).items() if k != "words"}
        words = [sorted((k, repr(v)) for k, v in vars(word).items()) for word in line.words]
        out.append(("fragments", sorted((k, repr(v)) for k, v in attributes.items()), words))
    return out


def test_cjk_line_breaking_matches_reportlab_on_generated_texts() -> None:
    register_fonts()
    rng = random.Random(24)
    checked = lines = several = 0
    for n in range(400):
        style = ParagraphStyle(
            f"s{n}",
            fontName=rng.choice([LATIN, "LabappSans-Bold"]),
            fontSize=rng.choice([6.2, 7.6, 9.6, 16]),
            leading=12,
            wordWrap="CJK",
            alignment=rng.choice([0, 1, 2]),
        )
        source = "<br/>".join(markup(line) for line in _text(rng).split("\n"))
        width = rng.uniform(25, 300)
        expected = _lines(ReportlabParagraph(source, style), width)
        assert _lines(Paragraph(source, style), width) == expected, source
        checked += 1
        lines += len(expected)
        several += len([line for line in expected if line[0] == "fragments"]) > 2
    assert checked == 400 and lines > 1500 and several > 200  # most texts break, many several times


def test_a_paragraph_breaks_once_per_width_and_again_for_another() -> None:
    register_fonts()
    style = ParagraphStyle("cell", fontName=LATIN, fontSize=7.6, leading=9.4, wordWrap="CJK")
    paragraph = Paragraph(markup("試験所の受入場（北九州） laboratory receiving bay, Kitakyushu"), style)
    calls = []
    original = paragraph.breakLinesCJK
    paragraph.breakLinesCJK = lambda widths: calls.append(list(widths)) or original(widths)
    assert paragraph.wrap(60, 100) == paragraph.wrap(60, 50) == (60, 9.4 * len(paragraph.blPara.lines))
    assert len(calls) == 1
    wide = paragraph.wrap(400, 100)
    assert wide == (400, 9.4) and len(calls) == 2  # one line at 400 pt: broken again for the new width
    del paragraph.blPara  # as reportlab's split does when the paragraph moves to the next frame whole
    paragraph.wrap(400, 100)
    assert len(calls) == 3
    assert JAPANESE in {word.fontName for line in paragraph.blPara.lines for word in line.words}


def _fragments(paragraph: ReportlabParagraph) -> list[dict]:
    return [dict(vars(frag)) for frag in paragraph.frags]


def test_markup_parsed_before_gives_the_same_fragments_as_a_new_parse() -> None:
    register_fonts()
    rng = random.Random(2424)
    styles = [
        ParagraphStyle("a", fontName=LATIN, fontSize=7.6, leading=9.4),
        ParagraphStyle("b", fontName="LabappSans-Bold", fontSize=9.6, leading=12, wordWrap="CJK"),
    ]
    kept = 0
    for n in range(300):
        style = styles[n % 2]
        lines = _text(rng).split("\n")
        source = "<br/>".join(
            f"<b>{markup(line)}</b>" if rng.random() < 0.2 else markup(line) for line in lines
        )
        expected = _fragments(ReportlabParagraph(source, style))
        first, second = Paragraph(source, style), Paragraph(source, style)
        kept += parsed_markup.lookup(source, parsed_markup.style_key(style)) is not None
        assert _fragments(first) == _fragments(second) == expected, source
        assert first.text == second.text == ReportlabParagraph(source, style).text
        assert not {id(f) for f in first.frags} & {id(f) for f in second.frags}
    assert kept == 300
    # the same text in a style with other values is parsed again, in its own font
    other = ParagraphStyle("c", parent=styles[0], fontSize=16)
    assert {f.fontSize for f in Paragraph("Pass", other).frags} == {16}
    assert {f.fontSize for f in Paragraph("Pass", styles[0]).frags} == {7.6}


def test_a_paragraph_that_changes_its_fragments_leaves_the_next_one_alone() -> None:
    register_fonts()
    style = ParagraphStyle("cell", fontName=LATIN, fontSize=7.6, leading=9.4)
    source = markup("Lithium 炭酸リチウム換算") + "<br/>" + markup("wt% (dry)")
    first = Paragraph(source, style)
    first.frags[0].text = "changed"
    first.frags[0].us_lines.append(("underline",))
    second = Paragraph(source, style)
    assert second.frags[0].text == "Lithium " and second.frags[0].us_lines == []
    assert _fragments(second) == _fragments(ReportlabParagraph(source, style))


def test_markup_and_line_widths_kept_per_text_are_the_computed_ones() -> None:
    register_fonts()
    for value in ["Ni 231.604", "試験所の受入場 ISO 12743 µm ≥ 20", "a & <b>", "", 12.5, None]:
        source = "" if value is None else str(value)
        assert markup(value) == markup(value) == fonts._markup.__wrapped__(source)
        for font, size in ((LATIN, 7.6), ("LabappSans-Bold", 9.6)):
            expected = sum(stringWidth(run, run_font, size) for run, run_font in font_runs(source, font))
            assert line_width(source, font, size) == line_width(source, font, size) == expected
    assert markup("炭酸 Li") == f'<font name="{JAPANESE}">炭酸</font> Li' and markup(None) == ""
    assert line_width("WWW", LATIN, 16) > line_width("WWW", LATIN, 8) > line_width("iii", LATIN, 8) > 0


@pytest.mark.parametrize("language", ["en", "ja", "en+ja"])
def test_the_certificate_is_the_same_pdf_as_with_reportlabs_paragraph(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = example_data(language)
    sha = twin_sha256(canonical_json(data))
    monkeypatch.setattr(rl_config, "invariant", 1)
    ours = render_certificate(data, sha, "ab12 cd34").pdf
    assert render_certificate(data, sha, "ab12 cd34").pdf == ours  # every markup parsed before
    monkeypatch.setattr(sections, "Paragraph", ReportlabParagraph)
    monkeypatch.setattr(layout, "Paragraph", ReportlabParagraph)
    assert render_certificate(data, sha, "ab12 cd34").pdf == ours
