"""Workbooks are as first-class as text: every layout family reads a sheet, the sheet is chosen by
name or content, preambles, multi-row and repeated headers and blocks work inside sheets, and a
run spread over one sheet per quantity is joined reading by reading."""

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest

from labapp.core.errors import InputFileError
from labapp.importers import parse_profile, read_export


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def one(frame, **where):
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, where
    return rows.iloc[0]


def test_long_layout_in_a_sheet_after_a_notes_sheet_and_a_preamble(tmp_path):
    rows = [
        ["ICP Expert report"],
        ["Worksheet", "BM run 17"],
        [],
        [
            "Label",
            "Type",
            "Element",
            "Concentration",
            "Unit",
            "Intensity",
            "Date Time",
            "Concentration Replicate 1",
            "Concentration Replicate 2",
        ],
        [
            "BM26-0001",
            "Sample",
            "Ni 231.604",
            12.5,
            "ppm",
            51234,
            dt.datetime(2026, 2, 13, 14, 11, 28),
            12.4,
            12.6,
        ],
        [
            "Blank",
            "Blank",
            "Ni 231.604",
            "-0.002",
            "ppm",
            41.5,
            dt.datetime(2026, 2, 13, 14, 10, 28),
            None,
            None,
        ],
    ]
    source = workbook(tmp_path / "run.xlsx", {"Notes": [["exported by ICP Expert"]], "Results": rows})
    result = read_export(source)
    assert result.profile == "agilent_icp_expert_long" and result.metadata["sheet"] == "Results"
    f = result.frame
    ni = f[(f.sample_label == "BM26-0001") & f.replicate.isna()].iloc[0]
    assert (ni.value, ni.unit, ni.intensity, ni.source_row) == (12.5, "mg/L", 51234.0, "Results!5")
    assert ni.acquired_at == "2026-02-13T14:11:28"  # an Excel date cell
    assert f[f.sample_label == "BM26-0001"]["value"].tolist() == [12.5, 12.4, 12.6]
    assert one(f[f.replicate.isna()], sample_label="Blank").value == -0.002  # a number stored as text


def test_masshunter_batch_table_as_a_workbook(tmp_path):
    rows = [
        ["Sample", None, None, None, None, None, None, "59  Co  [ He ] ", None, None, None],
        [
            None,
            "Rjct",
            "Data File",
            "Acq. Date-Time",
            "Type",
            "Level",
            "Sample Name",
            "CPS",
            "CPS RSD",
            "Conc. [ ppb ]",
            "Conc. RSD",
        ],
        [
            None,
            False,
            "008CALS.d",
            "19/12/2018 11:17",
            "CalStd",
            4,
            "Traces 1 ppb",
            21674.87667,
            0.4,
            1.102624862,
            0.4,
        ],
    ]
    result = read_export(workbook(tmp_path / "batch.xlsx", {"Sheet1": rows}))
    co = one(result.frame, element="Co")
    assert result.profile == "agilent_masshunter_batch"
    assert (co.value, co.unit, co.intensity, co.line, co.view) == (
        1.102624862,
        "ug/L",
        21674.87667,
        "59",
        "he",
    )
    assert co.acquired_at == "2018-12-19T11:17:00" and co.sample_type == "standard"
    # MassHunter's `Conc.` is `Meas. Conc.` x the sample's Total Dil.: said, never silent
    assert co["flags"] == "instrument_factored"
    assert any("'Conc.'" in w and "dilution" in w for w in result.warnings)


