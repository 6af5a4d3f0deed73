"""`labapp keys ...` and `labapp verify ...` through the real argparse dispatcher."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from accounts import account

from labapp.certificates.issue import IssuedCertificate
from labapp.certificates.pki import Keystore
from labapp.cli import main
from labapp.services.administration import users
from labapp.services.administration.audit_trail import audit_log
from labapp.services.context import ServiceContext

from .helpers import SIGNER_PASS

ADMIN_PASSWORD = "Kanri-Test-2026!"


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for name in ("LABAPP_KEY_PASSWORD", "LABAPP_CA_PASSWORD", "LABAPP_P12_PASSWORD", "LABAPP_KEYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LABAPP_PASSWORD", ADMIN_PASSWORD)
    return monkeypatch


@pytest.fixture
def db(tmp_path: Path) -> str:
    """An administrator, two QA managers who may sign certificates and a technician who may not."""
    path = str(tmp_path / "lab.sqlite")
    with ServiceContext(path) as ctx:
        users.create_first_administrator(ctx, "admin", "Ada Admin", ADMIN_PASSWORD)
        admin = users.authenticate(ctx, "admin", ADMIN_PASSWORD)
        users.add_user(
            ctx,
            admin,
            "asato",
            "Akiko Sato",
            ["qa_manager"],
            "Hinshitsu-Test-2026!",
            temporary_password=False,
        )
        users.add_user(ctx, admin, "watanabe2", "Kenji Watanabe", ["qa_manager"], "Hinshitsu-Test-2027!")
        users.add_user(ctx, admin, "tina", "Tina Tech", ["technician"], "Bunseki-Test-2026!")
    return path


def _keys(db: str, *args: str) -> int:
    return main(["--db", db, "keys", *args])


def test_keys_commands_build_a_usable_keystore(
    no_terminal: pytest.MonkeyPatch, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    no_terminal.setenv("LABAPP_KEYS", str(keys))
    no_terminal.setenv("LABAPP_CA_PASSWORD", "ca-passphrase-cli")
    init = ["init-ca", "--name", "CLI Lab Root", "--organisation", "CLI Lab", "--country", "JP"]
    assert _keys(db, *init, "--user", "admin") == 0
    no_terminal.setenv("LABAPP_KEY_PASSWORD", "signer-passphrase-cli")
    assert _keys(db, "issue", "asato", "--email", "a.sato@example.org", "--user", "admin") == 0
    assert _keys(db, "export-root", str(tmp_path / "root.pem")) == 0
    out = capsys.readouterr().out
    # the certificate carries the printed name the database holds
    assert "root CA created" in out and "CN=Akiko Sato" in out and "root certificate written" in out
    assert (keys / "root-ca.p12").is_file() and (keys / "signers" / "asato.p12").is_file()
    assert (tmp_path / "root.pem").read_bytes() == (keys / "root-ca.pem").read_bytes()
    with ServiceContext(db) as ctx:
        events = [
            e
            for e in audit_log(ctx, account(ctx, "qa"), limit=50)
            if e.action in ("init_ca", "issue_signing_key")
        ]
    assert [(e.action, e.actor) for e in events] == [("init_ca", "admin"), ("issue_signing_key", "admin")]


@pytest.mark.parametrize(
    ("signer", "acting", "problem"),
    [
        ("ghost", "admin", "no user 'ghost'"),
        ("tina", "admin", "user 'tina' may not sign certificates"),
        ("asato", "asato", "may not manage keys"),
    ],
)
def test_keys_go_only_to_people_who_sign_and_only_from_an_administrator(
    no_terminal: pytest.MonkeyPatch, db: str, tmp_path: Path, capsys, signer: str, acting: str, problem: str
) -> None:
    no_terminal.setenv("LABAPP_KEYS", str(tmp_path / "keys"))
    no_terminal.setenv("LABAPP_CA_PASSWORD", "ca-passphrase-cli")
    no_terminal.setenv("LABAPP_KEY_PASSWORD", "signer-passphrase-cli")
    assert _keys(db, "init-ca", "--name", "R", "--organisation", "L", "--user", "admin") == 0
    if acting == "asato":
        no_terminal.setenv("LABAPP_PASSWORD", "Hinshitsu-Test-2026!")
    assert _keys(db, "issue", signer, "--user", acting) != 0
    assert problem in capsys.readouterr().err
    assert not (tmp_path / "keys" / "signers" / f"{signer}.p12").exists()


def test_keys_without_terminal_or_variable_is_a_clear_error(
    no_terminal: pytest.MonkeyPatch, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _keys(
        db, "--keys-dir", str(tmp_path), "init-ca", "--name", "X", "--organisation", "Y", "--user", "admin"
    )
    assert code == 2
    assert "set LABAPP_CA_PASSWORD" in capsys.readouterr().err
    assert not (tmp_path / "root-ca.p12").exists()


def test_verify_exit_codes(
    issued: dict[str, IssuedCertificate],
    keystore,
    tmp_path: Path,
    no_terminal: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(issued["en"].pdf)
    root = str(keystore.root_pem)
    assert main(["verify", str(good), "--root", root]) == 0
    assert "VALID" in capsys.readouterr().out

    data = bytearray(issued["en"].pdf)
    data[len(data) // 4] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    assert main(["verify", str(bad), "--root", root]) == 1

    no_terminal.setenv("LABAPP_KEYS", str(keystore.folder))  # default root: the local keystore's
    assert main(["verify", str(good)]) == 0
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 2
    text = tmp_path / "notes.pdf"
    text.write_text("not a certificate, just text named .pdf\n")
    capsys.readouterr()
    assert main(["verify", str(text)]) == 2  # a usage error, not "tampered"
    assert capsys.readouterr().err == f"labapp: {text}: not a PDF file (no %PDF- header): nothing to verify\n"
    assert main(["verify", str(good), "--root", root, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "valid" and report["exit_code"] == 0
    assert report["identity"]["twin_sha256"] == issued["en"].twin_sha256


def test_verify_with_a_foreign_root_exits_5(
    issued: dict[str, IssuedCertificate], db: str, tmp_path: Path, no_terminal: pytest.MonkeyPatch
) -> None:
    no_terminal.setenv("LABAPP_CA_PASSWORD", "other-ca-passphrase")
    other = ["--keys-dir", str(tmp_path / "other"), "init-ca", "--name", "O", "--organisation", "O"]
    assert _keys(db, *other, "--user", "admin") == 0
    good = tmp_path / "good.pdf"
    good.write_bytes(issued["ja"].pdf)
    assert main(["verify", str(good), "--root", str(tmp_path / "other" / "root-ca.pem")]) == 5


def test_import_p12_re_encrypts_under_the_new_passphrase(
    keystore: Keystore,
    db: str,
    tmp_path: Path,
    no_terminal: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = keystore.signer_p12("kwatanabe")  # any PKCS#12 with a signing certificate will do
    no_terminal.setenv("LABAPP_P12_PASSWORD", SIGNER_PASS.decode())
    no_terminal.setenv("LABAPP_KEY_PASSWORD", "a-new-lab-side-passphrase")
    target = tmp_path / "keys"
    assert (
        _keys(db, "--keys-dir", str(target), "import-p12", "watanabe2", str(source), "--user", "admin") == 0
    )
    assert "signing key imported for watanabe2" in capsys.readouterr().out
    material = Keystore(target).load_signer("watanabe2", b"a-new-lab-side-passphrase")
    assert material.certificate == keystore.load_signer("kwatanabe", SIGNER_PASS).certificate
    missing = str(tmp_path / "none.p12")
    assert _keys(db, "--keys-dir", str(target), "import-p12", "asato", missing, "--user", "admin") == 2
