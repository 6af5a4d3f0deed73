"""The visible text of the desktop, page by page, and the rules that find an internal identifier in it.

A small walker for tests (the scan in ../shared/tools is not imported: ../shared may be absent): it
visits every navigation page and every tab inside it, selects the first row of each view so detail
panes fill, and collects labels, buttons, group boxes, tabs, combo items, table headers and cells, and
read-only text panes. `identifier_reasons` says why a text shows an identifier: a snake_case word, an
enum repr, "{"-JSON, a Python literal, or a number with more than 8 significant digits.
`english_phrase` finds English left in the Japanese desktop (issue 22, item 5), by the rule of the
shared gui_text_scan: three or more ASCII words of three or more letters in one stretch of text
between Japanese characters, counting only items of two or more words of a comma or semicolon list
(a list of single names is no phrase), after proper names, units, abbreviations, paths and the given
user data are taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from labapp.gui.mnemonics import plain_text

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b", re.ASCII)
ENUM_REPR = re.compile(r"<[A-Z]\w*\.[A-Z_]+: |\b[A-Z][a-z]+\w*\.[A-Z][A-Z0-9_]{2,}\b")
NUMBER = re.compile(r"(?<![\w.])[-+]?\d*\.\d+(?:[eE][-+]?\d+)?(?![\w.])", re.ASCII)
LITERAL = re.compile(r"(?:^|[:=(,]\s*)(True|False|None)\s*(?:$|[,)])")
PATHLIKE = re.compile(r"\S*[/\\]\S*|[\w.\-]+\.(?:csv|xlsx?|txt|pdf|json|sqlite|p12|pem)\b|https?://\S+")


JAPANESE_RUN = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
TOKEN_SPLIT = re.compile(r"[\s,;:()\[\]{}<>\"!?=+*/|&%±~]+")
WORD = re.compile(r"[A-Za-z]{3,}", re.ASCII)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Words a Japanese interface writes as they are: techniques, instruments, abbreviations of QC and
# metrology, standards bodies, file formats, units, key names, the product's name.
SAME_IN_JAPANESE = (
    "ICP-OES", "ICP-MS", "ICP", "OES", "XRF", "WDXRF", "PDF", "JSON", "CSV", "TOML", "XLSX", "SQLite",
    "PostgreSQL", "UTC", "CRM", "LOQ", "LOD", "ICV", "CCV", "CCB", "ICB", "ICS", "LCS", "RSD", "RPD",
    "RMS", "SOP", "QC", "QA", "SHA-256", "SHA", "PKCS", "X.509", "ISO", "IEC", "JIS", "DIN", "GB/T",
    "EURACHEM", "CITAC", "GUM", "NIST", "Nordtest", "Mandel", "labapp", "Ctrl", "Shift", "Alt",
    "NCM", "NCA", "LCO", "LFP", "LMO", "mg/kg", "mg/L", "µg/L", "ug/L", "g/kg", "wt%", "ppm", "ppb",
)  # fmt: skip


def english_phrase(text: str, proper_names: tuple[str, ...] = ()) -> str | None:
    """The English words of the first stretch of `text` between Japanese characters that holds three or
    more of them (words of three or more letters, in items of two or more words), or None."""
    for name in (*proper_names, *SAME_IN_JAPANESE):
        if name in text:
            text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", " ", text)
    text = PATHLIKE.sub(" ", EMAIL.sub(" ", text))
    for stretch in JAPANESE_RUN.split(text):
        words: list[str] = []
        for item in re.split(r"[,;]", stretch):
            tokens = [t for t in (t.strip("'.-") for t in TOKEN_SPLIT.split(item)) if t]
            if len(tokens) >= 2:
                words += [t for t in tokens if WORD.fullmatch(t)]
        if len(words) >= 3:
            return " ".join(words[:6])
    return None


def identifier_reasons(text: str, user_data: tuple[str, ...] = ()) -> list[str]:
    """Why `text` shows an internal identifier (empty: it does not). File names, paths, URLs and the
    given user-data phrases (lot codes, run and file names from the database) are taken out first."""
    for phrase in user_data:
        text = text.replace(phrase, " ")
    text = PATHLIKE.sub(" ", text)
    reasons = [f"snake_case {m}" for m in SNAKE.findall(text)]
    reasons += [f"enum repr {m.group(0)}" for m in ENUM_REPR.finditer(text)]
    if "{'" in text or '{"' in text:
        reasons.append("JSON")
    if LITERAL.search(text.strip()):
        reasons.append("Python literal")
    for number in NUMBER.findall(text):
        digits = number.lstrip("+-").split("e")[0].split("E")[0].replace(".", "").lstrip("0")
        if len(digits) > 8:
            reasons.append(f"unrounded number {number}")
    return reasons


def _view_texts(view: QAbstractItemView, max_rows: int) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    try:
        columns = range(model.columnCount(QModelIndex()))
    except TypeError:  # a QListWidget's model keeps columnCount private: one column
        columns = range(1)
    for column in columns:
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if header:
            yield str(header)
    for row in range(min(model.rowCount(QModelIndex()), max_rows)):
        for column in columns:
            value = model.index(row, column).data()
            if value not in (None, ""):
                yield str(value)


def widget_texts(root: QWidget, max_rows: int = 60, panes: set[str] | None = None) -> Iterator[str]:
    """The texts a person sees in `root` now (visible widgets only); the lines of read-only text panes
    are also added to `panes` when given (a document's own text, e.g. a criteria set's notes)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.text():  # a label with a buddy shows its mnemonic underlined
            yield plain_text(widget.text()) if widget.buddy() is not None else widget.text()
        elif isinstance(widget, QAbstractButton) and widget.text():
            yield plain_text(widget.text())
        elif isinstance(widget, QGroupBox) and widget.title():
            yield widget.title()
        elif isinstance(widget, QTabBar):
            yield from (plain_text(widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(min(widget.count(), max_rows)))
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            lines = widget.toPlainText().splitlines()[:max_rows]
            if panes is not None and widget.isReadOnly():
                panes.update(" ".join(line.split()) for line in lines)
            yield from lines
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            yield from _view_texts(widget, max_rows)


def _select_first_rows(page: QWidget) -> None:
    for view in page.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisible() or view.model() is None:
            continue
        if view.model().rowCount(QModelIndex()) and not view.currentIndex().isValid():
            view.setCurrentIndex(view.model().index(0, 0))
    QApplication.processEvents()


def _states(page: QWidget) -> Iterator[None]:
    """The page, then each of its top-level tabs in turn (nested tabs are walked inside each)."""
    _select_first_rows(page)
    yield
    for tabs in page.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            _select_first_rows(page)
            yield


def visible_texts(window, max_rows: int = 60, panes: set[str] | None = None) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """{navigation page title: its visible texts} for every page of the main window (`panes`: as in
    widget_texts)."""
    found: dict[str, set[str]] = {}
    for row in range(window.navigation.count()):
        title = window.navigation.item(row).text()
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        page = window.pages.currentWidget()
        texts = found.setdefault(title, set())
        for _ in _states(page):
            texts.update(" ".join(t.split()) for t in widget_texts(page, max_rows, panes) if t and t.strip())
    return found
