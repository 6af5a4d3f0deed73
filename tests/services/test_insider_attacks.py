"""Insider attacks, written as an attacker with write access to the database would (issue 20).

The attacker knows how labapp works and uses its own functions: the canonical run content and its
SHA-256, the event hash, the ORM with its audit listeners. What the attacker does not hold is the
laboratory's archive folder (record key and checkpoint log). On SQLite the attacker has the file; on
PostgreSQL the attacker is a workstation user (the `labapp_workstation` role of migration 0018),
for whom rewriting or deleting audit events and signatures is refused outright, or the owner of the
tables, who can do it and is then caught like the SQLite attacker.

Each attack first shows that the chain check alone (labapp.store.audit_verify, what `audit verify`
was before checkpoints) is fooled, then that `audit verify` and the signature check name it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from _workflow_support import PASSWORDS, RUN, build_template, mark_calculated
from pg_server import shared_server
from sqlalchemy import Engine, create_engine, delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from labapp.cli import main
from labapp.core.canonical import sha256_hex
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.users import AuthenticationError
from labapp.services.context import ServiceContext
from labapp.services.workflow import signing
from labapp.services.workflow.review import sign, signatures_of
from labapp.store.audit import bind_actor, event_hash
from labapp.store.audit_event import GENESIS_HASH, AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.base import Base, UTCDateTime
from labapp.store.canonical import canonical_json
from labapp.store.lots import Lot
from labapp.store.records import Signature
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

BACKENDS = ("sqlite", "postgresql")
FORGED = 62.0  # BM26-0001 Ni, signed as 56.1 wt %
REFUSED = r"append-only|permission denied"


@dataclass
class Lab:
    backend: str
    ctx: ServiceContext
    owner: Engine  # the file (SQLite) or the tables' owner (PostgreSQL)
    workstation: Engine | None  # a workstation user's role (PostgreSQL only)

    def close(self) -> None:
        self.ctx.close()
        self.owner.dispose()
        if self.workstation is not None:
            self.workstation.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def reviewed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A lab whose run is calculated, submitted and reviewed (approval happens in each copy)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("insider") / "template.sqlite")
    else:
        url = shared_server().fresh_database()
    build_template(url)  # type: ignore[arg-type]  # a URL works as well as a path
    with ServiceContext(url) as ctx:
        mark_calculated(ctx)
        sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")
        sign(ctx, "rita", PASSWORDS["rita"], RUN, "review")
    return request.param, url


@pytest.fixture
def lab(reviewed: tuple[str, str], tmp_path: Path):
    """A copy of the reviewed lab, approved here, so this database has its own checkpoint."""
    backend, source = reviewed
    workstation = None
    if backend == "sqlite":
        url = str(tmp_path / "lab.sqlite")
        shutil.copyfile(source, url)
        owner = create_engine(f"sqlite:///{url}")
    else:
        server = shared_server()
        url = server.url(server.create_database("insider", template=source.rsplit("/", 1)[1]))
        owner = create_engine(url)
        workstation = create_engine(server.workstation_url(url, "ws_tech"))
    ctx = ServiceContext(url)
    sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve")
    lab = Lab(backend, ctx, owner, workstation)
    yield lab
    lab.close()


# --- what the attacker does ------------------------------------------------------------------------


def _bm26_0001_ni(session: Session) -> Result:
    query = select(Result).join(Lot, Lot.id == Result.lot_id).where(Lot.code == "BM26-0001")
    return session.scalars(query.where(Result.reportable.is_(True))).one()


def _run(session: Session) -> InstrumentRun:
    return session.scalars(select(InstrumentRun)).one()


def _rehash_from(conn, first: int) -> None:
    """Recompute prev_hash and hash of every event from `first` to the head, with labapp's formula."""
    table = AuditEvent.__table__
    prev = conn.execute(select(table.c.hash).where(table.c.seq == first - 1)).scalar() or GENESIS_HASH
    for row in conn.execute(select(table).where(table.c.seq >= first).order_by(table.c.seq)).mappings().all():
        event = {**row, "prev_hash": prev}
        prev = event_hash(event)
        conn.execute(
            update(table).where(table.c.seq == row["seq"]).values(prev_hash=event["prev_hash"], hash=prev)
        )


