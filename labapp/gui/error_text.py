"""A refusal as the desktop shows it: the service's sentence, then, for a fix the desktop offers, where
to do it in the desktop's own menus (never a command to type; labapp.core.remedies names the fixes).

In Japanese the fix's words are added in Japanese too, since the service's sentence is English.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.gui.translation import interface_language

PLACES: dict[Remedy, str] = {
    Remedy.ISSUE_SIGNING_KEY: QT_TRANSLATE_NOOP(
        "ErrorText", "Administration > Signing keys > Issue signer key..."
    ),
    Remedy.REPLACE_SIGNING_KEY: QT_TRANSLATE_NOOP(
        "ErrorText", "Administration > Signing keys > Issue signer key..."
    ),
    Remedy.CREATE_ROOT_CA: QT_TRANSLATE_NOOP(
        "ErrorText", "Administration > Signing keys > Create root CA..."
    ),
    Remedy.UNLOCK_ACCOUNT: QT_TRANSLATE_NOOP("ErrorText", "Administration > Users > Reset password..."),
    Remedy.SET_LABORATORY: QT_TRANSLATE_NOOP("ErrorText", "Administration > Laboratory"),
    Remedy.CHOOSE_PROFILE: QT_TRANSLATE_NOOP("ErrorText", "the Profile list of the import wizard"),
    Remedy.LIST_LOTS: QT_TRANSLATE_NOOP("ErrorText", "the Lots page"),
    Remedy.CREATE_DATABASE: QT_TRANSLATE_NOOP("ErrorText", "File > Open database..."),
}


IN_LABAPP = QT_TRANSLATE_NOOP("ErrorText", "In labapp: {0}")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ErrorText", text)


def error_text(error: BaseException) -> str:
    """The message to show for `error`: its sentence, plus where the desktop does its fix."""
    text = str(error).strip() or type(error).__name__
    remedy = error.remedy if isinstance(error, LabappError) else None
    if remedy is None:
        return text
    if interface_language() == "ja":
        text += "\n" + remedy.label("ja")
    place = PLACES.get(remedy)
    if place is not None:
        text += "\n" + _tr(IN_LABAPP).format(_tr(place))
    return text
