"""No internal identifier reaches a screen (issue 22): every page of the desktop, every tab, over the
demo database, with the first row of each view selected so the detail panes fill. A snake_case word,
an enum repr, "{"-JSON, a Python literal or a number with more than 8 significant digits fails, in
English and in Japanese. User data (lot codes, run and file names, user names) is taken out first.
"""

from __future__ import annotations

import pytest
from accounts import account
from visible_text import identifier_reasons, visible_texts

from labapp.gui.main_window import MainWindow
from labapp.importers import all_profiles
from labapp.services.importing.registration import list_lots
from labapp.services.workflow.review import list_runs


def _user_data(ctx) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """Names, not identifiers of ours: lot codes and clients, run and file names, and instrument
    profile ids (a profile's id is its file's name, which a laboratory chooses and types in its own
    profile files, shown beside the profile's full name)."""
    lots = [value for lot in list_lots(ctx) for value in (lot.code, lot.client)]
    lots += [profile.id for profile in all_profiles()]
    runs = [value for run in list_runs(ctx) for value in (run.name, run.file_name)]
    return tuple(sorted({v for v in (*lots, *runs) if v}, key=len, reverse=True))


def _findings(window, ctx) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    phrases = _user_data(ctx)
    found: dict[str, list[str]] = {}
    for page, texts in visible_texts(window).items():
        for text in sorted(texts):
            reasons = identifier_reasons(text, phrases)
            if reasons:
                found.setdefault(page, []).append(f"{text[:120]!r}: {', '.join(reasons[:2])}")
    return found


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_page_shows_an_internal_identifier(qtbot, qapp, demo_ctx, language, monkeypatch) -> None:
    from labapp.gui import translation

    if language == "ja":
        translation.install_translation(qapp, "ja")
    try:
        window = MainWindow(ctx=demo_ctx, user=account(demo_ctx, "qa"))
        qtbot.addWidget(window)
        window.resize(1280, 860)
        window.show()
        found = _findings(window, demo_ctx)
    finally:
        translation.install_translation(qapp, "en")
    assert not found, "\n".join(f"{page}: {line}" for page, lines in found.items() for line in lines)
