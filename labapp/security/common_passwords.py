"""The bundled list of common passwords a new password may not be (NIST SP 800-63B 5.1.1.2)."""

from __future__ import annotations

from functools import cache

from labapp.resources import resource_path

LIST_PATH = ("security", "common-passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """Every listed password, case-folded: a guesser tries `Password12` and `password12` alike."""
    text = resource_path(*LIST_PATH).read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    """True when the whole password (case ignored) is on the list."""
    return password.casefold() in common_passwords()
