"""The demo's certificates as data: every JSON twin valid against docs/certificate-schema.json, its
sums and contained metal exactly as the grading computed them (a result below its LOQ is a bound,
never 0 kg), the criteria set's limits as frozen; `labapp verify FILE.json` against the database;
`labapp certificates export --format catena-x` valid against the published Catena-X schema."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import jsonschema
import pytest
from demo_builds import copy_demo
from sqlalchemy import select
from test_certification_grading import JPEU, NCM_A, TODAY, assay, stored

from labapp.certificates import model as cm
from labapp.certificates.formatting import format_result
from labapp.certificates.units import ucum
from labapp.cli import main
from labapp.core.analytes import convert
from labapp.core.grading import grade_lot
from labapp.core.uncertainty.reporting import round_limit
from labapp.demo.build import DemoReport
from labapp.services.administration.authentication import authenticate
from labapp.services.certification import sections as graded
from labapp.services.certification.issuing import list_certificates, retract_certificate
from labapp.services.context import ServiceContext
from labapp.services.grading.grade import current_grading
from labapp.store.gradings import CriteriaSetRecord

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO_ROOT / "docs" / "certificate-schema.json").read_text(encoding="utf-8"))
SUPPLIER, CUSTOMER = "BPNL000000000001", "BPNL00000000000C"
QA_PASSWORD = "Hinshitsu-Demo-2026"  # the demo's QA manager


def test_a_censored_contained_metal_is_a_bound_and_without_results_left_out() -> None:
    """The grading counts Mn < 0.05 wt% as 0 in its contained figure; the certificate never prints that 0."""
    g = stored(grade_lot(JPEU, assay(**{**NCM_A, "Mn": "<0.05"}), on_date=TODAY))
    mn_figure = next(f for f in g.commercial["contained"] if f["name"] == "Mn")
    assert mn_figure["value"] == 0.0  # what the grading stored
    assert "Mn" not in [m.analyte for m in graded.contained_metal(g)]
    mn = cm.Result("Mn", None, "wt%", "ICP-OES", censored="<", loq=0.05)
    bound = next(m for m in graded.contained_metal(g, [mn]) if m.analyte == "Mn")
    assert (bound.mass_kg, bound.censored, bound.u_kg) == (10.0, "<", None)  # 0.05 % of 20 t dry
    ni = next(m for m in graded.contained_metal(g, [mn]) if m.analyte == "Ni")
    assert ni.mass_kg == pytest.approx(20_000 * 0.28, rel=0.01) and ni.u_kg > 0


def test_sums_are_the_graded_rows_rounded_as_printed() -> None:
    g = stored(grade_lot(JPEU, assay(**NCM_A), on_date=TODAY))
    sums = {s.quantity: s for s in graded.sums(g, [cm.Result("Mn", 5.0, "wt%", "ICP-OES")])}
    row = next(c for t in g.result["tiers"] for c in t["criteria"] if c["quantity"] == "Ni+Co")
    value, u = format_result(row["value"], row["expanded_uncertainty"])
    assert (sums["Ni+Co"].value, sums["Ni+Co"].u_expanded) == (float(value), float(u))
    assert sums["Ni+Co"].text == row["value_text"] and sums["Ni+Co"].terms == ["Ni", "Co"]
    assert sums["Ni+Co+Mn"].value == pytest.approx(42.0, abs=0.5)  # the commercial figure
    censored_mn = [cm.Result("Mn", None, "wt%", "ICP-OES", censored="<", loq=0.05)]
    assert "Ni+Co+Mn" not in {s.quantity for s in graded.sums(g, censored_mn)}


@pytest.fixture(scope="module")
def demo(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(demo_build, tmp_path_factory.mktemp("exchange") / "demo").out_dir


@pytest.fixture(scope="module")
def ctx(demo: Path):
    context = ServiceContext(str(demo / "labapp.sqlite"))
    yield context
    context.close()


@pytest.fixture(scope="module")
def twins(demo: Path) -> dict[str, dict]:
    return {
        p.stem.split("_rev")[0]: json.loads(p.read_bytes()) for p in (demo / "certificates").glob("*.json")
    }


def test_every_demo_twin_is_valid_against_the_published_schema(twins: dict[str, dict]) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert len(twins) == 14
    for number, twin in twins.items():
        assert [e.message for e in validator.iter_errors(twin)] == [], number
        assert twin["schema_version"] == "1.1"
        assert all(r["ucum"] == ucum(r["unit"]) for r in twin["results"])


def test_sums_are_the_gradings_own_figures(ctx: ServiceContext, twins: dict[str, dict]) -> None:
    compared = 0
    for record in list_certificates(ctx):
        grading = current_grading(ctx, record.lot_code)
        rows = {
            c["quantity"]: c for t in grading.result["tiers"] for c in t["criteria"] if "+" in c["quantity"]
        }
        for total in twins[record.number].get("sums", []):
            if total["quantity"] not in rows:
                continue  # a commercial figure (Ni+Co+Mn)
            row = rows[total["quantity"]]
            assert total["text"] == row["value_text"]
            assert total["uncertainty_basis"] == row["uncertainty_basis"]
            if row["value"] is not None:
                value, u = format_result(row["value"], row["expanded_uncertainty"])
                assert (total["value"], total["u_expanded"]) == (float(value), float(u))
                compared += 1
    assert compared >= 10  # Ni+Co and Cu+Al of most lots


def test_contained_metal_of_a_censored_result_is_a_bound_never_zero(
    ctx: ServiceContext, twins: dict[str, dict]
) -> None:
    bounds = absent = 0
    for record in list_certificates(ctx):
        twin = twins[record.number]
        dry_t = current_grading(ctx, record.lot_code).commercial["net_dry_mass_t"]
        censored = {r["analyte"]: r for r in twin["results"] if r.get("censored") == "<"}
        for item in twin["contained_metal"]:
            assert item["mass_kg"] > 0
            if item["analyte"] in censored and item["expressed_as"] == item["analyte"]:
                result = censored[item["analyte"]]
                # the result's printed bound: its LOD when not detected (issue 17), else its LOQ
                limit = result["lod"] if result["status"] == "not_detected" else result["loq"]
                absent += result["status"] == "not_detected"
                expected = round_limit(convert(limit, result["unit"], "wt%") / 100 * dry_t * 1000)
                assert (item["censored"], item["mass_kg"]) == ("<", float(expected))
                assert "u_kg" not in item
                bounds += 1
            else:
                assert item.get("censored", "") == "" and item["u_kg"] > 0
    assert bounds >= 3 and absent >= 2  # the LCO lot's Mn, the LFP lots' Ni and Co (BM26-0007's not detected)


def test_twin_carries_the_frozen_sets_limits(ctx: ServiceContext, twins: dict[str, dict]) -> None:
    twin = next(iter(twins.values()))
    with ctx.read_session() as session:
        content = json.loads(
            session.scalar(
                select(CriteriaSetRecord.content_json).where(
                    CriteriaSetRecord.set_id == twin["criteria"]["id"]
                )
            )
        )
    stated = [
        (t["id"], lim["quantity"], lim["side"], lim["value"]) for t in content["tiers"] for lim in t["limits"]
    ]
    limits = twin["criteria"]["limits"]
    side = {"<=": "max", ">=": "min"}
    assert [(x["tier"], x["analyte"], side[x["comparison"]], x["limit"]) for x in limits] == stated
    moisture = next(x for x in limits if x["analyte"] == "moisture")
    assert (moisture["basis"], moisture["ucum"]) == ("as_received", "%")
    assert twin["conformity"]["tier"] in {x["tier"] for x in limits}


def test_identifiers_name_the_lab_lot_and_revision(ctx: ServiceContext, twins: dict[str, dict]) -> None:
    record = list_certificates(ctx)[0]
    ids = twins[record.number]["identifiers"]
    assert ids["laboratory"] == "urn:labapp:lab:labapp-demo-assay-laboratory"
    assert ids["lot"] == f"{ids['laboratory']}:lot:{record.lot_code}"
    assert ids["certificate"] == f"{ids['laboratory']}:certificate:{record.number}:rev:0"


def test_verify_a_twin_against_the_database(demo: Path, ctx: ServiceContext, tmp_path: Path, capsys) -> None:
    number = list_certificates(ctx)[1].number
    twin = demo / "certificates" / f"{number}_rev0.json"
    base = ["--db", str(demo / "labapp.sqlite"), "verify"]
    assert main([*base, str(twin)]) == 0
    out = capsys.readouterr().out
    assert "byte-identical to the JSON twin signed inside the stored signed PDF" in out
    assert "currency: current" in out
    payload = json.loads(twin.read_bytes())
    payload["results"][0]["value"] = round(payload["results"][0]["value"] * 1.5, 3)
    forged = tmp_path / twin.name
    forged.write_text(json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    assert main([*base, str(forged)]) == 8
    assert "content differs at results[0].value" in capsys.readouterr().out


def test_export_catena_x_writes_a_valid_aspect_with_the_signed_pdf(
    demo: Path, ctx: ServiceContext, tmp_path: Path, catenax_schema: dict, capsys
) -> None:
    record = list_certificates(ctx)[5]  # the LCO lot: Mn below its LOQ
    out = tmp_path / "coa.json"
    args = [
        "--db",
        str(demo / "labapp.sqlite"),
        "certificates",
        "export",
        "--format",
        "catena-x",
        record.number,
        "--supplier-bpnl",
        SUPPLIER,
        "--customer-bpnl",
        CUSTOMER,
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert f"{out}: Catena-X CertificateOfAnalysis 2.0.0" in capsys.readouterr().out
    aspect = json.loads(out.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(catenax_schema)
    assert [e.message for e in validator.iter_errors(aspect)] == []
    pdf = (demo / "certificates" / f"{record.number}_rev0.pdf").read_bytes()
    assert base64.b64decode(aspect["binaryDocument"]["payload"]) == pdf
    mn = next(p for p in aspect["materialProperties"] if p["name"] == "Mn")
    assert mn["value"].startswith("< ") and mn["dataType"] == "xsd:string"


def test_export_refuses_what_it_cannot_state(demo: Path, ctx: ServiceContext, tmp_path: Path, capsys) -> None:
    number = list_certificates(ctx)[0].number
    base = ["--db", str(demo / "labapp.sqlite"), "certificates", "export", "--format", "catena-x"]
    out = tmp_path / "x.json"
    assert (
        main([*base, number, "--supplier-bpnl", "BPNL1", "--customer-bpnl", CUSTOMER, "--out", str(out)]) == 2
    )
    assert "supplier BPNL 'BPNL1' is not a Catena-X business partner number" in capsys.readouterr().err
    assert main([*base, "LA-1999-000001", "--supplier-bpnl", SUPPLIER, "--customer-bpnl", CUSTOMER]) == 2
    assert "no certificate LA-1999-000001" in capsys.readouterr().err
    assert (
        main([*base, number, "--revision", "3", "--supplier-bpnl", SUPPLIER, "--customer-bpnl", CUSTOMER])
        == 2
    )
    assert not out.exists()


def test_a_retracted_certificate_is_not_exported(demo: Path, ctx: ServiceContext, capsys) -> None:
    """Last in the module: it retracts the demo's last certificate."""
    number = list_certificates(ctx)[-1].number
    qa = authenticate(ctx, "qa", QA_PASSWORD, purpose="signature")
    retract_certificate(ctx, qa, number, "wrong sample analysed", password=QA_PASSWORD)
    args = [
        "--db",
        str(demo / "labapp.sqlite"),
        "certificates",
        "export",
        "--format",
        "catena-x",
        number,
        "--supplier-bpnl",
        SUPPLIER,
        "--customer-bpnl",
        CUSTOMER,
    ]
    assert main(args) == 2
    assert f"certificate {number} rev 0 is retracted: only a current certificate is exported" in (
        capsys.readouterr().err
    )
    twin = demo / "certificates" / f"{number}_rev0.json"  # still the signed bytes, of a retracted certificate
    assert main(["--db", str(demo / "labapp.sqlite"), "verify", str(twin)]) == 7
    out = capsys.readouterr().out
    assert "byte-identical" in out and "but the certificate is retracted: wrong sample analysed" in out
