"""`labapp criteria list|show|validate|diff` on the shipped sets and on files given by path."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from labapp.cli import main
from labapp.resources import resource_path

DEFAULT_FILE = resource_path("criteria", "jp-eu-black-mass-provisional.toml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["criteria", *args])
    out, err = capsys.readouterr()
    return code, out, err


def edited_copy(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_shows_every_shipped_set_with_hash(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("jp-eu-black-mass") and lines[1].endswith("(default)")
    for set_id in ("t-cpcif-0169-2021", "cn-import-black-mass-2025", "eu-low-19-14-02"):
        assert any(line.startswith(set_id) for line in lines)


def test_show_json_hash_is_the_canonical_content_hash(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "jp-eu-black-mass", "--format", "json")
    assert code == 0
    data = json.loads(out)
    digest = data.pop("sha256")
    data.pop("warnings")
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert digest == hashlib.sha256(canonical).hexdigest()
    assert data["decision_rule"] == {"kind": "non-binary", "guard_band": 1.0}


def test_show_text_by_path_and_by_id_at_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(DEFAULT_FILE))
    assert code == 0
    assert "tier NCM-A: grade A (NCM)" in out
    assert "Cu             <= 1 wt%  [J] (provisional)" in out
    assert "Decision rule: non-binary statement with guard band" in out
    code, out, _ = run(capsys, "show", "t-cpcif-0169-2021@1.1")
    assert code == 0 and "warning: tier I-1 Mn max 18 is looser than the lower tier I-2 (15)" in out


def test_validate_ok_prints_id_version_and_hash(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(DEFAULT_FILE), "eu-low-19-14-02")
    assert code == 0
    assert out.count(": ok, ") == 2 and "SHA-256 " in out


def test_validate_lists_every_problem_and_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = edited_copy(tmp_path, ('quantity = "Fe", max = 0.5', 'quantity = "Fx", max = 0.5'),
                      ('{ quantity = "Ni+Co", min = 16, source = "CPCIF", note = "class I-2" }',
                       '{ quantity = "Ni+Co", min = 16, max = 10, source = "CPCIF" }'))
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert "INVALID, 2 problem(s)" in out
    assert "tiers[1] NCM-A.limits[6]: unknown analyte 'Fx'" in out
    assert "tiers[3] NCM-C.limits: Ni+Co: min 16 is above max 10" in out
    assert err.strip() == "labapp: 1 of 1 criteria set(s) invalid"


def test_validate_reports_toml_syntax_with_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\nversion = \n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 2 and f"{path}, line 2: invalid TOML" in out


def test_diff_shows_changed_limits(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    edited = edited_copy(tmp_path, ('version = "0.2"', 'version = "0.3"'),
                         ('{ quantity = "Fe", max = 1, source = "FMUS" }',
                          '{ quantity = "Fe", max = 1.5, source = "FMUS" }'))
    code, out, _ = run(capsys, "diff", "jp-eu-black-mass", str(edited))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("--- jp-eu-black-mass version 0.2")
    assert lines[2:] == ["~ version: '0.2' -> '0.3'", "~ tier NCM-B / Fe max / value: 1 -> 1.5"]


def test_diff_of_identical_content(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "jp-eu-black-mass", str(DEFAULT_FILE))
    assert code == 0 and out.splitlines()[-1] == "identical content"


def test_unknown_set_is_one_line_on_stderr() -> None:
    proc = subprocess.run([sys.executable, "-m", "labapp", "criteria", "show", "no-such-set"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(
        "labapp: no shipped criteria set no-such-set; shipped: cn-import-black-mass-2025")
