"""The signer's user name in a signature dialog, and the key-passphrase row that follows it.

A review, an approval or a certificate is often signed at a bench PC where a technician is signed in.
The signer types their own user name (filled in with the session's user when that person may sign
now) and their password: both components of the signature (21 CFR 11.200(a)(1)(ii)). Whether the
dialog also asks for a signing-key passphrase depends on who signs, so the row follows the name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLineEdit


def signer_edit(signer_name: str | None) -> QLineEdit | None:
    """An editable user-name field holding `signer_name` ("" = empty); None keeps the fixed signer."""
    if signer_name is None:
        return None
    edit = QLineEdit(signer_name)
    edit.setObjectName("signer_username")
    edit.setPlaceholderText(QCoreApplication.translate("SignerField", "user name of the person signing"))
    return edit


def follow_key(
    user_edit: QLineEdit | None,
    form: QFormLayout,
    key_edit: QLineEdit | None,
    personal_key: bool | Callable[[str], bool],
) -> Callable[[], bool]:
    """Whether the passphrase is asked for now; with a typed signer and a function of the name, the
    passphrase row is shown only for a signer who holds a key."""
    if key_edit is None:
        return lambda: False
    if not callable(personal_key):
        return lambda: True
    name = (lambda: user_edit.text().strip()) if user_edit is not None else (lambda: "")

    def needed() -> bool:
        return bool(name()) and personal_key(name())

    def show() -> None:
        form.setRowVisible(key_edit, needed())

    if user_edit is not None:
        user_edit.textChanged.connect(lambda _: show())
    show()
    return needed
