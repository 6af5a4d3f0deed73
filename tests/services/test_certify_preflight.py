"""`certify` checks everything a certificate needs before it reserves a number: a lot whose
certificate could not be issued (no laboratory address, an analyte missing from its panel) is
refused with the reason, and the year's numbering has no gap for it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder
from sqlalchemy import func, select

from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport
from labapp.services.administration import users
from labapp.services.certification import issuing
from labapp.services.certification.issuing import IssueStatus, SigningSetup, issue_certificates
from labapp.services.context import ServiceContext
from labapp.store.certificate_numbers import CertificateNumber


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return approved_demo_folder(approved_demo_build, tmp_path_factory, "preflight")


def _issue(folder: Path, code: str):
    setup = SigningSetup(folder / "out", certification_demo.SIGNER_PASSPHRASE, "en", folder / "keys")
    with ServiceContext(str(folder / "labapp.sqlite")) as ctx:
        qa = users.authenticate(ctx, "qa", QA_PASSWORD)
        [done] = issue_certificates(ctx, qa, [code], password=QA_PASSWORD, setup=setup)
        with ctx.read_session() as session:
            numbers = session.scalar(select(func.count()).select_from(CertificateNumber))
    return done, numbers


def _sql(folder: Path, statement: str, *params: object) -> None:
    with sqlite3.connect(folder / "labapp.sqlite") as connection:
        assert connection.execute(statement, params).rowcount >= 1


def test_refusals_cost_no_number_and_the_next_issue_takes_the_first(folder):
    _sql(folder, "UPDATE laboratories SET address = NULL")
    refused, numbers = _issue(folder, "BM26-0002")
    assert refused.status is IssueStatus.FAILED and refused.number is None
    assert refused.message == (
        "the laboratory's address is not set (ISO/IEC 17025 7.8.2.1 b): enter the laboratory's details first "
        "(not issued; no certificate number used)"
    )
    assert numbers == 0
    _sql(folder, "UPDATE laboratories SET address = '1-2-3 Demo, Osaka'")

    # a lot graded and approved with no Ni value (its digests all excluded, say): the validation the
    # issue would fail on runs before the number is taken
    real = issuing.certificate_data

    def without_nickel(*args, **kwargs):
        data = real(*args, **kwargs)
        results = [replace(r, value=None) if r.analyte == "Ni" else r for r in data.results]
        return replace(data, results=results)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(issuing, "certificate_data", without_nickel)
        refused, numbers = _issue(folder, "BM26-0003")
    assert refused.status is IssueStatus.FAILED and refused.number is None
    assert refused.message.startswith("certificate data: results[")
    assert "(Ni): value missing" in refused.message
    assert refused.message.endswith("(not issued; no certificate number used)")
    assert numbers == 0

    issued, numbers = _issue(folder, "BM26-0002")
    assert issued.status is IssueStatus.ISSUED and issued.number.endswith("-000001") and numbers == 1
