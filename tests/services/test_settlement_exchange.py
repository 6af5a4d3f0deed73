"""A lot's settlement end to end on the demo database (issue 23 items 4, 5): the value on the
laboratory's approved assay, the counter-party's and the umpire's assays entered and confirmed by a
second person (audited), the splitting limit, the final value, and the signed statement from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder, pdf_text
from sqlalchemy import select

from labapp.certificates.documents import read_document
from labapp.certificates.verification import SETTLEMENT_STATEMENT, Verdict
from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.core.splitting import AssaySource, SplitOutcome
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport
from labapp.security.roles import PermissionDenied
from labapp.services.administration import users
from labapp.services.certification.verify import verify_file
from labapp.services.context import ServiceContext
from labapp.services.settlement import compute_settlement, confirm_assay, list_assays, record_assay
from labapp.services.settlement.statement import issue_statement
from labapp.store.audit_event import AuditEvent
from labapp.store.settlements import EntryState, SettlementStatement

LOT = "BM26-0001"
TERMS = """\
[contract]
reference = "BM-2026-117"
seller = "Recycler Co."
buyer = "Refiner KK"
laboratory_acts_for = "seller"
settle_agreed_on = "mean"
umpire_rule = "between else nearer"

[lot]
wet_mass_t = 25.000
u_wet_mass_t = 0.010
moisture = "laboratory"

[payable.Ni]
payable_pct = 75
price = 16000
currency = "USD"
price_unit = "t"
price_date = 2026-12-01
reference = "LME nickel cash official"
splitting_limit = 0.30

