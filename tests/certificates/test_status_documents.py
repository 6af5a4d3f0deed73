"""The signed status list and retraction notice without a database: sign, read back, refuse, look up;
and the QR payload with the verification address (old payloads still read)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from labapp.certificates.document_text import CATALOGUE
from labapp.certificates.issue import IssuedCertificate
from labapp.certificates.model import parse_qr, parse_qr_payload, qr_payload
from labapp.certificates.pki import KeyMaterial, Keystore
from labapp.certificates.retraction import RetractionNotice, sign_retraction_notice
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.certificates.status_list import StatusEntry, StatusList, read_status_list, sign_status_list
from labapp.certificates.verification import CurrencyStatus, TwinIdentity, Verdict, verify_pdf
from labapp.core.errors import LabappError

from .helpers import run_tool

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _entries(issued: IssuedCertificate) -> list[StatusEntry]:
    pdf_hash = hashlib.sha256(issued.pdf).hexdigest()
    return [
        StatusEntry(
            "BM-2026-00042",
            0,
            "BM26-0001",
            "2026-03-01T09:00:00+00:00",
            CurrencyStatus.SUPERSEDED,
            "0" * 64,
            None,
            superseded_by="BM-2026-00042 rev 1",
            reason="client name corrected",
        ),
        StatusEntry(
            "BM-2026-00042",
            1,
            "BM26-0001",
            "2026-03-02T09:00:00+00:00",
            CurrencyStatus.RETRACTED,
            issued.twin_sha256,
            pdf_hash,
            reason="wrong sample analysed",
            retracted_at="2026-03-05T10:00:00+00:00",
        ),
    ]


@pytest.fixture(scope="module")
def status_pdf(issued: dict[str, IssuedCertificate], signer_material: KeyMaterial) -> bytes:
    status = StatusList(
        "Example Lab",
        "2026-03-06T08:00:00+00:00",
        "Kenji Watanabe",
        "https://lab.example/verify",
        _entries(issued["en"]),
    )
    return sign_status_list(status, pyhanko_signer(signer_material), SigningRequest("status list", "Kenji"))


def test_the_status_list_is_a_whole_file_signature_under_the_lab_root_and_reads_back(
    status_pdf: bytes, keystore: Keystore, issued: dict[str, IssuedCertificate]
) -> None:
    report = verify_pdf(status_pdf, [keystore.root_certificate()])
    assert report.verdict is Verdict.VALID
    assert report.document == "labapp-status-list/1"
    assert (
        "status list of Example Lab issued 2026-03-06T08:00:00+00:00 (2 certificate revisions)"
        in report.message
    )
    trusted = read_status_list(status_pdf, [keystore.root_certificate()], "list.pdf")
    assert [(e.number, e.revision, e.state) for e in trusted.status.entries] == [
        ("BM-2026-00042", 0, CurrencyStatus.SUPERSEDED),
        ("BM-2026-00042", 1, CurrencyStatus.RETRACTED),
    ]
    assert trusted.issuer == keystore.root_certificate().subject


def test_the_list_answers_retracted_superseded_missing_and_other_files(
    status_pdf: bytes, keystore: Keystore, issued: dict[str, IssuedCertificate]
) -> None:
    status = read_status_list(status_pdf, [keystore.root_certificate()], "list.pdf").status
    genuine = issued["en"]
    pdf_hash = hashlib.sha256(genuine.pdf).hexdigest()
    retracted = status.check(TwinIdentity("BM-2026-00042", 1, genuine.twin_sha256, pdf_hash))
    assert retracted.status is CurrencyStatus.RETRACTED
    assert "2026-03-05T10:00:00+00:00; wrong sample analysed" in retracted.detail
    older = status.check(TwinIdentity("BM-2026-00042", 0, "0" * 64))
    assert older.status is CurrencyStatus.SUPERSEDED and older.detail.startswith("by BM-2026-00042 rev 1")
    missing = status.check(TwinIdentity("BM-2026-00043", 0, genuine.twin_sha256))
    assert (
        missing.status is CurrencyStatus.UNKNOWN and "not in the status list of 2026-03-06" in missing.detail
    )
    other_file = status.check(TwinIdentity("BM-2026-00042", 1, genuine.twin_sha256, "f" * 64))
    assert other_file.status is CurrencyStatus.MISMATCH
    assert status.check(TwinIdentity("BM-2026-00042", 1, "e" * 64)).status is CurrencyStatus.MISMATCH
    # the certificate PDF itself, checked against the list: retracted -> exit 7
    verdict = verify_pdf(genuine.pdf, [keystore.root_certificate()], status.check)
    assert verdict.verdict is Verdict.NOT_CURRENT and verdict.verdict.exit_code == 7


def test_a_list_signed_under_another_root_or_changed_is_refused(
    status_pdf: bytes, tmp_path: Path, keystore: Keystore
) -> None:
    fake = Keystore(tmp_path / "fake")
    fake.init_ca("Example Lab Root CA", "Example Lab", b"fake-root-passphrase", "DE")  # same names
    with pytest.raises(LabappError, match=r"^list.pdf: status list refused: untrusted chain"):
        read_status_list(status_pdf, [fake.root_certificate()], "list.pdf")
    changed = bytearray(status_pdf)
    at = changed.index(b"/Contents <") - 400  # a byte inside the signed range
    changed[at] ^= 0x01
    with pytest.raises(LabappError, match="status list refused"):
        read_status_list(bytes(changed), [keystore.root_certificate()], "list.pdf")


def test_a_certificate_is_not_taken_for_a_status_list(
    issued: dict[str, IssuedCertificate], keystore: Keystore
) -> None:
    with pytest.raises(LabappError, match="not a labapp-status-list/1"):
        read_status_list(issued["en"].pdf, [keystore.root_certificate()], "cert.pdf")


@pytest.mark.parametrize("language", ["en", "ja", "en+ja"])
def test_the_retraction_notice_names_the_certificate_and_verify_says_so(
    language: str, signer_material: KeyMaterial, keystore: Keystore, tmp_path: Path
) -> None:
    notice = RetractionNotice(
        "LA-2026-000007",
        0,
        "BM26-0003",
        "Kobe Recycling",
        "a" * 64,
        "b" * 64,
        "Example Lab",
        "https://lab.example/verify",
        "2026-03-05T10:00:00+00:00",
        "Kenji Watanabe",
        "wrong sample analysed",
        language,
    )
    pdf = sign_retraction_notice(notice, pyhanko_signer(signer_material), SigningRequest("retraction", "K"))
    report = verify_pdf(pdf, [keystore.root_certificate()])
    assert report.verdict is Verdict.VALID and report.document == "labapp-retraction-notice/1"
    assert (
        "retraction notice for certificate LA-2026-000007 rev 0 (retracted 2026-03-05T10:00:00+00:00 "
        "by Kenji Watanabe: wrong sample analysed)"
    ) in report.message
    assert report.identity is None  # never read as a certificate
    path = tmp_path / notice.file_name
    path.write_bytes(pdf)
    text = run_tool("pdftotext", "-enc", "UTF-8", str(path), "-").stdout
    assert "LA-2026-000007" in text and "wrong sample analysed" in text
    assert ("取消通知" in text) == (language != "en")
    assert ("Notice of retraction" in text) == (language != "ja")


def test_every_document_text_has_english_and_japanese() -> None:
    for key, (en, ja) in CATALOGUE.items():
        assert en.strip() and not _JAPANESE.search(en), key
        assert _JAPANESE.search(ja), key
        assert re.findall(r"{(\w+)}", en) == re.findall(r"{(\w+)}", ja), key


def test_qr_payload_carries_the_verification_address_and_old_payloads_still_read() -> None:
    sha = "ab" * 32
    old = f"LABAPP-COA/1;no=LA-2026-000001;rev=2;sha256={sha}"
    assert qr_payload("LA-2026-000001", 2, sha) == old  # no address: the old bytes exactly
    assert parse_qr_payload(old) == ("LA-2026-000001", 2, sha)
    assert parse_qr(old).verification is None
    address = "https://lab.example/verify?no=1;x=2 ラボ"
    new = qr_payload("LA-2026-000001", 2, sha, address)
    assert new.startswith(old + ";at=https://lab.example/verify%3Fno%3D1%3Bx%3D2%20")
    assert parse_qr(new).verification == address
    assert parse_qr_payload(new) == ("LA-2026-000001", 2, sha)
    for bad in (old + ";at", old + ";xx=1", new.replace("LABAPP-COA/1", "LABAPP-COA/2")):
        with pytest.raises(LabappError):
            parse_qr(bad)
