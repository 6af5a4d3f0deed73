"""Administration > Methods: each method's QC limits and uncertainty parameters, read-only.

Methods are TOML files shipped with the application; changing one is a controlled change of the
method file, outside the application, so this tab only shows them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QSplitter, QVBoxLayout

from labapp.core.methods import Method
from labapp.gui.admin_common import AdminTab, ContextSource, UserSource
from labapp.gui.audit_text import field_text, value_text
from labapp.gui.table_page import TablePage
from labapp.services.administration.methods import load_methods

PARAMETER_COLUMNS = (("section_label", "Section"), ("label", "Parameter"), ("shown", "Value"))


@dataclass(frozen=True)
class Parameter:
    section: str
    name: str  # the method file's key, dotted ("elements.Li.reproducibility.rsd_percent")
    value: str

    @property
    def section_label(self) -> str:
        """The part of the method file in words ("qc" -> "QC", "uncertainty" -> "Uncertainty")."""
        return field_text(self.section)

    @property
    def label(self) -> str:
        """The key in words, each level of a dotted key shown as a step: "Elements > Li > Rsd %"."""
        return " > ".join(field_text(part) for part in self.name.split("."))

    @property
    def shown(self) -> str:
        """The value in words: yes/no for a flag, "top down" for `top_down`."""
        flags = {"True": value_text(True), "False": value_text(False)}
        return flags.get(self.value) or value_text(self.value)


def _is_range(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"low", "high"}


def _value(value: Any) -> str:
    if _is_range(value):
        return f"{value['low']:g} - {value['high']:g}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _flatten(section: str, values: dict[str, Any], prefix: str = "") -> list[Parameter]:
    """Nested tables become dotted names ("elements.Li.reproducibility.rsd_percent"); ranges stay whole."""
    rows: list[Parameter] = []
    for key, value in values.items():
        if isinstance(value, dict) and not _is_range(value):
            rows += _flatten(section, value, f"{prefix}{key}.")
        else:
            rows.append(Parameter(section, f"{prefix}{key}", _value(value)))
    return rows


def method_parameters(method: Method) -> list[Parameter]:
    """The rows shown for a method: general facts, QC limits, uncertainty, then each analyte."""
    rows = [Parameter("method", key, str(getattr(method, key))) for key in
            ("id", "version", "name", "technique", "solution_unit", "loq_policy", "reference")]
    rows += _flatten("qc", asdict(method.qc))
    rows += _flatten("uncertainty", dict(method.uncertainty))
    for analyte in method.analytes:
        lines = ", ".join(spec.line for spec in analyte.lines)
        loq = "" if analyte.loq is None else f"; LOQ {analyte.loq:g}"
        rows.append(Parameter("analyte", analyte.element, f"{analyte.unit}; {lines}{loq}"))
    return rows


class MethodsTab(AdminTab):
    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__(context, acting_user)
        self.methods: dict[str, Method] = {}
        self.method_list = QListWidget()
        self.method_list.currentTextChanged.connect(self.show_method)
        self.parameters = TablePage(PARAMETER_COLUMNS)
        note = QLabel(self.tr("Methods are read-only here: a method is changed by issuing a new version "
                              "of its TOML file under change control, not in the application."))
        note.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("methods_splitter")
        self.splitter.addWidget(self.method_list)
        self.splitter.addWidget(self.parameters)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.splitter, 1)

    def reload(self) -> None:
        self.methods = self.attempt(load_methods) or {}
        current = self.method_list.currentItem().text() if self.method_list.currentItem() else None
        self.method_list.clear()
        self.method_list.addItems(sorted(self.methods))
        items = self.method_list.findItems(current or "", Qt.MatchFlag.MatchExactly) if current else []
        self.method_list.setCurrentRow(self.method_list.row(items[0]) if items else 0)

    def show_method(self, method_id: str) -> None:
        method = self.methods.get(method_id)
        self.parameters.set_records(method_parameters(method) if method else [])
