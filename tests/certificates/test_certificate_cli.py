"""`labapp keys ...` and `labapp verify ...` through the real argparse dispatcher."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from labapp.certificates.issue import IssuedCertificate
from labapp.certificates.pki import Keystore
from labapp.cli import main

from .helpers import SIGNER_PASS


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for name in ("LABAPP_KEY_PASSWORD", "LABAPP_CA_PASSWORD", "LABAPP_P12_PASSWORD", "LABAPP_KEYS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_keys_commands_build_a_usable_keystore(
    no_terminal: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    no_terminal.setenv("LABAPP_KEYS", str(keys))
    no_terminal.setenv("LABAPP_CA_PASSWORD", "ca-passphrase-cli")
    assert (
        main(["keys", "init-ca", "--name", "CLI Lab Root", "--organisation", "CLI Lab", "--country", "JP"])
        == 0
    )
    no_terminal.setenv("LABAPP_KEY_PASSWORD", "signer-passphrase-cli")
    assert main(["keys", "issue", "asato", "--name", "Akiko Sato", "--email", "a.sato@example.org"]) == 0
    assert main(["keys", "export-root", str(tmp_path / "root.pem")]) == 0
    out = capsys.readouterr().out
    assert "root CA created" in out and "CN=Akiko Sato" in out and "root certificate written" in out
    assert (keys / "root-ca.p12").is_file() and (keys / "signers" / "asato.p12").is_file()
    assert (tmp_path / "root.pem").read_bytes() == (keys / "root-ca.pem").read_bytes()


def test_keys_without_terminal_or_variable_is_a_clear_error(
    no_terminal: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["keys", "--keys-dir", str(tmp_path), "init-ca", "--name", "X", "--organisation", "Y"])
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
    capsys.readouterr()
    assert main(["verify", str(good), "--root", root, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "valid" and report["exit_code"] == 0
    assert report["identity"]["twin_sha256"] == issued["en"].twin_sha256


def test_verify_with_a_foreign_root_exits_5(
    issued: dict[str, IssuedCertificate], tmp_path: Path, no_terminal: pytest.MonkeyPatch
) -> None:
    no_terminal.setenv("LABAPP_CA_PASSWORD", "other-ca-passphrase")
    assert (
        main(["keys", "--keys-dir", str(tmp_path / "other"), "init-ca", "--name", "O", "--organisation", "O"])
        == 0
    )
    good = tmp_path / "good.pdf"
    good.write_bytes(issued["ja"].pdf)
    assert main(["verify", str(good), "--root", str(tmp_path / "other" / "root-ca.pem")]) == 5


def test_import_p12_re_encrypts_under_the_new_passphrase(
    keystore: Keystore, tmp_path: Path, no_terminal: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = keystore.signer_p12("kwatanabe")  # any PKCS#12 with a signing certificate will do
    no_terminal.setenv("LABAPP_P12_PASSWORD", SIGNER_PASS.decode())
    no_terminal.setenv("LABAPP_KEY_PASSWORD", "a-new-lab-side-passphrase")
    target = tmp_path / "keys"
    assert main(["keys", "--keys-dir", str(target), "import-p12", "watanabe2", str(source)]) == 0
    assert "signing key imported for watanabe2" in capsys.readouterr().out
    material = Keystore(target).load_signer("watanabe2", b"a-new-lab-side-passphrase")
    assert material.certificate == keystore.load_signer("kwatanabe", SIGNER_PASS).certificate
    assert main(["keys", "--keys-dir", str(target), "import-p12", "other", str(tmp_path / "none.p12")]) == 2
