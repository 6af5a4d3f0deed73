"""A result not detected prints "< LOD" with its detection limit (issue 17): in English, Japanese and
bilingual certificates, with the LOQ column unchanged, and the twin carries the LOD in `lod`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import CertificateData, ResultStatus, canonical_json, load_twin, twin_sha256
from labapp.core.errors import LabappError

from .helpers import example_data, run_tool


def _not_detected(language: str) -> CertificateData:
    data = example_data(language)
    pb = next(r for r in data.results if r.analyte == "Pb")  # "< 20 mg/kg" in the example
    pb.status, pb.lod = ResultStatus.NOT_DETECTED, 7.5
    return data


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["not detected (< LOD)"]),
        ("ja", ["不検出（検出下限未満）"]),
        ("en+ja", ["not detected (< LOD)", "不検出（検出下限未満）"]),
    ],
)
def test_the_results_table_prints_the_lod_as_the_bound(
    tmp_path: Path, language: str, words: list[str]
) -> None:
    data = _not_detected(language)
    data.validate()
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(data, twin_sha256(canonical_json(data))).pdf)
    text = run_tool("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-").stdout
    row = re.search(r"\n\s*Pb\s+< (\S+)\s+mg/kg\s+(\S+)\s.*", text)
    assert row is not None and row.groups() == ("7.5", "20"), text[:2000]  # bound: the LOD; LOQ column
    assert all(word in text for word in words)


def test_the_twin_carries_the_lod_only_where_a_result_is_not_detected() -> None:
    data = _not_detected("en")
    twin = canonical_json(data)
    assert twin.count(b'"lod":') == 1 and b'"status":"not_detected"' in twin
    parsed = load_twin(twin)
    pb = next(r for r in parsed.results if r.analyte == "Pb")
    assert (pb.status, pb.lod, pb.loq, pb.bound) == (ResultStatus.NOT_DETECTED, 7.5, 20.0, 7.5)
    assert canonical_json(parsed) == twin
    assert b'"lod"' not in canonical_json(example_data("en"))  # older twins keep their bytes


def test_a_result_not_detected_needs_its_lod() -> None:
    data = _not_detected("en")
    next(r for r in data.results if r.analyte == "Pb").lod = None
    with pytest.raises(LabappError, match="not detected is reported as '< LOD' and needs the LOD"):
        data.validate()
