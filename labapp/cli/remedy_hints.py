"""The command line's own way to do each named fix (labapp.core.remedies.Remedy): the services say the
fix in words; only here does it become a command to type, added to the one-line error in brackets."""

from __future__ import annotations

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy

COMMANDS: dict[Remedy, str] = {
    Remedy.ISSUE_SIGNING_KEY: "labapp keys issue {subject} --user ADMINISTRATOR",
    Remedy.REPLACE_SIGNING_KEY: "labapp keys issue {subject} --force --user ADMINISTRATOR",
    Remedy.CREATE_ROOT_CA: "labapp keys init-ca --name NAME --organisation LAB --user ADMINISTRATOR",
    Remedy.ISSUE_CRL: "labapp keys crl",
    Remedy.UNLOCK_ACCOUNT: "labapp users reset-password {subject}",
    Remedy.UPGRADE_DATABASE: "labapp db upgrade",
    Remedy.CREATE_DATABASE: "labapp --db {subject} db init",
    Remedy.SET_LABORATORY: "labapp laboratory set",
    Remedy.CHOOSE_PROFILE: "labapp profiles list",
    Remedy.CHOOSE_METHOD: 'labapp calculate "{subject}" --method ID',
    Remedy.LIST_LOTS: "labapp lots list",
}


def command_hint(error: BaseException) -> str:
    """The text added to an error whose fix has a command, "(run: COMMAND)"; empty otherwise."""
    remedy = getattr(error, "remedy", None) if isinstance(error, LabappError) else None
    command = COMMANDS.get(remedy) if remedy is not None else None
    if command is None:
        return ""
    return f" (run: {command.format(subject=getattr(error, 'subject', '') or 'USER')})"
