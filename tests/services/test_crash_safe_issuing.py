"""Crash-safe issuing (issue 19 item 9): a signed certificate appears at its final name only once its
record is committed, and an issue killed at any step is found at the next start and finished (record
committed) or voided with the reason (not committed), audited.

A real kill runs no clean-up, so the "killed" issues run in a child process that ends with os._exit at
the chosen step; the parent then looks at the database and the folder before and after the next start.
Exceptions raised inside the process (SystemExit, KeyboardInterrupt) are cleaned up by the issue itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder
from sqlalchemy import select, update

from labapp.cli import main
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport
from labapp.services.administration import users
from labapp.services.certification import issuing, numbers
from labapp.services.certification.issuing import SigningSetup, amend_certificate, issue_certificates
from labapp.services.certification.recovery import RECOVERY_ACTOR
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent
from labapp.store.base import utcnow
from labapp.store.certificate_files import PendingFile, PendingState
from labapp.store.certificate_numbers import CertificateNumber
from labapp.store.lots import Lot
from labapp.store.records import Certificate
from labapp.store.states import LotState, NumberState

PASSPHRASE = certification_demo.SIGNER_PASSPHRASE

# The child: issue one lot, killed (os._exit, no clean-up at all) at the named step.
CHILD = r"""
import os, sys
from labapp.services.administration import users
from labapp.services.certification import issuing, numbers
from labapp.services.context import ServiceContext
db, keys, out, lot, step, password, passphrase = sys.argv[1:8]

def killed(*args, **kwargs):
    os._exit(137)

def after(real):
    def run(*args, **kwargs):
        real(*args, **kwargs)
        os._exit(137)
    return run

if step == "before_render":
    issuing._render = killed
elif step == "after_partials":
    issuing.write_partials = after(issuing.write_partials)
elif step == "after_commit":
    issuing.place = killed
elif step == "after_rename":
    issuing.place = after(issuing.place)
ctx = ServiceContext(db)
qa = users.authenticate(ctx, "qa", password)
setup = issuing.SigningSetup(out, passphrase, "en", keys)
issuing.issue_certificates(ctx, qa, [lot], password=password, setup=setup)
os._exit(0)
"""


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return approved_demo_folder(approved_demo_build, tmp_path_factory, "crash")


def _db(folder: Path) -> str:
    return str(folder / "labapp.sqlite")


def _kill_at(folder: Path, lot: str, step: str) -> Path:
    out = folder / f"out-{step}"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    args = [_db(folder), str(folder / "keys"), str(out), lot, step, QA_PASSWORD, PASSPHRASE]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 137, child.stderr[-2000:]
    return out


def _state(folder: Path, lot: str) -> dict[str, object]:
    """The records of a lot's (last) issue, read without the start-up check (policy "check")."""
    ctx = ServiceContext(_db(folder), migrate_policy="check")
    try:
        with ctx.read_session() as session:
            lot_row = session.scalar(select(Lot).where(Lot.code == lot))
            number = session.scalars(
                select(CertificateNumber)
                .where(CertificateNumber.lot_id == lot_row.id)
                .order_by(CertificateNumber.id)
            ).all()[-1]
            journal = session.scalar(select(PendingFile).where(PendingFile.number == number.number))
            certificate = session.scalar(select(Certificate).where(Certificate.number == number.number))
            return {
                "lot": lot_row.state,
                "number": number.number,
                "number_state": number.state,
                "number_note": number.note or "",
                "journal": journal.state if journal else None,
                "journal_note": (journal.note or "") if journal else "",
                "certificate": certificate,
                "pdf_bytes": certificate.pdf_bytes if certificate else None,
            }
    finally:
        ctx.close()


def _files(out: Path) -> tuple[list[str], list[str]]:
    if not out.is_dir():
        return [], []
    names = sorted(p.name for p in out.iterdir())
    return [n for n in names if not n.startswith(".")], [n for n in names if n.endswith(".partial")]


