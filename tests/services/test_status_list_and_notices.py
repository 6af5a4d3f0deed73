"""A recipient's view without the database: the signed status list says superseded, retracted or
current; the retraction notice is signed and says what it retracts; and, with the database, a file
signed around the genuine twin but printing other values is a record mismatch (issue 19 items 1, 9)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder, pdf_text, run_tool
from sqlalchemy import select

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import load_twin, parse_qr
from labapp.certificates.pki import Keystore
from labapp.certificates.signing import SigningRequest, pyhanko_signer, sign_pdf
from labapp.certificates.status_list import StatusList, sign_status_list
from labapp.certificates.verification import Verdict
from labapp.cli import main
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport
from labapp.services.administration import users
from labapp.services.certification.issuing import (
    SigningSetup,
    amend_certificate,
    currency_check,
    issue_certificates,
)
from labapp.services.certification.verify import verify_file
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent
from labapp.store.certificate_files import CertificateDocument, DocumentKind

PASSPHRASE = certification_demo.SIGNER_PASSPHRASE


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return approved_demo_folder(approved_demo_build, tmp_path_factory, "status")


@pytest.fixture(scope="module")
def ctx(folder: Path):
    context = ServiceContext(str(folder / "labapp.sqlite"))
    yield context
    context.close()


@pytest.fixture(scope="module")
def issued(folder: Path, ctx: ServiceContext) -> dict[str, object]:
    """BM26-0001 issued and amended (rev 0 superseded), BM26-0002 (ja) and BM26-0003 issued."""
    qa = users.authenticate(ctx, "qa", QA_PASSWORD)
    out = folder / "out"
    first = issue_certificates(
        ctx,
        qa,
        ["BM26-0001", "BM26-0003"],
        password=QA_PASSWORD,
        setup=SigningSetup(out, PASSPHRASE, "en", folder / "keys"),
    )
    second = issue_certificates(
        ctx,
        qa,
        ["BM26-0002"],
        password=QA_PASSWORD,
        setup=SigningSetup(out, PASSPHRASE, "ja", folder / "keys"),
    )
    amended = amend_certificate(
        ctx,
        qa,
        first[0].number,
        "issued in both languages at the client's request",  # an amendment must change something
        password=QA_PASSWORD,
        setup=SigningSetup(out, PASSPHRASE, "en+ja", folder / "keys"),
    )
    return {"rev0": first[0], "rev1": amended, "other": first[1], "ja": second[0]}


def _cli(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("LABAPP_PASSWORD", QA_PASSWORD)
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", PASSPHRASE)
    monkeypatch.setattr("sys.stdin", None)
    return main(["--db", str(folder / "labapp.sqlite"), *args])


@pytest.fixture(scope="module")
def retracted(folder: Path, issued: dict[str, object]) -> Path:
    """BM26-0002's certificate (Japanese) retracted on the command line, with its notice."""
    with pytest.MonkeyPatch.context() as patch:
        number = issued["ja"].number
        code = _cli(
            folder,
            patch,
            "certify",
            "retract",
            number,
            "--reason",
            "wrong sample analysed",
            "--user",
            "qa",
            "--out",
            str(folder / "notices"),
            "--keys-dir",
            str(folder / "keys"),
        )
        assert code == 0
    return folder / "notices" / f"{number}_rev0_retraction.pdf"


