"""Panel analytes' display names (issue 21): one table in English and Japanese, worded by analyte_name."""

from __future__ import annotations

import pytest

from labapp.core.analyte_names import AnalyteName, analyte_name
from labapp.core.analytes import ANALYTE_NAMES_JA, ANALYTES, WORD_NAMED, quantity_label
from labapp.core.panel.spec import PanelMethod
from labapp.services.administration.panel_methods import bundled_panel_methods


@pytest.mark.parametrize(
    ("label", "en", "ja"),
    [
        ("F", "total fluorine (F)", "全フッ素 (F)"),
        ("F_ws", "water-soluble fluoride (F_ws)", "水溶性フッ化物 (F_ws)"),
        ("C", "carbon (C)", "炭素 (C)"),
        ("moisture", "moisture (as received)", "水分（受領時）"),
        ("LOI", "loss on ignition", "強熱減量"),
        ("AIM", "acid-insoluble matter", "酸不溶解分"),
        ("particle_size", "largest particle size", "最大粒径"),
        ("D50", "particle size D50 (volume)", "粒子径 D50（体積基準）"),
        ("Ni", "Ni", "Ni"),  # an element keeps its symbol
        ("Ni+Co", "Ni+Co", "Ni+Co"),
    ],
)
def test_each_analyte_is_worded_in_both_languages(label: str, en: str, ja: str) -> None:
    assert (analyte_name(label), analyte_name(label, "ja")) == (en, ja)


def test_every_analyte_a_panel_method_reports_has_a_name() -> None:
    methods: dict[str, PanelMethod] = bundled_panel_methods()
    reported = {m.analyte for m in methods.values() if m.laser is None}
    reported |= {d for m in methods.values() if m.laser is not None for d in m.laser.reports}
    assert reported <= set(AnalyteName.values()), reported - set(AnalyteName.values())
    assert {"F", "F_ws", "moisture", "particle_size", "C", "LOI", "AIM"} <= reported


def test_the_analyte_tables_take_the_names_from_the_one_vocabulary() -> None:
    for member in AnalyteName:
        assert ANALYTES[member.value][1] == member.label()
        assert ANALYTE_NAMES_JA[member.value] == member.label("ja")
    assert {m.value for m in AnalyteName if m.word_named} == WORD_NAMED
    assert quantity_label("LOI", "ja") == "強熱減量"  # limit sentences keep their short labels