def test_superq_single_report_as_a_workbook(tmp_path):
    rows = [
        ["29/11/2013 10:15:44"],
        ["PANalytical"],
        ["Quantification of sample BM26-0009 pellet"],
        [],
        ["Sample type:", "Pressed powder"],
        [],
        ["Analyte", "Calibration", "Compound", "Concentration", "Unit", "Calculation", "Status"],
        [None, "status", "formula", None, None, "method", None],
        ["Ni", "Calibrated", "NiO", 12.5, "%", "Calculate", "BgC;"],
        ["Co", "Calibrated", "CoO", "3,25", "%", "Calculate", "BgC;"],
    ]
    result = read_export(workbook(tmp_path / "report.xlsx", {"Results": rows}))
    assert result.profile == "panalytical_superq_single"
    ni = one(result.frame, element="Ni")
    assert ni.sample_label == "BM26-0009 pellet" and ni.species == "NiO" and ni.species_value == 12.5
    assert one(result.frame, element="Co").species_value == 3.25  # a decimal comma in a text cell


def test_syngistix_workbook_with_only_sample_units_is_read_and_flagged(tmp_path):
    header = ["", "Sample Id", "R", "Acquisition Time", "QC Status", "Ni 231.604\n(mg/kg)"]
    empty = [header, [1, "BM26-0001", None, "2022-07-23 01:59:53", None, None]]
    filled = [header, [1, "BM26-0001", None, "2022-07-23 01:59:53", None, 41250.5]]
    counts = [
        ["", "Sample Id", "R", "Acquisition Time", "QC Status", "Ni 231.604\n(cps)"],
        [1, "BM26-0001", None, "2022-07-23 01:59:53", None, 812345.0],
    ]
    source = workbook(
        tmp_path / "avio.xlsx",
        {"Corrected Intensities": counts, "Conc. in Calib Units": empty, "Conc. in Sample Units": filled},
    )
    result = read_export(source)
    ni = one(result.frame, element="Ni")
    assert result.profile == "perkinelmer_syngistix_workbook"
    assert (ni.value, ni.unit, ni.intensity) == (41250.5, "mg/kg", 812345.0)
    assert "instrument_factored" in ni["flags"].split(";")
    assert any("hold no values" in w and "Conc. in Sample Units" in w for w in result.warnings)
    assert any("instrument's sample units" in w for w in result.warnings)


GENERIC = """id = "{id}"
name = "test"
family = "{family}"
formats = ["workbook"]
{extra}
"""


def _profile(tmp_path, family: str, extra: str):
    source = tmp_path / f"{family}_sheet.toml"
    return parse_profile(GENERIC.format(id=f"{family}_sheet", family=family, extra=extra), source, "lab")


def test_positional_layout_in_a_sheet(tmp_path):
    profile = _profile(
        tmp_path,
        "positional",
        "[layout]\nexpected_fields = 4\n[columns]\nsample_label = 0\n"
        'analyte = 1\nvalue = 2\nunit = 3\n[units]\nppm = "mg/L"\n',
    )
    source = workbook(
        tmp_path / "pos.xlsx",
        {"Data": [["BM-1", "Ni 231.604", 2.5, "ppm"], ["BM-2", "Co 228.616", 0.75, "ppm"]]},
    )
    f = read_export(source, profile).frame
    assert f["value"].tolist() == [2.5, 0.75] and f["source_row"].tolist() == ["Data!1", "Data!2"]


def test_blocks_in_a_sheet(tmp_path):
    rows = [
        ["ICP Short Report (lines)"],
        ["Sample:", "QC 350 PPM", "Method:", "150309", "Measured:", "10.03.2015  18:52"],
        ["LineName", None, "Net_Intensity", "Cc", "SD", "RSD"],
        ["Ca 315.887", None, "208,401.988", None, None, 332.779, 4.99, None, "mg/l", 1.5],
        ["Sample:", "BM26-0002", "Method:", "150309", "Measured:", "14.03.2015  09:05"],
        ["LineName", None, "Net_Intensity", "Cc", "SD", "RSD"],
        ["Ni 221.647", None, 1500.5, None, None, 12.25, 1.2, None, "mg/l", 0.4],
    ]
    result = read_export(workbook(tmp_path / "horiba.xlsx", {"Report": rows}))
    assert result.profile == "horiba_jobinyvon_short_report"
    ca, ni = one(result.frame, element="Ca"), one(result.frame, element="Ni")
    assert (ca.sample_label, ca.value, ca.intensity) == ("QC 350 PPM", 332.779, 208401.988)
    assert (ni.sample_label, ni.value, ni.acquired_at) == ("BM26-0002", 12.25, "2015-03-14T09:05:00")
    assert ca.acquired_at == "2015-03-10T18:52:00"  # 14.03 in the same file decides: day first
    assert ca.unit == ni.unit == "mg/L"  # position 8, wider than the block's header row


