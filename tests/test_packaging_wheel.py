"""A wheel built from the repository carries its data and runs outside the checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_resources_profiles_migrations_and_runs_the_demo(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(REPO_ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("labapp-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("labapp/resources/demo/manifest.csv", "labapp/resources/demo/icp_oes_run.csv",
                     "labapp/store/migrations/env.py", "labapp/instruments/__init__.py"):
        assert required in names, required
    assert any(name.startswith("labapp/instruments/") and name.endswith(".toml") for name in names)
    assert not any(name.startswith("tests/") or name.startswith("tools/") for name in names)

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import labapp, sys; assert labapp.__file__.startswith(sys.argv[1]), labapp.__file__; "
            "from labapp.cli import main; sys.exit(main(['demo', '--out', 'demo']))")
    run = subprocess.run([sys.executable, "-c", code, str(unpacked)], cwd=elsewhere, capture_output=True,
                         text=True, timeout=300, env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "chain intact" in run.stdout
