"""The demo's panel test files: reproducible from their generator, and readable by the import profiles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from labapp.importers.panel_files import read_panel_file
from labapp.resources import resource_path
from labapp.services.panel.importing import import_profiles

PANEL = resource_path("demo", "panel")
GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "make_demo_panel_data.py"
FILES = (
    "bench_sheet.csv",
    "fusion_sheet.csv",
    "laser_export.csv",
    "leco_carbon.csv",
    "sieve_sheet.csv",
    "truth_panel.csv",
)


def test_generator_regenerates_the_panel_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (PANEL / name).read_bytes(), name


def test_each_file_is_read_by_the_profile_meant_for_it() -> None:
    profiles = import_profiles()
    expected = {
        "bench_sheet.csv": ("panel-result-sheet", 42),
        "sieve_sheet.csv": ("panel-result-sheet", 14),
        "leco_carbon.csv": ("leco-carbon-csv", 29),
        "laser_export.csv": ("laser-diffraction-csv", 9),
        "fusion_sheet.csv": ("panel-result-sheet", 70),  # 14 fusions, 28 LOI and 28 AIM portions
    }
    for name, (profile, rows) in expected.items():
        read = read_panel_file(PANEL / name, profiles)
        assert (read.profile, len(read.rows)) == (profile, rows), name
    leco = read_panel_file(PANEL / "leco_carbon.csv", profiles)
    assert [r.lot for r in leco.rows if r.is_crm] == ["CRM 501"]  # the blank is skipped, the CRM marked
    assert {r.lot for r in leco.rows if not r.is_crm} == {f"BM26-{i:04d}" for i in range(1, 15)}
