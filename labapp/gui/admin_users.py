"""Administration > Users: add people, change their roles, reset a password, deactivate (never delete)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from labapp.core.errors import LabappError
from labapp.gui.admin_common import AdminTab, ContextSource, FormDialog, UserSource
from labapp.gui.form_check import password_problem
from labapp.gui.table_page import TablePage
from labapp.security.roles import Action, Role
from labapp.services.administration.users import add_user, deactivate, list_users, reset_password, set_roles

USER_COLUMNS = (
    ("username", "User name"), ("full_name", "Full name"), ("roles", "Roles"), ("active", "Active"),
    ("failed_attempts", "Failed log-ins"), ("locked_until", "Locked until (UTC)"),
    ("must_change_password", "Must choose a new password"),
)


class UsersTab(AdminTab):
    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__(context, acting_user)
        self.role_names = {
            Role.TECHNICIAN: self.tr("Technician"), Role.REVIEWER: self.tr("Reviewer"),
            Role.QA_MANAGER: self.tr("QA manager"), Role.ADMINISTRATOR: self.tr("Administrator"),
        }
        self.page = TablePage(USER_COLUMNS)
        self.add_button = QPushButton(self.tr("&Add user..."))
        self.roles_button = QPushButton(self.tr("Change &roles..."))
        self.password_button = QPushButton(self.tr("Reset pass&word..."))
        self.deactivate_button = QPushButton(self.tr("&Deactivate..."))
        self.add_button.clicked.connect(self.ask_add_user)
        self.roles_button.clicked.connect(self.ask_roles)
        self.password_button.clicked.connect(self.ask_password)
        self.deactivate_button.clicked.connect(self.ask_deactivate)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.roles_button, self.password_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.page, 1)

    def reload(self) -> None:
        ctx = self.context()
        if ctx is not None:
            self.page.set_records(self.attempt(lambda: list_users(ctx)) or [])

    def selected_username(self) -> str | None:
        index = self.page.table.currentIndex()
        if not index.isValid():
            self.show_error(self.tr("Select a user in the list first."))
            return None
        return str(self.page.proxy.index(index.row(), 0).data())

    def _role_dialog(self, dialog: FormDialog, current: tuple[str, ...] = ()) -> None:
        for role, name in self.role_names.items():
            dialog.add_check(role.value, name, role.value in current)

    def _chosen_roles(self, dialog: FormDialog) -> list[str]:
        return [role.value for role in self.role_names if dialog.value(role.value)]

    # -- dialogs (thin: they collect values, the methods below call the service) -------------------
    def add_user_dialog(self) -> FormDialog:
        """Checked as typed (the service's rules); OK stores, and a refusal keeps the dialog open."""
        dialog = FormDialog(self.tr("Add user"), self)
        dialog.add_line("username", self.tr("&User name"))
        dialog.add_line("full_name", self.tr("&Full name (as printed)"))
        self._role_dialog(dialog, (Role.TECHNICIAN.value,))
        dialog.add_line("password", self.tr("&Password"), secret=True)
        dialog.add_line("confirm", self.tr("&Confirm password"), secret=True)
        dialog.rules = lambda: self._new_user_problems(dialog)
        dialog.submit = lambda: self._store_new_user(dialog)
        return dialog

    def ask_add_user(self) -> None:
        self.add_user_dialog().ask()

    def _new_user_problems(self, dialog: FormDialog) -> dict[str, str]:
        found = {}
        if not dialog.value("username").strip():
            found["username"] = self.tr("Enter a user name.")
        if not dialog.value("full_name").strip():
            found["full_name"] = self.tr("Enter the full name as it is printed on certificates.")
        if not self._chosen_roles(dialog):
            found[Role.TECHNICIAN.value] = self.tr("Give at least one role.")
        return {**found, **self._password_problems(dialog, dialog.value("username").strip())}

    def _store_new_user(self, dialog: FormDialog) -> None:
        """The service call behind OK; its refusal (a name already taken) is raised into the dialog."""
        self._store(lambda ctx, by: add_user(ctx, by, dialog.value("username"), dialog.value("full_name"),
                                             self._chosen_roles(dialog), dialog.value("password")))

    def ask_roles(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        users = (self.page.model.record(row) for row in range(self.page.model.rowCount()))
        current = next((u.roles for u in users if u.username == username), ())
        dialog = FormDialog(self.tr("Roles of {0}").format(username), self)
        self._role_dialog(dialog, current)
        dialog.add_line("reason", self.tr("&Reason"))
        dialog.rules = lambda: self._reason_problem(dialog)
        dialog.submit = lambda: self._store(
            lambda ctx, by: set_roles(ctx, by, username, self._chosen_roles(dialog), dialog.value("reason")))
        dialog.ask()

    def ask_password(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        dialog = FormDialog(self.tr("New password for {0}").format(username), self)
        dialog.add_line("password", self.tr("&New password"), secret=True)
        dialog.add_line("confirm", self.tr("&Confirm password"), secret=True)
        dialog.add_line("reason", self.tr("&Reason"))
        dialog.rules = lambda: {**self._password_problems(dialog, username), **self._reason_problem(dialog)}
        dialog.submit = lambda: self._store(lambda ctx, by: reset_password(
            ctx, by, username, dialog.value("password"), dialog.value("reason")))
        dialog.ask()

    def ask_deactivate(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        dialog = FormDialog(self.tr("Deactivate {0}").format(username), self)
        dialog.add_line("reason", self.tr("&Reason"))
        dialog.rules = lambda: self._reason_problem(dialog)
        dialog.submit = lambda: self._store(
            lambda ctx, by: deactivate(ctx, by, username, dialog.value("reason")))
        dialog.ask()

    def _reason_problem(self, dialog: FormDialog) -> dict[str, str]:
        if dialog.value("reason").strip():
            return {}
        return {"reason": self.tr("Give the reason for the change.")}

    def _password_problems(self, dialog: FormDialog, username: str) -> dict[str, str]:
        problem = password_problem(dialog.value("password"), username)
        if problem:
            return {"password": problem}
        if dialog.value("confirm") != dialog.value("password"):
            return {"confirm": self.tr("The two passwords differ.")}
        return {}

    def _store(self, call) -> None:  # type: ignore[no-untyped-def]
        """A dialog's service call: a refusal is raised into the dialog, which stays open."""
        ctx, by = self.context(), self.acting_user(Action.MANAGE_USERS)
        if ctx is None or by is None:
            raise LabappError(self.tr("Sign in as an administrator to change accounts."))
        call(ctx, by)
        self.reload()

    # -- service calls -----------------------------------------------------------------------------
    def create_user(self, username: str, full_name: str, roles: list[str], password: str) -> bool:
        return self._change(lambda ctx, by: add_user(ctx, by, username, full_name, roles, password))

    def change_roles(self, username: str, roles: list[str], reason: str) -> bool:
        return self._change(lambda ctx, by: set_roles(ctx, by, username, roles, reason))

    def new_password(self, username: str, password: str, reason: str) -> bool:
        return self._change(lambda ctx, by: reset_password(ctx, by, username, password, reason))

    def deactivate_user(self, username: str, reason: str) -> bool:
        return self._change(lambda ctx, by: deactivate(ctx, by, username, reason))

    def _change(self, call) -> bool:  # type: ignore[no-untyped-def]
        ctx, by = self.context(), self.acting_user(Action.MANAGE_USERS)
        if ctx is None or by is None:
            return False
        done = self.attempt(lambda: call(ctx, by) or True)
        self.reload()
        return bool(done)
