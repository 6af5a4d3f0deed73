"""Issuing for many lots (failures, cancellation, numbering), amendment, retraction and the currency
check, on one demo database taken up to approval (keys made, no certificate yet)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder, pdf_text
from sqlalchemy import func, select

from labapp.certificates.model import CertificateInfo
from labapp.certificates.verification import TwinIdentity, Verdict
from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.core.progress import Progress
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport
from labapp.services.administration import users
from labapp.services.administration.phrases import phrase_book
from labapp.services.certification import issuing as certification
from labapp.services.certification.content import Issuer, _result, certificate_data
from labapp.services.certification.issuing import (
    IssueStatus,
    SigningSetup,
    amend_certificate,
    currency_check,
    issue_certificates,
    list_certificates,
    retract_certificate,
)
from labapp.services.certification.verify import verify_file
from labapp.services.context import ServiceContext
from labapp.services.grading.grade import current_grading
from labapp.services.importing.lot_edit import ChangeSignature, update_lot
from labapp.store.certificate_numbers import CertificateNumber
from labapp.store.lots import Lot
from labapp.store.records import Certificate, Signature
from labapp.store.results import Result
from labapp.store.states import CertificateState, LotState
from labapp.store.workflow import ResultOverride, RunExclusion
from tests.certificates.schema_check import errors


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return approved_demo_folder(approved_demo_build, tmp_path_factory, "lifecycle")


@pytest.fixture(scope="module")
def ctx(folder: Path):
    context = ServiceContext(str(folder / "labapp.sqlite"))
    yield context
    context.close()


@pytest.fixture(scope="module")
def qa(ctx: ServiceContext) -> users.AuthenticatedUser:
    return users.authenticate(ctx, "qa", QA_PASSWORD)


def _setup(folder: Path, language: str = "en") -> SigningSetup:
    return SigningSetup(folder / "out", certification_demo.SIGNER_PASSPHRASE, language, folder / "keys")


def _lot_state(ctx: ServiceContext, code: str) -> str:
    with ctx.read_session() as session:
        return session.scalar(select(Lot.state).where(Lot.code == code))


def _count(ctx: ServiceContext, model: type) -> int:
    with ctx.read_session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _verify(folder: Path, ctx: ServiceContext, pdf: Path):
    return verify_file(pdf, keys_folder=folder / "keys", currency_check=currency_check(ctx))


def test_a_failure_after_numbering_leaves_that_lot_approved_and_its_number_void(
    folder, ctx, qa, monkeypatch
) -> None:
    real = certification.issue_certificate

    def failing(data, signer, request, timestamper=None):
        if data.lot.lot_id == "BM26-0002":
            raise LabappError("disk full (simulated)")
        return real(data, signer, request, timestamper)

    monkeypatch.setattr(certification, "issue_certificate", failing)
    done = issue_certificates(ctx, qa, ["BM26-0001", "BM26-0002", "BM26-0003"], password=QA_PASSWORD,
                              setup=_setup(folder))
    assert [s.status for s in done] == ["issued", "failed", "issued"]
    first, failed, third = done
    serial = int(first.number[-6:])
    assert failed.number.endswith(f"{serial + 1:06d}") and third.number.endswith(f"{serial + 2:06d}")
    assert "disk full" in failed.message and "void" in failed.message
    assert _lot_state(ctx, "BM26-0002") == "approved"
    assert {r.lot_code for r in list_certificates(ctx)} == {"BM26-0001", "BM26-0003"}
    assert not list((folder / "out").glob(f"{failed.number}*"))
    assert certification.numbers.void_numbers(ctx) == [(failed.number, "issue failed: disk full (simulated)")]

    monkeypatch.setattr(certification, "issue_certificate", real)
    again = issue_certificates(ctx, qa, ["BM26-0002"], password=QA_PASSWORD, setup=_setup(folder))[0]
    assert again.status == "issued" and again.number.endswith(f"{serial + 3:06d}")  # never reused
    assert _lot_state(ctx, "BM26-0002") == "certified"


def test_only_approved_lots_are_certified_and_refusals_take_no_number(folder, ctx, qa) -> None:
    before = _count(ctx, CertificateNumber)
    done = issue_certificates(ctx, qa, ["BM26-0001", "NO-SUCH-LOT"], password=QA_PASSWORD,
                              setup=_setup(folder))
    assert [s.status for s in done] == ["failed", "failed"]
    assert "lot BM26-0001 is certified: only approved lots are certified" in done[0].message
    assert "does not exist" in done[1].message
    assert _count(ctx, CertificateNumber) == before


def test_a_wrong_password_or_key_passphrase_issues_nothing(folder, ctx, qa) -> None:
    before = (_count(ctx, CertificateNumber), _count(ctx, Certificate))
    with pytest.raises(users.AuthenticationError):
        issue_certificates(ctx, qa, ["BM26-0005"], password="wrong-password", setup=_setup(folder))
    bad_key = SigningSetup(folder / "out", "not-the-passphrase", "en", folder / "keys")
    with pytest.raises(LabappError):
        issue_certificates(ctx, qa, ["BM26-0005"], password=QA_PASSWORD, setup=bad_key)
    assert (_count(ctx, CertificateNumber), _count(ctx, Certificate)) == before
    assert _lot_state(ctx, "BM26-0005") == "approved"


def test_cancelling_stores_nothing_more(folder, ctx, qa) -> None:
    progress = Progress()
    progress._on_report = lambda done, total, message: progress.cancel() if done == 0 else None
    before = _count(ctx, Certificate)
    done = issue_certificates(ctx, qa, ["BM26-0004", "BM26-0005", "BM26-0006"], password=QA_PASSWORD,
                              setup=_setup(folder), progress=progress)
    assert [s.status for s in done] == ["issued", "cancelled", "cancelled"]
    assert _count(ctx, Certificate) == before + 1
    assert [_lot_state(ctx, c) for c in ("BM26-0004", "BM26-0005", "BM26-0006")] == [
        "certified", "approved", "approved"]


def _issued(ctx: ServiceContext, code: str):
    return next(r for r in list_certificates(ctx, code) if r.state == "issued")


def test_an_amendment_supersedes_the_old_revision_with_the_reason_printed(folder, ctx, qa) -> None:
    old = _issued(ctx, "BM26-0003")
    reason = "client contact corrected at the client's request"
    setup = dataclasses.replace(_setup(folder, "ja"), remarks=("retained-sample",))  # a lab phrase
    new = amend_certificate(ctx, qa, old.number, reason, password=QA_PASSWORD, setup=setup)
    assert (new.number, new.revision) == (old.number, 1)
    # the phrase prints in Japanese; the typed reason has none: flagged at issue and marked on the page
    assert new.english_only == ("/amendment/reason", "/remarks/1")
    assert "printed as English original" in new.message
    old_pdf = folder / "out" / f"{old.number}_rev0.pdf"
    stale = _verify(folder, ctx, old_pdf)
    assert stale.verdict is Verdict.NOT_CURRENT and stale.verdict.exit_code == 7
    assert stale.currency == f"superseded: by {old.number} rev 1 (reason: {reason})"
    fresh = _verify(folder, ctx, new.pdf_path)
    assert (fresh.verdict, fresh.currency) == (Verdict.VALID, "current")
    assert _lot_state(ctx, "BM26-0003") == "amended"
    text = " ".join(pdf_text(new.pdf_path).split())
    assert f"{old.number} rev 0" in text and reason in text and "改訂番号 1" in text
    assert "試料の保管分は発行日から 3 か月間保管します。" in text and f"理由：（英語原文）{reason}" in text
    states = {r.revision: r.state for r in list_certificates(ctx, "BM26-0003")}
    assert states == {0: "superseded", 1: "issued"}


def test_a_retracted_certificate_verifies_as_retracted_and_cannot_be_amended(folder, ctx, qa) -> None:
    record = _issued(ctx, "BM26-0004")
    retract_certificate(ctx, qa, record.number, "wrong sample analysed", password=QA_PASSWORD)
    report = _verify(folder, ctx, folder / "out" / f"{record.number}_rev0.pdf")
    assert report.verdict is Verdict.NOT_CURRENT and report.currency == "retracted: wrong sample analysed"
    assert _lot_state(ctx, "BM26-0004") == "retracted"
    with ctx.read_session() as session:
        signed = session.scalar(select(Signature).where(Signature.entity_type == "certificate",
                                                        Signature.action == "retract"))
        assert (signed.username, signed.meaning) == ("qa", "retracted")
        assert signed.reason == "wrong sample analysed"
    with pytest.raises(LabappError, match="retracted"):
        amend_certificate(ctx, qa, record.number, "try", password=QA_PASSWORD, setup=_setup(folder))
    with pytest.raises(LabappError, match="reason"):
        retract_certificate(ctx, qa, _issued(ctx, "BM26-0001").number, " ", password=QA_PASSWORD)


def test_a_flipped_byte_is_tampered(folder, ctx, tmp_path) -> None:
    good = folder / "out" / f"{_issued(ctx, 'BM26-0001').number}_rev0.pdf"
    assert _verify(folder, ctx, good).verdict is Verdict.VALID
    data = bytearray(good.read_bytes())
    data[len(data) // 3] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    assert _verify(folder, ctx, bad).verdict is Verdict.TAMPERED


def test_currency_of_an_unknown_or_different_record(ctx) -> None:
    record = _issued(ctx, "BM26-0001")
    check = currency_check(ctx)
    assert check(TwinIdentity(record.number, 0, record.twin_sha256)).status == "current"
    assert check(TwinIdentity(record.number, 0, "0" * 64)).status == "mismatch"
    assert check(TwinIdentity(record.number, 5, record.twin_sha256)).status == "unknown"
    assert check(TwinIdentity("LA-1999-000001", 0, record.twin_sha256)).status == "unknown"


def test_command_line_certify_list_retract_and_verify(folder, ctx, monkeypatch, capsys) -> None:
    monkeypatch.setenv("LABAPP_PASSWORD", QA_PASSWORD)
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", certification_demo.SIGNER_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", None)
    db = ["--db", str(folder / "labapp.sqlite")]
    out, keys = str(folder / "cli"), str(folder / "keys")
    assert main([*db, "certify", "--lot", "BM26-0007", "--user", "qa", "--out", out, "--keys-dir", keys]) == 0
    number = _issued(ctx, "BM26-0007").number
    assert f"BM26-0007: issued: {number} rev 0" in capsys.readouterr().out
    assert main([*db, "certificates", "--lot", "BM26-0007"]) == 0
    assert f"{number} rev 0  BM26-0007" in capsys.readouterr().out
    pdf = str(Path(out) / f"{number}_rev0.pdf")
    assert main([*db, "verify", pdf, "--keys-dir", keys]) == 0
    retract = ["certify", "retract", number, "--reason", "withdrawn by the client", "--user", "qa"]
    retract += ["--out", out]  # the signed retraction notice goes beside the certificates
    assert main([*db, *retract]) == 0
    assert main([*db, "verify", pdf, "--keys-dir", keys]) == 7
    assert "retracted: withdrawn by the client" in capsys.readouterr().out
    assert main([*db, "verify", pdf, "--keys-dir", keys, "--no-db"]) == 0
    assert main([*db, "certify", "--lot", "BM26-0007", "--user", "qa", "--out", out, "--keys-dir", keys]) == 1


class _Rollback(Exception):
    pass


def test_overrides_and_exclusions_are_marked_and_a_run_changed_after_approval_is_refused(ctx) -> None:
    grading = current_grading(ctx, "BM26-0008")
    info = CertificateInfo("LA-TEST-1", 0, "2026-11-22T00:00:00+00:00")
    with pytest.raises(_Rollback), ctx.account_unit_of_work("tech", "test set-up, rolled back") as session:
        lot = session.scalar(select(Lot).where(Lot.code == "BM26-0008"))
        rows = {r.element: r for r in session.scalars(
            select(Result).where(Result.lot_id == lot.id, Result.reportable.is_(True)))}
        al, cu = rows["Al"], rows["Cu"]
        al.flags, cu.flags = "overridden", "excluded"
        session.add(ResultOverride(run_id=al.run_id, result_id=al.id, lot_id=lot.id, element="Al",
                                   original_value=al.value, new_value=al.value, reason="re-measured at 1:500",
                                   created_by="tech", active=True))
        session.add(RunExclusion(run_id=cu.run_id, scope="line", element="Cu", line="324.754",
                                 reason="spectral interference", created_by="tech", active=True))
        session.flush()
        book = phrase_book(session)
        (marked_al, al_ja), (marked_cu, cu_ja) = _result(session, al, book), _result(session, cu, book)
        assert (marked_al.status, marked_al.note) == ("overridden", "re-measured at 1:500")
        assert (marked_cu.status, marked_cu.note) == ("reported", "readings excluded: spectral interference")
        # free-text reasons have no Japanese: marked as the English original on a Japanese certificate
        assert al_ja == "（英語原文）re-measured at 1:500"
        assert cu_ja == "測定値を除外：（英語原文）spectral interference"
        with pytest.raises(LabappError, match="no valid approval signature"):
            certificate_data(session, lot, grading, info, Issuer("qa", "Hana Sato"))  # flags are signed
        raise _Rollback


def test_approved_lots_of_a_run_are_those_still_waiting(ctx) -> None:
    waiting = certification.approved_lots_of_run(ctx, "ICP-OES 2026-03-17")
    with ctx.read_session() as session:
        approved = set(session.scalars(select(Lot.code).where(Lot.state == "approved")))
    assert set(waiting) == approved and "BM26-0008" in waiting and "BM26-0001" not in waiting


def test_the_moisture_of_a_certified_lot_changes_only_by_signature_and_the_pdf_is_then_not_current(
    folder, ctx, qa
) -> None:
    """Issue 16: a technician changed a certified lot's moisture with a free-text reason, no signature;
    the lot stayed certified and its certificate still verified "current"."""
    record = issue_certificates(ctx, qa, ["BM26-0011"], password=QA_PASSWORD, setup=_setup(folder))[0]
    pdf = record.pdf_path
    tech = users.authenticate(ctx, "tech", "Bunseki-Demo-2026")
    with pytest.raises(LabappError, match="needs your electronic signature"):
        update_lot(ctx, tech, "BM26-0011", {"moisture_pct": 9.9}, reason="re-weighed")
    assert _verify(folder, ctx, pdf).verdict is Verdict.VALID
    update_lot(ctx, tech, "BM26-0011", {"moisture_pct": 9.9, "customs_code": "3825.90"},
               signature=ChangeSignature("Bunseki-Demo-2026", "moisture re-weighed after drying oven fault"))
    stale = _verify(folder, ctx, pdf)
    assert stale.verdict is Verdict.NOT_CURRENT and stale.verdict.exit_code == 7
    assert stale.currency.startswith("amendment needed: customs_code, moisture_pct of lot BM26-0011 changed")
    assert _lot_state(ctx, "BM26-0011") == LotState.AMENDMENT_NEEDED
    again = issue_certificates(ctx, qa, ["BM26-0011"], password=QA_PASSWORD, setup=_setup(folder))[0]
    assert again.status is IssueStatus.FAILED and "amend it instead" in again.message
    new = amend_certificate(ctx, qa, record.number, "moisture corrected", password=QA_PASSWORD,
                            setup=_setup(folder))
    assert (_verify(folder, ctx, new.pdf_path).verdict, _lot_state(ctx, "BM26-0011")) == (
        Verdict.VALID, LotState.AMENDED)
    assert '"customs_code":"3825.90"' in new.twin_path.read_text(encoding="utf-8")
    # 7.8.8.2: the new revision and its records name each changed field, old -> new
    twin = json.loads(new.twin_path.read_text(encoding="utf-8"))
    changes = {c["field"]: (c["old"], c["new"]) for c in twin["amendment"]["changes"]}
    assert changes["lot.customs_code"] == ("8549.19", "3825.90")
    # the demo measured this lot's moisture by loss on drying (a panel test): that result, not the
    # manifest's figure, gives the printed moisture and dry mass, so they stay as they were
    assert "masses.net_dry_kg" not in changes and "masses.moisture_pct" not in changes, changes
    assert twin["amendment"]["reason"] == "moisture corrected"
    schema = json.loads((Path(__file__).parents[2] / "docs" / "certificate-schema.json").read_text("utf-8"))
    assert errors(twin, schema) == []
    assert not any(f.startswith("certificate.") or f.startswith("signatures") for f in changes)
    text = " ".join(pdf_text(new.pdf_path).split())
    assert "Amendment: what this revision changes" in text and "lot.customs_code 8549.19 3825.90" in text
    with ctx.read_session() as session:
        row = session.scalar(select(Certificate).where(Certificate.number == record.number,
                                                       Certificate.revision == 1))
        signed = session.scalar(select(Signature.reason).where(Signature.entity_type == "certificate",
                                                               Signature.entity_id == row.id))
    assert ("lot.customs_code", "8549.19", "3825.90") in {(c.field, c.old, c.new) for c in new.changes}
    assert "lot.customs_code: 8549.19 -> 3825.90" in row.reason
    assert signed == row.reason and signed.startswith("moisture corrected (changed: ")
    states = {r.revision: r.state for r in list_certificates(ctx, "BM26-0011")}
    assert states == {0: CertificateState.SUPERSEDED, 1: CertificateState.ISSUED}


def test_an_amendment_in_which_nothing_changed_is_refused(folder, ctx, qa, monkeypatch, capsys) -> None:
    """7.8.8.2: an amendment identifies the change; one that changes nothing is refused in one line and
    stores nothing (the current revision stays current)."""
    record = issue_certificates(ctx, qa, ["BM26-0013"], password=QA_PASSWORD, setup=_setup(folder))[0]
    before = _count(ctx, Certificate), _count(ctx, Signature)
    refused = r"rev 0: nothing would change; an amendment must correct"
    with pytest.raises(LabappError, match=refused) as caught:
        amend_certificate(ctx, qa, record.number, "re-issue", password=QA_PASSWORD, setup=_setup(folder))
    assert "\n" not in str(caught.value)
    assert (_count(ctx, Certificate), _count(ctx, Signature)) == before
    assert {r.revision: r.state for r in list_certificates(ctx, "BM26-0013")} == {0: "issued"}
    assert _lot_state(ctx, "BM26-0013") == "certified"
    # the command line says so in one line, exit 2 (a refused request), and prints nothing else
    monkeypatch.setenv("LABAPP_PASSWORD", QA_PASSWORD)
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", certification_demo.SIGNER_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", None)
    amend = ["certify", "amend", record.number, "--reason", "re-issue", "--user", "qa",
             "--out", str(folder / "cli"), "--keys-dir", str(folder / "keys")]
    code = main(["--db", str(folder / "labapp.sqlite"), *amend])
    said = capsys.readouterr()
    assert code != 0 and said.out == ""
    assert said.err.count("\n") == 1 and "nothing would change" in said.err
