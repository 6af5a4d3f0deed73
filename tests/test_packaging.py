"""pyproject's explicit package list names every package in the tree (a missing one would be left out
of the wheel and the installer)."""

import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed():
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {
        ".".join(path.parent.relative_to(REPO_ROOT).parts)
        for path in (REPO_ROOT / "labapp").rglob("__init__.py")
    }
    mapped = set(config["package-dir"])
    assert set(config["packages"]) == found | mapped
