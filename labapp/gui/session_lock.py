"""Sign out and the idle lock of a shared bench PC (21 CFR 11.300(d); EU GMP Annex 11 clause 12.1).

After the idle time the laboratory set (Administration > Laboratory; labapp.services.administration.
session_policy) without a key press or mouse click, the window's content is replaced by a prompt for
the signed-in person's password; the menus and shortcuts stop working until then. Another person may
sign in instead, which signs the first one out. The password check is the log-in's (failures count
towards the account lockout and are audited).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.login_dialog import ask_user
from labapp.services.administration.authentication import authenticate
from labapp.services.administration.session_policy import idle_lock_minutes

if TYPE_CHECKING:
    from labapp.gui.main_window import MainWindow

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` after `interval` milliseconds with no key, mouse or touch input anywhere in the app."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        """Start counting (0 = never lock)."""
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY and self.timer.interval() > 0 and self.timer.isActive():
            self.timer.start()  # restart the count
        return False


class LockScreen(QWidget):
    """What the window shows while locked: who is signed in, a password field and two ways out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold")
        self.title_label.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 30)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(self.tr("Sign in as &someone else..."))
        form = QFormLayout()
        form.addRow(self.tr("&Password"), self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        box = QVBoxLayout()
        box.addWidget(self.title_label)
        box.addWidget(
            QLabel(
                self.tr(
                    "The window was locked after a time without use. Enter your password "
                    "to continue, or let someone else sign in (you are signed out)."
                )
            )
        )
        box.addLayout(form)
        box.addWidget(self.error_label)
        box.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.password_edit.returnPressed.connect(self.unlock_button.click)


class SessionLock(QObject):
    """Locks and unlocks `window`, and signs out; the window calls `user_changed` after any change of user."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.watcher = IdleWatcher(self)
        self.watcher.idle.connect(self.lock)
        self.screen = LockScreen()
        self.screen.unlock_button.clicked.connect(self.unlock)
        self.screen.switch_button.clicked.connect(self.switch_user)
        self._content: QWidget | None = None
        self._disabled: list = []

    @property
    def locked(self) -> bool:
        return self._content is not None

    def user_changed(self) -> None:
        """Count idle time only while someone is signed in; the time is the laboratory's setting now."""
        window = self.window
        minutes = 0
        if window.user is not None and window.ctx is not None:
            try:
                minutes = idle_lock_minutes(window.ctx)
            except LabappError:
                minutes = 0
        self.watcher.set_minutes(minutes)

    def lock(self) -> None:
        """Hide the content behind the password prompt; nothing happens when nobody is signed in."""
        window = self.window
        if self.locked or window.user is None:
            return
        self._content = window.takeCentralWidget()
        self.screen.title_label.setText(
            self.tr("Locked: {0} ({1})").format(window.user.full_name, window.user.username)
        )
        self.screen.password_edit.clear()
        self.screen.error_label.clear()
        window.setCentralWidget(self.screen)
        self._disabled = [a for a in window.actions() if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        window.menuBar().setEnabled(False)
        self.screen.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _restore(self) -> None:
        window = self.window
        window.takeCentralWidget()  # the lock screen stays ours for the next lock
        window.setCentralWidget(self._content)
        self._content = None
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        window.menuBar().setEnabled(True)

    def unlock(self) -> bool:
        """The same person's password, checked as at log-in; a refusal stays on the lock screen."""
        window = self.window
        if not self.locked or window.user is None or window.ctx is None:
            return False
        try:
            authenticate(window.ctx, window.user.username, self.screen.password_edit.text())
        except LabappError as exc:
            self.screen.error_label.setText(str(exc))
            self.screen.password_edit.clear()
            return False
        self._restore()
        self.user_changed()
        return True

    def switch_user(self) -> bool:
        """Someone else signs in; the person who left is signed out (the window is theirs no longer)."""
        window = self.window
        if window.ctx is None:
            return False
        user = ask_user(window.ctx, window)
        if user is None:
            return False
        self._restore()
        window.user = user
        window.user_changed()
        return True

    def sign_out(self) -> None:
        """Back to a read-only window, then the log-in (cancelled: it stays read-only)."""
        window = self.window
        if self.locked:
            self._restore()
        window.user = None
        window.user_changed()
        window.sign_in()
