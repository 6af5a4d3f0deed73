"""`labapp lab phrases list|set|retire`: the laboratory's phrase list in English and Japanese, the
source of certificate remarks and of the Japanese of stored texts (issue 19, item 5)."""

from __future__ import annotations

import pytest
from accounts import PASSWORD, account
from sqlalchemy import select

from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.services.administration.phrases import default_phrases, phrase_book
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
    return main(["--db", db, "lab", "phrases", *args])


def test_defaults_are_listed_in_both_languages(db, capsys) -> None:
    assert _run(db, "list") == 0
    out = capsys.readouterr().out
    first = default_phrases()[0]
    assert f"{first.code}  [default]\n  en: {first.en}\n  ja: {first.ja}" in out
    assert out.count("  ja: ") == len(default_phrases()) >= 5


def test_add_change_with_a_reason_and_retire_audited(db, capsys) -> None:
    add = ("set", "torn-bag", "--en", "Sample received in a torn bag.", "--ja", "破れた袋で受領した試料。")
    assert _run(db, *add, "--user", "ada") == 0
    changed = ("set", "torn-bag", "--en", "Bag torn on receipt.", "--ja", "受領時に袋が破れていた。")
    assert _run(db, *changed, "--user", "ada") == 2
    assert "needs a reason" in capsys.readouterr().err
    assert _run(db, *changed, "--reason", "clearer", "--user", "ada") == 0
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        book = phrase_book(session)
        assert book.get("torn-bag").ja == "受領時に袋が破れていた。"
        assert book.japanese("  bag torn ON receipt. ") == "受領時に袋が破れていた。"  # spaces and case aside
        assert book.japanese("Sample received in a torn bag.") is None  # the old English no longer matches
    assert _run(db, "retire", "torn-bag", "--reason", "not used", "--user", "ada") == 0
    # a default phrase is retired too
    assert _run(db, "retire", "retained-sample", "--reason", "we keep none", "--user", "ada") == 0
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        book = phrase_book(session)
        assert [p.active for p in book.phrases if p.code == "torn-bag"] == [False]
        with pytest.raises(LabappError, match="no phrase 'retained-sample'"):
            book.get("retained-sample")
        events = session.execute(
            select(AuditEvent.actor, AuditEvent.action, AuditEvent.reason).where(
                AuditEvent.entity_type == "lab_phrases"
            )
        ).all()
    assert [tuple(e) for e in events] == [
        ("ada", "create", None),
        ("ada", "update", "clearer"),
        ("ada", "update", "not used"),
        ("ada", "create", "we keep none"),
    ]
    capsys.readouterr()
    assert _run(db, "list") == 0
    assert "torn-bag" not in capsys.readouterr().out
    assert _run(db, "list", "--all") == 0
    assert "torn-bag  [lab] (retired)" in capsys.readouterr().out


def test_refused_without_japanese_a_bad_code_or_the_permission(db, capsys) -> None:
    assert _run(db, "set", "x1", "--en", "Text", "--ja", "Text", "--user", "ada") == 2
    assert "contains no Japanese" in capsys.readouterr().err
    assert _run(db, "set", "Bad Code", "--en", "Text", "--ja", "文", "--user", "ada") == 2
    assert "lower-case letters" in capsys.readouterr().err
    assert _run(db, "set", "x2", "--en", "Text", "--ja", "文", "--user", "tina") == 2
    assert "may not manage laboratory" in capsys.readouterr().err
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        assert {p.code for p in phrase_book(session).phrases} == {p.code for p in default_phrases()}