def rewrite_result_signatures_and_chain(engine: Engine) -> int:
    """Change the result, recompute the run's signed SHA-256 into its signatures, rewrite the events
    that recorded the old values and rehash the chain from the first touched event; returns that seq."""
    events = AuditEvent.__table__
    with Session(engine) as session, session.begin():
        conn = session.connection()
        result_id, run_id = (lambda r: (r.id, r.run_id))(_bm26_0001_ni(session))
        conn.execute(update(Result.__table__).where(Result.__table__.c.id == result_id).values(value=FORGED))
        session.expire_all()
        digest = sha256_hex(signing.run_content(session, session.get(InstrumentRun, run_id)))
        signature_ids = [s.id for s in signing.run_signatures(session, run_id)]
        conn.execute(
            update(Signature.__table__)
            .where(Signature.__table__.c.id.in_(signature_ids))
            .values(content_sha256=digest)
        )
        touched = []
        query = select(events).where(
            ((events.c.entity_type == "results") & (events.c.entity_id == result_id))
            | ((events.c.entity_type == "signatures") & events.c.entity_id.in_(signature_ids))
        )
        for row in conn.execute(query).mappings().all():
            new = json.loads(row["new_values"])
            new.update({"value": FORGED} if row["entity_type"] == "results" else {"content_sha256": digest})
            conn.execute(
                update(events).where(events.c.seq == row["seq"]).values(new_values=canonical_json(new))
            )
            touched.append(row["seq"])
        first = min(touched)
        _rehash_from(conn, first)
    return first


def forge_through_the_orm(engine: Engine, repoint: bool) -> None:
    """As "qa" through the ORM (the audit listeners append honest-looking events): change the result
    and re-point the run's signatures at the new content, or (`repoint` False, where signatures are
    append-only) add a forged approval carrying the genuine approval's seal."""
    with Session(engine) as session:
        bind_actor(session, "qa", "transcription error corrected")
        result = _bm26_0001_ni(session)
        result.value = FORGED
        session.flush()
        run = _run(session)
        digest = sha256_hex(signing.run_content(session, run))
        genuine = signing.run_signatures(session, run.id)
        if repoint:
            for signature in genuine:
                signature.content_sha256 = digest
        else:
            approval = genuine[-1]
            session.add(
                Signature(
                    **{name: getattr(approval, name) for name in (*_COPIED, "seal")},
                    content_sha256=digest,
                    signed_at=approval.signed_at,
                )
            )
        session.commit()


_COPIED = (
    "user_id",
    "username",
    "printed_name",
    "entity_type",
    "entity_id",
    "action",
    "meaning",
    "reason",
    "acknowledgement",
    "acknowledged_problems",
    "signed_at_utc",
    "local_offset",
)


def undo_tail(engine: Engine, first: int) -> None:
    """Roll back every event from `first` on together with what it did: created rows deleted, updated
    rows restored to their old values; then the events themselves deleted."""
    events = AuditEvent.__table__
    tables = Base.metadata.tables
    with engine.begin() as conn:
        tail = conn.execute(select(events).where(events.c.seq >= first).order_by(events.c.seq.desc()))
        for row in tail.mappings().all():
            if row["entity_type"] not in tables or row["entity_id"] is None:
                continue
            table = tables[row["entity_type"]]
            where = table.c.id == row["entity_id"]
            if row["action"] == "create":
                conn.execute(delete(table).where(where))
            elif row["old_values"] and row["new_values"]:
                conn.execute(
                    update(table).where(where).values(**_typed(table, json.loads(row["old_values"])))
                )
        conn.execute(delete(events).where(events.c.seq >= first))


def _typed(table, values: dict) -> dict:
    return {
        name: datetime.fromisoformat(value)
        if isinstance(table.c[name].type, UTCDateTime) and value
        else value
        for name, value in values.items()
    }


def _chain_alone_is_fooled(engine: Engine) -> None:
    with engine.connect() as conn:
        report = verify_audit_trail(conn)
    assert report.ok, report.problems


def _checkpoint_problems(lab: Lab) -> list:
    return [p for p in verify_audit(lab.ctx).problems if p.entity == "audit_events"]


def _head(lab: Lab) -> int:
    with lab.ctx.read_session() as session:
        return session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))


# --- the attacks -------------------------------------------------------------------------------------


def test_untouched_lab_verifies_against_its_checkpoints(lab: Lab) -> None:
    report = verify_audit(lab.ctx)
    assert report.ok, report.problems
    assert report.checkpoints_checked >= 1
    assert [s.status for s in signatures_of(lab.ctx, RUN)] == [signing.SignatureState.VALID] * 3