def _next_start(folder: Path) -> list[str]:
    ctx = ServiceContext(_db(folder))
    try:
        return ctx.startup_notes
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("lot", "step", "partials"),
    [("BM26-0001", "before_render", 0), ("BM26-0002", "after_partials", 2)],
)
def test_killed_before_the_commit_no_file_appears_and_the_next_start_voids_the_number(
    folder, lot, step, partials
) -> None:
    out = _kill_at(folder, lot, step)
    before = _state(folder, lot)
    assert (before["number_state"], before["journal"], before["certificate"]) == (
        NumberState.RESERVED,
        PendingState.PENDING,
        None,
    )
    visible, temporary = _files(out)
    assert visible == [] and len(temporary) == partials  # never a PDF at a final name without its record
    notes = _next_start(folder)
    assert any(before["number"] in note and "void, never reused" in note for note in notes), notes
    after = _state(folder, lot)
    assert (after["number_state"], after["journal"], after["lot"]) == (
        NumberState.VOID,
        PendingState.VOID,
        LotState.APPROVED,
    )
    assert "interrupted before its record was committed" in after["number_note"]
    assert f"{partials} temporary file(s) removed" in after["journal_note"]
    assert _files(out) == ([], [])
    assert _next_start(folder) == []  # settled once


@pytest.mark.parametrize(("lot", "step"), [("BM26-0003", "after_commit"), ("BM26-0004", "after_rename")])
def test_killed_after_the_commit_the_next_start_places_the_committed_files(folder, lot, step) -> None:
    out = _kill_at(folder, lot, step)
    before = _state(folder, lot)
    assert (before["number_state"], before["journal"]) == (NumberState.USED, PendingState.PENDING)
    assert before["lot"] is LotState.CERTIFIED
    stem = f"{before['number']}_rev0"
    visible, temporary = _files(out)
    if step == "after_commit":
        assert visible == [] and len(temporary) == 2
    else:
        assert visible == [f"{stem}.json", f"{stem}.pdf"] and temporary == []
    notes = _next_start(folder)
    assert any(stem.replace("_rev", " rev ") in note and "files placed" in note for note in notes), notes
    after = _state(folder, lot)
    assert after["journal"] is PendingState.PLACED and after["number_state"] is NumberState.USED
    assert _files(out) == ([f"{stem}.json", f"{stem}.pdf"], [])
    assert (out / f"{stem}.pdf").read_bytes() == after["pdf_bytes"]  # exactly the committed PDF


def test_the_start_up_check_is_audited_and_reported_by_the_command_line(folder, capsys) -> None:
    out = _kill_at(folder, "BM26-0005", "after_partials")
    number = _state(folder, "BM26-0005")["number"]
    assert main(["--db", _db(folder), "certificates", "--lot", "BM26-0005"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"labapp: interrupted issue found: certificate {number} rev 0: interrupted before")
    ctx = ServiceContext(_db(folder), migrate_policy="check")
    with ctx.read_session() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.entity_type, AuditEvent.reason).where(
                AuditEvent.actor == RECOVERY_ACTOR
            )
        ).all()
    ctx.close()
    assert (
        "void_interrupted_issue",
        "certificate_numbers",
        f"interrupted certificate of {number} rev 0 found at start-up",
    ) in events
    assert _files(out) == ([], [])


def test_a_reservation_left_without_journal_is_voided_at_the_next_start(folder) -> None:
    """A number reserved by a version without the journal (or a database restored from then)."""
    ctx = ServiceContext(_db(folder))
    qa = users.authenticate(ctx, "qa", QA_PASSWORD)
    with ctx.read_session() as session:
        lot_id = session.scalar(select(Lot.id).where(Lot.code == "BM26-0006"))
    number = numbers.reserve(ctx, lot_id, qa)  # no journal row
    ctx.close()
    notes = _next_start(folder)
    assert any(number in n and "never finished" in n for n in notes), notes
    with ServiceContext(_db(folder), migrate_policy="check") as check, check.read_session() as session:
        row = session.scalar(select(CertificateNumber).where(CertificateNumber.number == number))
        assert row.state is NumberState.VOID and "issue interrupted" in row.note


