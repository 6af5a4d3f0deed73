"""Administration > Instrument profiles > New format...: a laboratory describes an unknown export by clicking.

The dialog shows a sample export's first rows. The person picks the header row, clicks columns to give
them roles, and sets what a file cannot say (units, sample-type words, flags). Preview runs the checks
that saving runs and shows the tidy readings; Save writes the TOML into the lab folder through the
service, which records the event. What a profile is and how it is checked lives in
labapp.importers.profile_draft: this dialog only gathers the answers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.admin_common import ContextSource, UserSource
from labapp.gui.column_fit import fit_columns
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.frame_view import TIDY_PREVIEW_COLUMNS, FrameView
from labapp.gui.profile_assistant_parts import FlagMeanings, FormatForm, SampleTypeWords
from labapp.importers import TIDY_COLUMNS
from labapp.importers.catalog import refresh as refresh_catalog
from labapp.importers.profile_draft import (
    LONG_ROLES,
    WIDE_ROLES,
    DraftTrial,
    ProfileDraft,
    column_spec,
    guess_header_row,
    header_texts,
    profile_id,
    try_draft,
)
from labapp.importers.source import Preview, preview
from labapp.importers.table import column_letter
from labapp.security.roles import Action
from labapp.services.administration.instrument_profiles import (
    SavedProfile,
    lab_profile_folder,
    save_lab_profile,
)

PREVIEW_ROWS = 200
_HEADER_BACKGROUND = QColor("#dce8fb")
_PREAMBLE_FOREGROUND = QColor("#8a8a8a")
_ERROR_STYLE = "color: #b00020"


class ProfileAssistant(QDialog):
    """Describe a new export format on a sample file; nothing is written until Save reads it cleanly."""

    saved = Signal(object)  # the SavedProfile, after the TOML is written and the event recorded

    def __init__(
        self, parent: QWidget | None, context: ContextSource, acting_user: UserSource, sample_path: Path
    ) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.context, self.acting_user, self.sample_path = context, acting_user, Path(sample_path)
        self.sample: Preview | None = None
        self.roles: dict[str, str] = {}  # role -> the [columns] entry clicked (header text, `Units#2`)
        self.trial: DraftTrial | None = None
        self.last_saved: SavedProfile | None = None
        self.setWindowTitle(self.tr("New instrument format from {0}").format(self.sample_path.name))
        self._make_sample_widgets()
        self._make_role_widgets()
        self.format_form = FormatForm()
        self.name_edit, self.vendor_edit = self.format_form.name_edit, self.format_form.vendor_edit
        self.id_label = self.format_form.id_label
        self.words, self.flags = SampleTypeWords(), FlagMeanings()
        self.add_word("Blank", "blank")
        self._make_result_widgets()
        self._lay_out()
        self._family_changed()
        self.load_sample()
        self.resize(1280, 860)

    # -- widgets ---------------------------------------------------------------------------------
    def _make_sample_widgets(self) -> None:
        self.file_label = QLabel(self.sample_path.name)
        self.file_label.setToolTip(str(self.sample_path))
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.header_spin = QSpinBox()
        self.header_spin.setToolTip(self.tr("The row of the sample that holds the column names"))
        self.header_lines_spin = QSpinBox()
        self.header_lines_spin.setRange(1, 2)
        self.header_lines_spin.setToolTip(
            self.tr("2 when the column names take two rows (element, then field)")
        )
        self.header_spin.valueChanged.connect(self._header_changed)
        self.header_lines_spin.valueChanged.connect(self._header_changed)
        self.family_combo = QComboBox()
        self.family_combo.addItem(self.tr("One row per reading (long)"), "long")
        self.family_combo.addItem(self.tr("One row per sample (wide)"), "wide")
        self.family_combo.currentIndexChanged.connect(self._family_changed)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(lambda _row, column: self.assign_role(column))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

    def _make_role_widgets(self) -> None:
        self.role_combo = QComboBox()
        self.assign_button = QPushButton(self.tr("&Assign role"))
        self.assign_button.setToolTip(
            self.tr("Give the selected column the chosen role (or double-click it)")
        )
        self.assign_button.clicked.connect(lambda: self.assign_role())
        self.roles_list = QListWidget()
        self.remove_role_button = QPushButton(self.tr("Remove role"))
        self.remove_role_button.clicked.connect(self.remove_role)
        self.suffix_edit = QLineEdit()
        self.suffix_edit.setPlaceholderText(self.tr("e.g. Err, for columns named like 'Ni Err'"))

    def _make_result_widgets(self) -> None:
        self.readings = FrameView(TIDY_PREVIEW_COLUMNS)
        self.toml_view = QPlainTextEdit()
        self.toml_view.setReadOnly(True)
        self.toml_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.status_label = QLabel(self.tr("Select a column, choose its role and press Assign role."))
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Reason (optional, kept in the audit trail)"))
        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.clicked.connect(self.run_preview)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)

    # -- layout ----------------------------------------------------------------------------------
    def _lay_out(self) -> None:
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.table)
        upper.addWidget(self._roles_box())
        upper.setStretchFactor(0, 1)
        upper.setSizes([900, 300])
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self._settings_tabs())
        self.result_tabs = QTabWidget()
        self.result_tabs.addTab(self.readings, self.tr("Tidy readings"))
        self.result_tabs.addTab(self.toml_view, self.tr("Profile (TOML)"))
        lower.addWidget(self.result_tabs)
        lower.setStretchFactor(1, 1)
        lower.setSizes([430, 850])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([380, 430])
        layout = QVBoxLayout(self)
        layout.addLayout(self._sample_bar())
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(self._button_bar())

    def _sample_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.sheet_label = QLabel(self.tr("Sheet"))
        for widget in (
            QLabel(self.tr("Sample:")),
            self.file_label,
            self.sheet_label,
            self.sheet_combo,
            QLabel(self.tr("Header row")),
            self.header_spin,
            QLabel(self.tr("Header lines")),
            self.header_lines_spin,
            QLabel(self.tr("Layout")),
            self.family_combo,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def _roles_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Column roles"))
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(self.tr("Select a column in the sample, then:")))
        layout.addWidget(self.role_combo)
        layout.addWidget(self.assign_button)
        layout.addWidget(self.roles_list, 1)
        layout.addWidget(self.remove_role_button)
        self.suffix_label = QLabel(self.tr("Uncertainty column suffix (wide)"))
        layout.addWidget(self.suffix_label)
        layout.addWidget(self.suffix_edit)
        return box

    def _settings_tabs(self) -> QTabWidget:
        tabs = self.settings_tabs = QTabWidget()
        tabs.addTab(self.format_form, self.tr("Format"))
        tabs.addTab(self.words, self.tr("Sample types"))
        tabs.addTab(self.flags, self.tr("Flags"))
        return tabs

    def _button_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.reason_edit, 1)
        for button in (self.preview_button, self.save_button, self.close_button):
            bar.addWidget(button)
        return bar

    # -- the sample ------------------------------------------------------------------------------
    def load_sample(self, sheet: str | None = None) -> bool:
        """Read the sample's first rows (of `sheet` in a workbook); an unreadable file says why."""
        try:
            self.sample = preview(self.sample_path, sheet)
        except LabappError as exc:
            self.sample = None
            self._show_problem(str(exc))
            return False
        is_workbook = self.sample.kind == "workbook"
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(self.sample.sheets)
        self.sheet_combo.setCurrentText(self.sample.sheet)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setVisible(is_workbook)
        self.sheet_label.setVisible(is_workbook)
        rows = self._shown_rows()
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(1, max(1, len(rows)))
        self.header_spin.setValue(guess_header_row(rows) + 1)
        self.header_spin.blockSignals(False)
        self._fill_table()
        return True

    def _fill_table(self) -> None:
        rows = self._shown_rows()
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(max((len(r) for r in rows), default=0))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(text))
        numbers = self.sample.table.numbers if self.sample else []
        self.table.setVerticalHeaderLabels([str(n) for n in numbers[: len(rows)]])
        self._header_changed()

    def _shown_rows(self) -> list[list[str]]:
        """The sample's rows without the empty ones at its end (a final line break is no row)."""
        rows = list(self.sample.table.rows) if self.sample else []
        while rows and not any(c.strip() for c in rows[-1]):
            rows.pop()
        return rows

    def header_texts(self) -> list[str]:
        """The column names the reader will match, from the header row(s) chosen."""
        rows = self.sample.table.rows if self.sample else []
        return header_texts(rows, self.header_spin.value() - 1, self.header_lines_spin.value())

    def _header_changed(self) -> None:
        first, lines = self.header_spin.value() - 1, self.header_lines_spin.value()
        bold = QFont(self.table.font())
        bold.setBold(True)
        for i in range(self.table.rowCount()):
            in_header = first <= i < first + lines
            for j in range(self.table.columnCount()):
                item = self.table.item(i, j)
                if item is None:
                    continue
                item.setFont(bold if in_header else self.table.font())
                item.setBackground(QBrush(_HEADER_BACKGROUND) if in_header else QBrush())
                item.setForeground(QBrush(_PREAMBLE_FOREGROUND) if i < first else QBrush())
        self._label_columns()

    def _label_columns(self) -> None:
        """Column letters, with the role each column was given, so the clicks stay visible."""
        texts = self.header_texts()
        taken = {spec: role for role, spec in self.roles.items()}
        labels = self._role_labels()
        for j in range(self.table.columnCount()):
            role = taken.get(column_spec(texts, j))
            letter = column_letter(j)
            self.table.setHorizontalHeaderItem(
                j, QTableWidgetItem(f"{letter}: {labels.get(role, role)}" if role else letter)
            )
        fit_columns(self.table)

    def _sheet_changed(self, sheet: str) -> None:
        if sheet and self.sample is not None and sheet != self.sample.sheet:
            self.load_sample(sheet)

    # -- roles -----------------------------------------------------------------------------------
    def _role_labels(self) -> dict[str, str]:
        return {
            "sample_label": self.tr("Sample label"),
            "sample_type": self.tr("Sample type"),
            "analyte": self.tr("Analyte (element or line)"),
            "value": self.tr("Concentration"),
            "unit": self.tr("Unit"),
            "intensity": self.tr("Intensity"),
            "flags": self.tr("Flags"),
            "date": self.tr("Date"),
            "time": self.tr("Time"),
            "datetime": self.tr("Date and time"),
            "uncertainty": self.tr("Uncertainty"),
            "detection_limit": self.tr("Detection limit"),
            "replicate": self.tr("Replicate"),
        }

    def family(self) -> str:
        return str(self.family_combo.currentData())

    def _family_roles(self) -> tuple[str, ...]:
        return LONG_ROLES if self.family() == "long" else WIDE_ROLES

    def _family_changed(self) -> None:
        labels = self._role_labels()
        current = self.role_combo.currentData()
        self.role_combo.clear()
        for role in self._family_roles():
            self.role_combo.addItem(labels[role], role)
        self.choose_role(current or self._family_roles()[0])
        wide = self.family() == "wide"
        self.suffix_edit.setEnabled(wide)
        self.suffix_label.setEnabled(wide)
        self._show_roles()

    def choose_role(self, role: str) -> bool:
        """Select `role` in the role list; False when this layout has no such role."""
        index = self.role_combo.findData(role)
        if index >= 0:
            self.role_combo.setCurrentIndex(index)
        return index >= 0

    def assign_role(self, column: int | None = None) -> str:
        """Give the selected (or given) column the chosen role; returns the header text recorded."""
        column = self._selected_column() if column is None else column
        if column is None:
            self._show_problem(self.tr("Select a column in the sample first."))
            return ""
        spec = column_spec(self.header_texts(), column)
        if not spec:
            self._show_problem(
                self.tr(
                    "Column {0} has no name in the header row; choose the row that names the columns."
                ).format(column_letter(column))
            )
            return ""
        self.roles[str(self.role_combo.currentData())] = spec
        self._show_roles()
        self._label_columns()
        return spec

    def _selected_column(self) -> int | None:
        columns = sorted({i.column() for i in self.table.selectedIndexes()})
        if columns:
            return columns[0]
        return self.table.currentColumn() if self.table.currentColumn() >= 0 else None

    def remove_role(self) -> None:
        item = self.roles_list.currentItem()
        if item is not None:
            self.roles.pop(item.data(Qt.ItemDataRole.UserRole), None)
            self._show_roles()
            self._label_columns()

    def _show_roles(self) -> None:
        labels, used = self._role_labels(), self._family_roles()
        self.roles_list.clear()
        for role in sorted(self.roles, key=lambda r: LONG_ROLES.index(r) if r in LONG_ROLES else 99):
            text = f"{labels.get(role, role)} \u2190 {self.roles[role]}"
            if role not in used:
                text = self.tr("{0} (not read in this layout)").format(text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, role)
            self.roles_list.addItem(item)

    # -- sample types and flags ------------------------------------------------------------------
    def add_word(self, word: str = "", kind: str = "blank") -> None:
        """Labels holding `word` (a whole word, any case) are of type `kind`."""
        self.words.add(word, kind)

    def add_flag(self, flag: str = "", meaning: str = "") -> None:
        self.flags.add(flag, meaning)

    # -- the draft -------------------------------------------------------------------------------
    def draft(self) -> ProfileDraft:
        """The answers so far as a ProfileDraft (only the roles this layout reads)."""
        used, form = self._family_roles(), self.format_form
        name = self.name_edit.text().strip()
        return ProfileDraft(
            id=profile_id(name),
            name=name,
            family=self.family(),
            vendor=self.vendor_edit.text().strip(),
            technique=form.technique_combo.currentText(),
            formats=[self.sample.kind if self.sample else "text"],
            header_rows=self.header_lines_spin.value(),
            columns={role: [spec] for role, spec in self.roles.items() if role in used},
            uncertainty_suffix=self.suffix_edit.text().strip() if self.family() == "wide" else "",
            solid=form.solid_check.isChecked(),
            default_unit=str(form.unit_combo.currentData()),
            date_order=str(form.date_combo.currentData()),
            decimal=str(form.decimal_combo.currentData()),
            sample_words=self.words.pairs(),
            flags=self.flags.pairs(),
            description=f"Made with the profile assistant from {self.sample_path.name}",  # file text: English
        )

    def run_preview(self) -> DraftTrial:
        """Check the draft as saving would and read the sample with it: the tidy readings, or why not."""
        self.trial = try_draft(self.draft(), self.sample_path, lab_profile_folder())
        self.toml_view.setPlainText(self.trial.text)
        if self.trial.error:
            self.readings.set_frame(pd.DataFrame(columns=list(TIDY_COLUMNS)))
            self._show_problem(self.tr("Not readable yet: {0}").format(self.trial.error))
            return self.trial
        frame = self.trial.result.frame
        self.readings.set_frame(frame.head(PREVIEW_ROWS))
        self.result_tabs.setCurrentWidget(self.readings)
        self._show_fine(self._summary(self.trial))
        return self.trial

    def _summary(self, trial: DraftTrial) -> str:
        result = trial.result
        text = self.tr("{0} readings of {1} samples read; the first {2} are shown.").format(
            len(result.frame), result.metadata.get("samples", 0), min(PREVIEW_ROWS, len(result.frame))
        )
        if trial.detected_as and trial.detected_as != result.profile:
            text += " " + self.tr("Note: auto-detection would choose {0} for this file.").format(
                trial.detected_as
            )
        if result.warnings:
            text += " " + self.tr("Warnings: {0}").format("; ".join(result.warnings))
        return text

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> SavedProfile | None:
        """Preview, then write the profile into the lab folder (audited); None when anything refuses."""
        trial = self.run_preview()
        if trial.error:
            return None
        ctx, by = self.context(), self.acting_user(Action.MANAGE_INSTRUMENT_PROFILES)
        if ctx is None or by is None:
            self._show_problem(self.tr("Not saved."))
            return None
        target = lab_profile_folder() / f"{trial.result.profile}.toml"
        if target.exists() and not self._confirm_replace(target):
            return None
        try:
            saved = save_lab_profile(
                ctx, by, trial.text, [self.sample_path], self.reason_edit.text().strip() or None
            )
        except LabappError as exc:
            self._show_problem(self.tr("Not saved: {0}").format(exc))
            return None
        refresh_catalog()
        self.last_saved = saved
        self._show_fine(self.tr("Saved as {0}; imports detect this format from now on.").format(saved.path))
        self.saved.emit(saved)
        return saved

    def _confirm_replace(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Replace profile"), self.tr("{0} exists. Replace it?").format(target)
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_problem(self, message: str) -> None:
        self.status_label.setStyleSheet(_ERROR_STYLE)
        self.status_label.setText(message)

    def _show_fine(self, message: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(message)
