"""`labapp laboratory show|set`: the certificate's laboratory from the command line, with the
desktop's rules (administrator or QA manager, a reason for a change, every change audited)."""

from __future__ import annotations

import pytest
from accounts import PASSWORD, account
from sqlalchemy import select

from labapp.cli import main
from labapp.services.administration.laboratory import get_laboratory
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    path = str(tmp_path / "lab.sqlite")
    with ServiceContext(path) as ctx:
        account(ctx, "ada", "administrator")
        account(ctx, "tina", "technician")
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    return path


def _run(db: str, *args: str) -> int:
    return main(["--db", db, "laboratory", *args])


def test_set_then_change_with_a_reason_keeps_what_is_not_given(db, capsys) -> None:
    assert _run(db, "set", "--name", "Kansai Black Mass Lab", "--address", "Osaka", "--user", "ada") == 0
    assert _run(db, "set", "--accreditation", "JAB RL-0001", "--user", "ada") == 2
    assert "needs a reason" in capsys.readouterr().err
    assert _run(db, "set", "--accreditation", "JAB RL-0001", "--reason", "accredited", "--user", "ada") == 0
    with ServiceContext(db) as ctx:
        lab = get_laboratory(ctx)
        with ctx.read_session() as session:
            changes = session.execute(
                select(AuditEvent.actor, AuditEvent.action, AuditEvent.reason).where(
                    AuditEvent.entity_type == "laboratories"
                )
            ).all()
    assert (lab.name, lab.address, lab.accreditation) == ("Kansai Black Mass Lab", "Osaka", "JAB RL-0001")
    assert [tuple(c) for c in changes] == [("ada", "create", None), ("ada", "update", "accredited")]
    capsys.readouterr()
    assert _run(db, "show") == 0
    assert "accreditation: JAB RL-0001" in capsys.readouterr().out


def test_a_technician_or_a_stranger_changes_nothing(db, capsys) -> None:
    assert _run(db, "set", "--name", "Tina's Lab", "--user", "tina") == 2
    assert "may not manage laboratory" in capsys.readouterr().err
    assert _run(db, "set", "--name", "Ghost Lab", "--user", "ghost") == 2
    assert "user name or password is wrong" in capsys.readouterr().err
    with ServiceContext(db) as ctx:
        assert get_laboratory(ctx) is None
