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
    real = issuing.gather_content  # the content the check gathers (and the issue assembles)

    def without_nickel(*args, **kwargs):
        content = real(*args, **kwargs)
        results = [replace(r, value=None) if r.analyte == "Ni" else r for r in content.fields["results"]]
        return replace(content, fields={**content.fields, "results": results})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(issuing, "gather_content", without_nickel)
        refused, numbers = _issue(folder, "BM26-0003")
    assert refused.status is IssueStatus.FAILED and refused.number is None
    assert refused.message.startswith("certificate data: results[")
    assert "(Ni): value missing" in refused.message
    assert refused.message.endswith("(not issued; no certificate number used)")
    assert numbers == 0

    issued, numbers = _issue(folder, "BM26-0002")
    assert issued.status is IssueStatus.ISSUED and issued.number.endswith("-000001") and numbers == 1


def test_a_change_between_the_check_and_the_issue_is_in_the_certificate(folder):
    """The issue reuses the content the check gathered only when nothing but the number was written
    since; here the laboratory's address changes while the number is reserved, and the certificate
    prints the new one (with no change, the same content is issued: tests/bench/check_same_results)."""
    from labapp.demo.build import DEMO_LABORATORY, DEMO_USERS
    from labapp.services.administration.laboratory import set_laboratory
    from labapp.services.certification import numbers

    real = numbers.reserve

    def reserve_while_the_address_changes(ctx, *args, **kwargs):
        number = real(ctx, *args, **kwargs)
        admin = users.authenticate(ctx, DEMO_USERS[0].username, DEMO_USERS[0].password)
        set_laboratory(ctx, admin, replace(DEMO_LABORATORY, address="9-9 Moved-cho, Osaka"), "moved")
        return number

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numbers, "reserve", reserve_while_the_address_changes)
        issued, _ = _issue(folder, "BM26-0004")
    assert issued.status is IssueStatus.ISSUED
    assert '"address":"9-9 Moved-cho, Osaka"' in issued.twin_path.read_text(encoding="utf-8")
