"""Columns are found by meaning (synonyms, extra and reordered columns), files in any locale
(delimiter, decimal comma, date order) read the same, and a refused file says what each close
profile missed."""

import pytest

from labapp.core.errors import InputFileError
from labapp.importers import read_export
from labapp.importers.table import infer_number_format, sniff_delimiter

# The same three readings in ICP Expert's older and newer column names, reordered, with extra columns.
OLD = (
    "Solution Label,Type,Element,Flags,Soln Conc,Units,Int,Date,Time\n"
    "BM26-0001,Samp,Ni 231.604,,12.5,ppm,51234,08/02/2016,14:11:28\n"
    "Blank,Blk,Ni 231.604,u,-0.002,ppm,41.5,08/02/2016,14:10:28\n"
    "CCV,QC,Co 228.616,,1.01,ppm,4100,08/02/2016,14:12:28\n"
)
NEW = (
    "Index,Date Time,Label,Comment,Element,Unit,Concentration,Type,Intensity,Concentration Replicate 1,"
    "Concentration Replicate 2\n"
    "1,08/02/2016 2:11:28 PM,BM26-0001,,Ni 231.604,ppm,12.5,Sample,51234,12.4,12.6\n"
    "2,08/02/2016 2:10:28 PM,Blank,rinse,Ni 231.604,ppm,-0.002,Blank,41.5,-0.001,-0.003\n"
    "3,08/02/2016 2:12:28 PM,CCV,,Co 228.616,ppm,1.01,CCV,4100,1.0,1.02\n"
)


def _means(frame):
    return frame[frame["replicate"].isna()].reset_index(drop=True)


def test_older_and_newer_column_names_in_any_order_read_the_same(tmp_path):
    (tmp_path / "old.csv").write_text(OLD)
    (tmp_path / "new.csv").write_text(NEW)
    old, new = read_export(tmp_path / "old.csv"), read_export(tmp_path / "new.csv")
    assert old.profile == new.profile == "agilent_icp_expert_long"
    columns = ["sample_label", "sample_type", "element", "line", "value", "unit", "intensity", "acquired_at"]
    assert _means(old.frame)[columns].equals(_means(new.frame)[columns])
    assert _means(new.frame)["acquired_at"].tolist()[0] == "2016-08-02T14:11:28"  # 12 h clock, month first
    reps = new.frame[new.frame["replicate"].notna()]
    assert reps["value"].tolist() == [12.4, 12.6, -0.001, -0.003, 1.0, 1.02]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter_is_sniffed(tmp_path, delimiter):
    source = tmp_path / "run.txt"
    text = OLD if delimiter == "," else OLD.replace(",", delimiter)
    source.write_text(text)
    frame = _means(read_export(source).frame)
    assert frame["value"].tolist() == [12.5, -0.002, 1.01]


def _decimal_comma(text: str, delimiter: str) -> str:
    """Every number with a decimal point written with a comma (quoted when the delimiter is one)."""

    def cell(c: str) -> str:
        if c.replace("-", "").replace(".", "").isdigit() and "." in c:
            c = c.replace(".", ",")
            return f'"{c}"' if delimiter == "," else c
        return c

    return "\n".join(delimiter.join(cell(c) for c in line.split(",")) for line in text.splitlines()) + "\n"


def test_decimal_comma_with_a_comma_delimiter_in_quotes(tmp_path):
    text = _decimal_comma(OLD, ",")
    source = tmp_path / "run.csv"
    source.write_text(text)
    result = read_export(source)
    assert (
        _means(result.frame)["value"].tolist() == [12.5, -0.002, 1.01] and result.metadata["decimal"] == ","
    )


def test_decimal_comma_with_semicolons_and_day_first_dates(tmp_path):
    text = _decimal_comma(OLD, ";").replace("08/02/2016", "13.02.16")
    source = tmp_path / "run.csv"
    source.write_text(text)
    result = read_export(source)
    frame = _means(result.frame)
    assert frame["value"].tolist() == [12.5, -0.002, 1.01]
    assert frame["acquired_at"].tolist()[0] == "2016-02-13T14:11:28"  # 13 can only be the day


def test_an_order_the_dates_do_not_reveal_is_a_warning(tmp_path):
    source = tmp_path / "run.csv"
    source.write_text(OLD)  # 08/02/2016 could be 2 August or 8 February
    result = read_export(source)
    assert _means(result.frame)["acquired_at"].tolist()[0] == "2016-08-02T14:11:28"  # as the profile expects
    assert any("do not show whether the day or the month comes first" in w for w in result.warnings)


def test_space_padded_columns(tmp_path):
    lines = [[c for k, c in enumerate(line.split(",")) if k != 3] for line in OLD.splitlines()]  # no Flags
    aligned = "\n".join("   ".join(cell.ljust(12) for cell in row).rstrip() for row in lines) + "\n"
    source = tmp_path / "run.txt"
    source.write_text(aligned)
    assert _means(read_export(source).frame)["value"].tolist() == [12.5, -0.002, 1.01]


def test_sniffing_prefers_consistent_field_counts():
    german = ["Probe;Wert;Einheit", "A;1,5;mg/l", "B;2,75;mg/l", "C;12,5;mg/l"]
    assert sniff_delimiter(german) == ";"  # as many commas as semicolons, but commas split unevenly
    assert infer_number_format([r.split(";") for r in german], "auto", "").decimal == ","
    assert infer_number_format([["1,226,220.526", "0.5"]], "auto", "").thousands == ","
    ambiguous = infer_number_format([["12,501", "3,125"]], "auto", "")
    assert ambiguous.decimal == "," and "decimal comma or a thousands comma" in ambiguous.warning


def test_refusal_names_what_the_closest_profiles_missed(tmp_path):
    source = tmp_path / "run.csv"
    source.write_text("Solution Label,Element,Remark\nBM-1,Ni 231.604,ok\n")
    with pytest.raises(InputFileError) as info:
        read_export(source)
    message = str(info.value)
    assert message.startswith(f"{source}: no instrument profile recognises this file; closest: ")
    assert (
        "agilent_icp_expert_long (no column for the concentration or the intensity (looked for Soln Conc"
        in message.replace("soln conc", "Soln Conc")
    )


def test_crm_names_are_recognised_whatever_the_profile(tmp_path):
    text = (
        OLD + "OREAS 24b,Samp,Ni 231.604,,0.01,ppm,80,08/02/2016,14:13:28\n"
        "NIST SRM 2711a,Samp,Ni 231.604,,0.02,ppm,90,08/02/2016,14:14:28\n"
        "BM26-CRMX,Std,Ni 231.604,,0.02,ppm,90,08/02/2016,14:14:28\n"
    )
    source = tmp_path / "run.csv"
    source.write_text(text)
    kinds = dict(
        zip(*(_means(read_export(source).frame)[c] for c in ("sample_label", "sample_type")), strict=False)
    )
    assert kinds["OREAS 24b"] == "crm" and kinds["NIST SRM 2711a"] == "crm"
    assert kinds["BM26-CRMX"] == "standard"  # the Type column wins; CRM inside a word is no name
    assert kinds["BM26-0001"] == "sample"


def test_lab_sample_type_rules_from_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("LABAPP_DATA", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "settings.toml").write_text(
        '[instruments]\nsample_types = [["(?i)^BM26-0001$", "duplicate"]]\n'
    )
    source = tmp_path / "run.csv"
    source.write_text(OLD)
    frame = _means(read_export(source).frame)
    assert frame.set_index("sample_label").loc["BM26-0001", "sample_type"] == "duplicate"
