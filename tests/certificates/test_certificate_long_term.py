"""Key lifecycle and long-term validation (issue 19, item 2): CRLs, PAdES B-LT/B-LTA, a local TSA.

The decisive checks are pyHanko's: its AdES long-term validation (ETSI EN 319 102-1) as of a date
after the signer certificate expired, using only what the PDF carries plus the TSA's CRL of that day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from labapp.certificates.issue import IssuedCertificate, issue_certificate
from labapp.certificates.layout import render_certificate
from labapp.certificates.long_term import embedded_validation_context, validate_long_term
from labapp.certificates.model import canonical_json, twin_sha256
from labapp.certificates.pki import KeyMaterial, Keystore, load_p12
from labapp.certificates.revocation import RevocationReason, check_fresh
from labapp.certificates.signing import SigningRequest, ValidationMaterial, pyhanko_signer, sign_pdf
from labapp.certificates.verification import Verdict, verify_pdf
from labapp.core.errors import LabappError

from .helpers import CA_PASS, SIGNER_PASS, example_data, run_tool
from .tsa import LocalTsa, http_tsa, make_tsa

REQUEST = SigningRequest(meaning="approval", signer_name="Kenji Watanabe")


@pytest.fixture(scope="module")
def tsa() -> LocalTsa:
    return make_tsa()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Keystore:
    store = Keystore(tmp_path_factory.mktemp("lt-keys"))
    store.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    store.issue("kwatanabe", "Kenji Watanabe", CA_PASS, SIGNER_PASS, crl_url="https://lab.example/root.crl")
    return store


@pytest.fixture(scope="module")
def material(lab: Keystore, tsa: LocalTsa) -> KeyMaterial:
    """The signer's key as the keystore gives it, plus what the lab stored about its TSA."""
    loaded = lab.load_signer("kwatanabe", SIGNER_PASS)
    now = dt.datetime.now(dt.UTC)
    return dataclasses.replace(loaded, crls=loaded.crls + (tsa.crl(now),), extra_roots=(tsa.root,))


@pytest.fixture(scope="module")
def b_lta(material: KeyMaterial, tsa: LocalTsa) -> IssuedCertificate:
    return issue_certificate(example_data(), pyhanko_signer(material), REQUEST, timestamper=tsa.stamper())


@pytest.fixture(scope="module")
def b_lt(material: KeyMaterial) -> IssuedCertificate:
    return issue_certificate(example_data(), pyhanko_signer(material), REQUEST)


def _after_expiry(material: KeyMaterial) -> dt.datetime:
    return material.certificate.not_valid_after_utc + dt.timedelta(days=400)


def _dss(pdf: bytes) -> dict[str, int]:
    dss = PdfFileReader(io.BytesIO(pdf)).root["/DSS"]
    return {key: len(dss[key]) for key in ("/Certs", "/CRLs") if key in dss}


