"""Walk the audit chain and compare every audited row with the state its events record.

Checks, in order:
1. the chain: seq runs 1, 2, 3 ... without gaps, each event's `prev_hash` is the previous
   event's hash and each event's hash matches its content (an edited or deleted event fails);
2. replay: create sets a record's state, an update-like event (old and new values) merges its
   new values after checking its old values against the state, delete removes it;
3. the tables: every audited row must equal its replayed state, and every replayed record must
   still exist (a raw-SQL UPDATE, INSERT or DELETE of a record fails); blobs must match their
   SHA-256 column; each run's measurements must match its recorded digest.
A problem is attributed to the latest event of the entity concerned, so the report can name
"the first broken event". Undetectable here by design: rewriting the whole chain from some event
onwards, or removing its tail; the checkpoints kept outside the database detect those
(labapp.security.checkpoints, compared by labapp.services.administration.audit_trail).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from labapp.store.audit import audited_columns, canonical_row, event_hash
from labapp.store.audit_event import GENESIS_HASH, AuditEvent
from labapp.store.canonical import sha256_hex
from labapp.store.measurements import digest_records, stored_digests
from labapp.store.models import InstrumentRun, audited_classes


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    entity: str
    message: str

    def __str__(self) -> str:
        where = f"event {self.seq} ({self.entity})" if self.seq is not None else self.entity
        return f"{where}: {self.message}"


@dataclass
class AuditReport:
    events_checked: int = 0
    rows_checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[AuditProblem] = field(default_factory=list)
    checkpoints_checked: int = 0  # filled in by the service that compares with checkpoints
    checkpoint_log: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> AuditProblem | None:
        """The problem with the lowest event seq (problems with no event come last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.seq is None, p.seq or 0))


@dataclass
class _Record:
    state: dict[str, Any] | None
    seq: int


def verify_audit_trail(conn: Connection) -> AuditReport:
    """Run every check on one connection (ideally inside one read transaction)."""
    report = AuditReport()
    records = _walk_chain(conn, report)
    _check_tables(conn, records, report)
    return report


def _label(entity_type: str, entity_id: Any) -> str:
    return f"{entity_type} #{entity_id}" if entity_id is not None else entity_type


def _walk_chain(conn: Connection, report: AuditReport) -> dict[tuple[str, int], _Record]:
    table = AuditEvent.__table__
    records: dict[tuple[str, int], _Record] = {}
    expected, prev_hash = 1, GENESIS_HASH
    for row in conn.execution_options(yield_per=5000).execute(select(table).order_by(table.c.seq)):
        ev = row._asdict()
        entity = _label(ev["entity_type"], ev["entity_id"])
        intact = event_hash(ev) == ev["hash"]
        if ev["seq"] != expected:
            missing = f"{expected}" if ev["seq"] == expected + 1 else f"{expected}..{ev['seq'] - 1}"
            report.problems.append(
                AuditProblem(expected, "audit_events", f"event {missing} missing (deleted)")
            )
        elif ev["prev_hash"] != prev_hash:
            if intact and ev["seq"] > 1:
                report.problems.append(
                    AuditProblem(
                        ev["seq"] - 1,
                        "audit_events",
                        f"hash differs from prev_hash of event {ev['seq']} (edited)",
                    )
                )
            else:
                report.problems.append(AuditProblem(ev["seq"], entity, "prev_hash does not match the chain"))
        if not intact:
            report.problems.append(
                AuditProblem(ev["seq"], entity, "content does not match its hash (edited)")
            )
        _replay(ev, entity, records, report)
        expected, prev_hash = ev["seq"] + 1, ev["hash"]
        report.events_checked += 1
    report.head_seq, report.head_hash = expected - 1, prev_hash
    return records


