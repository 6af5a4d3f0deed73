"""The one exception family a user sees as a single line (CLI) or a message box (GUI)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labapp.core.remedies import Remedy


class LabappError(Exception):
    """An error the user can act on; its str() is the complete one-line message.

    `remedy` names the fix when it is a known one (its words already end the message); the command
    line adds its command for it, the desktop the place in its menus. `subject` is whom or what the
    fix concerns (a user name, a path), for the front end's hint.
    """

    def __init__(self, *args: object, remedy: Remedy | None = None, subject: str = "") -> None:
        super().__init__(*args)
        self.remedy = remedy
        self.subject = subject


class PassphraseRefused(LabappError):
    """A key file its passphrase does not open (or a damaged one): typed, so a front end can word it
    in its own language."""


class InputFileError(LabappError):
    """A problem in an input file, located by file and line."""

    def __init__(
        self, path: object, line: int | str | None, reason: str, remedy: Remedy | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}, {location_text(line)}" if line not in (None, "") else self.path
        super().__init__(f"{where}: {reason}", remedy=remedy)


def location_text(line: int | str) -> str:
    """`line 12` in a text file; `Sheet!12`, `Sheet!B7` or a workbook part's name as given."""
    return f"line {line}" if isinstance(line, int) or str(line).isdigit() else str(line)
