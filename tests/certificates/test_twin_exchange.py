"""The JSON twin as data for machines (schema 1.1): stable identifiers, criteria limits, sums with U,
contained metal with U (a censored result is a "<" bound, never 0 kg), UCUM codes; and `labapp verify`
on a twin file: byte-identical to the twin signed inside its certificate, or says why not."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from labapp.certificates.identifiers import identifiers, laboratory_key
from labapp.certificates.issue import IssuedCertificate
from labapp.certificates.model import (
    CertificateData,
    ContainedMetal,
    canonical_json,
    load_twin,
)
from labapp.certificates.pki import Keystore
from labapp.certificates.sections import _contained_cells
from labapp.certificates.units import samm_unit, ucum
from labapp.certificates.verification import Verdict
from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.services.certification.verify_twin import verify_twin

from .helpers import REPO_ROOT, example_data, run_tool

SCHEMA = json.loads((REPO_ROOT / "docs" / "certificate-schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_published_schema_is_a_valid_json_schema_and_the_example_twin_follows_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for language in ("en", "ja", "en+ja"):
        twin = json.loads(canonical_json(example_data(language)))
        assert [e.message for e in VALIDATOR.iter_errors(twin)] == []
        assert twin["schema_version"] == "1.1"


def test_the_schema_rejects_a_wrong_ucum_code_and_a_contained_metal_without_mass() -> None:
    twin = json.loads(canonical_json(example_data()))
    twin["results"][0]["ucum"] = "wt%"  # not a UCUM code: the printed unit
    del twin["contained_metal"][0]["mass_kg"]
    twin["criteria"]["limits"][0]["comparison"] = "<"
    messages = " | ".join(_messages(VALIDATOR.iter_errors(twin)))
    assert "'wt%' is not one of" in messages and "'mass_kg' is a required property" in messages
    assert "'<' is not one of" in messages


def _messages(errors) -> list[str]:
    """Every message, also those nested under oneOf (criteria is an object or null)."""
    return [m for e in errors for m in (e.message, *_messages(e.context or []))]


def test_a_1_0_twin_still_reads_and_keeps_its_bytes() -> None:
    """1.1 only added fields, written only when set: an old twin's SHA-256 (in its QR code) still holds."""
    payload = example_data().to_dict()
    payload["schema_version"] = "1.0"
    for key in ("identifiers", "sums"):
        del payload[key]
    del payload["criteria"]["limits"], payload["conformity"]["tier"]
    for result in payload["results"]:
        result.pop("ucum", None)
    payload["contained_metal"] = [{"analyte": "Ni", "mass_kg": 4060.9, "expressed_as": "Ni"}]
    old = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    data = load_twin(old)
    assert data.schema_version == "1.0" and data.sums == [] and data.identifiers is None
    assert canonical_json(data) == old
    assert [e.message for e in VALIDATOR.iter_errors(json.loads(old))] == []


def test_twin_carries_the_limits_sums_contained_u_and_identifiers() -> None:
    data = example_data()
    limits = {(lim.analyte, lim.comparison): lim for lim in data.criteria.limits}
    assert limits[("Ni+Co", ">=")].limit == 25.0 and limits[("Ni+Co", ">=")].ucum == "%"
    assert limits[("moisture", "<=")].basis == "as_received"
    assert limits[("particle_size", "<=")].basis is None and limits[("particle_size", "<=")].ucum == "mm"
    nico = next(s for s in data.sums if s.quantity == "Ni+Co")
    assert (nico.value, nico.u_expanded, nico.uncertainty_basis) == (28.55, 0.7, "correlated")
    ni = data.contained_metal[0]
    assert (ni.mass_kg, ni.u_kg, ni.censored) == (4060.0, 120.0, "")
    assert data.identifiers.certificate.endswith(":certificate:BM-2026-00042:rev:1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: setattr(d.results[0], "ucum", "mg/kg"), r"ucum is not %"),
        (lambda d: setattr(d.contained_metal[0], "mass_kg", 0.0), "mass_kg must be > 0"),
        (lambda d: setattr(d.contained_metal[0], "censored", "~"), "censored must be"),
        (lambda d: setattr(d.criteria.limits[0], "comparison", "<"), "comparison must be one of"),
        (lambda d: setattr(d.sums[0], "ucum", "g/kg"), r"sums \(Ni\+Co\): ucum"),
    ],
)
def test_invalid_exchange_fields_are_refused(change, message: str) -> None:
    data = example_data()
    change(data)
    with pytest.raises(LabappError, match=message):
        data.validate()


@pytest.mark.parametrize(
    ("unit", "code", "samm"),
    [
        ("wt%", "%", "unit:percentWeight"),
        ("mg/kg", "mg/kg", "unit:milligramPerKilogram"),
        ("g/kg", "g/kg", "unit:mille"),
        ("kg", "kg", "unit:kilogram"),
        ("mm", "mm", "unit:millimetre"),
    ],
)
def test_units_have_one_ucum_and_one_samm_code(unit: str, code: str, samm: str) -> None:
    assert (ucum(unit), samm_unit(unit)) == (code, samm)


def test_a_unit_without_a_code_is_refused() -> None:
    with pytest.raises(LabappError, match="'furlong' has no UCUM"):
        ucum("furlong")


