"""Insider attacks, written as an attacker with write access to the database would (issue 20).

The attacker knows how labapp works and uses its own functions: the canonical run content and its
SHA-256, the event hash, the ORM with its audit listeners. What the attacker does not hold is the
laboratory's archive folder (record key and checkpoint log). On SQLite the attacker has the file; on
PostgreSQL the attacker is a workstation user (the `labapp_workstation` role of migration 0015),
for whom rewriting or deleting audit events and signatures is refused outright, or the owner of the
tables, who can do it and is then caught like the SQLite attacker.

Each attack first shows that the chain check alone (labapp.store.audit_verify, what `audit verify`
was before checkpoints) is fooled, then that `audit verify` and the signature check name it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from _insider_support import (
    chain_alone_is_fooled,
    forge_through_the_orm,
    reseal_run_signatures,
    rewrite_result_signatures_and_chain,
    undo_tail,
)
from _workflow_support import (
    KEY_PASSPHRASES,
    PASSWORDS,
    RUN,
    build_template,
    issue_personal_key,
    mark_calculated,
)
from pg_server import shared_server
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.exc import DBAPIError

from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.users import AuthenticationError
from labapp.services.context import ServiceContext
from labapp.services.workflow import signing
from labapp.services.workflow.review import sign, signatures_of
from labapp.store.audit_event import AuditEvent
from labapp.store.parties import User
from labapp.store.records import Signature

BACKENDS = ("sqlite", "postgresql")
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


def _reviewed(backend: str, factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A lab whose run is calculated, submitted and reviewed (approval happens in each copy); quinn,
    who approves, holds a personal signing key (its folder stored in the database, so every copy
    finds it)."""
    if backend == "sqlite":
        url = str(factory.mktemp("insider") / "template.sqlite")
    else:
        url = shared_server().fresh_database()
    build_template(url)  # type: ignore[arg-type]  # a URL works as well as a path
    with ServiceContext(url) as ctx:
        issue_personal_key(ctx, "quinn", folder=factory.mktemp("insider-keys"))
        mark_calculated(ctx)
        sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")
        sign(ctx, "rita", PASSWORDS["rita"], RUN, "review")
    return backend, url


def _approved_copy(reviewed: tuple[str, str], tmp_path: Path) -> Lab:
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
    sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve", key_passphrase=KEY_PASSPHRASES["quinn"])
    return Lab(backend, ctx, owner, workstation)


@pytest.fixture(scope="module", params=BACKENDS)
def reviewed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return _reviewed(request.param, tmp_path_factory)


@pytest.fixture
def lab(reviewed: tuple[str, str], tmp_path: Path):
    lab = _approved_copy(reviewed, tmp_path)
    yield lab
    lab.close()


