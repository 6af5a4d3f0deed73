"""Crash-safe placement of issued files: a journal row first, temporary names, commit, then rename.

Why: a signed certificate at its final name is a document a customer may receive. It must exist only
once its record is committed, and a process killed at any step must leave something the next start can
find. So `journal()` commits a PendingFile row (folder, token, process) before any byte is written, the
files are written as `.<name>.<token>.partial` inside the record's unit of work, the record commits,
and `place()` renames them and marks the row placed. Recovery (recovery.py) reads the pending rows.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from labapp.store.certificate_files import FileTarget, PendingFile, PendingState

PARTIAL_SUFFIX = ".partial"


def new_journal(target: FileTarget, number: str, revision: int, folder: Path, username: str) -> PendingFile:
    """A pending row for this process; the caller adds it in a unit of work that commits first."""
    return PendingFile(
        target=target,
        number=number,
        revision=revision,
        folder=str(Path(folder).resolve()),
        token=secrets.token_hex(8),
        host=socket.gethostname()[:255],
        pid=os.getpid(),
        state=PendingState.PENDING,
        started_by=username,
    )


def partial_path(final: Path, token: str) -> Path:
    """The temporary name of `final` while its record is not committed (hidden, never a .pdf)."""
    return final.parent / f".{final.name}.{token}{PARTIAL_SUFFIX}"


def partial_files(folder: Path, token: str) -> list[Path]:
    """Every temporary file of one journal row that is still in the folder."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f".*.{token}{PARTIAL_SUFFIX}"))


def write_partials(files: Sequence[tuple[Path, bytes]], token: str) -> list[Path]:
    """Write each (final path, bytes) under its temporary name, flushed to disk; returns those names."""
    written: list[Path] = []
    for final, data in files:
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = partial_path(final, token)
        written.append(temporary)
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # documents meant to be shared
    return written


def place(files: Sequence[tuple[Path, bytes]], token: str) -> None:
    """After the commit: rename each temporary file to its final name (rewritten when it is gone)."""
    for final, data in files:
        temporary = partial_path(final, token)
        if not temporary.exists():
            write_partials([(final, data)], token)
        os.replace(temporary, final)


def discard(folder: Path, token: str) -> list[Path]:
    """Remove the temporary files of a row whose record did not commit; returns what was removed."""
    removed = partial_files(folder, token)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def close_journal(session: Session, journal_id: int, state: PendingState, note: str | None = None) -> None:
    row = session.get(PendingFile, journal_id)
    if row is not None and row.state is PendingState.PENDING:
        row.state, row.note = state, (note or "")[:2000] or None
