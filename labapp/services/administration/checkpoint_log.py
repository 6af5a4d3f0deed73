"""The laboratory's archive folder: its record key and its audit checkpoint log.

Where: LABAPP_ARCHIVE, else the keys folder (labapp.services.administration.keys.keys_source), so a
laboratory that keeps its keys out of the database users' reach keeps these there too. The folder
holds `record.key` (labapp.security.record_key) and `checkpoints.jsonl` (labapp.security.checkpoints).

The record key is created on first use, but only while nothing of this database is sealed yet: a
database with sealed signatures whose key is not found stops with one line naming the folder, instead
of sealing new records with a new key (which would hide the old seals' meaning).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select

from labapp.core.errors import LabappError
from labapp.security import checkpoints as cp
from labapp.security.record_key import RecordKey, create_record_key, load_record_key
from labapp.services.administration.keys import keys_dir
from labapp.services.context import ServiceContext
from labapp.store.audit_verify import AuditReport
from labapp.store.database import database_identity
from labapp.store.records import Signature

ARCHIVE_ENV = "LABAPP_ARCHIVE"


def archive_dir(ctx: ServiceContext) -> Path:
    """LABAPP_ARCHIVE, else the database's keys folder."""
    if os.environ.get(ARCHIVE_ENV):
        return Path(os.environ[ARCHIVE_ENV]).expanduser()
    return keys_dir(None, ctx)


def log_path(ctx: ServiceContext) -> Path:
    return archive_dir(ctx) / cp.LOG_NAME


def open_record_key(ctx: ServiceContext) -> RecordKey:
    """The record key of the archive folder; created on first use, refused when seals already exist."""
    folder = archive_dir(ctx)
    key = load_record_key(folder)
    if key is not None:
        return key
    with ctx.read_session() as session:
        sealed = session.scalar(
            select(func.count()).select_from(Signature).where(Signature.seal.is_not(None))
        )
    if sealed or cp.read(folder / cp.LOG_NAME):
        raise LabappError(
            f"the record key is missing from {folder}, yet this laboratory has sealed records "
            f"({sealed} signature(s)): restore the archive folder, or point {ARCHIVE_ENV} at it"
        )
    return create_record_key(folder)


def write_checkpoint(ctx: ServiceContext, reason: cp.CheckpointReason) -> cp.Checkpoint | None:
    """Seal the current chain head and append it to the log; None while the chain is empty."""
    key = ctx.record_key()
    with ctx.engine.connect() as conn:
        checkpoint = cp.make_checkpoint(conn, database_identity(ctx.url), reason, key)
    if checkpoint is not None:
        cp.append(log_path(ctx), checkpoint)
    return checkpoint


def mark_new_database(ctx: ServiceContext) -> None:
    """Record in the log that a new database now lives at this location: checkpoints of an earlier
    database at the same path (a demo made again, a file deleted and created anew) no longer apply."""
    key = ctx.record_key()
    cp.append(log_path(ctx), cp.new_database_marker(database_identity(ctx.url), key))


def after_commit(ctx: ServiceContext, reason: cp.CheckpointReason | None) -> None:
    """Called by the unit of work after it committed: a checkpoint when one was asked for, and on the
    first write of the day (UTC) when the log has none of this database from today."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    if reason is None:
        if ctx.checkpoint_day == today:
            return
        last = cp.last_in_log(log_path(ctx), database_identity(ctx.url))
        if last is not None and last.at.startswith(today):
            ctx.checkpoint_day = today
            return
        reason = cp.CheckpointReason.DAILY
    try:
        write_checkpoint(ctx, reason)
    except LabappError as exc:
        raise LabappError(f"the change was saved, but {exc}; fix this before more work is done") from exc
    ctx.checkpoint_day = today


def check_against_checkpoints(
    ctx: ServiceContext, conn: Connection, report: AuditReport, given: Sequence[Path] = ()
) -> tuple[int, Path]:
    """Add to `report` every mismatch with the log's checkpoints and with those in `given` files
    (on `conn`, the verifying read transaction). Returns how many checkpoints applied, and the log."""
    key = ctx.record_key()
    database = database_identity(ctx.url)
    log = log_path(ctx)
    applied = cp.check(conn, cp.read(log), database, key, report)
    for path in given:
        if not path.is_file():
            raise LabappError(f"checkpoint file {path} does not exist")
        found = cp.check(conn, cp.read(path), database, key, report, given=True)
        if not found:
            raise LabappError(f"{path} holds no checkpoint of this database")
        applied += found
    return applied, log