def test_repeated_header_with_other_columns_in_a_sheet(tmp_path):
    profile = _profile(
        tmp_path,
        "wide",
        '[columns]\nsample_label = ["Name"]\n[units]\n"%" = "wt%"\n'
        "[wide]\ncolumn_pattern = '^(?P<analyte>[A-Z][a-z]?)(?: (?P<unit>\\(%\\)))?$'\n",
    )
    rows = [["Name", "Ni (%)", "Co (%)"], ["BM-1", 20.5, 6.5], [], ["Name", "Mn (%)"], ["BM-2", 4.25]]
    f = read_export(workbook(tmp_path / "wide.xlsx", {"S": rows}), profile).frame
    assert one(f, sample_label="BM-1", element="Co").value == 6.5
    assert one(f, sample_label="BM-2", element="Mn").value == 4.25 and len(f) == 3
    assert set(f["unit"]) == {"wt%"}


def test_bruker_results_with_slash_dates(tmp_path, real_files_dir):
    text = (real_files_dir / "bruker_tracer_5i/Results.csv").read_text()
    source = tmp_path / "Results.csv"
    source.write_text(text.replace("09-21-2016", "09/21/2016").replace("09-22-2016", "09/22/2016"))
    result = read_export(source)
    dates = set(result.frame["acquired_at"])
    assert result.profile == "bruker_tracer_results" and "" not in dates
    assert any(d.startswith("2016-09-21T") for d in dates)
    na = one(result.frame, source_row=12, element="Na")
    assert (na.value, na.uncertainty) == (0.4511, 0.0367) and not math.isnan(na.value)


@pytest.mark.parametrize("sheet", ["Result", "result 1"])
def test_sheet_chosen_by_name_pattern(tmp_path, sheet):
    rows = [
        [None, "Ca396.847-A"],
        [None, "ppm"],
        ["Blank 5/22/2026 8:01:33"],
        ["1", "0.016"],
        ["χ", "0.016"],
        ["σ", "0.000"],
    ]
    source = workbook(tmp_path / "dv.xlsx", {"OriginalData": [["raw"]], sheet: rows})
    f = read_export(source).frame
    assert f["value"].tolist() == [0.016, 0.016] and f["replicate"].tolist()[0] == 1


_MASSHUNTER_FIELDS = [None, "Rjct", "Type", "Sample Name", "Total Dil."]


def _masshunter(tmp_path: Path, groups: list[str], fields: list[str], data: list[list[object]]) -> Path:
    """A MassHunter batch table: analyte groups over their fields, after the sample columns."""
    top = ["Sample", None, None, None, None]
    for group in groups:
        top += [group] + [None] * (len(fields) - 1)
    header = _MASSHUNTER_FIELDS + fields * len(groups)
    return workbook(tmp_path / "batch.xlsx", {"Sheet1": [top, header, *data]})


def test_masshunter_ms_ms_groups_are_lines_of_their_element(tmp_path):
    groups = ["24 -> 24  Mg  [ He ] ", "24 -> 40  Mg  [ O2 ] ", "56 -> 72  Fe  [ O2 ] "]
    data = [[None, False, "Sample", "BM-1", 5, 1.5, 2.5, 3.5]]
    result = read_export(_masshunter(tmp_path, groups, ["Meas. Conc. [ ppb ]"], data))
    got = {(r.element, r.line, r.view): r.value for r in result.frame.itertuples()}
    assert got == {("Mg", "24", "he"): 1.5, ("Mg", "24->40", "o2"): 2.5, ("Fe", "56->72", "o2"): 3.5}
    assert not any("not read" in w for w in result.warnings)