def test_identifiers_are_urns_scoped_by_the_laboratory() -> None:
    ids = identifiers("Tōhoku Assay Lab GmbH & Co. KG", "LOT 7/A", "LA-2026/000001", 2)
    assert ids.laboratory == "urn:labapp:lab:tohoku-assay-lab-gmbh-co-kg"
    assert ids.lot == "urn:labapp:lab:tohoku-assay-lab-gmbh-co-kg:lot:LOT%207%2FA"
    assert ids.certificate == "urn:labapp:lab:tohoku-assay-lab-gmbh-co-kg:certificate:LA-2026%2F000001:rev:2"
    patterns = SCHEMA["$defs"]["identifiers"]["properties"]
    for name, value in (("laboratory", ids.laboratory), ("lot", ids.lot), ("certificate", ids.certificate)):
        assert jsonschema.Draft202012Validator(patterns[name]).is_valid(value)
    japanese = laboratory_key("東北分析センター")
    assert japanese.startswith("h-") and len(japanese) == 18
    assert japanese == laboratory_key("東北分析センター ")
    assert laboratory_key("東北分析センター") != laboratory_key("関西分析センター")


def test_contained_metal_below_the_loq_prints_a_bound_never_zero() -> None:
    assert _contained_cells(ContainedMetal("Mn", 2.6, "Mn", None, "<")) == ["< 2.6 kg", ""]
    assert _contained_cells(ContainedMetal("Ni", 4060.0, "Ni", 120.0)) == ["4060 kg", "± 120 kg"]
    assert _contained_cells(ContainedMetal("Cu", 262.3, "Cu")) == ["262.3 kg", ""]


def test_signed_certificate_prints_contained_u_and_the_bound(
    signed_files: dict[str, Path],
) -> None:
    text = run_tool("pdftotext", "-layout", "-enc", "UTF-8", str(signed_files["en+ja"]), "-").stdout
    section = text[text.index("Contained metal") :]
    section = section[: section.index("Statement of conformity")]
    assert "< 0.38 kg" in section and "± 120 kg" in section  # Pb below its LOQ; Ni with its U
    assert " 0 kg" not in section
    # the legend names both bounds (issue 17: a result not detected is bounded by its LOD)
    assert "定量下限未満（不検出の場合は検出下限未満）" in section and "その限界値 × 正味乾燥質量" in section


# --- labapp verify FILE.json ------------------------------------------------------------------------


@pytest.fixture
def twin_file(issued: dict[str, IssuedCertificate], tmp_path: Path) -> Path:
    path = tmp_path / "BM-2026-00042_rev1.json"
    path.write_bytes(issued["en"].twin)
    return path


def test_a_twin_identical_to_the_signed_one_is_valid(
    twin_file: Path, signed_files: dict[str, Path], keystore: Keystore
) -> None:
    report = verify_twin(twin_file, signed_files["en"], None, keystore.root_pem, use_db=False)
    assert report.verdict is Verdict.VALID
    assert "byte-identical to the JSON twin signed inside" in report.message


def test_a_changed_twin_names_the_changed_field(
    twin_file: Path, signed_files: dict[str, Path], keystore: Keystore
) -> None:
    data: CertificateData = load_twin(twin_file.read_bytes())
    data.results[0].value = 32.15  # x1.5
    twin_file.write_bytes(canonical_json(data))
    report = verify_twin(twin_file, signed_files["en"], None, keystore.root_pem, use_db=False)
    assert report.verdict is Verdict.RECORD_MISMATCH
    assert "content differs at results[0].value" in report.message


def test_a_reformatted_twin_is_not_the_signed_bytes(
    twin_file: Path, signed_files: dict[str, Path], keystore: Keystore
) -> None:
    twin_file.write_text(json.dumps(json.loads(twin_file.read_bytes()), indent=2), encoding="utf-8")
    report = verify_twin(twin_file, signed_files["en"], None, keystore.root_pem, use_db=False)
    assert report.verdict is Verdict.RECORD_MISMATCH and "re-formatted" in report.message


def test_a_twin_against_another_language_certificate_differs(
    twin_file: Path, signed_files: dict[str, Path], keystore: Keystore
) -> None:
    report = verify_twin(twin_file, signed_files["ja"], None, keystore.root_pem, use_db=False)
    assert report.verdict is Verdict.RECORD_MISMATCH and "certificate.language" in report.message


def test_cli_verifies_a_twin_and_refuses_a_file_that_is_neither(
    twin_file: Path, signed_files: dict[str, Path], keystore: Keystore, tmp_path: Path, capsys
) -> None:
    args = ["verify", str(twin_file), "--pdf", str(signed_files["en"]), "--root", str(keystore.root_pem)]
    assert main([*args, "--no-db"]) == 0
    assert capsys.readouterr().out.startswith("VALID: BM-2026-00042_rev1.json is byte-identical")
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    assert main(["verify", str(other), "--no-db"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "notes.txt: not a PDF" in err[0]
    assert main(["verify", str(twin_file), "--no-db"]) == 2  # a twin alone, without PDF or database
    assert "give its certificate with --pdf" in capsys.readouterr().err
    assert main(["verify", str(signed_files["en"]), "--pdf", str(signed_files["en"])]) == 2
