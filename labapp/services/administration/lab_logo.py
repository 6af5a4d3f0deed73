"""The laboratory's logo for reports: one PNG or JPEG file kept in the data folder.

Kept as a file rather than a database column: the logo is presentation, not a record, and the
certificate layer reads images from files. Replacing it is a laboratory setting (MANAGE_LABORATORY):
it goes through the unit of work like every write, so the audit trail names who changed the logo.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from labapp.config import data_dir
from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.audit import record_event

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


def set_logo(ctx: ServiceContext, by: AuthenticatedUser, source: str | Path) -> Path:
    """Copy `source` (PNG or JPEG, checked by content) as the logo; returns where it is kept."""
    source = Path(source)
    with ctx.unit_of_work(by, Action.MANAGE_LABORATORY, event="set_logo") as session:
        content = _read(source)
        suffix = next(s for signature, s in _SIGNATURES.items() if content.startswith(signature))
        current = logo_path()
        detail = {
            "file": f"logo{suffix}",
            "sha256": hashlib.sha256(content).hexdigest(),
            "replaced_sha256": None if current is None else hashlib.sha256(current.read_bytes()).hexdigest(),
        }
        record_event(session, "set_logo", "laboratory_logo", None, detail)
        session.flush()  # the event is written before the file: a failed event leaves the old logo
        _delete_files()
        target = data_dir() / f"logo{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return target


def remove_logo(ctx: ServiceContext, by: AuthenticatedUser) -> None:
    """Remove the logo; audited (one event) even when there was none, as the request was made."""
    with ctx.unit_of_work(by, Action.MANAGE_LABORATORY, event="remove_logo") as session:
        current = logo_path()
        record_event(session, "remove_logo", "laboratory_logo", None, {"file": current and current.name})
        _delete_files()


def _read(source: Path) -> bytes:
    """The logo's bytes, after checking its size (before reading) and its type (by content)."""
    try:
        size = source.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise LabappError(
                f"{source.name}: the logo is {size // 1000} kB; "
                f"keep it under {MAX_LOGO_BYTES // 1_000_000} MB"
            )
        content = source.read_bytes()
    except OSError as error:
        raise LabappError(f"{source}: cannot read the logo ({error.strerror})") from error
    if not any(content.startswith(signature) for signature in _SIGNATURES):
        raise LabappError(f"{source.name}: the logo must be a PNG or JPEG image")
    return content


def _delete_files() -> None:
    for suffix in (".png", ".jpg"):
        (data_dir() / f"logo{suffix}").unlink(missing_ok=True)
