"""Every text a user can see in a widget tree, with where it is, for the scans of visible text
(untranslated English, internal identifiers)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

FIRST_ROWS = 5


def visible_texts(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the widget and its visible children: titles, labels, buttons, tooltips,
    tabs, menus, header sections and the cells of the first rows of item views."""
    found: list[tuple[str, str]] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible() and not isinstance(child, QMenu):
            continue
        where = f"{type(child).__name__}:{child.objectName() or '-'}"
        found += [(f"{where} window title", child.windowTitle())] if child.isWindow() else []
        found += [(f"{where} tooltip", child.toolTip())]
        found += [(where, text) for text in _own_texts(child)]
    return [(where, text) for where, text in found if text and text.strip()]


def _own_texts(widget: QWidget) -> list[str]:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return [widget.text()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QMenu):
        return [widget.title(), *(action.text() for action in widget.actions())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        return _view_texts(widget)
    return []


def _view_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for row in range(min(FIRST_ROWS, model.rowCount())):
        texts += [str(model.index(row, c).data() or "") for c in range(columns)]
    return texts
