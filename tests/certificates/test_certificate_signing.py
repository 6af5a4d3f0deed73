"""Signing and verification, checked by pyHanko (our verifier) and by Poppler's pdfsig (independent)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from labapp.certificates.issue import IssuedCertificate, issue_certificate, write_certificate
from labapp.certificates.layout import render_certificate
from labapp.certificates.model import canonical_json, load_twin, twin_sha256
from labapp.certificates.pki import KeyMaterial, Keystore, load_p12
from labapp.certificates.signing import SigningRequest, pyhanko_signer, sign_pdf
from labapp.certificates.verification import Currency, TwinIdentity, Verdict, embedded_twin, verify_pdf

from .helpers import CA_PASS, REPO_ROOT, example_data, run_tool
from .schema_check import errors


def _pdfsig(path: Path) -> str:
    result = run_tool("pdfsig", "-nocert", str(path))
    return result.stdout + result.stderr


def _flip_signed_byte(pdf: bytes) -> bytes:
    """Flip one bit in the middle of the first signed byte range (the page content, well before /Contents)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    byte_range = reader.embedded_signatures[0].sig_object["/ByteRange"]
    start, length = int(byte_range[0]), int(byte_range[1])
    data = bytearray(pdf)
    data[start + length // 2] ^= 0x01
    return bytes(data)


@pytest.mark.parametrize("lang", ["en", "ja", "en+ja"])
def test_pyhanko_says_intact_whole_file_and_trusted(
    issued: dict[str, IssuedCertificate], keystore: Keystore, lang: str
) -> None:
    report = verify_pdf(issued[lang].pdf, [keystore.root_certificate()])
    assert report.verdict is Verdict.VALID, report.message
    assert report.signer == "Kenji Watanabe" and report.reason == "approval"
    whole_file = twin_sha256(issued[lang].pdf)  # the SHA-256 of the bytes verified, for the record check
    assert report.identity == TwinIdentity("BM-2026-00042", 1, issued[lang].twin_sha256, whole_file)


def test_pdfsig_says_valid_and_total_document_signed(signed_files: dict[str, Path]) -> None:
    output = _pdfsig(signed_files["en+ja"])
    assert "Signature is Valid" in output
    assert "Total document signed" in output
    assert "ETSI.CAdES.detached" in output  # PAdES baseline signature, not adbe.pkcs7.detached


def test_signature_reason_is_the_meaning_and_field_is_visible(issued: dict[str, IssuedCertificate]) -> None:
    reader = PdfFileReader(io.BytesIO(issued["en"].pdf))
    (signature,) = reader.embedded_signatures
    assert signature.sig_object["/Reason"] == "approval"
    assert signature.sig_object["/Name"] == "Kenji Watanabe"
    rect = (
        [float(v) for v in signature.sig_field["/Rect"]]
        if "/Rect" in signature.sig_field
        else [float(v) for v in signature.sig_field["/Kids"][0].get_object()["/Rect"]]
    )
    assert rect[2] - rect[0] > 400 and rect[3] - rect[1] > 50  # a visible block, not a zero-size field


def test_flipped_byte_fails_both_verifiers(
    issued: dict[str, IssuedCertificate], keystore: Keystore, tmp_path: Path
) -> None:
    tampered = _flip_signed_byte(issued["en"].pdf)
    assert verify_pdf(tampered, [keystore.root_certificate()]).verdict is Verdict.TAMPERED
    path = tmp_path / "tampered.pdf"
    path.write_bytes(tampered)
    output = _pdfsig(path)
    assert "Signature is Valid" not in output
    assert "Digest Mismatch" in output or "Invalid" in output


def test_wrong_root_is_untrusted(issued: dict[str, IssuedCertificate], tmp_path: Path) -> None:
    other = Keystore(tmp_path / "other")
    other.init_ca("Another Lab Root CA", "Another Lab", b"another-passphrase")
    report = verify_pdf(issued["en"].pdf, [other.root_certificate()])
    assert report.verdict is Verdict.UNTRUSTED
    assert report.verdict.exit_code == 5


def test_unsigned_pdf_has_no_signature(keystore: Keystore) -> None:
    data = example_data()
    unsigned = render_certificate(data, twin_sha256(canonical_json(data))).pdf
    assert verify_pdf(unsigned, [keystore.root_certificate()]).verdict is Verdict.NO_SIGNATURE


def test_garbage_is_tampered_not_a_crash(keystore: Keystore) -> None:
    assert (
        verify_pdf(b"%PDF-1.7\nnot really a pdf", [keystore.root_certificate()]).verdict is Verdict.TAMPERED
    )


def test_update_appended_after_signing_is_not_whole_file(
    issued: dict[str, IssuedCertificate], keystore: Keystore, tmp_path: Path
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(issued["en"].pdf))
    writer.root["/PageMode"] = pdf_name("/UseAttachments")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    report = verify_pdf(output.getvalue(), [keystore.root_certificate()])
    assert report.verdict is Verdict.NOT_WHOLE_FILE
    path = tmp_path / "appended.pdf"
    path.write_bytes(output.getvalue())
    assert "Total document signed" not in _pdfsig(path)


def test_json_twin_is_attached_and_matches_the_qr_hash(
    issued: dict[str, IssuedCertificate], signed_files: dict[str, Path], tmp_path: Path
) -> None:
    listing = run_tool("pdfdetach", "-list", str(signed_files["en"])).stdout
    assert "BM-2026-00042_rev1.json" in listing
    saved = tmp_path / "twin.json"
    assert run_tool("pdfdetach", "-save", "1", "-o", str(saved), str(signed_files["en"])).returncode == 0
    twin = saved.read_bytes()
    assert twin == issued["en"].twin == embedded_twin(PdfFileReader(io.BytesIO(issued["en"].pdf)))
    assert twin_sha256(twin) == issued["en"].twin_sha256
    schema = json.loads((REPO_ROOT / "docs" / "certificate-schema.json").read_text(encoding="utf-8"))
    assert errors(json.loads(twin), schema) == []
    assert load_twin(twin).results[3].value == 3.621


def test_currency_callback_decides_current_superseded_and_unknown(
    issued: dict[str, IssuedCertificate], keystore: Keystore
) -> None:
    roots, pdf = [keystore.root_certificate()], issued["en"].pdf
    asked: list[TwinIdentity] = []

    def database(answer: Currency):
        def check(identity: TwinIdentity) -> Currency:
            asked.append(identity)
            return answer

        return check

    assert verify_pdf(pdf, roots, database(Currency("current"))).verdict is Verdict.VALID
    superseded = verify_pdf(pdf, roots, database(Currency("superseded", "by rev 2")))
    assert superseded.verdict is Verdict.NOT_CURRENT and "by rev 2" in superseded.message
    assert verify_pdf(pdf, roots, database(Currency("retracted"))).verdict is Verdict.NOT_CURRENT
    assert verify_pdf(pdf, roots, database(Currency("unknown"))).verdict is Verdict.RECORD_MISMATCH
    assert verify_pdf(pdf, roots, database(Currency("mismatch"))).verdict.exit_code == 8
    assert asked[0] == TwinIdentity("BM-2026-00042", 1, issued["en"].twin_sha256, twin_sha256(pdf))


def test_rfc3161_timestamp_is_embedded_and_validated(
    keystore: Keystore, signer_material: KeyMaterial
) -> None:
    root = load_p12(keystore.root_p12.read_bytes(), CA_PASS)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    now = dt.datetime.now(dt.UTC)
    tsa_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
        .issuer_name(root.certificate.subject)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root.key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        translate_pyca_cryptography_cert_to_asn1(tsa_cert), translate_pyca_cryptography_key_to_asn1(tsa_key)
    )
    request = SigningRequest(meaning="approval", signer_name="Kenji Watanabe")
    issued = issue_certificate(example_data(), pyhanko_signer(signer_material), request, timestamper=stamper)
    report = verify_pdf(issued.pdf, [keystore.root_certificate()])
    assert report.verdict is Verdict.VALID
    assert any(
        line.startswith("RFC 3161 timestamp") and line.endswith(": trusted") for line in report.details
    )


