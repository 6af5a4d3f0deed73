"""Layout quirks on top of the real files: preambles, repeated headers, a `sep=` line, and the
Niton profile built from the documented layout (no real file exists)."""

import math

import pytest

from labapp.core.errors import InputFileError
from labapp.importers import read_export

AGILENT = "agilent_icp_expert/export.csv"


def _mean_rows(frame):
    return frame[frame["replicate"].isna()].reset_index(drop=True)


def test_preamble_of_any_length_and_repeated_header(tmp_path, real_files_dir):
    original = (real_files_dir / AGILENT).read_bytes()
    lines = original.split(b"\r\n")
    reference = _mean_rows(read_export(real_files_dir / AGILENT).frame)
    preamble = [b"Agilent ICP Expert export", b"Worksheet: BM run 17", b"", b"Operator,tech"]
    variant = tmp_path / "export.csv"
    variant.write_bytes(b"\r\n".join([*preamble, *lines[:50], lines[0], *lines[50:]]))
    frame = _mean_rows(read_export(variant).frame)
    assert frame["value"].tolist() == pytest.approx(reference["value"].tolist(), nan_ok=True)
    assert frame["source_row"].tolist()[0] == len(preamble) + 2  # line numbers still point into the file
    assert frame["source_row"].tolist()[-1] == len(lines) + len(preamble) + 1 - 1


def test_sep_line_declares_delimiter(tmp_path, real_files_dir):
    text = (real_files_dir / "thermo_qtegra/MMR 10 2 20 Al CONC_20200224.csv").read_text().replace(";", "\t")
    variant = tmp_path / "mmr.txt"
    variant.write_text("sep=\t\n" + text)
    frame = read_export(variant).frame
    blank = frame[(frame["source_row"] == 6) & (frame["line"] == "394.401")].iloc[0]
    assert blank["sample_label"] == "BLK" and blank["intensity"] == 2.32014  # line 5 of the original


NITON = (
    "Reading No,Time,Type,Duration,Units,Sequence,Flags,SAMPLE,LOCATION,INSPECTOR,Ni,Ni +/-,Co,Co +/-,"
    "Mn,Mn +/-,Cu,Cu +/-\n"
    "12,05/02/2024 10:15,SOIL,60.1,ppm,Final,,BM26-0002,Bay 1,AB,41250,310,12040,160,< LOD,95,2210,40\n"
    "13,05/13/2024 10:17,SOIL,60.0,%,Final,,BM26-0003,Bay 1,AB,20.1,0.2,6.9,0.1,5.5,0.1,0.8,0.02\n"
)


def test_niton_documented_layout(tmp_path):
    source = tmp_path / "niton.csv"
    source.write_text(NITON)
    result = read_export(source)
    assert result.profile == "thermo_niton"
    f = result.frame
    ni = f[(f["source_row"] == 2) & (f["element"] == "Ni")].iloc[0]
    assert (ni["value"], ni["uncertainty"], ni["unit"]) == (41250.0, 310.0, "mg/kg")
    # 05/13/2024 on the next reading shows the order: month first
    assert ni["acquired_at"] == "2024-05-02T10:15:00" and ni["sample_label"] == "BM26-0002"
    assert not any("day or the month" in w for w in result.warnings)
    mn = f[(f["source_row"] == 2) & (f["element"] == "Mn")].iloc[0]
    assert mn["censored"] == "<" and math.isnan(mn["value"]) and math.isnan(mn["uncertainty"])
    co = f[(f["source_row"] == 3) & (f["element"] == "Co")].iloc[0]
    assert (co["value"], co["unit"]) == (6.9, "wt%")


def test_niton_export_resaved_by_r_with_dotted_names_and_na(tmp_path):
    path = tmp_path / "pxrf.csv"
    path.write_text(
        '"Index";"Reading.No";"Time";"Type";"Units";"SAMPLE";"Flags";"Ni";"Ni.Error";"Co";"Co.Error"\n'
        '1;1;"01.06.07 00:54";"Mining";"ppm";"BM-1";NA;"3522,06";66,22;"< LOD";11,23\n'
    )
    result = read_export(path)
    assert result.profile == "thermo_niton"
    ni = result.frame[result.frame["element"] == "Ni"].iloc[0]
    co = result.frame[result.frame["element"] == "Co"].iloc[0]
    assert (ni.value, ni.uncertainty, ni.unit, ni["flags"]) == (3522.06, 66.22, "mg/kg", "")
    assert co.censored == "<" and math.isnan(co.value)
    assert not any("vendor:NA" in w for w in result.warnings)


WDXRF = (
    "Sample\tDate\tC\tNi (%)\tCo [PPM]\tNi (Int)\r\n"
    "BM-1\t04.12.2019 10:16:35\t0,13 %\t21,5\t357\t58,0957\r\n"
    "BM-2\t13.12.2019 10:28:50\t480 PPM\t22,5\t362\t60,1\r\n"
)


def test_element_table_with_units_in_headers_or_cells_is_not_taken_for_niton(tmp_path):
    path = tmp_path / "xrf_rawdata.TXT"
    path.write_text(WDXRF)
    result = read_export(path)
    assert result.profile == "generic_xrf_element_table"
    got = {(r.sample_label, r.element): (r.value, r.unit) for r in result.frame.itertuples()}
    assert got == {
        ("BM-1", "C"): (0.13, "wt%"),
        ("BM-1", "Ni"): (21.5, "wt%"),
        ("BM-1", "Co"): (357.0, "mg/kg"),
        ("BM-2", "C"): (480.0, "mg/kg"),
        ("BM-2", "Ni"): (22.5, "wt%"),
        ("BM-2", "Co"): (362.0, "mg/kg"),
    }
    ni = result.frame[(result.frame["element"] == "Ni") & (result.frame["sample_label"] == "BM-2")].iloc[0]
    assert ni.intensity == 60.1 and ni.acquired_at == "2019-12-13T10:28:50"


def test_a_value_with_no_unit_anywhere_is_refused_at_its_line(tmp_path):
    path = tmp_path / "xrf_rawdata.TXT"
    path.write_text(WDXRF.replace("480 PPM", "480"))
    with pytest.raises(InputFileError, match=r"xrf_rawdata.TXT, line 3: the file gives no unit for this"):
        read_export(path)


def test_a_placeholder_for_a_missing_wavelength_leaves_the_line_empty(tmp_path, real_files_dir):
    first = (real_files_dir / "shimadzu_icpesolution/icp output.txt").read_text().splitlines()[0]
    fields = first.split("\t")
    fields[6], fields[8] = "Ca", "----"
    path = tmp_path / "icpe.txt"
    path.write_text(first + "\n" + "\t".join(fields) + "\n")
    result = read_export(path)
    ca = result.frame.iloc[1]
    assert (result.profile, ca.element, ca.line, ca.source_row) == ("shimadzu_icpesolution", "Ca", "", 2)


def test_labels_that_look_like_numbers_stay_as_written(tmp_path):
    path = tmp_path / "run.csv"
    path.write_text(
        "Solution Label,Type,Element,Soln Conc,Units\n"
        "001,Samp,Ni 231.604,1.5,mg/L\n1.0,Samp,Ni 231.604,2.5,mg/L\n002,Samp,Ni 231.604,3.5,mg/L\n"
    )
    result = read_export(path, profile="agilent_icp_expert_long")
    assert result.frame["sample_label"].tolist() == ["001", "1.0", "002"]  # three samples, not two
    assert result.metadata["samples"] == 3
