"""Administration > Laboratory > Idle lock: the minutes after which an unused workstation locks
(21 CFR 11.300(d), EU GMP Annex 11 clause 12.1). The time is the laboratory's, stored in the database,
changed with a reason and audited by labapp.services.administration.session_policy."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSpinBox

from labapp.gui.admin_common import ContextSource, UserSource
from labapp.gui.error_text import error_text
from labapp.gui.form_check import FormCheck
from labapp.security.roles import Action
from labapp.services.administration.session_policy import (
    MAX_IDLE_LOCK_MINUTES,
    idle_lock_minutes,
    set_idle_lock_minutes,
)


class IdleLockBox(QGroupBox):
    """The idle time as a spin box (0 = off), a reason and Save; a refusal is shown in the box."""

    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__()
        self.setTitle(self.tr("Idle lock"))
        self.context, self.acting_user = context, acting_user
        self.stored = 0
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.minutes_spin.setSuffix(self.tr(" min"))
        self.minutes_spin.setSpecialValueText(self.tr("off"))
        self.minutes_spin.setToolTip(self.tr("Lock an unused window after this many minutes (0 = never)"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why the idle time changes"))
        self.save_button = QPushButton(self.tr("Appl&y idle time"))
        self.save_button.clicked.connect(self.save)
        self.check = FormCheck(self._problems, None, self)
        self.check.changed.connect(self._allow_save)
        form = QFormLayout(self)
        minutes_label = QLabel(self.tr("Ma&ximum idle time"))
        minutes_label.setBuddy(self.minutes_spin)
        reason_label = QLabel(self.tr("Reason for the ne&w time"))
        reason_label.setBuddy(self.reason_edit)
        form.addRow(minutes_label, self.check.field("minutes", self.minutes_spin))
        form.addRow(reason_label, self.check.field("reason", self.reason_edit))
        form.addRow(self.check.general_label)
        form.addRow("", self.save_button)

    def _problems(self) -> dict[str, str]:
        if self.minutes_spin.value() == self.stored or self.reason_edit.text().strip():
            return {}
        return {"reason": self.tr("Give the reason for the change.")}

    def _allow_save(self, clean: bool) -> None:
        self.save_button.setEnabled(clean and self.minutes_spin.value() != self.stored)

    def reload(self) -> None:
        ctx = self.context()
        if ctx is None:
            return
        self.stored = idle_lock_minutes(ctx)
        self.minutes_spin.setValue(self.stored)
        self.reason_edit.clear()
        self.check.recheck()

    def save(self) -> bool:
        ctx, by = self.context(), self.acting_user(Action.MANAGE_LABORATORY)
        if ctx is None or by is None:
            return False
        try:
            set_idle_lock_minutes(ctx, by, self.minutes_spin.value(), self.reason_edit.text())
        except Exception as exc:  # noqa: BLE001 - a LabappError or a conflict: said in the box
            self.check.refused(error_text(exc))
            return False
        self.reload()
        return True
