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


def test_every_module_that_uses_pandas_imports_labapp_core_first():
    """labapp.core pins pandas' text storage to Python objects (pyarrow storage would turn typed
    words into plain str); a module that builds frames without importing labapp.core, directly or
    through its imports, could run before the pin."""
    import grimp

    graph = grimp.build_graph("labapp", include_external_packages=True)

    def pinned(module: str) -> bool:  # importing a module runs its packages' __init__ first
        parts = module.split(".")
        chain = {".".join(parts[:k]) for k in range(2, len(parts) + 1)} & graph.modules
        reached = chain.union(*(graph.find_upstream_modules(m) for m in chain))
        return any(m == "labapp.core" or m.startswith("labapp.core.") for m in reached)

    def in_package(module: str) -> bool:  # not the checkout's tests/ seen through labapp.__path__
        path = REPO_ROOT.joinpath(*module.split("."))
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()

    users = {m for m in graph.find_modules_that_directly_import("pandas") if in_package(m)}
    assert len(users) > 20
    assert sorted(m for m in users if not pinned(m)) == []


def test_labapp_core_keeps_text_as_python_objects_with_pyarrow_installed():
    code = "import labapp.core, pandas as pd; print(pd.Series(['a']).dtype.storage)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.stdout.split() == ["python"], completed.stderr
