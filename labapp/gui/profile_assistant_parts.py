"""The pages of the profile assistant that only gather answers: the format form, the sample-type
words and the flag meanings. Each is a widget of its own, so the dialog keeps to the sample and its
column roles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labapp.importers.profile import NORMAL_UNITS, SAMPLE_TYPES
from labapp.importers.profile_draft import TECHNIQUES, profile_id


class FormatForm(QWidget):
    """What a file cannot say about itself: name, vendor, technique, units, date order, decimal mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. ACME ICP-9000 CSV export"))
        self.name_edit.textChanged.connect(self._name_changed)
        self.id_label = QLabel()
        self.vendor_edit = QLineEdit()
        self.technique_combo = QComboBox()
        self.technique_combo.addItems(list(TECHNIQUES))
        self.solid_check = QCheckBox(self.tr("ppm means mg/kg (solid samples, not solutions)"))
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(self.tr("none (the file gives the units)"), "")
        for unit in NORMAL_UNITS:
            self.unit_combo.addItem(unit, unit)
        self.date_combo = QComboBox()
        self.date_combo.addItem(self.tr("from the file's own dates"), "")
        for order in ("DMY", "MDY", "YMD"):
            self.date_combo.addItem(order, order)
        self.decimal_combo = QComboBox()
        self.decimal_combo.addItem(self.tr("from the file's numbers"), "auto")
        self.decimal_combo.addItem(self.tr(". (point)"), ".")
        self.decimal_combo.addItem(self.tr(", (comma)"), ",")
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Saved as"), self.id_label)
        form.addRow(self.tr("Vendor"), self.vendor_edit)
        form.addRow(self.tr("Technique"), self.technique_combo)
        form.addRow("", self.solid_check)
        form.addRow(self.tr("Unit when the file gives none"), self.unit_combo)
        form.addRow(self.tr("Date order"), self.date_combo)
        form.addRow(self.tr("Decimal mark"), self.decimal_combo)

    def _name_changed(self) -> None:
        self.id_label.setText(f"{profile_id(self.name_edit.text())}.toml")


class _PairTable(QWidget):
    """Two columns, what the file writes and what it means, with Add and Remove buttons."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _name(self, headers: list[str], add_text: str, remove_text: str) -> None:
        self.table.setHorizontalHeaderLabels(headers)
        self.add_button.setText(add_text)
        self.remove_button.setText(remove_text)

    def add(self, written: str = "", meaning: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(written))
        self._set_meaning(row, meaning)

    def pairs(self) -> list[tuple[str, str]]:
        """(as written, meaning) of every row with something written."""
        out = []
        for row in range(self.table.rowCount()):
            written = self.table.item(row, 0)
            if written is not None and written.text().strip():
                out.append((written.text().strip(), self._meaning(row)))
        return out

    def _set_meaning(self, row: int, meaning: str) -> None:
        self.table.setItem(row, 1, QTableWidgetItem(meaning))

    def _meaning(self, row: int) -> str:
        item = self.table.item(row, 1)
        return item.text().strip() if item is not None else ""

    def _remove_current(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())


class SampleTypeWords(_PairTable):
    """Words in a sample label that give its type (`Blank` -> blank), chosen from the types labapp knows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name(
            [self.tr("Word in the sample label"), self.tr("Sample type")],
            self.tr("Add word"),
            self.tr("Remove word"),
        )

    def add(self, written: str = "", meaning: str = "blank") -> None:
        super().add(written, meaning or "blank")

    def _type_labels(self) -> dict[str, str]:
        return {
            "sample": self.tr("Sample"),
            "blank": self.tr("Blank"),
            "standard": self.tr("Calibration standard"),
            "check": self.tr("Check standard"),
            "check_blank": self.tr("Check blank"),
            "crm": self.tr("Reference material (CRM)"),
            "spike": self.tr("Spike"),
            "duplicate": self.tr("Duplicate"),
            "unknown": self.tr("Unknown"),
        }

    def _set_meaning(self, row: int, meaning: str) -> None:
        combo = QComboBox()
        labels = self._type_labels()
        for sample_type in SAMPLE_TYPES:
            combo.addItem(labels.get(sample_type, sample_type), sample_type)
        combo.setCurrentIndex(max(0, combo.findData(meaning)))
        self.table.setCellWidget(row, 1, combo)

    def _meaning(self, row: int) -> str:
        combo = self.table.cellWidget(row, 1)
        return str(combo.currentData()) if isinstance(combo, QComboBox) else ""


class FlagMeanings(_PairTable):
    """The instrument's flags as written and what each means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name(
            [self.tr("Flag as written"), self.tr("Meaning")], self.tr("Add flag"), self.tr("Remove flag")
        )
