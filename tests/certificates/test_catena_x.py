"""The Catena-X CertificateOfAnalysis export (io.catenax.certificate_of_analysis 2.0.0, CX-0165): valid
against the published aspect schema, every field a buyer's system reads mapped from the signed twin,
the signed PDF attached, U, k, coverage and basis in the labapp:extension object."""

from __future__ import annotations

import base64
import copy
import hashlib
import json

import jsonschema
import pytest

from labapp.certificates.catena_x import (
    EXTENSION_KEY,
    EXTENSION_NAMESPACE,
    TradeParties,
    certificate_of_analysis,
)
from labapp.certificates.issue import IssuedCertificate
from labapp.certificates.model import ConformityOutcome, canonical_json, load_twin
from labapp.core.errors import LabappError

PARTIES = TradeParties("BPNL000000000001", "BPNL00000000000C", "SO-1", "PO-7781", "BM-NCM", "RAW-77")


@pytest.fixture(scope="module")
def signed(issued: dict[str, IssuedCertificate]) -> IssuedCertificate:
    return issued["en+ja"]


@pytest.fixture(scope="module")
def aspect(signed: IssuedCertificate) -> dict:
    return certificate_of_analysis(load_twin(signed.twin), signed.pdf, PARTIES)


def _validator(schema: dict) -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _by_name(aspect: dict) -> dict[str, dict]:
    return {p["name"]: p for p in aspect["materialProperties"]}


def test_export_validates_against_the_published_aspect_schema(aspect: dict, catenax_schema: dict) -> None:
    jsonschema.Draft4Validator.check_schema(catenax_schema)
    assert [e.message for e in _validator(catenax_schema).iter_errors(aspect)] == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("supplier",), "BPNL1"),
        (("certificateMetaData", "issueDate"), "20 Nov 2026"),
        (("materialProperties", 0, "dataType"), "decimal"),
        (("binaryDocument", "documentLanguage"), None),
    ],
)
def test_the_schema_check_catches_a_broken_export(aspect: dict, catenax_schema: dict, path, value) -> None:
    """The validation above can fail: a mangled field of the same export is caught."""
    broken = copy.deepcopy(aspect)
    target = broken
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    assert list(_validator(catenax_schema).iter_errors(broken))


def test_parties_order_and_part_ids_are_where_a_buyer_reads_them(aspect: dict) -> None:
    assert (aspect["supplier"], aspect["customer"]) == ("BPNL000000000001", "BPNL00000000000C")
    meta = aspect["certificateMetaData"]
    assert meta == {
        "issueDate": "2026-11-20T09:30:00+00:00",
        "isConformWithSpecification": True,
        "supplierOrderId": "SO-1",
        "customerOrderId": "PO-7781",
    }
    assert aspect["productTypeInformation"] == {
        "nameAtManufacturer": "Black mass (NCM (mixed 523/622))",
        "manufacturerPartId": "BM-NCM",
        "customerPartId": "RAW-77",
    }
    instance = aspect["productInstanceInformation"]
    assert {"key": "batchId", "value": "LOT-2026-0815"} in instance["localIdentifiers"]
    assert {"key": "manufacturerId", "value": "BPNL000000000001"} in instance["localIdentifiers"]
    assert instance["manufacturingInformation"] == {"productionDate": "2026-11-12"}  # sampled on


def test_results_carry_values_units_and_the_graded_tiers_limits(aspect: dict) -> None:
    props = _by_name(aspect)
    ni = props["Ni"]
    assert (ni["value"], ni["dataType"], ni["unit"]) == ("21.43", "xsd:decimal", "unit:percentWeight")
    assert ni["method"] == [{"methodDescription": "ICP-OES, M-ICP-01"}]
    assert "upperLimit" not in ni and "lowerLimit" not in ni  # tier NCM-B limits Ni only through Ni+Co
    assert props["Li"]["lowerLimit"] == "3.5" and props["Cu"]["upperLimit"] == "2"
    assert props["Ni+Co"]["value"] == "28.55" and props["Ni+Co"]["lowerLimit"] == "25"
    # a limit stated in wt% on a result in mg/kg is converted: Pb <= 0.02 wt% = 200 mg/kg
    pb = props["Pb"]
    assert (pb["value"], pb["dataType"], pb["unit"], pb["upperLimit"]) == (
        "< 20",
        "xsd:string",
        "unit:milligramPerKilogram",
        "200",
    )
    assert props["moisture"]["upperLimit"] == "5" and props["moisture"]["value"] == "3.81"
    assert "Si" not in props  # excluded: not part of what the statement of conformity covers


