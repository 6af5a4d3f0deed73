"""The main window at 1280x720 (a bench PC's small screen): a navigation list as wide as its longest
title in the font in use (Japanese glyphs are wider), compact result rows, detail panes that collapse
(drag a splitter to its edge, or View > Detail panes), and a minimum size well inside 1280x720.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QMainWindow, QSplitter, QWidget

SMALL_SCREEN = (1280, 720)
MINIMUM_SIZE = (760, 480)  # a floor; what the pages need must fit inside SMALL_SCREEN (tested)
_DETAIL_SIZES = "labapp_detail_sizes"  # a splitter's sizes before its detail pane was collapsed


def navigation_width(navigation: QListWidget) -> int:
    """Wide enough for the longest title in the list's own font, plus its frame, margins and scroll bar."""
    metrics = navigation.fontMetrics()
    texts = [navigation.item(row).text() for row in range(navigation.count())]
    widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    chrome = 2 * navigation.frameWidth() + navigation.verticalScrollBar().sizeHint().width()
    return widest + chrome + 4 * metrics.averageCharWidth()


def compact_rows(table: QAbstractItemView) -> None:
    """One text line per row (plus a little air) so a small screen shows more of them."""
    header = getattr(table, "verticalHeader", None)
    if header is not None:
        header().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header().setMinimumSectionSize(table.fontMetrics().height() + 2)


def detail_splitters(window: QMainWindow) -> list[QSplitter]:
    """The pages' splitters whose last pane is a detail (everything but the window's own)."""
    pages: QWidget = window.pages  # type: ignore[attr-defined]
    return [s for s in pages.findChildren(QSplitter) if s.count() > 1]


def show_details(window: QMainWindow, shown: bool) -> None:
    """Collapse every page's detail pane (the list or grid gets the room), or give it back its size."""
    for splitter in detail_splitters(window):
        sizes = splitter.sizes()
        if not shown and sizes[-1] > 0:
            splitter.setProperty(_DETAIL_SIZES, sizes)
            splitter.setSizes([*sizes[:-2], sizes[-2] + sizes[-1], 0])
        elif shown and sizes[-1] == 0:
            before = splitter.property(_DETAIL_SIZES)
            total = sum(sizes)
            splitter.setSizes(list(before) if before else [*sizes[:-1][:-1], total * 2 // 3, total // 3])


def fit_window(window: QMainWindow) -> QAction:
    """Apply the small-screen layout to the main window; returns the View > Detail panes toggle."""
    navigation: QListWidget = window.navigation  # type: ignore[attr-defined]
    width = navigation_width(navigation)
    navigation.setMinimumWidth(width)
    main_splitter = navigation.parentWidget()
    if isinstance(main_splitter, QSplitter):
        main_splitter.setCollapsible(0, False)
        main_splitter.setSizes([width, max(SMALL_SCREEN[0] - width, 400)])
    for splitter in detail_splitters(window):
        splitter.setChildrenCollapsible(True)
        splitter.setCollapsible(0, False)  # the list or grid itself never disappears
    for page in window.run_pages.values():  # type: ignore[attr-defined]
        grid = getattr(page, "grid", None)
        if grid is not None:
            compact_rows(grid if isinstance(grid, QAbstractItemView) else grid.table)
            splitter = grid.parentWidget()
            if isinstance(splitter, QSplitter):  # results: most of the height to the grid
                splitter.setStretchFactor(0, 3)
                splitter.setStretchFactor(1, 1)
                splitter.setSizes([480, 160])
    window.setMinimumSize(*MINIMUM_SIZE)
    toggle = QAction(QCoreApplication.translate("MainWindow", "&Detail panes"), window)
    toggle.setCheckable(True)
    toggle.setChecked(True)
    toggle.setShortcut(QKeySequence("Ctrl+D"))
    toggle.toggled.connect(lambda shown: show_details(window, shown))
    window.addAction(toggle)
    window.detail_toggle = toggle  # type: ignore[attr-defined]
    return toggle
