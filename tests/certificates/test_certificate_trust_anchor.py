"""Trust anchor and key lifecycle on the command line (issue 19, items 2 and 3).

A fake root made with `keys init-ca` under the same names, and a fake signer with the same name, must
be told apart by fingerprint; `keys revoke` must make a signature read "revoked" with the CRL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from labapp.certificates.issue import issue_certificate
from labapp.certificates.pki import Keystore, fingerprint, short_fingerprint
from labapp.certificates.revocation import read_crl
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext

from .helpers import example_data, run_tool
from .test_certificate_cli import ADMIN_PASSWORD, _keys, db, no_terminal  # noqa: F401 - fixtures
from .tsa import make_tsa

CA, SIGNER = "ca-passphrase-cli", "signer-passphrase-cli"
NAMES = ["--name", "CLI Lab Root", "--organisation", "CLI Lab", "--country", "JP"]


@pytest.fixture
def genuine(no_terminal: pytest.MonkeyPatch, db: str, tmp_path: Path) -> Keystore:  # noqa: F811
    no_terminal.setenv("LABAPP_CA_PASSWORD", CA)
    no_terminal.setenv("LABAPP_KEY_PASSWORD", SIGNER)
    keys = tmp_path / "genuine"
    assert _keys(db, "--keys-dir", str(keys), "init-ca", *NAMES, "--user", "admin") == 0
    assert _keys(db, "--keys-dir", str(keys), "issue", "asato", "--user", "admin") == 0
    return Keystore(keys)


def _sign(store: Keystore, user: str, path: Path) -> Path:
    material = store.load_signer(user, SIGNER.encode())
    signed = issue_certificate(
        example_data(), pyhanko_signer(material), SigningRequest("approval", "Akiko Sato")
    )
    path.write_bytes(signed.pdf)
    return path


def _verify_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["verify", *args, "--no-db", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_look_alike_root_and_signer_show_other_fingerprints_and_are_untrusted(
    genuine: Keystore,
    db: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = Keystore(tmp_path / "fake")
    fake.init_ca("CLI Lab Root", "CLI Lab", CA.encode(), "JP")  # what `keys init-ca` makes, same names
    fake.issue("asato", "Akiko Sato", CA.encode(), SIGNER.encode())
    assert fake.root_certificate().subject == genuine.root_certificate().subject
    real_pdf = _sign(genuine, "asato", tmp_path / "real.pdf")
    fake_pdf = _sign(fake, "asato", tmp_path / "fake.pdf")
    root = str(genuine.root_pem)

    code, real = _verify_json(capsys, str(real_pdf), "--root", root)
    assert code == 0 and real["verdict"] == "valid"
    assert real["root_sha256"] == fingerprint(genuine.root_certificate())
    assert real["root_sha256_short"] == short_fingerprint(genuine.root_certificate())
    signer = x509.load_pem_x509_certificate(genuine.signer_pem("asato").read_bytes())
    assert real["signer_sha256"] == fingerprint(signer)

    code, forged = _verify_json(capsys, str(fake_pdf), "--root", root)
    assert code == 5 and forged["verdict"] == "untrusted chain"
    assert forged["root_sha256"] == fingerprint(fake.root_certificate())  # the root the PDF carries
    assert forged["root_sha256"] != real["root_sha256"]
    assert forged["signer_sha256"] != real["signer_sha256"]

    capsys.readouterr()
    assert main(["verify", str(fake_pdf), "--root", root, "--no-db"]) == 5
    out = capsys.readouterr().out
    assert f"root certificate SHA-256   {fingerprint(fake.root_certificate())}" in out
    assert f"short: {short_fingerprint(fake.root_certificate())}" in out

    assert _keys(db, "--keys-dir", str(genuine.folder), "fingerprint") == 0
    published = capsys.readouterr().out
    assert fingerprint(genuine.root_certificate()) in published
    assert short_fingerprint(genuine.root_certificate()) in published

    # the footer prints the signing root's short fingerprint: the fake shows its own
    real_text = run_tool("pdftotext", "-layout", str(real_pdf), "-").stdout
    fake_text = run_tool("pdftotext", "-layout", str(fake_pdf), "-").stdout
    assert f"Lab root certificate SHA-256: {short_fingerprint(genuine.root_certificate())}" in real_text
    assert short_fingerprint(fake.root_certificate()) in fake_text
    assert short_fingerprint(genuine.root_certificate()) not in fake_text


def test_revoke_issues_a_crl_audits_and_makes_the_signature_read_revoked(
    genuine: Keystore,
    db: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    signed = _sign(genuine, "asato", tmp_path / "signed.pdf")
    keys = ["--keys-dir", str(genuine.folder)]
    assert _keys(db, *keys, "revoke", "asato", "--reason", "nonsense", "--user", "admin") == 2
    assert "keyCompromise" in capsys.readouterr().err
    published = tmp_path / "pub" / "lab.crl.pem"
    revoke = [
        "revoke",
        "asato",
        "--reason",
        "keyCompromise",
        "--note",
        "laptop stolen",
        "--out",
        str(published),
    ]
    assert _keys(db, *keys, *revoke, "--user", "admin") == 0
    assert "it can no longer sign" in capsys.readouterr().out
    crl = read_crl(published)
    signer = x509.load_pem_x509_certificate(genuine.signer_pem("asato").read_bytes())
    assert crl is not None and crl.get_revoked_certificate_by_serial_number(signer.serial_number)
    assert published.read_bytes().startswith(b"-----BEGIN X509 CRL")
    with pytest.raises(LabappError, match="revoked"):
        genuine.load_signer("asato", SIGNER.encode())
    assert _keys(db, *keys, "revoke", "asato", "--reason", "superseded", "--user", "admin") == 2
    assert "already revoked" in capsys.readouterr().err

    # a recipient with the published CRL: intact, but revoked (exit 9); the lab's own CRL is read too
    code, report = _verify_json(capsys, str(signed), "--root", str(genuine.root_pem), "--crl", str(published))
    assert code == 9 and report["verdict"] == "signer certificate revoked"
    code, report = _verify_json(capsys, str(signed), "--keys-dir", str(genuine.folder))
    assert code == 9
    code, report = _verify_json(capsys, str(signed), "--root", str(genuine.root_pem))
    assert code == 0  # without any later CRL, the one embedded at signing time shows it good

    with ServiceContext(db) as ctx:
        admin = authenticate(ctx, "admin", ADMIN_PASSWORD)
        events = [e for e in audit_log(ctx, admin, limit=50) if e.action == "revoke_signing_key"]
    assert len(events) == 1 and events[0].actor == "admin" and events[0].reason == "laptop stolen"
    recorded = events[0].new_values or {}
    assert recorded["reason"] == "keyCompromise" and int(recorded["serial"], 16) == signer.serial_number


def test_crl_and_signature_services_from_the_command_line(
    genuine: Keystore,
    db: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keys = ["--keys-dir", str(genuine.folder)]
    before = read_crl(genuine.crl_path)
    assert _keys(db, *keys, "crl", "--out", str(tmp_path / "lab.crl"), "--days", "30", "--user", "admin") == 0
    after = read_crl(tmp_path / "lab.crl")
    assert before is not None and after is not None
    number = x509.CRLNumber
    assert (
        after.extensions.get_extension_for_class(number).value.crl_number
        == before.extensions.get_extension_for_class(number).value.crl_number + 1
    )
    assert (after.next_update_utc - after.last_update_utc).days == 30
    capsys.readouterr()
    assert _keys(db, *keys, "services", "--crl-url", "ftp://x", "--user", "admin") == 2
    assert "http:// or https://" in capsys.readouterr().err
    url = "https://lab.example/pki/root.crl"
    setting = ["services", "--crl-url", url, "--tsa-url", "https://tsa.example/tsr", "--user", "admin"]
    assert _keys(db, *keys, *setting, "--reason", "publish") == 0
    assert _keys(db, *keys, "services") == 0
    out = capsys.readouterr().out
    assert "timestamp server: https://tsa.example/tsr" in out and f"CRL address:      {url}" in out
    assert _keys(db, *keys, "issue", "watanabe2", "--user", "admin") == 0
    issued = x509.load_pem_x509_certificate(genuine.signer_pem("watanabe2").read_bytes())
    points = issued.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == url
    assert _keys(db, *keys, "services", "--tsa-url", "", "--user", "admin") == 0
    assert "timestamp server: - " in capsys.readouterr().out
    tsa_root = make_tsa().root
    (tmp_path / "tsa.pem").write_bytes(tsa_root.public_bytes(serialization.Encoding.PEM))
    assert _keys(db, *keys, "services", "--tsa-root", str(tmp_path / "tsa.pem"), "--user", "admin") == 0
    assert "timestamp roots:  CN=Test Timestamping Root" in capsys.readouterr().out
    assert genuine.tsa_roots() == (tsa_root,)
    assert genuine.load_signer("asato", SIGNER.encode()).extra_roots == (tsa_root,)
