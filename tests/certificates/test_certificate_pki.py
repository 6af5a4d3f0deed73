"""The lab PKI: certificate profiles, encrypted key files, import of an external PKCS#12, root export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from labapp.certificates.issue import issue_certificate
from labapp.certificates.pki import Keystore, load_p12
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.certificates.verification import Verdict, verify_pdf
from labapp.core.errors import LabappError

from .helpers import CA_PASS, SIGNER_PASS, example_data


def test_root_is_a_self_signed_ca_for_certificate_signing(keystore: Keystore) -> None:
    root = keystore.root_certificate()
    root.verify_directly_issued_by(root)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    usage = root.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature


def test_signer_has_digital_signature_and_non_repudiation_and_chains_to_root(keystore: Keystore) -> None:
    material = keystore.load_signer("kwatanabe", SIGNER_PASS)
    root = keystore.root_certificate()
    material.certificate.verify_directly_issued_by(root)
    usage = material.certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert material.certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert material.chain == (root,)
    assert material.certificate.not_valid_after_utc <= root.not_valid_after_utc


def test_key_files_are_encrypted_private_and_hold_no_passphrase(keystore: Keystore) -> None:
    material = keystore.load_signer("kwatanabe", SIGNER_PASS)
    secret = material.key.private_numbers().private_value.to_bytes(32, "big")
    blob = keystore.signer_p12("kwatanabe").read_bytes()
    assert secret not in blob
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(blob, None)
    for path in keystore.folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert CA_PASS not in content and SIGNER_PASS not in content, path
            if path.suffix == ".p12":
                assert path.stat().st_mode & 0o077 == 0, path


def test_wrong_passphrase_is_one_clear_error(keystore: Keystore) -> None:
    with pytest.raises(LabappError, match="wrong passphrase"):
        keystore.load_signer("kwatanabe", b"not-the-passphrase")
    with pytest.raises(LabappError, match="wrong passphrase"):
        keystore.issue("someone", "Some One", b"not-the-ca-passphrase", b"long-enough-pass")
    assert not keystore.signer_p12("someone").exists()


def test_refusals(keystore: Keystore) -> None:
    with pytest.raises(LabappError, match="already exists"):
        keystore.init_ca("Again", "Example Lab", CA_PASS)
    with pytest.raises(LabappError, match="already has a signing key"):
        keystore.issue("kwatanabe", "Kenji Watanabe", CA_PASS, SIGNER_PASS)
    with pytest.raises(LabappError, match="at least 10"):
        keystore.issue("short", "Short Pass", CA_PASS, b"short")
    with pytest.raises(LabappError, match="user name"):
        keystore.signer_p12("../escape")


def test_export_root_writes_the_same_certificate(keystore: Keystore, tmp_path: Path) -> None:
    path = keystore.export_root(tmp_path / "lab-root.pem")
    assert x509.load_pem_x509_certificate(path.read_bytes()) == keystore.root_certificate()
    assert b"PRIVATE KEY" not in path.read_bytes()


def _external_p12(tmp_path: Path, usage: x509.KeyUsage) -> tuple[bytes, x509.Certificate]:
    """A commercial-CA-like PKCS#12: RSA key, issued by a CA that is not the lab's."""
    ca_key = ec.generate_private_key(ec.SECP384R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "External Qualified CA")])
    now = dt.datetime.now(dt.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA384())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Anna Meyer")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=60))
        .add_extension(usage, critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        b"anna", key, cert, [ca], serialization.BestAvailableEncryption(b"external-pass")
    )
    return blob, ca


def _usage(**enabled: bool) -> x509.KeyUsage:
    names = [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ]
    return x509.KeyUsage(**{name: enabled.get(name, False) for name in names})


def test_imported_p12_signs_and_verifies_against_its_own_ca(keystore: Keystore, tmp_path: Path) -> None:
    blob, external_root = _external_p12(tmp_path, _usage(digital_signature=True, content_commitment=True))
    keystore.import_p12("ameyer", blob, b"external-pass", b"lab-side-passphrase")
    stored = keystore.signer_p12("ameyer").read_bytes()
    with pytest.raises(LabappError):
        load_p12(stored, b"external-pass")  # re-encrypted under the new passphrase
    material = keystore.load_signer("ameyer", b"lab-side-passphrase")
    issued = issue_certificate(
        example_data(), pyhanko_signer(material), SigningRequest("review", "Anna Meyer")
    )
    assert verify_pdf(issued.pdf, [external_root]).verdict is Verdict.VALID
    assert verify_pdf(issued.pdf, [keystore.root_certificate()]).verdict is Verdict.UNTRUSTED


def test_import_refuses_a_certificate_that_cannot_sign(keystore: Keystore, tmp_path: Path) -> None:
    blob, _ = _external_p12(tmp_path, _usage(key_encipherment=True))
    with pytest.raises(LabappError, match="does not allow digital signatures"):
        keystore.import_p12("encryptonly", blob, b"external-pass", b"lab-side-passphrase")
    with pytest.raises(LabappError, match="wrong passphrase"):
        keystore.import_p12("badpass", blob, b"guess", b"lab-side-passphrase")
