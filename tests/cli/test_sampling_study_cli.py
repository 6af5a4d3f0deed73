"""`labapp sampling-study`: the duplicate-method ANOVA of the Eurachem/CITAC lettuce example and the
method's [sampling] table it writes, read back by the method schema."""

from __future__ import annotations

import io
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from labapp.cli import main
from labapp.core.uncertainty.sampling import SamplingSpec

LETTUCE = [[3898, 4139, 4466, 4693], [3910, 3993, 4201, 4126], [5708, 5903, 4061, 3782],
           [5028, 4754, 5450, 5416], [4640, 4401, 4248, 4191], [5182, 5023, 4662, 4839],
           [3028, 3224, 3023, 2901], [3966, 4283, 4131, 3788]]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _study(tmp_path: Path) -> Path:
    rows = ["target,sample,analysis,analyte,value"]
    for t, values in enumerate(LETTUCE):
        for i, v in enumerate(values):
            rows.append(f"L{t + 1},S{i // 2 + 1},A{i % 2 + 1},NO3,{v}")
            rows.append(f"L{t + 1},S{i // 2 + 1},A{i % 2 + 1},X,{v * (1.1 if i // 2 else 1.0)}")
    path = tmp_path / "study.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_table_reproduces_example_a1(tmp_path: Path) -> None:
    code, out, _ = run(["sampling-study", str(_study(tmp_path))])
    assert code == 0
    no3 = next(line.split() for line in out.splitlines() if line.startswith("NO3"))
    # targets, mean, s_between, s_samp, s_anal, s_meas, RSD_samp %, U' %
    assert no3[1:6] == ["8", "4345.6", "556.3", "518.2", "148.2"] and no3[8] == "24.8"


def test_toml_is_a_valid_sampling_option(tmp_path: Path) -> None:
    study = str(_study(tmp_path))
    code, out, _ = run(["sampling-study", study, "--format", "toml", "--primary-samples", "2"])
    assert code == 0
    spec = SamplingSpec.from_dict(tomllib.loads(out)["sampling"])
    assert spec.enabled and spec.primary_samples == 2
    assert spec.for_element("NO3").rsd == pytest.approx(518.16 / 4345.56, rel=1e-3)
    # X has a 10 % step between the two primary samples: a larger RSD, so it is the default
    assert spec.rsd == pytest.approx(spec.for_element("X").rsd)
    assert spec.rsd > spec.for_element("NO3").rsd


def test_bad_study_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("target,sample,analysis,analyte,value\nL1,S1,A1,Ni,abc\n", encoding="utf-8")
    code, _, err = run(["sampling-study", str(path)])
    assert code != 0 and "line 2: value 'abc' is not a number" in err and len(err.strip().splitlines()) == 1
    path.write_text("target,sample,analysis,analyte,value\nL1,S1,A1,Ni,1\nL1,S1,A2,Ni,2\n", encoding="utf-8")
    code, _, err = run(["sampling-study", str(path)])
    assert code != 0 and "Ni: target L1: the duplicate method needs 2 samples" in err
