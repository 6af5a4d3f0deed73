"""The lab's timestamp server setting (issue 19, item 2): set once by an administrator, used by every
issue, so certificates come out PAdES B-LTA; `labapp verify` trusts the TSA root the lab stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder, run_tool
from certificates.tsa import http_tsa
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from labapp.certificates.verification import Verdict
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DEMO_USERS, DemoReport
from labapp.services.administration import keys, users
from labapp.services.certification.issuing import IssueStatus, SigningSetup, issue_certificates
from labapp.services.certification.verify import verify_file
from labapp.services.context import ServiceContext

ADMIN_PASSWORD = next(u.password for u in DEMO_USERS if u.username == "admin")


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return approved_demo_folder(approved_demo_build, tmp_path_factory, "tsa-setting")


def test_the_timestamp_setting_makes_every_issue_b_lta(folder: Path) -> None:
    key_folder = folder / "keys"
    setup = SigningSetup(folder / "out", certification_demo.SIGNER_PASSPHRASE, "en", key_folder)
    with http_tsa() as (url, tsa), ServiceContext(str(folder / "labapp.sqlite")) as ctx:
        pem = folder / "tsa-root.pem"
        pem.write_bytes(tsa.root.public_bytes(serialization.Encoding.PEM))
        admin = users.authenticate(ctx, "admin", ADMIN_PASSWORD)
        keys.set_signature_services(ctx, admin, tsa_url=url, tsa_root=pem, folder=key_folder, reason="B-LTA")
        assert keys.timestamp_url(ctx) == url
        qa = users.authenticate(ctx, "qa", QA_PASSWORD)
        [done] = issue_certificates(ctx, qa, ["BM26-0002"], password=QA_PASSWORD, setup=setup)
    assert done.status is IssueStatus.ISSUED, done.message
    reader = PdfFileReader(io.BytesIO(done.pdf_path.read_bytes()))
    assert [s.field_name for s in reader.embedded_timestamp_signatures] == ["DocumentTimestamp"]
    report = verify_file(done.pdf_path, keys_folder=key_folder)  # the stored TSA root is trusted
    assert report.verdict is Verdict.VALID, report.message
    assert any(line.endswith(": trusted") and "RFC 3161" in line for line in report.details)
    stamp = run_tool("pdfsig", str(done.pdf_path)).stdout.split("Signature #2:")[1]
    assert "DocumentTimestamp" in stamp and "  - Total document signed" in stamp
