"""Where a database's keys are: --keys-dir, else LABAPP_KEYS, else the folder stored in the database,
else `keys` beside a SQLite file, else the user's data folder; storing it is an audited
administrator's act, and `keys init-ca` into a named folder stores that folder."""

from __future__ import annotations

import platformdirs
import pytest
from accounts import account
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.security.roles import Role
from labapp.services.administration import keys
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.delenv("LABAPP_KEYS", raising=False)
    context = ServiceContext(str(tmp_path / "lab" / "labapp.sqlite"))
    yield context
    context.close()


def test_the_keys_sit_beside_a_sqlite_database_by_default(ctx, tmp_path):
    assert keys.keys_source(None, ctx) == (tmp_path / "lab" / "keys", "beside the database file")


def test_without_a_database_the_users_data_folder(monkeypatch):
    monkeypatch.delenv("LABAPP_KEYS", raising=False)
    expected = platformdirs.user_data_dir("labapp", appauthor=False)
    assert keys.keys_source() == (keys.Path(expected) / "keys", "the user's data folder")


def test_explicit_then_environment_then_stored(ctx, tmp_path, monkeypatch):
    admin = account(ctx, "ada", Role.ADMINISTRATOR)
    stored = keys.set_keys_folder(ctx, admin, tmp_path / "share" / "keys", "the lab's network share")
    assert stored == (tmp_path / "share" / "keys").resolve()
    assert keys.keys_source(None, ctx) == (stored, "stored in the database")
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "env-keys"))
    assert keys.keys_source(None, ctx) == (tmp_path / "env-keys", "from LABAPP_KEYS")
    assert keys.keys_source(tmp_path / "given", ctx) == (tmp_path / "given", "given with --keys-dir")


def test_storing_the_folder_is_audited_and_needs_manage_keys(ctx, tmp_path):
    technician = account(ctx, "tom", Role.TECHNICIAN)
    with pytest.raises(LabappError):
        keys.set_keys_folder(ctx, technician, tmp_path / "elsewhere", "try")
    assert keys.stored_keys_folder(ctx) is None
    admin = account(ctx, "ada", Role.ADMINISTRATOR)
    keys.set_keys_folder(ctx, admin, tmp_path / "k1", "first")
    keys.set_keys_folder(ctx, admin, tmp_path / "k2", "moved")
    assert keys.stored_keys_folder(ctx) == str((tmp_path / "k2").resolve())
    with ctx.read_session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "workflow_settings").order_by(AuditEvent.seq)
        ).all()
    assert [(e.actor, e.reason) for e in events] == [("ada", "first"), ("ada", "moved")]
    folders = [str((tmp_path / k).resolve()) for k in ("k1", "k2")]
    assert [folder in event.new_values for event, folder in zip(events, folders, strict=True)] == [True, True]


def test_init_ca_into_a_named_folder_stores_it(ctx, tmp_path):
    admin = account(ctx, "ada", Role.ADMINISTRATOR)
    folder = tmp_path / "vault"
    keys.init_ca(ctx, admin, "Test Root CA", "Test Lab", b"Root-Pass-2026!", "JP", folder=folder)
    assert keys.keys_source(None, ctx) == (folder.resolve(), "stored in the database")
    assert keys.keystore(None, ctx).root_pem.is_file()
