"""Readings lost or impossible are said, never silent: an element column the profile cannot read,
and a solid's content above 100 % (both met in unseen real exports)."""

from labapp.importers import read_export

HEADER = "Reading No,Time,Type,Units,SAMPLE,Ni,Ni +/-,Al (PPM),Duration\n"


def test_an_element_column_the_profile_does_not_read_is_named(tmp_path):
    path = tmp_path / "niton.csv"
    path.write_text(HEADER + "1,05/13/2024 10:15,SOIL,ppm,BM1,41250,310,17,60\n", encoding="utf-8")
    result = read_export(path)
    assert result.profile == "thermo_niton"
    assert sorted(result.frame["element"].unique()) == ["Ni"]
    lost = [w for w in result.warnings if "name an element were not read" in w]
    assert len(lost) == 1 and "1 column(s)" in lost[0] and "'Al (PPM)'" in lost[0]
    assert "Duration" not in lost[0]  # not an element: listed in metadata only
    assert "Duration" in result.metadata["columns_not_read"]


def test_a_content_above_100_percent_is_warned_per_element(tmp_path):
    path = tmp_path / "niton.csv"
    rows = "1,05/13/2024 10:15,SOIL,%,BM1,150.5,1,,60\n2,05/13/2024 10:16,SOIL,%,BM2,20.1,0.2,,60\n"
    path.write_text(HEADER + rows, encoding="utf-8")
    result = read_export(path)
    over = [w for w in result.warnings if "above 100 % of the sample" in w]
    assert len(over) == 1
    assert over[0].startswith("Ni: 1 value(s)") and "150.5 wt%" in over[0] and "line 2" in over[0]


def test_contents_up_to_100_percent_are_not_warned(tmp_path):
    path = tmp_path / "niton.csv"
    path.write_text(HEADER + "1,05/13/2024 10:15,SOIL,ppm,BM1,999999,310,,60\n", encoding="utf-8")
    assert not any("above 100 %" in w for w in read_export(path).warnings)