def _plain_validation(pdf: bytes, roots: list[x509.Certificate], at: dt.datetime, crls=()) -> bool:
    """pyHanko's ordinary validation at `at` (the check the issue found failing in 2030)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    embedded = reader.embedded_regular_signatures[0]
    context = embedded_validation_context(reader, roots, list(crls), moment=at)  # revocation required
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    return bool(status.intact and status.valid and status.trusted)


def test_signer_certificate_names_the_crl_url_and_the_crl_is_signed_by_the_root(lab: Keystore) -> None:
    signer = x509.load_pem_x509_certificate(lab.signer_pem("kwatanabe").read_bytes())
    points = signer.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == "https://lab.example/root.crl"
    crl = lab.current_crl()
    assert crl is not None and crl.is_signature_valid(lab.root_certificate().public_key())
    assert crl.issuer == lab.root_certificate().subject and len(crl) == 0


def test_b_lt_embeds_chain_and_crl_and_still_covers_the_whole_file(b_lt: IssuedCertificate) -> None:
    dss = _dss(b_lt.pdf)
    assert dss["/CRLs"] == 2 and dss["/Certs"] >= 2  # lab CRL + TSA CRL; signer and root
    embedded = PdfFileReader(io.BytesIO(b_lt.pdf)).embedded_signatures
    assert len(embedded) == 1  # one revision: signature and DSS together


def test_b_lta_validates_long_term_after_the_signer_certificate_expired(
    b_lta: IssuedCertificate, material: KeyMaterial, lab: Keystore, tsa: LocalTsa
) -> None:
    """pyHanko's AdES validation with the validation time 400 days past expiry. (Its past-validation
    step reads the machine clock, so the test below also lets a signer certificate really expire.)"""
    roots = [lab.root_certificate(), tsa.root]
    later = _after_expiry(material)
    result = validate_long_term(b_lta.pdf, roots, [tsa.crl(later)], at=later)
    assert result.passed, result
    assert result.best_signature_time is not None
    assert result.best_signature_time < material.certificate.not_valid_after_utc
    # the plain validation as of that date fails: the signer certificate has expired by then
    assert _plain_validation(b_lta.pdf, roots, dt.datetime.now(dt.UTC))
    assert not _plain_validation(b_lta.pdf, roots, later)


def test_without_a_timestamp_the_signature_does_not_survive_the_signer_expiry(
    b_lt: IssuedCertificate, material: KeyMaterial, lab: Keystore, tsa: LocalTsa
) -> None:
    roots = [lab.root_certificate(), tsa.root]
    later = _after_expiry(material)
    assert _plain_validation(b_lt.pdf, roots, dt.datetime.now(dt.UTC))
    assert not _plain_validation(b_lt.pdf, roots, later)
    result = validate_long_term(b_lt.pdf, roots, [tsa.crl(later)], at=later)
    assert not result.passed and result.indication == "SIG_CONSTRAINTS_FAILURE"


def test_b_lta_is_not_trusted_without_the_genuine_lab_root(
    b_lta: IssuedCertificate, material: KeyMaterial, tsa: LocalTsa, tmp_path: Path
) -> None:
    fake = Keystore(tmp_path / "fake")
    fake.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    later = _after_expiry(material)
    result = validate_long_term(b_lta.pdf, [fake.root_certificate(), tsa.root], [tsa.crl(later)], at=later)
    assert not result.passed


def test_pdfsig_reads_b_lt_and_b_lta_as_valid_and_wholly_covered(
    b_lt: IssuedCertificate, b_lta: IssuedCertificate, tmp_path: Path
) -> None:
    (tmp_path / "lt.pdf").write_bytes(b_lt.pdf)
    (tmp_path / "lta.pdf").write_bytes(b_lta.pdf)
    lt = run_tool("pdfsig", str(tmp_path / "lt.pdf")).stdout
    assert "Signature is Valid" in lt and "  - Total document signed" in lt
    lta = run_tool("pdfsig", str(tmp_path / "lta.pdf")).stdout
    signature, timestamp = lta.split("Signature #2:")
    assert "Signature is Valid" in signature
    # the document timestamp is the last revision and covers the whole file (docs/certificates.md)
    assert "DocumentTimestamp" in timestamp and "  - Total document signed" in timestamp


def test_revoked_signer_cannot_sign_and_its_signature_does_not_validate(
    tmp_path: Path, tsa: LocalTsa
) -> None:
    store = Keystore(tmp_path / "keys")
    store.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    store.issue("hsato", "Hana Sato", CA_PASS, SIGNER_PASS)
    before = store.load_signer("hsato", SIGNER_PASS)  # unlocked before the revocation
    entry, crl = store.revoke("hsato", RevocationReason.KEY_COMPROMISE, CA_PASS)
    assert entry.serial == f"{before.certificate.serial_number:x}"
    revoked = crl.get_revoked_certificate_by_serial_number(before.certificate.serial_number)
    assert revoked is not None
    assert revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason.name == "key_compromise"
    with pytest.raises(LabappError, match="revoked on .*key compromise.*can no longer sign"):
        store.load_signer("hsato", SIGNER_PASS)
    # with the new CRL, pyHanko refuses to sign with the key it still holds in memory
    data = example_data()
    twin = canonical_json(data)
    rendered = render_certificate(data, twin_sha256(twin))
    current = ValidationMaterial((store.root_certificate(),), (crl,))
    with pytest.raises(LabappError, match="signing refused|signing failed"):
        sign_pdf(
            rendered.pdf,
            twin,
            "t.json",
            rendered.signature_box,
            pyhanko_signer(before),
            REQUEST,
            validation=current,
        )
    # a PDF signed with the revoked key anyway (no validation at signing) does not validate
    rogue = sign_pdf(
        rendered.pdf,
        twin,
        "t.json",
        rendered.signature_box,
        pyhanko_signer(before),
        REQUEST,
        validation=ValidationMaterial((store.root_certificate(),)),
    )
    now = dt.datetime.now(dt.UTC)
    assert not _plain_validation(rogue, [store.root_certificate()], now, crls=[crl])
    result = validate_long_term(rogue, [store.root_certificate()], [crl], at=now)
    assert not result.passed


def _short_lived_signer(lab: Keystore, tsa: LocalTsa, seconds: int) -> KeyMaterial:
    """A signer certificate from the lab root that expires within seconds (a 3-year one, fast-forwarded)."""
    root = load_p12(lab.root_p12.read_bytes(), CA_PASS)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kenji Watanabe")]))
        .issuer_name(root.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=10))
        .not_valid_after(now + dt.timedelta(seconds=seconds))
        .add_extension(usage, critical=True)
        .sign(root.key, hashes.SHA256())
    )
    # the lab CRL's freshness ends before the certificate does, as a 90-day CRL ends before a 3-year
    # certificate (load_signer refuses a key whose certificate expires first)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.certificate.subject)
        .last_update(now - dt.timedelta(seconds=1))
        .next_update(now + dt.timedelta(seconds=seconds // 2))
        .add_extension(x509.CRLNumber(99), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return KeyMaterial(key, certificate, (root.certificate,), (crl, tsa.crl(now)), (tsa.root,))


def _lifetime(material: KeyMaterial, tsa: LocalTsa) -> int:
    """Seconds a short-lived signer must live for its two signatures to be made while it (and its CRL,
    fresh for half of it) is valid: 8 on an idle machine, longer on a loaded one (parallel test
    workers, other jobs), measured with one signature of a normal signer instead of guessed."""
    start = time.perf_counter()
    issue_certificate(example_data(), pyhanko_signer(material), REQUEST, timestamper=tsa.stamper())
    return max(8, math.ceil(2 * (3 * (time.perf_counter() - start) + 1)))


def test_labapp_verify_reads_b_lta_valid_after_the_signer_expired_and_b_lt_not(
    lab: Keystore, tsa: LocalTsa, material: KeyMaterial
) -> None:
    material = _short_lived_signer(lab, tsa, seconds=_lifetime(material, tsa))
    signer = pyhanko_signer(material)
    lta = issue_certificate(example_data(), signer, REQUEST, timestamper=tsa.stamper()).pdf
    lt = issue_certificate(example_data(), signer, REQUEST).pdf
    roots = [lab.root_certificate()]
    fresh = verify_pdf(lta, roots, tsa_roots=[tsa.root])
    assert fresh.verdict is Verdict.VALID and fresh.long_term is None
    assert "document timestamp(s): 1, the last covers the whole file" in fresh.details
    wait = (material.certificate.not_valid_after_utc - dt.datetime.now(dt.UTC)).total_seconds() + 1.5
    time.sleep(max(wait, 0))
    crls = [tsa.crl(dt.datetime.now(dt.UTC))]
    report = verify_pdf(lta, roots, crls=crls, tsa_roots=[tsa.root])
    assert report.verdict is Verdict.VALID, report
    assert report.long_term == "passed (OK)" and "valid long-term (PAdES B-LTA)" in report.message
    assert verify_pdf(lt, roots, crls=crls, tsa_roots=[tsa.root]).verdict is Verdict.UNTRUSTED
    # the TSA's root vouches for timestamps only: without it the expired signature is not rescued
    assert verify_pdf(lta, roots, crls=crls).verdict is Verdict.UNTRUSTED


def test_content_added_after_the_document_timestamp_is_not_whole_file(
    b_lta: IssuedCertificate, lab: Keystore, tsa: LocalTsa
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(b_lta.pdf))
    writer.root["/Lang"] = pdf_string("de")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), [lab.root_certificate()], tsa_roots=[tsa.root])
    assert report.verdict is Verdict.NOT_WHOLE_FILE


def test_stale_crl_and_a_certificate_expiring_before_the_crl_are_refused(tmp_path: Path) -> None:
    store = Keystore(tmp_path / "keys")
    store.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    store.issue("hsato", "Hana Sato", CA_PASS, SIGNER_PASS)
    assert len(store.load_signer("hsato", SIGNER_PASS).crls) == 1  # the 90-day CRL, fresh
    store.issue_crl(CA_PASS, days=4000)  # fresh until after the 3-year signer certificate expires
    with pytest.raises(LabappError, match="expires on .* before the lab CRL's next update"):
        store.load_signer("hsato", SIGNER_PASS)
    store.issue_crl(CA_PASS, days=30)
    stale = store.current_crl()
    assert stale is not None
    with pytest.raises(LabappError, match="CRL expired on .*an administrator issues a fresh revocation list"):
        check_fresh(stale, stale.next_update_utc + dt.timedelta(seconds=1), store.crl_path)


def test_an_earlier_key_is_revoked_by_serial_and_the_current_one_still_signs(tmp_path: Path) -> None:
    store = Keystore(tmp_path / "keys")
    store.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    old = store.issue("hsato", "Hana Sato", CA_PASS, SIGNER_PASS)
    new = store.issue("hsato", "Hana Sato", CA_PASS, SIGNER_PASS, force=True)  # renewed key
    assert (store.folder / "issued" / f"{old.serial_number:x}.pem").is_file()
    with pytest.raises(LabappError, match="is not tsato's"):
        store.revoke("tsato", RevocationReason.SUPERSEDED, CA_PASS, serial=f"{old.serial_number:x}")
    entry, crl = store.revoke("hsato", RevocationReason.SUPERSEDED, CA_PASS, serial=f"{old.serial_number:X}")
    assert entry.reason is RevocationReason.SUPERSEDED and [r.serial_number for r in crl] == [
        old.serial_number
    ]
    assert store.load_signer("hsato", SIGNER_PASS).certificate == new
    with pytest.raises(LabappError, match="no signer certificate with serial 1234"):
        store.revoke("hsato", RevocationReason.SUPERSEDED, CA_PASS, serial="1234")


def test_a_stale_crl_is_reported_not_fatal_and_a_fresh_one_listing_the_signer_is(
    lab: Keystore, material: KeyMaterial
) -> None:
    root = load_p12(lab.root_p12.read_bytes(), CA_PASS)
    now = dt.datetime.now(dt.UTC)
    short = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.certificate.subject)
        .last_update(now - dt.timedelta(seconds=1))
        .next_update(now + dt.timedelta(seconds=8))
        .sign(root.key, hashes.SHA256())
    )
    pdf = issue_certificate(
        example_data(), pyhanko_signer(dataclasses.replace(material, crls=(short,))), REQUEST
    ).pdf
    assert verify_pdf(pdf, [lab.root_certificate()]).verdict is Verdict.VALID
    time.sleep(max(0.0, (short.next_update_utc - dt.datetime.now(dt.UTC)).total_seconds()) + 1.5)
    report = verify_pdf(pdf, [lab.root_certificate()])
    assert report.verdict is Verdict.VALID
    assert any("past its next update" in line for line in report.details)
    listed = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.certificate.subject)
        .last_update(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        .next_update(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(material.certificate.serial_number)
            .revocation_date(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
            .build()
        )
        .sign(root.key, hashes.SHA256())
    )
    assert verify_pdf(pdf, [lab.root_certificate()], crls=[listed]).verdict is Verdict.REVOKED


def test_a_b_lta_signature_made_before_the_revocation_stays_valid_and_a_b_lt_one_does_not(
    tmp_path: Path, tsa: LocalTsa
) -> None:
    store = Keystore(tmp_path / "keys")
    store.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    store.issue("hsato", "Hana Sato", CA_PASS, SIGNER_PASS)
    now = dt.datetime.now(dt.UTC)
    loaded = store.load_signer("hsato", SIGNER_PASS)
    signer = pyhanko_signer(
        dataclasses.replace(loaded, crls=loaded.crls + (tsa.crl(now),), extra_roots=(tsa.root,))
    )
    lta = issue_certificate(example_data(), signer, REQUEST, timestamper=tsa.stamper()).pdf
    lt = issue_certificate(example_data(), signer, REQUEST).pdf
    time.sleep(1.1)  # the revocation date (whole seconds) falls after both signatures
    _, crl = store.revoke("hsato", RevocationReason.KEY_COMPROMISE, CA_PASS)
    roots = [store.root_certificate()]
    before = verify_pdf(lta, roots, crls=[crl, tsa.crl(dt.datetime.now(dt.UTC))], tsa_roots=[tsa.root])
    assert before.verdict is Verdict.VALID, before
    assert "before it was revoked" in before.message and before.long_term == "passed (OK)"
    after = verify_pdf(lt, roots, crls=[crl], tsa_roots=[tsa.root])
    assert after.verdict is Verdict.REVOKED


def test_signing_through_an_http_timestamp_server_makes_b_lta(lab: Keystore) -> None:
    """The way a lab signs: the timestamp server's URL (a setting) and its root in the keys folder;
    the TSA's CRL is fetched from the address its certificate names, here on the same local server."""
    with http_tsa() as (url, tsa):
        loaded = lab.load_signer("kwatanabe", SIGNER_PASS)
        material = dataclasses.replace(loaded, extra_roots=(tsa.root,))
        request = SigningRequest("approval", "Kenji Watanabe", tsa_url=url)
        pdf = issue_certificate(example_data(), pyhanko_signer(material), request).pdf
    reader = PdfFileReader(io.BytesIO(pdf))
    assert [s.field_name for s in reader.embedded_timestamp_signatures] == ["DocumentTimestamp"]
    assert _dss(pdf)["/CRLs"] == 2  # the lab's CRL and the one fetched from the TSA
    report = verify_pdf(pdf, [lab.root_certificate()], tsa_roots=[tsa.root])
    assert report.verdict is Verdict.VALID
    assert any(
        line.startswith("RFC 3161 timestamp") and line.endswith(": trusted") for line in report.details
    )