def test_rewritten_result_signatures_and_chain_are_detected(lab: Lab) -> None:
    head = _head(lab)
    if lab.workstation is not None:  # a workstation user may not rewrite history at all
        with pytest.raises(DBAPIError, match=REFUSED):
            rewrite_result_signatures_and_chain(lab.workstation)
    first = rewrite_result_signatures_and_chain(lab.owner)
    _chain_alone_is_fooled(lab.owner)

    rewritten = _checkpoint_problems(lab)
    assert [(p.seq, "history rewritten" in p.message) for p in rewritten] == [(head, True)]
    assert f"between events 1 and {head}" in rewritten[0].message and first < head
    statuses = signatures_of(lab.ctx, RUN)
    assert [s.status for s in statuses] == [signing.SignatureState.INVALIDATED] * 3
    assert all("seal does not match its content" in s.problem for s in statuses)
    sealed = [p for p in verify_audit(lab.ctx).problems if p.entity.startswith("signatures #")]
    assert len(sealed) == 3 and all("seal does not match" in p.message for p in sealed)


def test_forged_update_appended_through_the_orm_is_detected(lab: Lab) -> None:
    repoint = lab.workstation is None
    if lab.workstation is not None:  # re-pointing signed rows is refused to a workstation user
        with pytest.raises(DBAPIError, match=REFUSED):
            forge_through_the_orm(lab.workstation, repoint=True)
    forge_through_the_orm(lab.workstation or lab.owner, repoint=repoint)
    _chain_alone_is_fooled(lab.owner)

    report = verify_audit(lab.ctx)
    assert not [p for p in report.problems if p.entity == "audit_events"]  # appended: the past is intact
    sealed = [p for p in report.problems if p.entity.startswith("signatures #")]
    assert sealed and all("seal does not match its content" in p.message for p in sealed)
    statuses = signatures_of(lab.ctx, RUN)
    assert statuses and all(s.status is signing.SignatureState.INVALIDATED for s in statuses)


def test_tail_rolled_back_with_its_rows_is_detected(lab: Lab) -> None:
    head = _head(lab)
    with lab.ctx.read_session() as session:
        approval = session.scalars(select(Signature).where(Signature.action == "approve")).one()
        first = session.scalar(
            select(AuditEvent.seq).where(
                AuditEvent.entity_type == "signatures", AuditEvent.entity_id == approval.id
            )
        )
    if lab.workstation is not None:
        with pytest.raises(DBAPIError, match=REFUSED):
            undo_tail(lab.workstation, first)
    undo_tail(lab.owner, first)
    _chain_alone_is_fooled(lab.owner)
    assert [s.action for s in signatures_of(lab.ctx, RUN)] == ["submit", "review"]  # as if never approved

    (problem,) = _checkpoint_problems(lab)
    assert problem.seq == first
    assert f"events {first}..{head} are missing" in problem.message and "rolled back" in problem.message


def test_deleted_failed_sign_in_with_its_counter_is_detected(lab: Lab) -> None:
    with pytest.raises(AuthenticationError):
        login_wrong(lab.ctx)
    head = _head(lab)
    undo_tail(lab.owner, head)
    _chain_alone_is_fooled(lab.owner)
    with lab.ctx.read_session() as session:
        from labapp.store.parties import User

        assert session.scalar(select(User.failed_attempts).where(User.username == "tess")) == 0

    (problem,) = _checkpoint_problems(lab)
    assert (problem.seq, "rolled back" in problem.message) == (head, True)


def login_wrong(ctx: ServiceContext) -> None:
    from labapp.services.administration.users import authenticate

    authenticate(ctx, "tess", "not-her-password")


def test_cli_names_the_rewrite_and_the_invalid_signatures(
    lab: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    if lab.backend != "sqlite":
        pytest.skip("the command line is the same on both backends")
    rewrite_result_signatures_and_chain(lab.owner)
    url = lab.ctx.url.removeprefix("sqlite:///")
    assert main(["--db", url, "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "audit trail broken at event" in err and "signatures #" in err and "more problem" in err
    assert main(["--db", url, "signatures", "--run", RUN]) == 1
    err = capsys.readouterr().err
    assert "3 signature(s) invalidated" in err and "seal does not match" in err


def test_checkpoint_given_on_the_command_line(
    lab: Lab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of the log kept elsewhere catches a rollback even when the lab's log lost its lines."""
    if lab.backend != "sqlite":
        pytest.skip("the command line is the same on both backends")
    url = lab.ctx.url.removeprefix("sqlite:///")
    assert main(["--db", url, "audit", "checkpoint"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    kept = tmp_path / "kept-checkpoint.json"
    kept.write_text(line + "\n", encoding="utf-8")
    assert main(["--db", url, "audit", "verify", "--checkpoint", str(kept)]) == 0
    assert "checkpoints match" in capsys.readouterr().out
    undo_tail(lab.owner, _head(lab))
    assert main(["--db", url, "audit", "verify", "--checkpoint", str(kept)]) == 1
    assert "rolled back" in capsys.readouterr().err
