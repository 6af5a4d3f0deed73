"""Check that every runtime dependency resolves to binary wheels for Windows (win_amd64) on each
supported Python, without a Windows machine: pip resolves as it would there (dry run, metadata only).

    python tools/check_windows_wheels.py [3.11 3.12 3.13]

Why: most labs run Windows, and a dependency without a win_amd64 wheel would make `pip install`
compile C on a lab PC (and fail there) while every Linux check here passes. Exits 1 with one line
per Python version that cannot be resolved, naming what pip could not find.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("3.11", "3.12", "3.13")


def requirements() -> list[str]:
    """The runtime dependencies and the PostgreSQL extra (a lab may run its database on a server)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"]) + list(project["optional-dependencies"]["postgres"])


def resolve(version: str, folder: Path) -> list[str]:
    """The wheel file names pip would install on Windows x64 with `version`; SystemExit on failure."""
    report = folder / f"report-{version}.json"
    command = [
        sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
        "--platform", "win_amd64", "--python-version", version, "--only-binary=:all:",
        "--target", str(folder / "target"), "--report", str(report), *requirements(),
    ]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode:
        errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")] or ["pip failed"]
        raise SystemExit(f"Python {version} on win_amd64: {errors[0]}")
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return [item["download_info"]["url"].rsplit("/", 1)[-1] for item in installs]


def main(argv: list[str]) -> int:
    versions = argv or list(VERSIONS)
    with tempfile.TemporaryDirectory() as folder:
        for version in versions:
            wheels = resolve(version, Path(folder))
            not_windows = [w for w in wheels if not (w.endswith("-any.whl") or "win_amd64" in w)]
            if not_windows:
                print(f"Python {version} on win_amd64: not Windows wheels: {', '.join(not_windows)}")
                return 1
            print(f"Python {version} on win_amd64: {len(wheels)} wheels resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
