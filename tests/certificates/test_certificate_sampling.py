"""The lot's U including sampling: a separate line under the result, in English and Japanese, and a
field of the JSON twin that round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import canonical_json, load_twin, twin_sha256

from .helpers import example_data, run_tool


def _with_sampling(language: str):
    data = example_data(language)
    first = next(r for r in data.results if r.value is not None and r.u_expanded is not None)
    first.u_with_sampling, first.k_with_sampling = 0.97, 2.09
    return data, first


@pytest.mark.parametrize(("lang", "words"), [("en", "U of the lot including sampling"),
                                             ("ja", "サンプリングを含むロットの U")])
def test_sampling_line_is_printed(tmp_path: Path, lang: str, words: str) -> None:
    data, first = _with_sampling(lang)
    rendered = render_certificate(data, twin_sha256(canonical_json(data)))
    path = tmp_path / "c.pdf"
    path.write_bytes(rendered.pdf)
    text = run_tool("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-").stdout
    flat = " ".join(text.split())
    assert words.replace(" ", "") in flat.replace(" ", "") and "0.97 (k = 2.09)" in flat


def test_twin_round_trips_the_sampling_fields() -> None:
    data, first = _with_sampling("en")
    back = load_twin(canonical_json(data))
    [again] = [r for r in back.results if r.analyte == first.analyte and r.u_with_sampling is not None]
    assert (again.u_with_sampling, again.k_with_sampling) == (0.97, 2.09)
    plain = example_data("en")
    assert all(r.u_with_sampling is None for r in plain.results)


def test_twin_without_sampling_has_no_sampling_keys() -> None:
    twin = canonical_json(example_data("en"))
    assert b"with_sampling" not in twin
    data, _ = _with_sampling("en")
    assert canonical_json(data).count(b'"u_with_sampling":0.97') == 1
