"""The shared outside check, gui_text_scan.py, on this tree (issue 22, "Done when"): run when
../shared/tools holds it (skipped visibly otherwise), on a copy of the demo database, in Japanese as the
QA manager. It imports labapp through the stable face of labapp.services (docs/api.md). About 20 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from labapp.demo.build import DEMO_USERS

REPO_ROOT = Path(__file__).resolve().parents[2]
QA = next(u for u in DEMO_USERS if u.username == "qa")


def test_the_shared_scan_finds_nothing_in_japanese(shared_dir: Path, demo_db: Path, tmp_path: Path) -> None:
    tool = shared_dir / "tools" / "gui_text_scan.py"
    if not tool.is_file():
        pytest.skip(f"{tool} not present: the shared GUI text scan is skipped")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LABAPP_KEYS", None)  # the scan uses the keys folder beside the database, as the demo lays it out
    command = [sys.executable, str(tool), str(demo_db), "--lang", "ja", "--user", QA.username]
    env["LABAPP_PASSWORD"] = QA.password
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert last.endswith("0 raw identifiers, 0 untranslated English (ja)"), last
