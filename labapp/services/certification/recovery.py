"""Find interrupted issues at start-up: finish them from the committed record, or void them.

An issue killed between its steps (placement.py) leaves a pending journal row, maybe temporary files,
and for a new certificate a number still "reserved". At the next start (every ServiceContext that may
write, so the CLI, the desktop and the demo all run it) each such row is settled:

- its record committed (the certificate revision, or the retraction notice, is in the database): the
  files are written to their final names from the stored bytes, the row marked placed;
- not committed: the temporary files are removed, the row and a reserved number voided with the reason.

A reserved number with no pending row (a database from before the journal) is voided too. A row is
only settled when its process is gone: same host and the process no longer runs, or it started more
than STALE_AFTER ago (another workstation; an issue takes seconds). Each settlement is one audited unit
of work whose actor is RECOVERY_ACTOR, since no person is acting.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.services.certification.placement import close_journal, discard, place
from labapp.services.context import ServiceContext
from labapp.store.audit import record_event
from labapp.store.base import utcnow
from labapp.store.certificate_files import (
    CertificateDocument,
    DocumentKind,
    FileTarget,
    PendingFile,
    PendingState,
)
from labapp.store.certificate_numbers import CertificateNumber
from labapp.store.records import Certificate
from labapp.store.states import NumberState

RECOVERY_ACTOR = "labapp start-up check"
STALE_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Settled:
    """One interrupted issue found at start-up and what was done about it (one line for the user)."""

    number: str
    revision: int
    completed: bool
    message: str


def recover_interrupted_issues(ctx: ServiceContext) -> list[Settled]:
    """Settle every interrupted issue whose process is gone; returns what was done (usually nothing)."""
    with ctx.read_session() as session:
        pending = list(session.scalars(select(PendingFile).where(PendingFile.state == PendingState.PENDING)))
        reserved = list(
            session.scalars(select(CertificateNumber).where(CertificateNumber.state == NumberState.RESERVED))
        )
    out: list[Settled] = []
    journalled = set()
    for row in pending:
        journalled.add(row.number)
        if _in_flight(row):
            continue
        try:
            out.append(_settle(ctx, row))
        except (OSError, LabappError, SQLAlchemyError) as exc:  # e.g. the folder is offline: next time
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            out.append(Settled(row.number, row.revision, False, f"not settled yet: {first}"))
    for number in reserved:
        if number.number not in journalled:
            out.append(_void_orphan_number(ctx, number.number))
    return out


def _in_flight(row: PendingFile) -> bool:
    if utcnow() - row.started_at > STALE_AFTER:
        return False
    if row.host != socket.gethostname()[:255]:
        return True  # another workstation: wait until it is stale
    return row.pid == os.getpid() or _process_runs(row.pid)


def _process_runs(pid: int) -> bool:
    """Whether a process with this id runs on this host (POSIX signal 0, Windows OpenProcess)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows workstations
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _settle(ctx: ServiceContext, row: PendingFile) -> Settled:
    what = f"{row.number} rev {row.revision}"
    folder = Path(row.folder)
    with ctx.read_session() as session:
        committed = _committed_files(session, row, folder) is not None
    event = "complete_interrupted_issue" if committed else "void_interrupted_issue"
    reason = f"interrupted {row.target} of {what} found at start-up"
    with ctx.account_unit_of_work(RECOVERY_ACTOR, reason, event=event) as session:
        files = _committed_files(session, row, folder)
        if files is not None:
            place(files, row.token)
            note = f"interrupted after its record was committed: files placed at the next start ({folder})"
            close_journal(session, row.id, PendingState.PLACED, note)
            _record(session, event, row, note, [str(path) for path, _ in files])
            return Settled(row.number, row.revision, True, f"{row.target} {what}: {note}")
        removed = discard(folder, row.token)
        note = (
            f"interrupted before its record was committed (started {row.started_at:%Y-%m-%d %H:%M} UTC by "
            f"{row.started_by}); {len(removed)} temporary file(s) removed"
        )
        close_journal(session, row.id, PendingState.VOID, note)
        if _void_number(session, row.number, f"issue interrupted: {note}"):
            note += f"; number {row.number} is void, never reused"
        _record(session, event, row, note, [str(path) for path in removed])
        return Settled(row.number, row.revision, False, f"{row.target} {what}: {note}")


def _record(session: Session, event: str, row: PendingFile, note: str, paths: list[str]) -> None:
    """The audit event of one settlement (the journal row itself is not an audited record)."""
    detail = {
        "target": str(row.target),
        "number": row.number,
        "revision": row.revision,
        "note": note,
        "started_by": row.started_by,
        "host": row.host,
        "pid": row.pid,
        "files": paths,
    }
    record_event(session, event, PendingFile.__tablename__, row.id, detail)


def _committed_files(session: Session, row: PendingFile, folder: Path) -> list[tuple[Path, bytes]] | None:
    """The files to place from the committed record, or None when the record never committed."""
    certificate = session.scalar(
        select(Certificate).where(Certificate.number == row.number, Certificate.revision == row.revision)
    )
    if certificate is None:
        return None
    stem = f"{row.number.replace('/', '-')}_rev{row.revision}"
    if row.target is FileTarget.CERTIFICATE:
        if certificate.pdf_bytes is None:
            return None
        twin = (certificate.json_twin or "").encode("utf-8")
        return [(folder / f"{stem}.pdf", certificate.pdf_bytes), (folder / f"{stem}.json", twin)]
    notice = session.scalar(
        select(CertificateDocument).where(
            CertificateDocument.certificate_id == certificate.id,
            CertificateDocument.kind == DocumentKind.RETRACTION_NOTICE,
        )
    )
    if notice is None or notice.pdf_bytes is None:
        return None
    return [(folder / notice.file_name, notice.pdf_bytes)]


def _void_number(session: Session, number: str, why: str) -> bool:
    row = session.scalar(select(CertificateNumber).where(CertificateNumber.number == number))
    if row is None or row.state is not NumberState.RESERVED:
        return False
    if session.scalar(select(Certificate.id).where(Certificate.number == number).limit(1)) is not None:
        return False
    row.state, row.note = NumberState.VOID, why[:2000]
    return True


def _void_orphan_number(ctx: ServiceContext, number: str) -> Settled:
    note = "reserved by an issue that never finished (no journal of its files)"
    reason = f"interrupted issue of {number} found at start-up"
    with ctx.account_unit_of_work(RECOVERY_ACTOR, reason, event="void_interrupted_issue") as session:
        _void_number(session, number, f"issue interrupted: {note}")
    return Settled(number, 0, False, f"certificate {number}: {note}; the number is void, never reused")
