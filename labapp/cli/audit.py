"""`labapp audit verify` and `labapp audit log`: check and read the tamper-evident audit trail."""

from __future__ import annotations

import argparse
import json
import sys

from labapp.cli._session import add_user_option, context, login
from labapp.services.administration.audit_trail import (
    AuditEntry,
    audit_log,
    verify_audit,
    write_checkpoint_now,
)

EXIT_BROKEN = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="verify or read the audit trail")
    commands = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser(
        "verify",
        help="check the hash chain and every record against it (exit 1 naming the first broken event)",
    )
    verify.add_argument(
        "--checkpoint",
        metavar="FILE",
        action="append",
        default=[],
        help="also check against the checkpoints in FILE (a copy of the checkpoint log kept elsewhere, "
        "one checkpoint, or a certificate's JSON twin); repeatable",
    )
    verify.set_defaults(handler=_verify)
    checkpoint = commands.add_parser(
        "checkpoint",
        help="seal the chain head now and append it to the checkpoint log (print it, or copy it elsewhere)",
    )
    checkpoint.set_defaults(handler=_checkpoint)
    log = commands.add_parser("log", help="print the newest audit events")
    log.add_argument(
        "--entity", metavar="TYPE[:ID]", help="only events of this record type, e.g. lots or lots:3"
    )
    log.add_argument("--limit", type=int, default=50, help="number of events (default 50)")
    add_user_option(log)
    log.set_defaults(handler=_log)


def _verify(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        report = verify_audit(ctx, args.checkpoint)
    if report.first_problem is not None:
        count = len(report.problems)
        extra = f" ({count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        print(f"labapp: audit trail broken at {report.first_problem}{extra}", file=sys.stderr)
        return EXIT_BROKEN
    if not report.checkpoints_checked and report.events_checked:
        print(
            f"labapp: warning: no checkpoint of this database in {report.checkpoint_log}: a rewritten or "
            "rolled-back history cannot be detected (give a kept copy with --checkpoint FILE)",
            file=sys.stderr,
        )
    print(
        f"audit trail intact: {report.events_checked} events, {report.rows_checked} records checked, "
        f"{report.checkpoints_checked} checkpoints match; head {report.head_seq} {report.head_hash}"
    )
    return 0


def _checkpoint(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        written, log = write_checkpoint_now(ctx)
    if written is None:
        print("the audit trail is empty: no checkpoint written")
        return 0
    print(f"checkpoint appended to {log}:")
    print(written.line())
    return 0


def _log(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        entries = audit_log(ctx, login(ctx, args), entity=args.entity, limit=args.limit)
    for entry in entries:
        print(_format(entry))
    return 0


def _format(entry: AuditEntry) -> str:
    when = entry.occurred_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    target = f"{entry.entity_type}:{entry.entity_id}" if entry.entity_id is not None else entry.entity_type
    if entry.action == "create":
        change = json.dumps(entry.new_values, ensure_ascii=False, sort_keys=True)
    elif entry.old_values and entry.new_values:
        change = ", ".join(
            f"{k}: {entry.old_values.get(k)!r} -> {v!r}"
            for k, v in entry.new_values.items()
            if k != "version"
        )
    else:
        change = json.dumps(entry.new_values or entry.old_values, ensure_ascii=False, sort_keys=True)
    reason = f"  [{entry.reason}]" if entry.reason else ""
    return f"{entry.seq:>6} {when} {entry.actor:<12} {entry.action:<8} {target:<20} {change}{reason}"