def test_write_certificate_puts_the_twin_beside_the_pdf(
    issued: dict[str, IssuedCertificate], tmp_path: Path
) -> None:
    pdf_path, twin_path = write_certificate(issued["ja"], tmp_path / "out")
    assert pdf_path.name == "BM-2026-00042_rev1.pdf" and twin_path.name == "BM-2026-00042_rev1.json"
    assert pdf_path.read_bytes() == issued["ja"].pdf
    assert twin_path.read_bytes() == issued["ja"].twin
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [twin_path.name, pdf_path.name]


def test_pdfsig_trusts_the_chain_once_the_lab_root_is_in_its_nss_database(
    signed_files: dict[str, Path], keystore: Keystore, tmp_path: Path
) -> None:
    nss = f"sql:{tmp_path / 'nss'}"
    (tmp_path / "nss").mkdir()
    assert run_tool("certutil", "-N", "-d", nss, "--empty-password").returncode == 0
    added = run_tool(
        "certutil", "-A", "-d", nss, "-n", "Example Lab Root CA", "-t", "C,C,C", "-i", str(keystore.root_pem)
    )
    assert added.returncode == 0, added.stderr
    output = run_tool("pdfsig", "-nssdir", nss, str(signed_files["en"])).stdout
    assert "Signature is Valid" in output and "Certificate is Trusted" in output


def test_twin_that_is_not_the_rendered_one_is_a_record_mismatch(
    keystore: Keystore, signer_material: KeyMaterial
) -> None:
    """A PDF rendered for one twin (QR and Keywords carry its hash) but carrying another twin is refused."""
    data = example_data()
    rendered_for = twin_sha256(b"some other twin")
    rendered = render_certificate(data, rendered_for)
    pdf = sign_pdf(
        rendered.pdf,
        canonical_json(data),
        "x.json",
        rendered.signature_box,
        pyhanko_signer(signer_material),
        SigningRequest("approval", "Kenji Watanabe"),
    )
    report = verify_pdf(pdf, [keystore.root_certificate()])
    assert report.verdict is Verdict.RECORD_MISMATCH and report.verdict.exit_code == 8
