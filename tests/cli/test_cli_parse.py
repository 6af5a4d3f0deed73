"""`labapp parse`: the tidy frame on stdout, one clear line and a non-zero exit on bad files."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from labapp.cli import main


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.real_files
def test_parse_csv_and_json(real_files_dir):
    source = str(real_files_dir / "bruker_s8_tiger/DU-0001.csv")
    code, out, _ = run(["parse", source])
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert frame.loc[frame["species"] == "Al2O3", "sample_label"].item() == "DU-0001"
    code, out, _ = run(["parse", source, "--format", "json", "--profile", "bruker_s8_tiger"])
    document = json.loads(out)
    assert code == 0 and document["profile"] == "bruker_s8_tiger"
    assert {r["species"] for r in document["readings"]} >= {"SiO2", "Al2O3"}


def test_parse_refuses_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("hello,world\n1,2\n")
    code, out, err = run(["parse", str(bad)])
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and str(bad) in err and "no instrument profile" in err
    code, _, err = run(["parse", str(bad), "--profile", "nope"])
    assert code != 0 and "unknown profile 'nope'" in err