def test_the_signed_pdf_is_attached_byte_for_byte(aspect: dict, signed: IssuedCertificate) -> None:
    document = aspect["binaryDocument"]
    assert base64.b64decode(document["payload"]) == signed.pdf
    assert (document["mimeType"], document["documentLanguage"]) == ("application/pdf", "en")


def test_extension_carries_u_k_coverage_and_basis(aspect: dict, signed: IssuedCertificate) -> None:
    extension = aspect[EXTENSION_KEY]
    assert extension["namespace"] == EXTENSION_NAMESPACE
    props = {p["name"]: p for p in extension["properties"]}
    assert props["Ni"] == {
        "name": "Ni",
        "expandedUncertainty": 0.62,
        "coverageFactor": 2.0,
        "coverageProbability": 0.95,
        "basis": "dry",
        "censored": "",
        "unit": "wt%",
        "ucum": "%",
        "loq": 0.01,
        "status": "reported",
    }
    assert props["Pb"]["censored"] == "<" and props["Pb"]["expandedUncertainty"] is None
    assert props["moisture"]["basis"] == "as_received" and props["moisture"]["expandedUncertainty"] == 0.12
    assert props["Ni+Co"]["uncertaintyBasis"] == "correlated"
    assert {p["name"] for p in aspect["materialProperties"]} == set(props)  # one entry per property
    certificate = extension["certificate"]
    assert certificate["twinSha256"] == signed.twin_sha256
    assert certificate["pdfSha256"] == hashlib.sha256(signed.pdf).hexdigest()
    assert extension["criteria"]["tier"] == "NCM-B"
    pb = next(c for c in extension["containedMetal"] if c["analyte"] == "Pb")
    assert (pb["massKg"], pb["censored"]) == (0.38, "<")


@pytest.mark.parametrize(
    ("outcome", "conforms"),
    [
        (ConformityOutcome.PASS, True),
        (ConformityOutcome.CONDITIONAL_PASS, True),  # measured value inside the limit (ILAC-G8)
        (ConformityOutcome.CONDITIONAL_FAIL, False),  # measured value outside
        (ConformityOutcome.FAIL, False),
        (ConformityOutcome.OFF_SPEC, False),
    ],
)
def test_is_conform_follows_the_measured_value_against_the_limit(
    signed: IssuedCertificate, outcome: ConformityOutcome, conforms: bool
) -> None:
    data = load_twin(signed.twin)
    data.conformity.outcome = outcome
    aspect = certificate_of_analysis(data, signed.pdf, PARTIES)
    assert aspect["certificateMetaData"]["isConformWithSpecification"] is conforms


def test_no_statement_of_conformity_leaves_the_flag_out(signed: IssuedCertificate) -> None:
    data = load_twin(signed.twin)
    data.conformity = None
    aspect = certificate_of_analysis(data, signed.pdf, PARTIES)
    assert "isConformWithSpecification" not in aspect["certificateMetaData"]
    assert not any("upperLimit" in p or "lowerLimit" in p for p in aspect["materialProperties"])


def test_export_is_built_from_the_twin_only(signed: IssuedCertificate) -> None:
    """Same twin, same export: the payload is a pure function of the signed data and the parties."""
    first = certificate_of_analysis(load_twin(signed.twin), signed.pdf, PARTIES)
    again = certificate_of_analysis(load_twin(canonical_json(load_twin(signed.twin))), signed.pdf, PARTIES)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


@pytest.mark.parametrize("bpnl", ["BPNL1", "BPNS000000000001", "", "BPNL0000000000012"])
def test_a_bad_business_partner_number_is_refused(signed: IssuedCertificate, bpnl: str) -> None:
    with pytest.raises(LabappError, match="not a Catena-X business partner number"):
        certificate_of_analysis(load_twin(signed.twin), signed.pdf, TradeParties(bpnl, "BPNL00000000000C"))
