"""The data model, its canonical JSON twin, the published schema and the QR payload."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest

from labapp.certificates.model import (
    OPTIONAL_LOT_FIELDS,
    OPTIONAL_RESULT_FIELDS,
    AuditCheckpoint,
    CertificateData,
    canonical_json,
    load_twin,
    parse_qr_payload,
    qr_payload,
    twin_sha256,
)
from labapp.core.errors import LabappError

from .helpers import REPO_ROOT, example_data
from .schema_check import errors

SCHEMA = json.loads((REPO_ROOT / "docs" / "certificate-schema.json").read_text(encoding="utf-8"))


def test_twin_round_trips_and_is_canonical() -> None:
    data = example_data("en+ja")
    twin = canonical_json(data)
    assert load_twin(twin) == data
    text = twin.decode("utf-8")
    assert text.startswith('{"certificate":{"issued_at":')  # keys sorted, no whitespace after separators
    assert "東北電池リサイクル株式会社" in text  # UTF-8, not \\u escapes
    # sorted keys at every level: re-serialising with sort_keys gives the same bytes
    assert json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False) == text


def test_twin_sha256_is_the_plain_sha256_of_the_file_bytes() -> None:
    twin = canonical_json(example_data())
    assert twin_sha256(twin) == hashlib.sha256(twin).hexdigest()
    assert (
        twin_sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )  # FIPS 180-2 B.1


def test_twin_changes_hash_when_one_digit_changes() -> None:
    data = example_data()
    before = twin_sha256(canonical_json(data))
    data.results[0].value = 21.44
    assert twin_sha256(canonical_json(data)) != before


def test_example_twin_validates_against_published_schema() -> None:
    for language in ("en", "ja", "en+ja"):
        assert errors(json.loads(canonical_json(example_data(language))), SCHEMA) == []


def test_schema_checker_rejects_what_the_schema_forbids() -> None:
    payload = json.loads(canonical_json(example_data()))
    payload["results"][0]["unit"] = "ppm"
    payload["results"][1]["status"] = "deleted"
    payload["lot"]["colour"] = "black"
    del payload["dates"]["received_on"]
    found = " | ".join(errors(payload, SCHEMA))
    assert "results[0].unit" in found and "results[1].status" in found
    assert "unexpected colour" in found and "missing received_on" in found


def test_schema_and_model_have_the_same_fields() -> None:
    definitions = SCHEMA["$defs"]
    data = example_data().to_dict()
    # written only when set: "ja" (Japanese texts), "amendment" (revision 1 on), "methods" (method
    # titles), "audit_checkpoint" (every issue from the application has one)
    assert "audit_checkpoint" not in data
    assert set(SCHEMA["properties"]) == set(data) | {"ja", "amendment", "methods", "audit_checkpoint"}
    checkpoint_fields = {f.name for f in dataclasses.fields(AuditCheckpoint)}
    assert set(definitions["audit_checkpoint"]["properties"]) == checkpoint_fields
    assert set(definitions["audit_checkpoint"]["required"]) == checkpoint_fields
    # the sampling fields are written only when the [sampling] option set them
    assert set(definitions["result"]["properties"]) == set(data["results"][0]) | set(OPTIONAL_RESULT_FIELDS)
    assert set(definitions["lot"]["properties"]) == set(data["lot"]) | set(OPTIONAL_LOT_FIELDS)
    assert set(definitions["signature"]["properties"]) == set(data["signatures"][0])
    assert set(definitions["masses"]["properties"]) == set(data["masses"])


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("results", 0, "status"), "deleted", "status must be one of"),
        (("results", 5, "note"), None, "overridden needs a reason"),
        (("results", 12, "loq"), None, "needs the LOQ"),
        (("results", 0, "value"), None, "value missing"),
        (("certificate", "number"), "BM 42;rev=9", "must be letters"),
        (("dates", "received_on"), "12/11/2026", "not an ISO 8601"),
        (("signatures", 0, "meaning"), "witness", "meaning not in"),
    ],
)
def test_invalid_data_is_refused_with_the_field_named(path: tuple, value: object, message: str) -> None:
    payload = example_data().to_dict()
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(LabappError, match=message):
        CertificateData.from_dict(payload)


def test_unknown_and_missing_fields_are_refused() -> None:
    payload = example_data().to_dict()
    payload["lot"]["colour"] = "black"
    with pytest.raises(LabappError, match="unknown field.*colour"):
        CertificateData.from_dict(payload)
    payload = example_data().to_dict()
    del payload["client"]["name"]
    with pytest.raises(LabappError, match="missing field.*name"):
        CertificateData.from_dict(payload)


def test_qr_payload_round_trip() -> None:
    sha = hashlib.sha256(b"twin").hexdigest()
    payload = qr_payload("BM-2026-00042", 3, sha)
    assert payload == f"LABAPP-COA/1;no=BM-2026-00042;rev=3;sha256={sha}"
    assert parse_qr_payload(payload) == ("BM-2026-00042", 3, sha)


@pytest.mark.parametrize(
    "payload",
    [
        "https://example.org/coa/42",
        "LABAPP-COA/1;no=BM-1;rev=1",
        "LABAPP-COA/1;no=BM-1;rev=x;sha256=" + "0" * 64,
        "LABAPP-COA/1;no=BM-1;rev=1;sha256=" + "0" * 63,
    ],
)
def test_qr_payload_parser_rejects_foreign_or_truncated_codes(payload: str) -> None:
    with pytest.raises(LabappError):
        parse_qr_payload(payload)


def test_a_twin_with_its_audit_checkpoint_passes_the_schema_and_reads_back() -> None:
    data = example_data()
    data.audit_checkpoint = AuditCheckpoint(
        "sqlite:/srv/lab/labapp.sqlite",
        "a" * 64,
        4711,
        "b" * 64,
        "2026-12-04T07:00:00Z",
        "certificate",
        "v1:0123456789abcdef:" + "c" * 64,
    )
    twin = canonical_json(data)
    payload = json.loads(twin)
    assert errors(payload, SCHEMA) == []
    assert load_twin(twin).audit_checkpoint == data.audit_checkpoint
    payload["audit_checkpoint"]["seal"] = "forged"
    assert errors(payload, SCHEMA) == [
        "$.audit_checkpoint.seal: 'forged' does not match ^v1:[0-9a-f]{16}:[0-9a-f]{64}$"
    ]