def test_masshunter_prefers_the_solution_concentration_and_reads_over_range(tmp_path):
    fields = ["Conc. [ ppb ]", "Conc. RSD", "Meas. Conc. [ ppb ]"]
    data = [[None, False, "Sample", "BM-1", 5, 50.0, 1.2, 10.0, "OR", "OR", "OR"]]
    result = read_export(_masshunter(tmp_path, ["60  Ni  [ He ] ", "63  Cu  [ He ] "], fields, data))
    ni, cu = one(result.frame, element="Ni"), one(result.frame, element="Cu")
    assert (ni.value, ni.unit, ni["flags"]) == (10.0, "ug/L", "")  # Meas. Conc., not Conc. (x Total Dil.)
    assert math.isnan(cu.value) and cu["flags"] == "over_range"
    assert not any("dilution" in w for w in result.warnings)


def test_masshunter_bare_concentration_takes_the_default_unit_with_a_warning(tmp_path):
    data = [[None, False, "Sample", "BM-1", 1, 0.25, 3.0]]
    result = read_export(_masshunter(tmp_path, ["66 -> 66  Zn  [ He ] "], ["Conc.", "Conc. RSD"], data))
    zn = one(result.frame, element="Zn")
    assert (zn.value, zn.unit, zn["flags"]) == (0.25, "ug/L", "instrument_factored")
    assert any("no unit in the file for some readings; profile default ug/L" in w for w in result.warnings)


def test_masshunter_factored_and_solution_concentrations_mixed_are_refused(tmp_path):
    top = ["Sample", None, None, None, None, "60  Ni  [ He ] ", None, "63  Cu  [ He ] "]
    fields = _MASSHUNTER_FIELDS + ["Meas. Conc. [ ppb ]", "CPS", "Conc. [ ppb ]", "CPS"]
    data = [None, False, "Sample", "BM-1", 5, 10.0, 100, 50.0, 200]
    path = workbook(tmp_path / "batch.xlsx", {"Sheet1": [top, fields, data]})
    with pytest.raises(InputFileError, match=r"batch.xlsx.*both Conc\. .*Meas\. Conc\."):
        read_export(path)


def test_superq_results_table_with_element_row_and_ppm_header(tmp_path):
    rows = [
        ["13/06/2026 3:35"],
        ["Malvern Panalytical"],
        ["Results quantitative - Plant_Cal_2026"],
        [],
        ["Seq.", "Sample name (1-40)", "Meas. date/time", "Sum", "Result type", "NiO", "Co3O4"],
        [None, None, None, "of conc.", None, "Ni", "Co"],
        [None, None, None, "(%)", None, "(%)", "(ppm)"],
        [],
        [1, "BM26-0001", "13/06/2026 15:02", 86.1, "Concentration", 25.45, 1361.8],
    ]
    result = read_export(workbook(tmp_path / "axios.xlsx", {"Result": rows}))
    ni, co = one(result.frame, element="Ni"), one(result.frame, element="Co")
    assert result.profile == "panalytical_superq_multi"
    assert (ni.species, ni.unit) == ("NiO", "wt%")
    assert ni.value == pytest.approx(25.45 * 58.6934 / 74.6928, rel=1e-4)
    # (ppm) in a solid is mg/kg; Co3O4 -> Co by stoichiometry
    assert (co.species, co.unit) == ("Co3O4", "mg/kg")
    assert co.value == pytest.approx(1361.8 * 3 * 58.933194 / (3 * 58.933194 + 4 * 15.999), rel=1e-4)
    assert ni.acquired_at == "2026-06-13T15:02:00"
