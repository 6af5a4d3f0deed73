"""The laboratory's logo for reports: one PNG or JPEG file kept in the data folder.

Kept as a file rather than a database column: the logo is presentation, not a record, and the
certificate layer reads images from files. Replacing it is an administrator's action.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from labapp.config import data_dir
from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 2_000_000
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}


def logo_path() -> Path | None:
    """The current logo file, or None when the laboratory has none."""
    for suffix in (".png", ".jpg"):
        path = data_dir() / f"logo{suffix}"
        if path.is_file():
            return path
    return None


def set_logo(by: AuthenticatedUser, source: str | Path) -> Path:
    """Copy `source` (PNG or JPEG, checked by content) as the logo; returns where it is kept."""
    by.require(Action.MANAGE_USERS)
    source = Path(source)
    try:
        head = source.read_bytes()[:8]
        size = source.stat().st_size
    except OSError as error:
        raise LabappError(f"{source}: cannot read the logo ({error.strerror})") from error
    suffix = next((s for sig, s in _SIGNATURES.items() if head.startswith(sig)), None)
    if suffix is None:
        raise LabappError(f"{source.name}: the logo must be a PNG or JPEG image")
    if size > MAX_LOGO_BYTES:
        raise LabappError(
            f"{source.name}: the logo is {size // 1000} kB; keep it under {MAX_LOGO_BYTES // 1_000_000} MB"
        )
    remove_logo(by)
    target = data_dir() / f"logo{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def remove_logo(by: AuthenticatedUser) -> None:
    by.require(Action.MANAGE_USERS)
    for suffix in (".png", ".jpg"):
        (data_dir() / f"logo{suffix}").unlink(missing_ok=True)