@pytest.fixture(scope="module")
def status_list(folder: Path, retracted: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        out = folder / "published" / "status-list.pdf"
        code = _cli(
            folder,
            patch,
            "certificates",
            "status-list",
            "--out",
            str(out),
            "--user",
            "qa",
            "--keys-dir",
            str(folder / "keys"),
        )
        assert code == 0
    return out


def _verify_with_list(folder, monkeypatch, capsys, pdf: Path, listing: Path, *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = _cli(
        folder,
        monkeypatch,
        "verify",
        str(pdf),
        "--status",
        str(listing),
        "--keys-dir",
        str(folder / "keys"),
        *extra,
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_status_list_tells_a_recipient_superseded_retracted_and_current(
    folder, issued, status_list, monkeypatch, capsys
) -> None:
    rev0, rev1, other, ja = (issued[k] for k in ("rev0", "rev1", "other", "ja"))
    code, out = _verify_with_list(folder, monkeypatch, capsys, rev0.pdf_path, status_list)
    assert code == 7 and out.startswith("NOT CURRENT:")
    reason = "issued in both languages at the client's request"
    assert f"currency: superseded: by {rev1.number} rev 1; {reason}" in out
    code, out = _verify_with_list(folder, monkeypatch, capsys, ja.pdf_path, status_list)
    assert code == 7 and "currency: retracted: 20" in out and "wrong sample analysed" in out
    code, out = _verify_with_list(folder, monkeypatch, capsys, rev1.pdf_path, status_list)
    assert code == 0 and out.startswith("VALID:") and "currency: current: according to the status list" in out
    assert "status list status-list.pdf: Example" in out or "status list status-list.pdf:" in out
    code, out = _verify_with_list(folder, monkeypatch, capsys, other.pdf_path, status_list, "--json")
    report = json.loads(out)
    assert (code, report["verdict"], report["exit_code"]) == (0, "valid", 0)
    assert report["identity"]["pdf_sha256"] == hashlib.sha256(other.pdf_path.read_bytes()).hexdigest()


def test_a_certificate_issued_after_the_list_is_reported_missing_with_exit_8(
    folder, ctx, status_list, monkeypatch, capsys
) -> None:
    qa = users.authenticate(ctx, "qa", QA_PASSWORD)
    (late,) = issue_certificates(
        ctx,
        qa,
        ["BM26-0004"],
        password=QA_PASSWORD,
        setup=SigningSetup(folder / "out", PASSPHRASE, "en", folder / "keys"),
    )
    code, out = _verify_with_list(folder, monkeypatch, capsys, late.pdf_path, status_list, "--json")
    report = json.loads(out)
    assert code == 8 and report["verdict"] == "does not match the stored record"
    assert report["currency"].startswith(f"unknown: {late.number} rev 0 is not in the status list of")


def test_a_list_under_another_root_or_another_ca_is_refused_in_one_line(
    folder, issued, status_list, monkeypatch, capsys, tmp_path
) -> None:
    fake = Keystore(tmp_path / "fake")
    real_root = Keystore(folder / "keys").root_certificate()
    fake.init_ca(
        real_root.subject.rfc4514_string().split(",")[-1].split("=")[1], "Same Lab", b"fake-ca-passphrase"
    )
    fake.issue("qa", "Hana Sato", b"fake-ca-passphrase", b"fake-signer-pass")
    signer = pyhanko_signer(fake.load_signer("qa", b"fake-signer-pass"))
    forged = StatusList("Example", "2026-12-01T00:00:00+00:00", "Hana Sato", None, [])
    forged_path = tmp_path / "forged.pdf"
    forged_path.write_bytes(sign_status_list(forged, signer, SigningRequest("status list", "Hana Sato")))
    code, out = _verify_with_list(folder, monkeypatch, capsys, issued["rev1"].pdf_path, forged_path)
    assert code == 2 and out.count("\n") == 1
    assert "status list refused: untrusted chain" in out
    both_roots = tmp_path / "roots.pem"
    both_roots.write_bytes((folder / "keys" / "root-ca.pem").read_bytes() + fake.root_pem.read_bytes())
    code, out = _verify_with_list(
        folder, monkeypatch, capsys, issued["rev1"].pdf_path, forged_path, "--root", str(both_roots)
    )
    assert code == 2 and "status list refused: it is signed under another CA" in out
    code, out = _verify_with_list(
        folder, monkeypatch, capsys, issued["rev1"].pdf_path, issued["rev0"].pdf_path
    )
    assert code == 2 and "not a labapp-status-list/1" in out


def test_retracting_issues_a_signed_notice_in_the_certificates_language(
    folder, ctx, issued, retracted, monkeypatch, capsys
) -> None:
    assert retracted.is_file()
    assert not list(retracted.parent.glob(".*.partial"))
    text = pdf_text(retracted)
    assert "分析証明書の取消通知" in text and issued["ja"].number in text and "wrong sample analysed" in text
    assert "Notice of retraction" not in text  # the certificate was Japanese only
    capsys.readouterr()
    assert _cli(folder, monkeypatch, "verify", str(retracted), "--keys-dir", str(folder / "keys")) == 0
    out = capsys.readouterr().out
    assert f"this is a retraction notice for certificate {issued['ja'].number} rev 0" in out
    assert "by Hana Sato: wrong sample analysed" in out
    with ctx.read_session() as session:
        stored = session.scalars(
            select(CertificateDocument).where(CertificateDocument.kind == DocumentKind.RETRACTION_NOTICE)
        ).all()
        assert [(d.issued_by, d.language, d.pdf_sha256) for d in stored] == [
            ("qa", "ja", hashlib.sha256(retracted.read_bytes()).hexdigest())
        ]
        events = session.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.reason).where(
                AuditEvent.entity_type == "certificate_documents"
            )
        )
        assert ("create", "qa", "wrong sample analysed") in set(events)


def test_only_a_certificate_signer_publishes_the_list(folder, status_list, monkeypatch, capsys) -> None:
    monkeypatch.setenv("LABAPP_PASSWORD", "Bunseki-Demo-2026")
    monkeypatch.setattr("sys.stdin", None)
    out = folder / "by-tech.pdf"
    code = main(
        [
            "--db",
            str(folder / "labapp.sqlite"),
            "certificates",
            "status-list",
            "--out",
            str(out),
            "--user",
            "tech",
            "--keys-dir",
            str(folder / "keys"),
        ]
    )
    assert code == 2 and not out.exists()
    assert "may not issue certificates: a QA manager may" in capsys.readouterr().err  # before any key


def test_the_certificate_prints_its_twin_hash_and_the_qr_names_the_verification_address(issued) -> None:
    english = issued["other"]  # an English certificate: the bilingual title block wraps the hash
    text = pdf_text(english.pdf_path)
    assert "SHA-256 of the JSON" in text and f" {english.twin_sha256} " in text  # title block
    rev1 = issued["rev1"]
    image = rev1.pdf_path.parent / "qr"
    assert (
        run_tool(
            "pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(rev1.pdf_path), str(image)
        ).returncode
        == 0
    )
    scanned = run_tool("zbarimg", "--quiet", "--raw", str(next(rev1.pdf_path.parent.glob("qr*.png")))).stdout
    content = parse_qr(scanned.strip())
    assert (content.number, content.revision, content.sha256) == (rev1.number, 1, rev1.twin_sha256)
    assert content.verification == "https://labapp-demo.example/verify"


def test_a_pdf_signed_around_the_genuine_twin_but_printing_other_values_is_a_record_mismatch(
    folder, ctx, issued, status_list, monkeypatch, capsys, tmp_path
) -> None:
    genuine = issued["other"]
    twin = genuine.twin_path.read_bytes()
    data = load_twin(twin)
    data.results = [dataclasses.replace(r, value=r.value * 1.5) if r.value else r for r in data.results]
    rendered = render_certificate(data, genuine.twin_sha256)  # the genuine twin's hash in QR and Keywords
    material = Keystore(folder / "keys").load_signer("qa", PASSPHRASE.encode())
    forged_pdf = sign_pdf(
        rendered.pdf,
        twin,
        genuine.twin_path.name,
        rendered.signature_box,
        pyhanko_signer(material),
        SigningRequest("approval", "Hana Sato"),
    )
    forged = tmp_path / genuine.pdf_path.name
    forged.write_bytes(forged_pdf)
    assert (
        verify_file(genuine.pdf_path, keys_folder=folder / "keys", currency_check=currency_check(ctx)).verdict
        is Verdict.VALID
    )
    without_db = verify_file(forged, keys_folder=folder / "keys")
    assert without_db.verdict is Verdict.VALID  # the signature alone cannot tell: the record must
    report = verify_file(forged, keys_folder=folder / "keys", currency_check=currency_check(ctx))
    assert report.verdict is Verdict.RECORD_MISMATCH
    assert f"this file is not the PDF issued as {genuine.number} rev 0" in report.message
    code, out = _verify_with_list(folder, monkeypatch, capsys, forged, status_list)
    assert code == 8 and "this file is not the PDF the status list" in out