@pytest.fixture(scope="module")
def reviewed_sqlite(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """For the command-line tests: the command line is the same on both backends."""
    return _reviewed("sqlite", tmp_path_factory)


@pytest.fixture
def sqlite_lab(reviewed_sqlite: tuple[str, str], tmp_path: Path):
    lab = _approved_copy(reviewed_sqlite, tmp_path)
    yield lab
    lab.close()


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
    chain_alone_is_fooled(lab.owner)

    rewritten = _checkpoint_problems(lab)
    assert [(p.seq, "history rewritten" in p.message) for p in rewritten] == [(head, True)]
    assert f"between events 1 and {head}" in rewritten[0].message and first < head
    statuses = signatures_of(lab.ctx, RUN)
    assert [s.status for s in statuses] == [signing.SignatureState.INVALIDATED] * 3
    assert all("seal does not match its content" in s.problem for s in statuses)
    sealed = [p for p in verify_audit(lab.ctx).problems if p.entity.startswith("signatures #")]
    assert len(sealed) == 3 and all("seal does not match" in p.message for p in sealed)


def _keyed_problems(lab: Lab) -> list:
    return [p for p in verify_audit(lab.ctx).problems if "personal-key signature" in p.message]


def test_rewrite_resealed_with_the_record_key_is_caught_by_the_personal_key(lab: Lab) -> None:
    """The insider also reads the record key: the rewritten signatures get fresh, correct seals.
    The approval by quinn, who signed with a personal key, still reads invalid, named with the run,
    the signer and the meaning; the submit and review by people without a key cannot tell (the limit
    docs/storage.md states)."""
    rewrite_result_signatures_and_chain(lab.owner)
    keyed = reseal_run_signatures(lab.owner, lab.ctx.record_key())
    chain_alone_is_fooled(lab.owner)
    assert not [p for p in verify_audit(lab.ctx).problems if "seal" in p.message]  # the seals fit again

    statuses = signatures_of(lab.ctx, RUN)
    assert [s.status for s in statuses] == [
        signing.SignatureState.VALID,
        signing.SignatureState.VALID,
        signing.SignatureState.INVALIDATED,
    ]
    approval = statuses[-1]
    assert approval.signature_id == keyed[0] and approval.manifest.user_id == "quinn"
    assert approval.problem == (
        f"signature #{keyed[0]} of run '{RUN}' by quinn (approved): its personal-key signature does not "
        "match its content (changed without quinn's key)"
    )
    (problem,) = _keyed_problems(lab)
    assert problem.entity == f"signatures #{keyed[0]}"
    assert f"of run '{RUN}' by quinn (approved)" in problem.message


def test_personal_signature_stripped_and_resealed_is_caught(lab: Lab) -> None:
    """The same insider removes quinn's personal-key signature, as if quinn had no key, and reseals:
    quinn's key was in force when the approval was signed, so the bare row is refused."""
    rewrite_result_signatures_and_chain(lab.owner)
    keyed = reseal_run_signatures(lab.owner, lab.ctx.record_key(), strip=True)
    chain_alone_is_fooled(lab.owner)
    with lab.ctx.read_session() as session:
        assert session.get(Signature, keyed[0]).key_signature is None

    approval = signatures_of(lab.ctx, RUN)[-1]
    assert approval.status is signing.SignatureState.INVALIDATED
    assert f"signature #{keyed[0]} of run '{RUN}' by quinn (approved)" in approval.problem
    assert "carries no personal-key signature, yet quinn's signing key" in approval.problem
    (problem,) = _keyed_problems(lab)
    assert "was in force when it was signed" in problem.message


def test_forged_update_appended_through_the_orm_is_detected(lab: Lab) -> None:
    repoint = lab.workstation is None
    if lab.workstation is not None:  # re-pointing signed rows is refused to a workstation user
        with pytest.raises(DBAPIError, match=REFUSED):
            forge_through_the_orm(lab.workstation, repoint=True)
    forge_through_the_orm(lab.workstation or lab.owner, repoint=repoint)
    chain_alone_is_fooled(lab.owner)

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
    chain_alone_is_fooled(lab.owner)
    assert [s.action for s in signatures_of(lab.ctx, RUN)] == ["submit", "review"]  # as if never approved

    (problem,) = _checkpoint_problems(lab)
    assert problem.seq == first
    assert f"events {first}..{head} are missing" in problem.message and "rolled back" in problem.message


def test_deleted_failed_sign_in_with_its_counter_is_detected(lab: Lab) -> None:
    with pytest.raises(AuthenticationError):
        login_wrong(lab.ctx)
    head = _head(lab)
    undo_tail(lab.owner, head)
    chain_alone_is_fooled(lab.owner)
    with lab.ctx.read_session() as session:
        assert session.scalar(select(User.failed_attempts).where(User.username == "tess")) == 0

    (problem,) = _checkpoint_problems(lab)
    assert (problem.seq, "rolled back" in problem.message) == (head, True)


def login_wrong(ctx: ServiceContext) -> None:
    from labapp.services.administration.users import authenticate

    authenticate(ctx, "tess", "not-her-password")


def test_cli_names_the_rewrite_and_the_invalid_signatures(
    sqlite_lab: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite_result_signatures_and_chain(sqlite_lab.owner)
    url = sqlite_lab.ctx.url.removeprefix("sqlite:///")
    assert main(["--db", url, "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "audit trail broken at event" in err and "signatures #" in err and "more problem" in err
    assert main(["--db", url, "signatures", "--run", RUN]) == 1
    err = capsys.readouterr().err
    assert "3 signature(s) invalidated" in err and "seal does not match" in err


def test_checkpoint_given_on_the_command_line(
    sqlite_lab: Lab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of the log kept elsewhere catches a rollback even when the lab's log lost its lines."""
    url = sqlite_lab.ctx.url.removeprefix("sqlite:///")
    assert main(["--db", url, "audit", "checkpoint"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    kept = tmp_path / "kept-checkpoint.json"
    kept.write_text(line + "\n", encoding="utf-8")
    assert main(["--db", url, "audit", "verify", "--checkpoint", str(kept)]) == 0
    assert "checkpoints match" in capsys.readouterr().out
    undo_tail(sqlite_lab.owner, _head(sqlite_lab))
    assert main(["--db", url, "audit", "verify", "--checkpoint", str(kept)]) == 1
    assert "rolled back" in capsys.readouterr().err


def test_an_edited_checkpoint_is_not_trusted(sqlite_lab: Lab, tmp_path: Path) -> None:
    url = sqlite_lab.ctx.url.removeprefix("sqlite:///")
    assert main(["--db", url, "audit", "checkpoint"]) == 0
    log = Path(verify_audit(sqlite_lab.ctx).checkpoint_log)
    line = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    edited = tmp_path / "edited.jsonl"
    edited.write_text(json.dumps({**line, "seq": line["seq"] - 1}) + "\n", encoding="utf-8")
    problems = verify_audit(sqlite_lab.ctx, [edited]).problems
    assert [p.message for p in problems] == [
        "checkpoint not trusted: its seal does not match its content "
        "(changed without the laboratory's record key)"
    ]
    assert problems[0].entity == str(edited)  # the file that holds it


def test_a_missing_record_key_stops_loudly(lab: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sealed signatures and no key: one line naming the folder, never a new key in its place."""
    monkeypatch.setenv("LABAPP_ARCHIVE", str(tmp_path / "empty-archive"))
    with ServiceContext(lab.ctx.url) as ctx, pytest.raises(LabappError, match="record key is missing from"):
        signatures_of(ctx, RUN)
    assert not (tmp_path / "empty-archive" / "record.key").exists()


def test_checkpoints_follow_signatures_refused_sign_ins_and_the_first_write_of_a_day(lab: Lab) -> None:
    log = Path(verify_audit(lab.ctx).checkpoint_log)
    database = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])["database"]

    def reasons() -> list[str]:
        lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        return [line["reason"] for line in lines if line["database"] == database]

    assert reasons() == ["signature"]  # the copy's approval (its first write, so also today's)
    with lab.ctx.account_unit_of_work("rita", "a later correction") as session:
        session.scalars(select(User).where(User.username == "tess")).one().full_name = "Tess Ito-Sato"
    assert reasons() == ["signature"]  # a later write the same day needs no checkpoint
    with pytest.raises(AuthenticationError):
        login_wrong(lab.ctx)
    assert reasons() == ["signature", "failed_login"]
    other = ServiceContext(lab.ctx.url)  # another program: it reads the log and finds today's line
    with other.account_unit_of_work("rita", "another correction") as session:
        session.scalars(select(User).where(User.username == "tess")).one().full_name = "Tess Ito"
    other.close()
    assert reasons() == ["signature", "failed_login"]
