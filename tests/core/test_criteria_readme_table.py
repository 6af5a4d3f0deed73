"""resources/criteria/README.md keeps every encoded limit beside its source; the TOML files and the
table must agree both ways, so a number changed in a file without the reviewed table (or the other
way round) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labapp.services.grading.criteria_catalog import list_sets, read_criteria_file, shipped_dir

README = shipped_dir() / "README.md"
_ROW = re.compile(
    r"^\| `(?P<set>[^`]+)` \| (?P<group>[^|]+) \| (?P<quantity>[^|]+) \| (?P<op><=|>=) "
    r"(?P<value>[0-9.]+) \| (?P<unit>[^|]+) \| (?P<source>[^|]+) \|"
)

Row = tuple[str, str, str, str, float, str, str]


def readme_rows(text: str) -> list[Row]:
    """The rows of the "Encoded limits" table: (set@version, group, quantity, side, value, unit, source)."""
    section = text.split("## Encoded limits", 1)[1]
    rows = []
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            side = "max" if match["op"] == "<=" else "min"
            rows.append(
                (
                    match["set"],
                    match["group"].strip(),
                    match["quantity"].strip(),
                    side,
                    float(match["value"]),
                    match["unit"].strip(),
                    match["source"].strip(),
                )
            )
    return rows


def toml_rows(folder: Path) -> list[Row]:
    rows = []
    for entry in list_sets(folder):
        cs = read_criteria_file(entry.path)
        for group in (*cs.tiers, *cs.sections):
            rows += [
                (
                    f"{cs.id}@{cs.version}",
                    group.id,
                    lim.quantity.label,
                    lim.side,
                    lim.value,
                    lim.unit,
                    lim.source,
                )
                for lim in group.limits
            ]
    return rows


def test_every_encoded_limit_is_in_the_readme_table_and_back():
    table = readme_rows(README.read_text(encoding="utf-8"))
    files = toml_rows(shipped_dir())
    assert len(table) == len(set(table)), "a row is listed twice"
    assert sorted(set(files) - set(table)) == [], "limits in the TOML files missing from README.md"
    assert sorted(set(table) - set(files)) == [], "README.md rows no shipped TOML file holds"


def test_the_comparison_catches_a_changed_number(tmp_path):
    """A file whose number differs from the table is found (the check is not vacuous)."""
    source = (shipped_dir() / "t-cpcif-0169-2021.toml").read_text(encoding="utf-8")
    edited = source.replace(
        '{ quantity = "F", max = 0.1, source = "CPCIF" }', '{ quantity = "F", max = 3, source = "CPCIF" }', 1
    )
    assert edited != source
    (tmp_path / "t.toml").write_text(edited, encoding="utf-8")
    table = set(readme_rows(README.read_text(encoding="utf-8")))
    missing = set(toml_rows(tmp_path)) - table
    assert missing == {("t-cpcif-0169-2021@1.1", "I-1", "F", "max", 3.0, "wt%", "CPCIF")}


# T/CPCIF 0169-2021 Table 1 as published (ndls.org.cn), independent of the TOML and of the README
_CPCIF = {
    "I-1": {
        "Ni+Co": (">=", 35.0),
        "Mn": ("<=", 18.0),
        "Li": (">=", 5.0),
        "Cu": ("<=", 2.0),
        "Fe": ("<=", 0.5),
        "Al": ("<=", 1.0),
        "F": ("<=", 0.1),
        "Pb": ("<=", 0.005),
        "Cd": ("<=", 0.005),
        "Cr": ("<=", 0.005),
        "particle_size": ("<=", 0.25),
    },
    "I-2": {
        "Ni+Co": (">=", 16.0),
        "Mn": ("<=", 15.0),
        "Li": (">=", 3.0),
        "Cu": ("<=", 3.0),
        "Fe": ("<=", 2.0),
        "Al": ("<=", 4.0),
        "F": ("<=", 0.5),
        "Pb": ("<=", 0.02),
        "Cd": ("<=", 0.02),
        "Cr": ("<=", 0.01),
        "particle_size": ("<=", 0.25),
    },
}


@pytest.mark.parametrize("tier", sorted(_CPCIF))
def test_cpcif_class_i_types_are_the_published_table(tier):
    cs = read_criteria_file(shipped_dir() / "t-cpcif-0169-2021.toml")
    limits = next(t for t in cs.tiers if t.id == tier).limits
    encoded = {lim.quantity.label: ("<=" if lim.side == "max" else ">=", lim.value) for lim in limits}
    assert encoded == _CPCIF[tier]
    assert (cs.published.isoformat(), cs.effective.isoformat()) == ("2021-12-30", "2022-04-01")


def test_every_shipped_set_records_its_publication_date_and_cited_sources():
    for entry in list_sets():
        cs = read_criteria_file(entry.path)
        assert cs.published is not None, f"{entry.path.name} has no published date"
        published = [s for s in cs.sources.values() if not s.judgement]
        assert published and all(s.url.startswith("http") for s in published), entry.path.name


def test_a_superseded_version_loads_only_by_its_exact_id_and_version():
    from labapp.core.errors import LabappError
    from labapp.services.grading.criteria_catalog import load_set

    old = load_set("jp-eu-black-mass@0.1")
    assert old.version == "0.1" and "FM23" in old.sources  # as it graded, superseded Fastmarkets figure
    assert load_set("jp-eu-black-mass").version == "0.2"
    assert {(e.id, e.version) for e in list_sets()}.isdisjoint({("jp-eu-black-mass", "0.1")})
    with pytest.raises(LabappError, match="no shipped criteria set jp-eu-black-mass version 0.9"):
        load_set("jp-eu-black-mass@0.9")
