"""A file that states one quantity twice is checked against itself: element and oxide (stoichiometry),
value and its unit (header, unit column, cell), intensity and concentration (they rise together)."""

import math

import pytest

from labapp.core.elements import element_factor
from labapp.core.errors import InputFileError
from labapp.importers import read_export

# A 2025-style Vanta export in an oxide mode: `Concentration` is the element, `Compound Level` the oxide.
VANTA_2025 = (
    "Instrument Serial Num,Reading #,Date,Time,Method Name,Test Label, Units,"
    "Mg Compound,Mg Compound Level,Mg Compound Error,Mg Concentration,Mg Error1s,"
    "Ni Compound,Ni Compound Level,Ni Compound Error,Ni Concentration,Ni Error1s,"
    "Co Compound,Co Compound Level,Co Compound Error,Co Concentration,Co Error1s\n"
    "900001,7,3/14/2025,10:02:11,GeoChem,BM25-0007,PPM,MgO,117321,900,70743,540,NiO,90.4,6,71,5,"
    ",,,37,4\n"
)


def _one(frame, **where):
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, where
    return rows.iloc[0]


def test_vanta_concentration_is_the_element_and_the_compound_level_checks_it(tmp_path):
    source = tmp_path / "chemistry-900001.csv"
    source.write_text(VANTA_2025)
    result = read_export(source)
    f = result.frame
    assert result.profile == "olympus_vanta"
    mg = _one(f, element="Mg")
    assert (mg.value, mg.species, mg.unit) == (70743.0, "", "mg/kg")  # never converted a second time
    assert _one(f, element="Ni").value == 71.0 and _one(f, element="Co").value == 37.0
    assert 117321 * element_factor("MgO") == pytest.approx(70743, rel=1e-3)  # the check the reader made
    assert "MgO/Mg" in result.metadata["cross_checked"] and "NiO/Ni" in result.metadata["cross_checked"]


def test_declared_twins_that_disagree_refuse_the_file(tmp_path):
    source = tmp_path / "chemistry-900002.csv"
    source.write_text(VANTA_2025.replace(",70743,", ",42000,"))  # Mg no longer MgO x 0.603
    with pytest.raises(
        InputFileError,
        match=r"line 2: the file gives Mg twice and the two disagree: Mg 42000, "
        r"but MgO 117321 is Mg 707\d\d(\.\d)?; not read",
    ):
        read_export(source)


NITON_SEMICOLON = (
    "Index;Reading No;Time;Type;Duration;Units;Sigma Value;SAMPLE;LOCATION;Flags;SiO2;SiO2 Error;Fe2O3;"
    "Fe2O3 Error;Bal;Bal Error;Si;Si Error;Fe;Fe Error;Ni;Ni Error\n"
    "22;22;14.06.07 00:54;Mining;362,84;ppm;2;BM26-0031;;;467874,59;0;39558,91;0;559992,13;1062,15;"
    "218714,75;781,99;27669,38;150,39;< LOD;20,37\n"
)


def test_separate_oxide_and_element_columns_that_agree_keep_the_element(tmp_path):
    source = tmp_path / "niton.csv"
    source.write_text(NITON_SEMICOLON)
    result = read_export(source)
    f = result.frame
    assert result.profile == "thermo_niton" and result.metadata["decimal"] == ","
    assert list(f[f.element == "Si"].value) == [218714.75] and set(f[f.element == "Si"].species) == {""}
    assert list(f[f.element == "Fe"].value) == [27669.38]
    assert "Bal" not in set(f.element) and _one(f, element="Ni").censored == "<"
    assert _one(f, element="Si").acquired_at == "2007-06-14T00:54:00"


def test_separate_columns_that_disagree_are_both_kept_and_flagged(tmp_path):
    source = tmp_path / "niton.csv"
    source.write_text(NITON_SEMICOLON.replace("39558,91", "49558,91"))
    result = read_export(source)
    fe = result.frame[result.frame.element == "Fe"]
    assert sorted(fe.species) == ["", "Fe2O3"]
    assert all("element_oxide_mismatch" in flags.split(";") for flags in fe["flags"])
    assert any("Fe twice" in w and "both kept" in w for w in result.warnings)


LONG = "Solution Label,Element,Concentration{head},Unit,Intensity\nBM-1,Ni 231.604,1.5,{unit},1200\n"


@pytest.mark.parametrize(
    ("head", "unit", "value", "expected"),
    [
        (" [ ppb ]", "", 1.5, "ug/L"),  # the header's unit, no default needed
        (" (mg/L)", "mg/L", 1.5, "mg/L"),  # header and unit column agree
        ("", "ug/L", 1.5, "ug/L"),  # the unit column
    ],
)
def test_unit_in_header_or_column_wins(tmp_path, head, unit, value, expected):
    source = tmp_path / "run.csv"
    source.write_text(LONG.format(head=head, unit=unit))
    result = read_export(source)
    row = result.frame.iloc[0]
    assert (row.value, row.unit) == (value, expected) and result.warnings == []


def test_header_and_unit_column_that_disagree_refuse_the_file(tmp_path):
    source = tmp_path / "run.csv"
    source.write_text(LONG.format(head=" [ ppb ]", unit="mg/L"))
    with pytest.raises(
        InputFileError,
        match=r"run.csv, line 2: the file gives two different units for one value: "
        r"'mg/L' and 'ppb'|'ppb' and 'mg/L'",
    ):
        read_export(source)


def test_a_default_unit_is_a_warning(tmp_path, real_files_dir):
    result = read_export(real_files_dir / "bruker_tracer_5i/Results.csv")
    assert "no unit in the file for some readings; profile default wt% assumed" in result.warnings


def _calibration(swapped: bool) -> str:
    rows = ["Solution Label,Element,Concentration,Unit,Intensity"]
    for conc, counts in ((0.5, 1000), (1, 2100), (2, 4050), (5, 9900), (10, 20500)):
        a, b = (counts, conc) if swapped else (conc, counts)
        rows.append(f"Std {conc},Ni 231.604,{a},mg/L,{b}")
    return "\n".join(rows) + "\n"


def test_intensity_and_concentration_that_fall_together_are_a_warning(tmp_path):
    fine, odd = tmp_path / "fine.csv", tmp_path / "odd.csv"
    fine.write_text(_calibration(False))
    rows = _calibration(False).splitlines()
    # the concentration column of this run falls while the intensity rises: not what the profile thinks
    odd.write_text(
        "\n".join(
            [
                rows[0],
                *(
                    r.replace(f",{c},", f",{10 / c:g},")
                    for r, c in zip(rows[1:], (0.5, 1, 2, 5, 10), strict=True)
                ),
            ]
        )
        + "\n"
    )
    assert read_export(fine).warnings == []
    warnings = read_export(odd).warnings
    assert any(
        w.startswith("Ni 231.604: intensity and concentration fall as the other rises") for w in warnings
    )
    assert math.isclose(read_export(odd).frame.value.iloc[0], 20.0)
