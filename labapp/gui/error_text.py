"""A refusal as the desktop shows it: the service's sentence, then, for a fix the desktop offers, where
to do it in the desktop's own menus (never a command to type; labapp.core.remedies names the fixes).

In Japanese the fix's words are added in Japanese too, since the service's sentence is English. A
refused log-in or signature carries its outcome as a typed word (AttemptOutcome) and is worded here
entirely, so the Japanese log-in says in Japanese that the user name or password is wrong.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from labapp.core.errors import LabappError, PassphraseRefused
from labapp.core.remedies import Remedy
from labapp.gui.role_gate import refusal as role_refusal
from labapp.gui.translation import interface_language, word
from labapp.security.roles import PermissionDenied
from labapp.services.vocabulary import AttemptOutcome
from labapp.services.workflow.review import FourEyesRefused

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
    Remedy.CHOOSE_METHOD: QT_TRANSLATE_NOOP("ErrorText", "the Method list beside Calculate on the Runs page"),
    Remedy.LIST_LOTS: QT_TRANSLATE_NOOP("ErrorText", "the Lots page"),
    Remedy.CREATE_DATABASE: QT_TRANSLATE_NOOP("ErrorText", "File > Open database..."),
}


IN_LABAPP = QT_TRANSLATE_NOOP("ErrorText", "In labapp: {0}")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ErrorText", text)


def _refusal_text(error: BaseException) -> str | None:
    """A refused log-in or signature (services' AuthenticationError.outcome) in words, else None."""
    outcome = getattr(error, "outcome", None)
    if outcome is AttemptOutcome.FAILED:
        return QCoreApplication.translate("ErrorText", "The user name or the password is wrong.")
    if outcome is AttemptOutcome.INACTIVE:
        return QCoreApplication.translate(
            "ErrorText", "The account {0} is deactivated: an administrator can activate it again."
        ).format(getattr(error, "subject", ""))
    until = getattr(error, "until", None)
    if outcome is AttemptOutcome.LOCKED and until is not None:
        text = QCoreApplication.translate(
            "ErrorText", "The account {0} is locked until {1} UTC after repeated failures."
        )
        place = _tr(IN_LABAPP).format(_tr(PLACES[Remedy.UNLOCK_ACCOUNT]))
        return text.format(getattr(error, "subject", ""), f"{until:%Y-%m-%d %H:%M}") + "\n" + place
    return None


def _japanese_refusal(error: BaseException) -> str | None:
    """A typed refusal (role, four eyes, key passphrase) in the interface's Japanese; in English the
    service's own sentence says it, names included."""
    if interface_language() != "ja":
        return None
    if isinstance(error, PermissionDenied) and error.action is not None:
        return QCoreApplication.translate("ErrorText", "{0} may not do this. {1}").format(
            error.subject, role_refusal(error.action)
        )
    if isinstance(error, FourEyesRefused):
        return QCoreApplication.translate(
            "ErrorText", "{0} made this run {1}, so may not {2} it (four eyes)."
        ).format(error.subject, word(error.step), word(error.action))
    if isinstance(error, PassphraseRefused):
        return QCoreApplication.translate(
            "ErrorText", "The key cannot be opened: the passphrase is wrong or the file is damaged."
        )
    return None


def error_text(error: BaseException) -> str:
    """The message to show for `error`: its sentence, plus where the desktop does its fix."""
    refusal = _refusal_text(error) or _japanese_refusal(error)
    if refusal is not None:
        return refusal
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