@pytest.mark.parametrize("exception", [SystemExit, KeyboardInterrupt])
def test_an_exception_inside_the_process_cleans_up_itself(folder, monkeypatch, exception) -> None:
    lot = {SystemExit: "BM26-0007", KeyboardInterrupt: "BM26-0008"}[exception]
    real = issuing.write_partials

    def interrupted(*args, **kwargs):
        real(*args, **kwargs)
        raise exception()

    monkeypatch.setattr(issuing, "write_partials", interrupted)
    ctx = ServiceContext(_db(folder))
    qa = users.authenticate(ctx, "qa", QA_PASSWORD)
    out = folder / f"out-{lot}"
    with pytest.raises(exception):
        issue_certificates(
            ctx, qa, [lot], password=QA_PASSWORD, setup=SigningSetup(out, PASSPHRASE, "en", folder / "keys")
        )
    ctx.close()
    state = _state(folder, lot)
    assert (state["number_state"], state["journal"], state["certificate"]) == (
        NumberState.VOID,
        PendingState.VOID,
        None,
    )
    assert _files(out) == ([], [])


def test_an_interrupted_amendment_leaves_the_revision_current_and_is_settled_when_stale(
    folder, monkeypatch
) -> None:
    ctx = ServiceContext(_db(folder))
    qa = users.authenticate(ctx, "qa", QA_PASSWORD)
    out = folder / "out-amend"
    setup = SigningSetup(out, PASSPHRASE, "en", folder / "keys")
    (first,) = issue_certificates(ctx, qa, ["BM26-0009"], password=QA_PASSWORD, setup=setup)
    monkeypatch.setattr(issuing, "place", lambda *a: (_ for _ in ()).throw(SystemExit()))
    with pytest.raises(SystemExit):  # after the commit: this process leaves it for the next start
        amend_certificate(  # in both languages: an amendment must change something
            ctx, qa, first.number, "both languages", password=QA_PASSWORD,
            setup=SigningSetup(out, PASSPHRASE, "en+ja", folder / "keys"),
        )
    monkeypatch.undo()
    assert _files(out)[0] == [f"{first.number}_rev0.json", f"{first.number}_rev0.pdf"]
    assert len(_files(out)[1]) == 2
    assert _next_start(folder) == []  # its process (this one) still runs: not touched
    with ctx.account_unit_of_work("test", "age the journal row as if the workstation went away") as session:
        session.execute(
            update(PendingFile)
            .where(PendingFile.number == first.number, PendingFile.revision == 1)
            .values(started_at=utcnow() - timedelta(hours=2))
        )
    ctx.close()
    notes = _next_start(folder)
    assert any(f"{first.number} rev 1" in n and "files placed" in n for n in notes), notes
    assert _files(out) == (
        sorted(
            [
                f"{first.number}_rev0.json",
                f"{first.number}_rev0.pdf",
                f"{first.number}_rev1.json",
                f"{first.number}_rev1.pdf",
            ]
        ),
        [],
    )


def test_files_that_cannot_be_placed_after_the_commit_leave_the_certificate_issued(
    folder, monkeypatch
) -> None:
    ctx = ServiceContext(_db(folder))
    qa = users.authenticate(ctx, "qa", QA_PASSWORD)
    out = folder / "out-full-disk"

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(issuing, "place", full_disk)
    (summary,) = issue_certificates(
        ctx,
        qa,
        ["BM26-0010"],
        password=QA_PASSWORD,
        setup=SigningSetup(out, PASSPHRASE, "en", folder / "keys"),
    )
    monkeypatch.undo()
    assert summary.status is issuing.IssueStatus.ISSUED
    assert "its files are not in" in summary.message and "No space left on device" in summary.message
    state = _state(folder, "BM26-0010")
    assert (state["number_state"], state["journal"], state["lot"]) == (
        NumberState.USED,
        PendingState.PENDING,
        LotState.CERTIFIED,
    )
    assert _files(out)[0] == [] and len(_files(out)[1]) == 2
    with ctx.account_unit_of_work("test", "age the journal row as if this session had ended") as session:
        session.execute(
            update(PendingFile)
            .where(PendingFile.number == summary.number)
            .values(started_at=utcnow() - timedelta(hours=2))
        )
    ctx.close()
    assert any(summary.number in n and "files placed" in n for n in _next_start(folder))
    assert (out / f"{summary.number}_rev0.pdf").read_bytes() == _state(folder, "BM26-0010")["pdf_bytes"]
