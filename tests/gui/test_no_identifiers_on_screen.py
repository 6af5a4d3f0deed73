"""No internal identifier and no untranslated English reaches a screen (issue 22, items 3 and 5).

Every page of the desktop, every tab, over the demo database, with the first row of each view
selected so the detail panes fill, for each role (pages and tabs differ by role). A snake_case word,
an enum repr, "{"-JSON, a Python literal or a number with more than 8 significant digits fails, in
English and in Japanese; in Japanese, so does an English phrase (visible_text.english_phrase, the
shared gui_text_scan's rule). User data and proper names (lot codes and clients, run and file names,
people, the laboratory, titles of criteria sets, methods and instrument profiles) are taken out first.
"""

from __future__ import annotations

import pytest
from accounts import account
from PySide6.QtWidgets import QLabel
from visible_text import english_phrase, identifier_reasons, visible_texts

from labapp.gui.main_window import MainWindow
from labapp.importers import all_profiles
from labapp.services.administration.laboratory import get_laboratory
from labapp.services.administration.methods import load_methods
from labapp.services.administration.users import list_users
from labapp.services.grading.criteria_catalog import list_sets
from labapp.services.importing.registration import list_lots
from labapp.services.workflow.review import list_runs


def _user_data(ctx) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """Names, not identifiers of ours nor English to translate: lot codes and clients, run and file
    names, people, the laboratory's details, the titles of criteria sets and methods, and instrument
    profiles' ids, names and vendors (a profile's id is its file's name, which a laboratory chooses)."""
    names = [value for lot in list_lots(ctx) for value in (lot.code, lot.client)]
    names += [value for p in all_profiles() for value in (p.id, p.name, p.vendor)]
    names += [value for run in list_runs(ctx) for value in (run.name, run.file_name)]
    names += [user.full_name for user in list_users(ctx)]
    lab = get_laboratory(ctx)
    if lab is not None:
        names += [
            lab.name,
            lab.accreditation,
            *(line.strip().rstrip(",") for line in (lab.address or "").splitlines()),
        ]
    names += [entry.title for entry in list_sets()]
    names += [value for method in load_methods().values() for value in (method.name, method.reference)]
    return tuple(sorted({v for v in names if v and len(v) >= 2}, key=len, reverse=True))


def _reasons(text: str, language: str, names: tuple[str, ...], document: bool = False) -> list[str]:
    """Why `text` may not be shown. A line of a read-only text pane (`document`: the source's own words,
    e.g. a criteria set's notes as published) is judged for identifiers only, as the shared scan does."""
    reasons = identifier_reasons(text, names)
    english = english_phrase(text, names) if language == "ja" and not document else None
    return reasons + ([f"English: {english}"] if english else [])


def _findings(window, ctx, language: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    names = _user_data(ctx)
    found: dict[str, list[str]] = {}
    panes: set[str] = set()
    for page, texts in visible_texts(window, panes=panes).items():
        for text in sorted(texts):
            reasons = _reasons(text, language, names, text in panes)
            if reasons:
                found.setdefault(page, []).append(f"{text[:120]!r}: {', '.join(reasons[:2])}")
    return found


def _window(qtbot, ctx, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx=ctx, user=account(ctx, username))
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    return window


# pages and tabs differ by role; the technician's English pages are a subset of the others' (time)
@pytest.mark.parametrize(
    ("language", "username"), [("en", "qa"), ("en", "admin"), ("ja", "qa"), ("ja", "admin"), ("ja", "tech")]
)
def test_no_page_shows_an_identifier_or_untranslated_english(
    qtbot, qapp, demo_ctx, language, username
) -> None:
    from labapp.gui import translation

    translation.install_translation(qapp, language)
    try:
        found = _findings(_window(qtbot, demo_ctx, username), demo_ctx, language)
    finally:
        translation.install_translation(qapp, "en")
    assert not found, "\n".join(f"{page}: {line}" for page, lines in found.items() for line in lines)


def test_the_check_catches_an_untranslated_label_and_an_identifier(qtbot, qapp, demo_ctx) -> None:
    """The check can fail: an English sentence and a raw state put on a page of the Japanese desktop
    are both reported, on that page, and nothing else is."""
    from labapp.gui import translation

    translation.install_translation(qapp, "ja")
    try:
        window = _window(qtbot, demo_ctx, "qa")
        page = window.pages.widget(0)
        for text in ("Select a user in the list first.", "pass_with_flags"):
            page.layout().addWidget(QLabel(text))
        found = _findings(window, demo_ctx, "ja")
    finally:
        translation.install_translation(qapp, "en")
    title = window.navigation.item(0).text()
    assert list(found) == [title]
    assert found[title] == [
        "'Select a user in the list first.': English: Select user the list first",
        "'pass_with_flags': snake_case pass_with_flags",
    ]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Select a user in the list first.", "Select user the list first"),
        ("ロット BM26-0001 has no current grading", "has current grading"),
        ("判定規則 non-binary with guard band w = 1 U", "with guard band"),
        ("mass fraction, dry basis", "mass fraction dry basis"),
        ("ファイル(F)", None),
        ("Li, Ni, Co, Mn, Fe, Al, Cu", None),  # a list of symbols is no phrase
        ("lithium, nickel, cobalt, manganese", None),  # nor a list of single names
        ("ICP-OES 2026-03-17", None),
        ("データベース: /srv/eval/labapp.sqlite (組み込み SQLite)", None),
        ("ISO 10251:2006 に準拠（ばら物の乾燥による質量減少）；試験所 SOP PAN-MOI-01", None),
        ("Mandel 検定: 直線で十分 (p = 0.039)", None),
        ("qa@hokuriku-recycling.example", None),
    ],
)
def test_english_phrase_rule(text: str, english: str | None) -> None:
    assert english_phrase(text) == english


def test_user_data_is_not_judged() -> None:
    client = "Kansai Eco Metals Co., Ltd."
    assert english_phrase(f"依頼者: {client}") == "Kansai Eco Metals"
    assert english_phrase(f"依頼者: {client}", (client,)) is None
