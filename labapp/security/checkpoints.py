"""Audit checkpoints: the chain head, sealed with the record key, kept outside the database.

The audit chain proves that no event was changed *unless* its whole tail was rehashed; someone with
write access to the database can do that. A checkpoint is the head (sequence number and hash) at a
moment, sealed with the laboratory's record key and appended as one JSON line to a log outside the
database (like a Certificate Transparency signed tree head). A later rewrite of any event up to that
head changes the hash at the checkpoint's sequence number; removing the tail leaves the chain shorter
than the checkpoint. Either is named with the first checkpoint that no longer matches.

A line: {"at", "database", "first_hash", "hash", "reason", "seal", "seq"}. `database` says which
database the head belongs to (its file or server address; one log may serve several databases) and
`first_hash` is the hash of its event 1, so a history rewritten from its very first event is named
too. The seal covers every other field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from labapp.core.errors import LabappError
from labapp.core.vocabulary import Vocabulary
from labapp.security.record_key import RecordKey, SealPurpose
from labapp.store.audit_event import GENESIS_HASH, AuditEvent
from labapp.store.audit_verify import AuditProblem, AuditReport

LOG_NAME = "checkpoints.jsonl"
REQUEST_KEY = "labapp.checkpoint"  # session.info: why a checkpoint is due after this unit of work commits


class CheckpointReason(Vocabulary):
    """Why a checkpoint was written."""

    SIGNATURE = "signature", "electronic signature", "電子署名"
    CERTIFICATE = "certificate", "certificate issued", "証明書発行"
    FAILED_LOGIN = "failed_login", "refused sign-in", "サインイン拒否"
    DAILY = "daily", "first use of the day", "当日の初回使用"
    NEW_DATABASE = "new_database", "new database created here", "新しいデータベースを作成"
    MANUAL = "manual", "written on request", "手動"


@dataclass(frozen=True)
class Checkpoint:
    """One sealed chain head. `source` (not sealed, not written) says where it was read from."""

    database: str
    first_hash: str | None
    seq: int
    hash: str
    at: str
    reason: str
    seal: str = ""
    source: str = ""

    def content(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("seal")
        data.pop("source")
        return data

    def line(self) -> str:
        return json.dumps({**self.content(), "seal": self.seal}, sort_keys=True, ensure_ascii=False)

    def describe(self) -> str:
        return f"checkpoint of {self.at} ({self.source or 'given'})"


def request_checkpoint(session: Any, reason: CheckpointReason) -> None:
    """Ask for a checkpoint once this unit of work has committed (ServiceContext writes it)."""
    session.info[REQUEST_KEY] = reason


def chain_head(conn: Connection) -> tuple[str | None, int, str | None]:
    """(hash of event 1, last seq, last hash) as the database holds them now."""
    table = AuditEvent.__table__
    first = conn.execute(select(table.c.hash).where(table.c.seq == 1)).scalar()
    head = conn.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
    return first, (head[0] if head else 0), (head[1] if head else None)


def make_checkpoint(
    conn: Connection, database: str, reason: CheckpointReason, key: RecordKey
) -> Checkpoint | None:
    """The sealed head of the chain on `conn`; None while the chain is empty."""
    first, seq, head = chain_head(conn)
    if head is None:
        return None
    at = datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    unsealed = Checkpoint(database, first, seq, head, at, reason.value)
    return Checkpoint(**{**unsealed.content(), "seal": key.seal(SealPurpose.CHECKPOINT, unsealed.content())})


def new_database_marker(database: str, key: RecordKey) -> Checkpoint:
    """A sealed line saying that a new, empty database was created at `database`: earlier lines of
    that location belong to a database that no longer exists there."""
    at = datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    unsealed = Checkpoint(database, None, 0, GENESIS_HASH, at, CheckpointReason.NEW_DATABASE.value)
    return Checkpoint(**{**unsealed.content(), "seal": key.seal(SealPurpose.CHECKPOINT, unsealed.content())})


def _current(checkpoints: list[Checkpoint]) -> list[Checkpoint]:
    """The checkpoints after the latest new-database marker (in log order), markers left out."""
    start = 0
    for index, checkpoint in enumerate(checkpoints):
        if checkpoint.reason == CheckpointReason.NEW_DATABASE.value:
            start = index + 1
    return checkpoints[start:]


def append(log: Path, checkpoint: Checkpoint) -> None:
    """Append one line with a single write (O_APPEND), flushed to disk; the folder is made 0700."""
    try:
        log.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(handle, (checkpoint.line() + "\n").encode("utf-8"))
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as exc:
        raise LabappError(f"cannot write the audit checkpoint to {log}: {exc.strerror or exc}") from exc


def read(path: Path) -> list[Checkpoint]:
    """Every checkpoint in a log (JSON lines) or a file holding one checkpoint (a JSON object, e.g.
    copied from a certificate's twin); a line that is not a checkpoint is one error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise LabappError(f"cannot read the checkpoint file {path}: {exc}") from exc
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict):  # one checkpoint, or a certificate's twin that carries one
        return [_parse(text, str(path))]
    return [
        _parse(line, f"{path}, line {number}")
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _parse(text: str, where: str) -> Checkpoint:
    try:
        data = json.loads(text)
        data = data.get("audit_checkpoint", data)  # a whole twin: its checkpoint
        return Checkpoint(
            str(data["database"]),
            data["first_hash"],
            int(data["seq"]),
            str(data["hash"]),
            str(data["at"]),
            str(data["reason"]),
            str(data["seal"]),
            where,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise LabappError(f"{where}: not an audit checkpoint") from None


def last_in_log(path: Path, database: str, tail_bytes: int = 65536) -> Checkpoint | None:
    """The newest checkpoint of `database` in a log, reading only its tail when that suffices."""
    try:
        with path.open("rb") as stream:
            size = stream.seek(0, os.SEEK_END)
            stream.seek(max(0, size - tail_bytes))
            tail = stream.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    lines = tail.splitlines()[1 if size > tail_bytes else 0 :]  # the first may be cut
    for line in reversed(lines):
        if f'"database": {json.dumps(database, ensure_ascii=False)}' in line:
            return _parse(line, f"{path}")
    return last_of(read(path), database) if size > tail_bytes else None


def last_of(checkpoints: Iterable[Checkpoint], database: str) -> Checkpoint | None:
    latest = None
    for checkpoint in checkpoints:
        if checkpoint.database == database:
            latest = checkpoint
    return latest


def check(
    conn: Connection,
    checkpoints: list[Checkpoint],
    database: str,
    key: RecordKey,
    report: AuditReport,
    *,
    given: bool = False,
) -> int:
    """Compare the chain with every checkpoint of this database; problems go into `report`.
    Returns how many lines of this database there were (an untrusted one is a problem, not absent).
    A checkpoint `given` on the command line applies when its first event is this database's even
    if the database has moved since."""
    first, head_seq, _ = chain_head(conn)
    table = AuditEvent.__table__
    trusted, found = [], 0
    for checkpoint in checkpoints:
        if not (checkpoint.database == database or (given and checkpoint.first_hash == first)):
            continue
        found += 1
        why = key.check(SealPurpose.CHECKPOINT, checkpoint.content(), checkpoint.seal)
        if why is None:
            trusted.append(checkpoint)
        else:
            report.problems.append(AuditProblem(None, checkpoint.source, f"checkpoint not trusted: {why}"))
    ours = _current(trusted)
    matched_upto = 0
    for checkpoint in sorted(ours, key=lambda c: c.seq):
        if checkpoint.first_hash != first:
            report.problems.append(
                AuditProblem(
                    1,
                    "audit_events",
                    f"event 1 differs from the {checkpoint.describe()}: "
                    "history rewritten from the first event",
                )
            )
            continue
        if checkpoint.seq > head_seq:
            report.problems.append(
                AuditProblem(
                    head_seq + 1,
                    "audit_events",
                    f"events {head_seq + 1}..{checkpoint.seq} are missing: the {checkpoint.describe()} "
                    f"records event {checkpoint.seq}, the chain ends at {head_seq} (rolled back)",
                )
            )
            continue
        stored = conn.execute(select(table.c.hash).where(table.c.seq == checkpoint.seq)).scalar()
        if stored != checkpoint.hash:
            report.problems.append(
                AuditProblem(
                    checkpoint.seq,
                    "audit_events",
                    f"hash differs from the {checkpoint.describe()}: history rewritten between "
                    f"events {matched_upto + 1} and {checkpoint.seq}",
                )
            )
        else:
            matched_upto = max(matched_upto, checkpoint.seq)
    return found
