"""Property tests: mangled real files (truncated, lines deleted or duplicated, bytes flipped,
re-encoded; workbooks damaged as zips and inside their sheets' XML) either read or fail with
InputFileError naming the file; no other exception escapes."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labapp.core.errors import InputFileError
from labapp.importers import read_export
from labapp.importers.result import TIDY_COLUMNS

# More examples on demand: LABAPP_HYPOTHESIS_EXAMPLES=500 pytest tests/importers
EXAMPLES = int(os.environ.get("LABAPP_HYPOTHESIS_EXAMPLES", "25"))
SMALL_FILES = [
    "agilent_icp_expert/export.csv",
    "agilent_icp_expert/250130_Seawaters.csv",
    "thermo_qtegra/MMR 10 2 20 Al CONC_20200224.csv",
    "thermo_qtegra/icp_oes_data.tsv",
    "perkinelmer_syngistix_winlab/rawDataDemo.csv",
    "horiba_jobinyvon/ICP limstest bog envas.csv",
    "shimadzu_icpesolution/icp output.txt",
    "olympus_vanta/olympus_vanta_test.csv",
    "bruker_s8_tiger/DU-0001.csv",
    "panalytical_superq_omnian/axios_00.csv",
    "panalytical_superq_omnian/axios_multi_00.csv",
    "panalytical_epsilon/Test2.txt",
    "rigaku/BOG.csv",
    "rigaku/Rigaku XRF CSV - RIGAKU.csv",
    "perkinelmer_syngistix_winlab/Drinking Water.csv",
    "agilent_masshunter/User_Raw.csv",
    "thermo_niton/bodmerton.csv",
]
WORKBOOKS = [
    "thermo_arl_performx/Results XRF.xlsx",
    "pg_instruments_dv5000/PGDV5000ICP.xlsx",
    "perkinelmer_syngistix_winlab/Lotus Avio Environmental 22-07 XLS.xlsx",
]


@st.composite
def mangled(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["truncate", "delete", "duplicate", "flip", "encode", "swap"]))
    lines = data.split(b"\n")
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "delete":
        i = draw(st.integers(0, len(lines) - 1))
        return b"\n".join(lines[:i] + lines[i + 1 :])
    if kind == "duplicate":
        i = draw(st.integers(0, len(lines) - 1))
        return b"\n".join(lines[: i + 1] + lines[i:])
    if kind == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if kind == "swap":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    text = data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("utf-8", errors="replace")
    return text.encode(
        draw(st.sampled_from(["utf-16", "utf-8-sig", "latin-1", "utf-16-le", "cp1252"])), errors="replace"
    )


@pytest.mark.parametrize("name", SMALL_FILES)
def test_mangled_files_fail_only_with_importer_error(real_files_dir: Path, tmp_path_factory, name: str):
    original = (real_files_dir / name).read_bytes()
    folder = tmp_path_factory.mktemp("mangled")

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mangled(original))
    def check(data: bytes) -> None:
        target = folder / Path(name).name
        target.write_bytes(data)
        try:
            result = read_export(target)
        except InputFileError as exc:
            message = str(exc)
            assert message.startswith(str(target)) and "\n" not in message  # one line, naming the file
            return
        assert list(result.frame.columns[: len(TIDY_COLUMNS)]) == list(TIDY_COLUMNS)

    check()


@st.composite
def mangled_workbook(draw, data: bytes) -> bytes:
    """A workbook damaged as a zip (bytes flipped, cut short) or inside a member (XML cut, edited,
    cells repeated), re-zipped so the damage reaches the reader."""
    kind = draw(st.sampled_from(["zip", "member"]))
    if kind == "zip":
        out = bytearray(data[: draw(st.integers(len(data) // 2, len(data)))])
        for _ in range(draw(st.integers(0, 6))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    name = draw(st.sampled_from(sorted(n for n in parts if n.endswith(".xml"))))
    xml = parts[name]
    how = draw(st.sampled_from(["cut", "flip", "repeat"]))
    if how == "cut":
        xml = xml[: draw(st.integers(0, len(xml)))]
    elif how == "flip":
        out = bytearray(xml)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.sampled_from(list(b'<>"&/=0123456789ABCrsvt ')))
        xml = bytes(out)
    else:
        i = draw(st.integers(0, max(0, len(xml) - 200)))
        xml = xml[:i] + xml[i : i + 200] * draw(st.integers(2, 20)) + xml[i:]
    parts[name] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part, content in parts.items():
            target.writestr(part, content)
    return buffer.getvalue()


@pytest.mark.parametrize("name", WORKBOOKS)
def test_mangled_workbooks_fail_only_with_importer_error(real_files_dir: Path, tmp_path_factory, name: str):
    original = (real_files_dir / name).read_bytes()
    folder = tmp_path_factory.mktemp("mangled_xlsx")

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mangled_workbook(original))
    def check(data: bytes) -> None:
        target = folder / Path(name).name
        target.write_bytes(data)
        try:
            result = read_export(target)
        except InputFileError as exc:
            message = str(exc)
            assert message.startswith(str(target)) and "\n" not in message
            return
        assert list(result.frame.columns[: len(TIDY_COLUMNS)]) == list(TIDY_COLUMNS)

    check()