def _replay(
    ev: dict[str, Any], entity: str, records: dict[tuple[str, int], _Record], report: AuditReport
) -> None:
    try:
        old = json.loads(ev["old_values"]) if ev["old_values"] else None
        new = json.loads(ev["new_values"]) if ev["new_values"] else None
    except ValueError:
        report.problems.append(AuditProblem(ev["seq"], entity, "values are not valid JSON"))
        return
    if ev["entity_id"] is None:
        return
    key = (ev["entity_type"], ev["entity_id"])
    current = records.get(key)
    if ev["action"] == "create":
        records[key] = _Record(dict(new or {}), ev["seq"])
    elif ev["action"] == "delete":
        records[key] = _Record(None, ev["seq"])
    elif isinstance(old, dict) and isinstance(new, dict):
        if current is None or current.state is None:
            report.problems.append(AuditProblem(ev["seq"], entity, "changes a record that does not exist"))
            return
        for name, value in old.items():
            if current.state.get(name) != value:
                report.problems.append(
                    AuditProblem(
                        ev["seq"], entity, f"old value of {name} ({value!r}) differs from the recorded state"
                    )
                )
                break
        current.state.update(new)
        current.seq = ev["seq"]


def _check_tables(conn: Connection, records: dict[tuple[str, int], _Record], report: AuditReport) -> None:
    seen: set[tuple[str, int]] = set()
    for cls in audited_classes():
        table = cls.__table__
        columns = [p.columns[0] for p in audited_columns(cls)]
        key_of = {p.key: p.columns[0].name for p in audited_columns(cls)}
        for row in conn.execution_options(yield_per=5000).execute(select(*columns).order_by(table.c.id)):
            values = row._mapping
            state = canonical_row(cls, lambda k, v=values, names=key_of: v[names[k]])
            key = (table.name, state["id"])
            seen.add(key)
            report.rows_checked += 1
            _compare_row(key, state, records.get(key), report)
        _check_blobs(conn, cls, records, report)
    for key, record in records.items():
        if record.state is not None and key not in seen:
            report.problems.append(
                AuditProblem(
                    record.seq,
                    _label(*key),
                    "row is missing from the table (deleted outside the application)",
                )
            )
    _check_measurements(conn, records, report)


def _compare_row(
    key: tuple[str, int], state: dict[str, Any], record: _Record | None, report: AuditReport
) -> None:
    entity = _label(*key)
    if record is None:
        report.problems.append(
            AuditProblem(None, entity, "row has no audit event (inserted outside the application)")
        )
        return
    if record.state is None:
        report.problems.append(
            AuditProblem(record.seq, entity, "row exists although the trail records its deletion")
        )
        return
    for name, value in state.items():
        recorded = record.state.get(name)
        if recorded != value:
            report.problems.append(
                AuditProblem(
                    record.seq,
                    entity,
                    f"{name} is {value!r} in the table but {recorded!r} in the audit trail",
                )
            )
            return


def _check_blobs(
    conn: Connection, cls: type, records: dict[tuple[str, int], _Record], report: AuditReport
) -> None:
    table = cls.__table__
    for blob, hash_column in getattr(cls, "__audit_blob_checks__", {}).items():
        query = select(table.c.id, table.c[blob], table.c[hash_column]).order_by(table.c.id)
        for row_id, data, recorded in conn.execution_options(yield_per=50).execute(query):
            actual = None if data is None else sha256_hex(bytes(data))
            if actual != recorded:
                seq = records[(table.name, row_id)].seq if (table.name, row_id) in records else None
                report.problems.append(
                    AuditProblem(
                        seq, _label(table.name, row_id), f"{blob} does not match its SHA-256 ({hash_column})"
                    )
                )


def _check_measurements(
    conn: Connection, records: dict[tuple[str, int], _Record], report: AuditReport
) -> None:
    runs = InstrumentRun.__table__
    computed = {run_id: (count, digest) for run_id, count, digest in stored_digests(conn)}
    empty = digest_records([])
    query = select(runs.c.id, runs.c.measurement_count, runs.c.measurements_digest).order_by(runs.c.id)
    for run_id, count, digest in conn.execute(query):
        actual_count, actual = computed.get(run_id, (0, empty))
        if (actual_count, actual) != (count, digest):
            key = (runs.name, run_id)
            seq = records[key].seq if key in records else None
            report.problems.append(
                AuditProblem(
                    seq,
                    _label(*key),
                    f"measurements do not match the recorded digest ({actual_count} rows, {count} recorded)",
                )
            )
