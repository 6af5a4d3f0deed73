"""The layering rules of DESIGN.md, enforced by the import-linter contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    completed = subprocess.run(
        [str(lint_imports), "--config", str(REPO_ROOT / "pyproject.toml")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Contracts: 4 kept, 0 broken" in completed.stdout


def test_core_reads_no_bundled_files():
    """labapp.core stays pure: it may not reach for resources or instrument profiles (not visible to
    import-linter because those packages live outside labapp/)."""
    offenders = [
        path.name
        for path in (REPO_ROOT / "labapp" / "core").rglob("*.py")
        if "labapp.resources" in path.read_text() or "labapp.instruments" in path.read_text()
    ]
    assert offenders == []
