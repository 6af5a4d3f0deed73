"""The certificate's results table names a panel analyte, not only its symbol (issue 21): under F_ws
"water-soluble fluoride" / 水溶性フッ化物, under F "total fluorine" / 全フッ素."""

from __future__ import annotations

import copy
from pathlib import Path

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import Result

from .helpers import example_data, run_tool


def _text(language: str, tmp_path: Path) -> str:
    data = example_data(language)
    data.results = [
        *data.results,
        Result("F_ws", 0.12, "wt%", "ISE, fluoride-ws-ise v1.0", u_expanded=0.011, k=2.1),
        Result("F", 0.24, "wt%", "ISE, fluoride-total-ise v1.0", u_expanded=0.025, k=2.0),
        Result("C", 31.4, "wt%", "COMB-IR, carbon-combustion v1.0", u_expanded=0.9, k=2.0),
    ]
    pdf = tmp_path / f"{language}.pdf"
    pdf.write_bytes(render_certificate(copy.deepcopy(data), "0123456789" * 6 + "0123").pdf)
    result = run_tool("pdftotext", "-raw", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return "".join(result.stdout.split())  # a wrapped cell reads back whole


def test_panel_analytes_print_their_names_in_each_language(tmp_path: Path) -> None:
    # the symbol first (what a machine reading the table keys on), then the name in each language
    english = _text("en", tmp_path)
    assert "F_wswater-solublefluoride0.120" in english and "Ftotalfluorine0.240" in english
    assert "Ccarbon31.4" in english
    japanese = _text("ja", tmp_path)
    assert "F_ws水溶性フッ化物0.120" in japanese and "F全フッ素0.240" in japanese
    both = _text("en+ja", tmp_path)
    assert "F_wswater-solublefluoride水溶性フッ化物0.120" in both and "Ccarbon炭素31.4" in both
