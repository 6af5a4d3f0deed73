"""The interface language: English by default, Japanese from resources/i18n/labapp_ja.qm.

The choice is the QSettings key "ui/language" ("en" or "ja"); it is read once at start-up, so a
change in Preferences applies after a restart. For Japanese the bundled IPAex Gothic font is
registered and made the application font, so the glyphs render on machines without a Japanese font.

The words of the vocabularies (outcomes, decision rules, states: labapp.core.vocabulary and the
services' re-exports) carry their own English and Japanese labels; `word()` shows one in the language
installed at start-up, so they need no entry in the translation file.
"""

from __future__ import annotations

import importlib
import pkgutil

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator, qWarning
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from labapp.core.vocabulary import Vocabulary
from labapp.resources import resource_path

LANGUAGE_KEY = "ui/language"
DEFAULT_LANGUAGE = "en"
LANGUAGES = {"en": "English", "ja": "日本語"}  # each name in its own language, as language menus show them
JAPANESE_FONT = ("certificate", "fonts", "ipaexg.ttf")
_installed = {"language": DEFAULT_LANGUAGE}  # what install_translation last installed


def chosen_language() -> str:
    value = str(QSettings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def choose_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    QSettings().setValue(LANGUAGE_KEY, code)


def translation_file(code: str) -> str:
    return str(resource_path("i18n", f"labapp_{code}.qm"))


def install_translation(app: QApplication, code: str | None = None) -> QTranslator | None:
    """Install the translator for `code` (default: the chosen language); None for English."""
    code = code or chosen_language()
    _installed["language"] = DEFAULT_LANGUAGE
    for old in app.findChildren(QTranslator, "labapp-translator"):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    if code == DEFAULT_LANGUAGE:
        QLocale.setDefault(QLocale.system())
        return None
    translator = QTranslator(app)
    translator.setObjectName("labapp-translator")
    if not translator.load(translation_file(code)):  # a damaged installation still starts, in English
        qWarning(f"labapp: translation {translation_file(code)} cannot be loaded; using English")
        return None
    QCoreApplication.installTranslator(translator)
    _install_qt_words(app, code)
    _installed["language"] = code
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    _use_japanese_font(app)
    return translator


def _install_qt_words(app: QApplication, code: str) -> None:
    """Qt's own words (Cancel, Yes, No, Close, the text fields' Copy and Paste menu) from the
    qtbase translation that ships with PySide6; without it they stay English, nothing else breaks."""
    qt_words = QTranslator(app)
    qt_words.setObjectName("labapp-translator")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_words.load(f"qtbase_{code}", folder):
        QCoreApplication.installTranslator(qt_words)
    else:
        qWarning(f"labapp: Qt's translation qtbase_{code} not found in {folder}; its buttons stay English")


def interface_language() -> str:
    """The language of the interface now ("en" or "ja"): the one installed at start-up."""
    return _installed["language"]


def word(value: object) -> str:
    """A vocabulary's member by its label in the interface language; any other value as text ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, Vocabulary):
        return value.label(interface_language())
    return str(value)


def _use_japanese_font(app: QApplication) -> None:
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*JAPANESE_FONT)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(app.font())
        font.setFamilies([families[0], *app.font().families()])
        app.setFont(font)


def dynamic_texts() -> list[tuple[str, str]]:
    """(context, text) of strings the GUI translates from constants rather than from tr("literal").

    lupdate cannot see these; tests/gui/update_translations.py writes them into a file lupdate
    reads, and a test checks the translation file has every one, so a new column cannot slip through.
    """
    import labapp.gui as gui

    texts: list[tuple[str, str]] = []
    for info in sorted(pkgutil.iter_modules(gui.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"labapp.gui.{info.name}")
        for name, value in sorted(vars(module).items()):
            if name.endswith("_COLUMNS") and isinstance(value, tuple) and name != "TIDY_COLUMNS":
                texts += [("Columns", c[1] if isinstance(c, tuple) else c.title) for c in value]
    from labapp.gui import frame_model, import_pages, lot_form, main_window, overview_page, results_view
    from labapp.importers.profile import ProfileOrigin

    texts += [("FrameTableModel", text) for text in frame_model.STATE_LABELS.values()]
    texts += [("MainWindow", main_window.MANIFEST_FILTER)]
    texts += [("MatchingPage", title) for title in import_pages.MatchingPage.COLUMNS]
    fields = (*lot_form.LOT_TEXT_FIELDS, *lot_form.SAMPLE_TEXT_FIELDS, *lot_form.ISO_TEXT_FIELDS)
    texts += [("LotFormDialog", title) for _, title in fields]
    texts += [("OverviewPage", title) for _, title in overview_page._FIELDS]
    texts += [("ProfilesTab", origin.label) for origin in ProfileOrigin]
    texts += [("BudgetTerms", text) for text in results_view.BUDGET_TERMS.values()]
    texts += [("CalculationInputs", text) for text in results_view.INPUT_NAMES.values()]
    from labapp.gui import criteria_text  # issue 22: a criteria set as a table of limits

    texts += [("CriteriaText", text) for text in criteria_text.TEXTS]
    # Qt's own file dialog words that qtbase_ja leaves English (issue 22, item 5)
    texts += [("QFileDialog", "&Look in:"), ("QFileDialog", "Files of &type:")]
    texts += [("QAbstractFileIconProvider", "Drive")]
    return sorted({(context, text) for context, text in texts if text})
