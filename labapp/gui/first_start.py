"""First start on an empty database: laboratory details, the administrator, the signing keys.

Nothing is stored until Finish; then the administrator is created first (so every later record
has an actor), the laboratory second, the root certificate last. A step that already succeeded
is not repeated when a later one fails and the user corrects it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from labapp.core.errors import LabappError
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.form_check import FormCheck, password_problem
from labapp.services.administration import keys
from labapp.services.administration.laboratory import LaboratoryDetails, set_laboratory
from labapp.services.administration.users import (
    PASSWORD_POLICY,
    AuthenticatedUser,
    authenticate,
    create_first_administrator,
)
from labapp.services.context import ServiceContext


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class LaboratoryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Laboratory"))
        self.setSubTitle(self.tr("The laboratory's identity as it appears on every certificate."))
        self.name_edit = QLineEdit()
        self.address_edit = QPlainTextEdit()
        self.address_edit.setFixedHeight(70)
        self.accreditation_edit = QLineEdit()
        self.accreditation_edit.setPlaceholderText(self.tr("e.g. ISO/IEC 17025, JAB RL0123"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Address"), self.address_edit)
        form.addRow(self.tr("A&ccreditation"), self.accreditation_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.registerField("lab_name*", self.name_edit)

    def details(self) -> LaboratoryDetails:
        return LaboratoryDetails(self.name_edit.text().strip(),
                                 self.address_edit.toPlainText().strip() or None,
                                 self.accreditation_edit.text().strip() or None)


class AdministratorPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Administrator"))
        self.setSubTitle(self.tr(
            "The first account. Administrators manage users and keys; they sign no data."))
        self.username_edit = QLineEdit()
        self.full_name_edit = QLineEdit()
        self.password_edit = _password_edit()
        self.confirm_edit = _password_edit()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&User name"), self.username_edit)
        form.addRow(self.tr("&Full name"), self.full_name_edit)
        self.check = FormCheck(self._problems, None, self)  # shown as typed, beside the fields
        form.addRow(self.tr("&Password"), self.check.field("password", self.password_edit))
        form.addRow(self.tr("&Repeat password"), self.check.field("confirm", self.confirm_edit))
        form.addRow(self.error_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.registerField("admin_username*", self.username_edit)
        self.registerField("admin_full_name*", self.full_name_edit)
        self.registerField("admin_password*", self.password_edit)

    def _problems(self) -> dict[str, str]:
        password = self.password_edit.text()
        if not password:
            return {}
        problem = password_problem(password, self.username_edit.text().strip())
        if problem:
            return {"password": problem}
        if self.confirm_edit.text() and self.confirm_edit.text() != password:
            return {"confirm": self.tr("The two passwords differ.")}
        return {}

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Refuse early what the service would refuse at Finish, so the user fixes it here."""
        password = self.password_edit.text()
        problem = password_problem(password, self.username_edit.text().strip())
        if problem is None and password != self.confirm_edit.text():
            problem = self.tr("The two passwords differ.")
        self.error_label.setText(problem or "")
        return problem is None


class KeysPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Signing keys"))
        self.setSubTitle(self.tr(
            "The laboratory's root certificate vouches for every approver's signing key. Its passphrase "
            "is asked whenever a signer key is issued; it is not stored."))
        self.create_check = QCheckBox(self.tr("Create the laboratory root &certificate now"))
        self.create_check.setChecked(True)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.country_edit = QLineEdit()
        self.country_edit.setMaxLength(2)
        self.country_edit.setPlaceholderText(self.tr("two letters, e.g. JP"))
        self.passphrase_edit = _password_edit()
        self.confirm_edit = _password_edit()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("C&ountry"), self.country_edit)
        form.addRow(self.tr("Root &passphrase"), self.passphrase_edit)
        form.addRow(self.tr("Re&peat passphrase"), self.confirm_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.create_check)
        layout.addLayout(form)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.create_check.toggled.connect(self._toggle)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        folder = keys.keys_dir(getattr(wizard, "keys_folder", None), getattr(wizard, "ctx", None))
        self.folder_label.setText(self.tr("Keys folder: {0}").format(folder))

    def _toggle(self, on: bool) -> None:
        for edit in (self.country_edit, self.passphrase_edit, self.confirm_edit):
            edit.setEnabled(on)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """The last page: check the passphrase, then store everything (FirstStartWizard.commit)."""
        if self.create_check.isChecked():
            if len(self.passphrase_edit.text()) < PASSWORD_POLICY.min_length:
                self.error_label.setText(self.tr("The passphrase needs at least {0} characters.").format(
                    PASSWORD_POLICY.min_length))
                return False
            if self.passphrase_edit.text() != self.confirm_edit.text():
                self.error_label.setText(self.tr("The two passphrases differ."))
                return False
        self.error_label.clear()
        return self.wizard().commit()


class FirstStartWizard(QWizard):
    """Shown by run_desktop when the database has no users yet."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None,
                 keys_folder: str | None = None) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.ctx = ctx
        self._signed_in: AuthenticatedUser | None = None
        self.keys_folder = keys_folder
        self.done_steps: set[str] = set()
        self.setWindowTitle(self.tr("labapp - first start"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.laboratory_page = LaboratoryPage()
        self.administrator_page = AdministratorPage()
        self.keys_page = KeysPage()
        for page in (self.laboratory_page, self.administrator_page, self.keys_page):
            self.addPage(page)

    def commit(self) -> bool:
        """Store what the pages hold; on an error say which step failed and stay on the page."""
        admin = self.administrator_page
        username = admin.username_edit.text().strip()
        steps = (
            ("administrator", self.tr("Creating the administrator"), lambda: create_first_administrator(
                self.ctx, username, admin.full_name_edit.text().strip(), admin.password_edit.text())),
            ("laboratory", self.tr("Saving the laboratory details"),
             lambda: set_laboratory(self.ctx, self._administrator(), self.laboratory_page.details())),
            ("keys", self.tr("Creating the root certificate"), self._create_root),
        )
        for name, title, step in steps:
            if name in self.done_steps:
                continue
            try:
                step()
            except LabappError as exc:
                self.keys_page.error_label.setText(self.tr("{0} failed: {1}").format(title, str(exc)))
                return False
            self.done_steps.add(name)
        return True

    def _administrator(self) -> AuthenticatedUser:
        """The administrator just created, signed in once for the steps that follow (audited)."""
        if self._signed_in is None:
            admin = self.administrator_page
            name, password = admin.username_edit.text().strip(), admin.password_edit.text()
            self._signed_in = authenticate(self.ctx, name, password)
        return self._signed_in

    def _create_root(self) -> None:
        page = self.keys_page
        if not page.create_check.isChecked():
            return
        lab = self.laboratory_page.details().name
        passphrase = page.passphrase_edit.text().encode()
        keys.init_ca(self.ctx, self._administrator(), f"{lab} Root CA", lab, passphrase,
                     country=page.country_edit.text().strip().upper() or None, folder=self.keys_folder)