[payable.Co]
payable_pct = 70
price = 15
currency = "USD"
price_unit = "lb"
price_date = 2026-12-01
reference = "Fastmarkets standard-grade cobalt, low end"
splitting_limit = 3
splitting_limit_kind = "relative"
"""


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = approved_demo_folder(approved_demo_build, tmp_path_factory, "settlement")
    (out / "terms.toml").write_text(TERMS, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def ctx(folder: Path):
    context = ServiceContext(str(folder / "labapp.sqlite"))
    yield context
    context.close()


def _user(ctx: ServiceContext, name: str, password: str) -> users.AuthenticatedUser:
    return users.authenticate(ctx, name, password)


def test_value_on_the_laboratory_assay(ctx: ServiceContext, folder: Path) -> None:
    report = compute_settlement(ctx, LOT, folder / "terms.toml")
    s = report.settlement
    f = s.mass.moisture
    assert 0.0 < f < 0.05 and s.mass.dry_t == pytest.approx(25.0 * (1 - f))
    ni, co = s.lines
    # 25 t x (1 - f) x w / 100 x 0.75 x 16 000; Co at 15 USD/lb = 15 / 0.45359237 x 1000 USD/t
    assert ni.own.value == pytest.approx(25.0 * (1 - f) * ni.own.assay_pct / 100 * 0.75 * 16000, rel=1e-9)
    co_per_t = 15 / 0.45359237 * 1000
    assert co.own.value == pytest.approx(25.0 * (1 - f) * co.own.assay_pct / 100 * 0.70 * co_per_t, rel=1e-9)
    assert 0 < ni.own.U < 0.1 * ni.own.value and ni.own.basis.value == "correlated"
    assert s.total.value == pytest.approx(ni.own.value + co.own.value)
    assert [line.exchange.outcome for line in s.lines] == [SplitOutcome.AWAITING] * 2
    assert s.final_value is None and report.terms.sha256 and report.lot_state.value == "approved"


def test_exchange_four_eyes_correction_and_statement(ctx: ServiceContext, folder: Path) -> None:
    tech = _user(ctx, "tech", "Bunseki-Demo-2026")
    reviewer = _user(ctx, "reviewer", "Kensa-Demo-2026")
    qa = _user(ctx, "qa", QA_PASSWORD)
    own = {
        line.payable.element: line.own.assay_pct
        for line in compute_settlement(ctx, LOT, folder / "terms.toml").settlement.lines
    }
    ni_buyer, co_buyer = own["Ni"] + 0.20, own["Co"] * 1.05  # Ni within 0.30; Co 5 % off, beyond 3 %
    record_assay(ctx, tech, LOT, "Ni", "counterparty", ni_buyer + 1.0, "Buyer lab", "R-1")
    with pytest.raises(LabappError, match="correcting it needs a reason"):
        record_assay(ctx, tech, LOT, "Ni", "counterparty", ni_buyer, "Buyer lab", "R-1")
    record_assay(ctx, tech, LOT, "Ni", "counterparty", ni_buyer, "Buyer lab", "R-1", reason="typing error")
    with pytest.raises(PermissionDenied):
        confirm_assay(ctx, tech, LOT, "Ni", "counterparty")
    # not confirmed yet: the element still awaits the counter-party's assay
    assert compute_settlement(ctx, LOT, folder / "terms.toml").settlement.lines[0].exchange.outcome is (
        SplitOutcome.AWAITING
    )
    confirm_assay(ctx, reviewer, LOT, "Ni", "counterparty")
    record_assay(ctx, qa, LOT, "Co", "counterparty", co_buyer, "Buyer lab")
    with pytest.raises(LabappError, match="four eyes"):
        confirm_assay(ctx, qa, LOT, "Co", "counterparty")
    confirm_assay(ctx, reviewer, LOT, "Co", "counterparty")
    entries = list_assays(ctx, LOT, include_superseded=True)
    assert [(e.element, e.state) for e in entries] == [
        ("Ni", EntryState.SUPERSEDED),
        ("Ni", EntryState.CONFIRMED),
        ("Co", EntryState.CONFIRMED),
    ]
    assert entries[0].note == "typing error" and entries[1].confirmed_by == "reviewer"

    report = compute_settlement(ctx, LOT, folder / "terms.toml")
    ni, co = report.settlement.lines
    assert ni.exchange.outcome is SplitOutcome.AGREED
    assert ni.exchange.settled == pytest.approx(own["Ni"] + 0.10)
    assert co.exchange.outcome is SplitOutcome.TO_UMPIRE
    out = folder / "statement.pdf"
    passphrase = certification_demo.SIGNER_PASSPHRASE
    with pytest.raises(LabappError, match=r"not final: Co \(to umpire"):
        issue_statement(
            ctx,
            qa,
            LOT,
            folder / "terms.toml",
            out,
            password=QA_PASSWORD,
            key_passphrase=passphrase,
            keys_folder=folder / "keys",
        )
    provisional_out = folder / "statement-provisional.pdf"
    provisional = issue_statement(
        ctx,
        qa,
        LOT,
        folder / "terms.toml",
        provisional_out,
        password=QA_PASSWORD,
        key_passphrase=passphrase,
        keys_folder=folder / "keys",
        language="en+ja",
        provisional=True,
    )
    assert provisional.final_value is None and provisional.outstanding == ("Co",)
    verified = verify_file(provisional_out, keys_folder=folder / "keys")
    assert verified.verdict is Verdict.VALID
    assert f"PROVISIONAL settlement statement of lot {LOT}" in verified.message
    assert "not final: Co outstanding; no final value" in verified.message
    payload = read_document(provisional_out.read_bytes())
    assert payload is not None and payload["provisional"] is True
    assert payload["outstanding"] == ["Co"] and payload["final_value"] is None
    text = pdf_text(provisional_out)
    assert "Provisional settlement statement" in text and "暫定精算明細書" in text
    assert "PROVISIONAL, NOT FINAL: Co outstanding" in " ".join(text.split())
    umpire = own["Co"] * 1.02  # between the parties: the umpire's value settles it
    record_assay(ctx, tech, LOT, "Co", AssaySource.UMPIRE, umpire, "Umpire lab")
    confirm_assay(ctx, qa, LOT, "Co", AssaySource.UMPIRE)

    with pytest.raises(LabappError, match="every element is settled, so the statement is final"):
        issue_statement(
            ctx,
            qa,
            LOT,
            folder / "terms.toml",
            provisional_out,
            password=QA_PASSWORD,
            key_passphrase=passphrase,
            keys_folder=folder / "keys",
            provisional=True,
        )
    issued = issue_statement(
        ctx,
        qa,
        LOT,
        folder / "terms.toml",
        out,
        password=QA_PASSWORD,
        key_passphrase=passphrase,
        keys_folder=folder / "keys",
        language="en+ja",
    )
    report = compute_settlement(ctx, LOT, folder / "terms.toml")
    mass, (ni, co) = report.settlement.mass, report.settlement.lines
    expected = mass.dry_t * ((own["Ni"] + 0.10) * 120.0 + umpire * 0.70 * 15 / 0.45359237 * 10)
    assert issued.final_value == pytest.approx(expected, rel=1e-9)
    verified = verify_file(out, keys_folder=folder / "keys")
    assert verified.verdict is Verdict.VALID
    assert (
        f"settlement statement of lot {LOT} under contract BM-2026-117 (final value {expected:,.2f} USD"
        in (verified.message)
    )
    payload = read_document(out.read_bytes())
    assert payload is not None and payload["document"] == SETTLEMENT_STATEMENT
    assert (
        payload["final_value"] == pytest.approx(expected) and payload["elements"][1]["outcome"] == "umpired"
    )
    assert payload["provisional"] is False and payload["outstanding"] == []
    text = pdf_text(out)
    assert "精算明細書" in text and "Final settlement value" in text and f"{expected:,.2f}" in text
    with ctx.read_session() as session:
        first, row = session.scalars(select(SettlementStatement).order_by(SettlementStatement.id)).all()
        assert first.final_value is None and first.pdf_sha256 == provisional.pdf_sha256
        assert (row.terms_text, row.pdf_sha256) == (TERMS, issued.pdf_sha256)
        kinds = session.scalars(
            select(AuditEvent.entity_type).where(
                AuditEvent.entity_type.in_(("settlement_assays", "settlement_statements"))
            )
        ).all()
    assert kinds.count("settlement_statements") == 2 and kinds.count("settlement_assays") >= 6


def test_cli_prints_the_statement_in_japanese(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(folder / "labapp.sqlite")
    code = main(
        ["--db", db, "settlement", "--lot", LOT, "--prices", str(folder / "terms.toml"), "--language", "ja"]
    )
    out = capsys.readouterr().out
    assert (
        code == 0
        and out.startswith("精算明細書")
        and "最終精算金額" in out
        and "スプリッティングリミット" in out
    )
    code = main(
        ["--db", db, "settlement", "--lot", LOT, "--prices", str(folder / "terms.toml"), "--format", "json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and [e["element"] for e in data["elements"]] == ["Ni", "Co"]


def test_cli_bad_terms_file_is_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = folder / "bad.toml"
    bad.write_text(TERMS.replace("price = 16000", 'price = "a lot"'), encoding="utf-8")
    code = main(["--db", str(folder / "labapp.sqlite"), "settlement", "--lot", LOT, "--prices", str(bad)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err
    assert err.endswith("bad.toml:16: [payable.Ni] price: give a number, not 'a lot'")


def test_cli_issues_the_signed_statement(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs after the exchange test above (the lot's settlement is final by then)."""
    monkeypatch.setenv("LABAPP_PASSWORD", QA_PASSWORD)
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", certification_demo.SIGNER_PASSPHRASE)
    out = folder / "cli-statement.pdf"
    argv = [
        "--db",
        str(folder / "labapp.sqlite"),
        "settlement",
        "statement",
        "--lot",
        LOT,
        "--prices",
        str(folder / "terms.toml"),
        "--out",
        str(out),
        "--user",
        "qa",
        "--keys-dir",
        str(folder / "keys"),
        "--language",
        "ja",
    ]
    code = main(argv)
    printed = capsys.readouterr().out
    assert code == 0 and str(out) in printed
    assert verify_file(out, keys_folder=folder / "keys").verdict is Verdict.VALID
    assert "最終精算金額" in pdf_text(out)
