"""Bad input is refused with the importer's own one-line error naming file, line and reason."""

import shutil

import pytest

from labapp.core.errors import InputFileError
from labapp.importers import read_export

AGILENT = "agilent_icp_expert/export.csv"


def test_empty_and_missing(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty"):
        read_export(empty)
    with pytest.raises(InputFileError, match="cannot be opened"):
        read_export(tmp_path / "absent.csv")


def test_binary_is_refused(tmp_path):
    blob = tmp_path / "run.csv"
    blob.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputFileError):
        read_export(blob, profile="agilent_icp_expert_long")
    with pytest.raises(InputFileError):
        read_export(blob)


def test_unknown_format_names_closest_profiles(tmp_path):
    other = tmp_path / "notes.csv"
    other.write_text("Name,Colour\nApple,red\n")
    with pytest.raises(InputFileError, match="no instrument profile recognises"):
        read_export(other)


def test_ambiguous_file_names_candidates(tmp_path, real_files_dir):
    # Both Rigaku layouts' signatures in one file: detection must refuse, naming both.
    text = (real_files_dir / "rigaku/BOG.csv").read_text() + (
        real_files_dir / "rigaku/Rigaku XRF CSV - RIGAKU.csv"
    ).read_text()
    both = tmp_path / "both.csv"
    both.write_text(text)
    with pytest.raises(InputFileError, match="ambiguous.*rigaku_zsx.*rigaku_zsx_operator"):
        read_export(both)


def _agilent_lines(real_files_dir):
    return (real_files_dir / AGILENT).read_bytes().split(b"\r\n")


def test_wrong_format_with_forced_profile(real_files_dir):
    with pytest.raises(InputFileError, match="no header line"):
        read_export(real_files_dir / "rigaku/BOG.csv", profile="agilent_icp_expert_long")


def test_row_with_too_many_fields_names_its_line(tmp_path, real_files_dir):
    lines = _agilent_lines(real_files_dir)
    lines[9] = lines[9] + b',"extra"'
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputFileError) as info:
        read_export(bad)
    assert info.value.line == 10 and "fields" in info.value.reason


def test_first_data_row_too_wide_is_refused(tmp_path, real_files_dir):
    lines = _agilent_lines(real_files_dir)
    lines[1] = lines[1] + b',"extra","more"'
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputFileError) as info:
        read_export(bad)
    assert info.value.line == 2 and "more fields" in info.value.reason


def test_truncated_row_names_its_line(tmp_path, real_files_dir):
    lines = _agilent_lines(real_files_dir)
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\r\n".join(lines[:40]) + b"\r\n" + lines[40][:30])
    with pytest.raises(InputFileError) as info:
        read_export(bad)
    assert info.value.line == 41


def test_unknown_unit_names_its_line(tmp_path, real_files_dir):
    lines = _agilent_lines(real_files_dir)
    lines[4] = lines[4].replace(b'"mg/L"', b'"furlongs"', 1)
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputFileError, match="unit 'furlongs'") as info:
        read_export(bad)
    assert info.value.line == 5


def test_unreadable_value_names_its_line(tmp_path, real_files_dir):
    lines = _agilent_lines(real_files_dir)
    lines[6] = lines[6].replace(b',0.5,"mg/L"', b',"zero point five","mg/L"', 1)
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputFileError, match="zero point five") as info:
        read_export(bad)
    assert info.value.line == 7


def test_encodings_and_line_endings_are_equivalent(tmp_path, real_files_dir):
    source = real_files_dir / "panalytical_superq_omnian/axios_multi_00.csv"
    reference = read_export(source).frame
    text = source.read_bytes().decode("ascii")
    variants = {
        "lf.csv": text.replace("\r\n", "\n").encode(),
        "bom.csv": b"\xef\xbb\xbf" + text.encode(),
        "utf16.csv": text.encode("utf-16"),
        "latin1.csv": text.replace("HEMATITA", "HÉMATITA").encode("latin-1"),
        "mixed.csv": text.replace("\r\n", "\n", 5).encode(),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        frame = read_export(tmp_path / name).frame
        assert frame["value"].tolist() == pytest.approx(reference["value"].tolist(), nan_ok=True), name
    assert read_export(tmp_path / "latin1.csv").frame["sample_label"].iloc[0] == "HÉMATITA -20 MICRO -"


def test_nothing_is_written(tmp_path, real_files_dir):
    copy = tmp_path / "DU-0001.csv"
    shutil.copy(real_files_dir / "bruker_s8_tiger/DU-0001.csv", copy)
    read_export(copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DU-0001.csv"]


def test_damaged_workbook_is_refused(tmp_path, real_files_dir):
    data = (
        real_files_dir / "perkinelmer_syngistix_winlab/Lotus Avio Environmental 22-07 XLS.xlsx"
    ).read_bytes()
    for name, damaged in (
        ("cut.xlsx", data[: len(data) // 2]),
        ("no_directory.xlsx", data[:-200] + bytes(200)),
    ):
        target = tmp_path / name
        target.write_bytes(damaged)
        with pytest.raises(InputFileError, match="Excel workbook|no instrument profile|cannot be read"):
            read_export(target)
