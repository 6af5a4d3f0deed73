"""The provisional default set cites a standard only for a number it copies verbatim (issue 23):
each limit citing T/CPCIF, Announcement 14/2025 or a Fastmarkets notice equals the value the
encoded standard gives for that class, section or specification; everything else is judgement."""

from __future__ import annotations

from labapp.core.criteria import CriteriaSet, Limit
from labapp.services.grading.criteria_catalog import load_set

_SECTION_BY_NOTE = {"ternary": "ternary", "LFP": "lfp"}
# the encoded set holding what each Fastmarkets source of the provisional set says
_FASTMARKETS = {
    "FMAL": "fastmarkets-bm-cif-korea",
    "FMUS": "fastmarkets-bm-exw-usa",
    "FMMOIST": "fastmarkets-bm-exw-usa",
}


def _value(cs: CriteriaSet, group_id: str | None, lim: Limit) -> float | None:
    groups = [g for g in (*cs.tiers, *cs.sections) if group_id is None or g.id == group_id]
    values = {x.value for g in groups for x in g.limits if x.key == lim.key}
    return values.pop() if len(values) == 1 else None


def test_every_cited_limit_is_the_cited_standards_number():
    provisional = load_set("jp-eu-black-mass")
    cpcif, cn14 = load_set("t-cpcif-0169-2021"), load_set("cn-import-black-mass-2025")
    checked = 0
    for tier in provisional.tiers:
        for lim in tier.limits:
            if lim.source == "CPCIF":
                group = lim.note.removeprefix("class ").strip() or None
                expected = _value(cpcif, group, lim)
            elif lim.source == "CN14":
                expected = _value(cn14, _SECTION_BY_NOTE[lim.note], lim)
            elif lim.source in _FASTMARKETS:
                expected = _value(load_set(_FASTMARKETS[lim.source]), None, lim)
            else:
                assert lim.source == "J" and lim.provisional, f"{tier.id} {lim.key} cites {lim.source}"
                continue
            assert expected == lim.value, (
                f"{tier.id} {lim.key} {lim.value:g} is not {lim.source} ({lim.note})"
            )
            checked += 1
    assert checked > 80  # most of the set's numbers are published ones


def test_ncm_grade_c_no_longer_uses_the_superseded_korea_lithium():
    provisional = load_set("jp-eu-black-mass")
    ncm_c = next(t for t in provisional.tiers if t.id == "NCM-C")
    li = next(lim for lim in ncm_c.limits if lim.key == "Li min")
    assert (li.value, li.source, li.note) == (3.0, "CPCIF", "class I-2")
    assert not any("2-7" in s.text or s.key in ("FM23", "FM24") for s in provisional.sources.values())


def test_grade_a_says_it_is_not_class_i_1():
    ncm_a = next(t for t in load_set("jp-eu-black-mass").tiers if t.id == "NCM-A")
    assert ncm_a.note.startswith("Not T/CPCIF class I-1")
    assert "Mn max" not in {lim.key for lim in ncm_a.limits}
