"""Issue 19 item 6 on the demo's signed certificates: ISO/IEC 17025 7.8.2 and 7.8.7 items printed in
English and Japanese, from the lot records the demo manifest fills."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from _certification_support import pdf_text, run_tool
from demo_builds import copy_demo

from labapp.demo.build import DemoReport
from labapp.services.administration.methods import load_methods
from tests.certificates.schema_check import errors


@pytest.fixture(scope="module")
def demo(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("iso17025") / "demo"
    copy_demo(demo_build, out)
    return out


@functools.cache
def _certificate(demo: Path, lot: str) -> tuple[str, str, dict]:
    """(layout text, text in reading order without any whitespace, twin) of the certificate of `lot`;
    the reading order keeps a table cell's or a column's lines together."""
    for twin_path in sorted((demo / "certificates").glob("*_rev0.json")):
        twin = json.loads(twin_path.read_text("utf-8"))
        if twin["lot"]["lot_id"] == lot:  # read each certificate once (pdftotext takes a second)
            pdf = twin_path.with_suffix(".pdf")
            raw = run_tool("pdftotext", "-enc", "UTF-8", str(pdf), "-").stdout
            return pdf_text(pdf), re.sub(r"\s+", "", raw), twin
    raise AssertionError(f"no certificate for {lot}")


def test_every_lot_has_its_own_laboratory_sample_id_printed_beside_the_lot_code(demo) -> None:
    ids = {}
    for n in range(1, 15):
        code = f"BM26-{n:04d}"
        text, _, twin = _certificate(demo, code)
        ids[code] = twin["lot"]["lab_sample_id"]
        assert re.search(rf"Laboratory sample id\s+試験所試料番号\s+{ids[code]}\n", text)
    assert len(set(ids.values())) == 14 and not set(ids.values()) & set(ids)
    assert all(re.fullmatch(r"LS-\d{4}-\d{6}", i) for i in ids.values())


def test_customer_supplied_information_is_marked_with_the_7822_disclaimer(demo) -> None:
    text, dense, twin = _certificate(demo, "BM26-0005")  # the client sampled this lot
    assert twin["lot"]["customer_supplied"] == ["masses", "origin", "identification", "codes", "sampling"]
    assert twin["sampling"]["by_laboratory"] is False
    assert re.search(r"Gross mass\s+総質量\s+[\d.]+ kg †", text)
    assert re.search(r"Origin\s+由来\s+end-of-life batteries †", text)
    assert re.search(r"Sampling location\s+サンプリング場所\s+client's warehouse, Toyama †", text)
    assert "client'splanCP-7:10incrementsperbigbagbyspear†" in dense
    assert not re.search(r"Net dry mass\s+正味乾燥質量\s+[\d.]+ kg †", text)  # the lab's own result
    assert not re.search(r"Condition on receipt.*†", text)  # the lab's own observation
    assert "†Informationsuppliedbythecustomer(ISO/IEC170257.8.2.2)" in dense
    assert "†依頼者から提供された情報（ISO/IEC170257.8.2.2）。本試験所はこの情報に責任を負いません。" in dense
    assert "Thelaboratorydidnotsamplethelot" in dense
    _, dense_lab, twin_lab = _certificate(demo, "BM26-0001")  # sampled by the laboratory
    assert (
        twin_lab["sampling"]["by_laboratory"] is True and "Thelaboratorydidnotsamplethelot" not in dense_lab
    )
    assert "laboratoryreceivingbay,Kitakyushu" in dense_lab


def test_condition_on_receipt_and_deviations_from_the_method(demo) -> None:
    text, dense, twin = _certificate(demo, "BM26-0008")
    assert twin["lot"]["condition"].startswith("dry powder; outer bag torn")
    assert re.search(r"Condition on receipt\s+受領時の状態\s+dry powder; outer bag torn", text)
    _, dense, twin = _certificate(demo, "BM26-0012")
    assert twin["deviations"] == [
        "ICP-OES digest diluted 1+19 instead of 1+9 (Fe above the calibration range at 1+9)"
    ]
    assert "Additions,deviationsandexclusionsfromthemethod/方法からの追加・逸脱・除外" in dense
    assert "•ICP-OESdigestdiluted1+19insteadof1+9" in dense
    _, dense_none, twin_none = _certificate(demo, "BM26-0001")
    assert twin_none["deviations"] == [] and "方法からの追加・逸脱・除外" not in dense_none


def test_methods_are_given_by_title_and_preparation_in_both_languages(demo) -> None:
    method = load_methods()["icp-oes-black-mass"]
    _, dense, twin = _certificate(demo, "BM26-0002")
    info, *others = twin["methods"]  # the main ICP-OES method first, then the trace run's and the panel's
    trace = next(m for m in others if m["id"] == "icp-oes-trace")  # Pb, Cd, Cr (issue 21)
    panel = [m for m in others if m is not trace]
    assert (info["id"], info["title"], info["preparation"]) == (method.id, method.name, method.preparation)
    trace_method = load_methods()["icp-oes-trace"]
    assert (trace["id"], trace["title"]) == (trace_method.id, trace_method.name)
    for m in (method, trace_method):
        for words in (m.name, m.preparation, m.name_ja, m.preparation_ja):
            assert words and re.sub(r"\s+", "", words) in dense
    assert {m["id"] for m in panel} == {"moisture-105c", "fluoride-ws-ise", "carbon-combustion",
                                        "particle-size-sieve", "particle-size-laser",
                                        "fluoride-total-ise", "loss-on-ignition", "acid-insoluble"}
    assert all(m["title"] and m["preparation"] and m["title_ja"] for m in panel)


def test_screens_and_grades_are_marked_as_opinions_and_interpretations(demo) -> None:
    _, dense, _ = _certificate(demo, "BM26-0002")
    assert "Opinionsandinterpretations(ISO/IEC170257.8.7):theregulatoryscreens" in dense
    assert "意見および解釈（ISO/IEC170257.8.7）：規制スクリーニングは" in dense
    assert "Thechemistryfamilyandthegradeareopinionsandinterpretations" in dense
    assert "化学系およびグレードは、判定基準に照らした結果の意見および解釈です" in dense


def test_every_demo_twin_follows_the_published_schema(demo) -> None:
    schema = json.loads((Path(__file__).parents[2] / "docs" / "certificate-schema.json").read_text("utf-8"))
    twins = sorted((demo / "certificates").glob("*_rev0.json"))
    assert len(twins) == 14
    for path in twins:
        assert errors(json.loads(path.read_text("utf-8")), schema) == [], path.name
