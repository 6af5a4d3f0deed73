"""`labapp laboratory show|set`: the certificate's laboratory from the command line, with the
desktop's rules (administrator or QA manager, a reason for a change, every change audited)."""

from __future__ import annotations

from pathlib import Path

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
    address = "https://kansai-lab.example/verify"
    published = ("--verification-address", address, "--reason", "published")
    assert main(["--db", db, "lab", "set", *published, "--user", "ada"]) == 0  # `lab`: short for laboratory
    capsys.readouterr()
    assert _run(db, "show") == 0
    assert f"verification:  {address}" in capsys.readouterr().out
    with ServiceContext(db) as ctx:
        assert get_laboratory(ctx).verification_address == address


def test_a_technician_or_a_stranger_changes_nothing(db, capsys) -> None:
    assert _run(db, "set", "--name", "Tina's Lab", "--user", "tina") == 2
    assert "may not manage laboratory" in capsys.readouterr().err
    assert _run(db, "set", "--name", "Ghost Lab", "--user", "ghost") == 2
    assert "user name or password is wrong" in capsys.readouterr().err
    with ServiceContext(db) as ctx:
        assert get_laboratory(ctx) is None


def test_logo_set_shown_and_removed_audited(db, tmp_path, capsys) -> None:
    import base64

    png = tmp_path / "logo.png"
    png.write_bytes(base64.b64decode(  # a 1 x 1 PNG
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    ))
    assert _run(db, "set", "--name", "Kansai Black Mass Lab", "--user", "ada") == 0
    capsys.readouterr()
    assert _run(db, "logo", str(png), "--user", "ada") == 0
    kept = capsys.readouterr().out.removeprefix("logo set: ").strip()
    assert kept.endswith("logo.png") and Path(kept).read_bytes() == png.read_bytes()
    assert _run(db, "show") == 0
    assert f"logo:          {kept}" in capsys.readouterr().out
    text = tmp_path / "logo.jpg"
    text.write_text("not an image")
    assert _run(db, "logo", str(text), "--user", "ada") == 2
    assert "logo.jpg" in capsys.readouterr().err
    assert _run(db, "logo", "--remove", "--user", "ada") == 0
    assert _run(db, "logo", str(png), "--remove", "--user", "ada") == 2  # one or the other
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        logo_events = select(AuditEvent.action).where(AuditEvent.entity_type == "laboratory_logo")
        actions = session.scalars(logo_events.order_by(AuditEvent.seq)).all()
    assert actions == ["set_logo", "remove_logo"]
    capsys.readouterr()
    assert _run(db, "show") == 0 and "logo:          -" in capsys.readouterr().out
