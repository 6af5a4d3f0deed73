"""`labapp --self-test` from the source tree: every check passes, failures are reported, not raised,
and the demo's own certificates are preferred over the example one once the demo issues them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from demo_builds import copy_demo

from labapp import self_test
from labapp._version import __version__
from labapp.certificates.issue import issue_certificate, write_certificate
from labapp.certificates.model import load_twin
from labapp.certificates.pki import Keystore
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.demo.build import DemoReport
from labapp.resources import resource_path

CHECKS = [
    "version", "criteria", "methods", "demo data", "fonts", "certificate assets", "instruments",
    "migrations", "demo chain", "main window", "certificate",
]


def _run_cli(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(cwd / "home"), "XDG_DATA_HOME": str(cwd / "home" / "data")}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen itself
    code = "import sys; from labapp.cli import main; sys.exit(main(['--self-test']))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_self_test_passes_from_source_and_touches_nothing_outside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    result = _run_cli(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"labapp {__version__} self-test"
    assert [line[6:24].strip() for line in lines[1:-1]] == CHECKS
    assert all(line.startswith("PASS  ") for line in lines[1:-1])
    assert lines[-1] == f"self-test PASSED: {len(CHECKS)} of {len(CHECKS)} checks (labapp {__version__})"
    assert "from source" in lines[1]
    assert f"title 'labapp {__version__} - " in result.stdout
    assert "offscreen platform" in result.stdout
    assert list((tmp_path / "home").rglob("*")) == [], "the self-test wrote into the user's home"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"], "the self-test left files behind"


@pytest.fixture
def copied_demo(demo_build: DemoReport, monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process self-tests below take the demo chain from a copy of the worker's demo build (a
    real `run_demo`, as a session fixture): they test how checks are reported, and the self-test with
    its own full demo runs in the subprocess test above."""
    monkeypatch.setattr(self_test, "run_demo", lambda out_dir: copy_demo(demo_build, out_dir))


@pytest.mark.usefixtures("copied_demo")
def test_a_failing_check_is_reported_and_the_others_still_run(tmp_path: Path) -> None:
    def broken_window(database: Path) -> str:
        raise RuntimeError(f"no display for {database.name}")

    seen: list[self_test.Check] = []
    qt_platform = os.environ.get("QT_QPA_PLATFORM")
    report = self_test.run_self_test(window_check=broken_window, on_check=seen.append, folder=tmp_path)
    assert [check.name for check in report.checks] == CHECKS and seen == report.checks
    assert [check.name for check in report.checks if not check.passed] == ["main window"]
    window = report.checks[CHECKS.index("main window")]
    assert window.line() == "FAIL  main window        RuntimeError: no display for labapp.sqlite"
    assert not report.passed
    expected = f"self-test FAILED: 1 of {len(CHECKS)} checks failed (labapp {__version__})"
    assert report.summary() == expected
    assert os.environ.get("QT_QPA_PLATFORM") == qt_platform, "the environment was not restored"


@pytest.mark.usefixtures("copied_demo")
def test_a_missing_resource_folder_fails_its_check_without_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-methods"
    empty.mkdir()
    monkeypatch.setattr(self_test.methods, "bundled_methods_dir", lambda: empty)
    report = self_test.run_self_test(folder=tmp_path / "work")
    by_name = {check.name: check for check in report.checks}
    assert not by_name["methods"].passed and str(empty) in by_name["methods"].detail
    # checks that do not need the methods still pass (the demo chain may use them, so it is not asserted)
    for name in ("criteria", "fonts", "instruments", "migrations", "certificate"):
        assert by_name[name].passed, by_name[name].detail
    assert not report.passed


def _demo_with_certificate(tamper: bool):
    """A stand-in for run_demo once the demo issues certificates: its report lists PDFs and the root.
    (The demo's other stages are covered by the other tests; this one is about which PDFs are checked.)"""

    def run_demo(out_dir: Path) -> DemoReport:
        out_dir.mkdir(parents=True)
        report = DemoReport(out_dir=out_dir, database=out_dir / "labapp.sqlite", reused_folder=False)
        store = Keystore(out_dir / "pki")
        store.init_ca("Demo Root", "Demo Lab", b"ca-pass-123")
        store.issue("qa", "Hana Sato", b"ca-pass-123", b"qa-pass-123")
        data = load_twin(resource_path("certificate", "example-certificate.json").read_bytes())
        data.certificate.number = "DEMO-0001"
        signer = pyhanko_signer(store.load_signer("qa", b"qa-pass-123"))
        issued = issue_certificate(data, signer, SigningRequest("approval", "Hana Sato"))
        pdf, _twin = write_certificate(issued, out_dir / "certificates")
        if tamper:
            content = bytearray(pdf.read_bytes())
            at = content.index(b"DEMO-0001")  # the number in the signed PDF (document metadata)
            content[at : at + 9] = b"DEMO-0002"
            pdf.write_bytes(bytes(content))
        report.certificates = [pdf]  # type: ignore[attr-defined]
        report.root_pem = store.root_pem  # type: ignore[attr-defined]
        return report

    return run_demo


@pytest.mark.parametrize("tamper", [False, True], ids=["intact", "tampered"])
def test_certificates_from_the_demo_are_verified_instead_of_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: bool
) -> None:
    monkeypatch.setattr(self_test, "run_demo", _demo_with_certificate(tamper))
    report = self_test.run_self_test(folder=tmp_path)
    check = {c.name: c for c in report.checks}["certificate"]
    assert not (tmp_path / "certificates").exists(), "the example certificate was issued anyway"
    if tamper:
        assert not check.passed and "DEMO-0001_rev1.pdf: tampered" in check.detail
    else:
        assert check.passed, check.detail
        assert check.detail == "1 signed PDF verified valid (demo): DEMO-0001_rev1.pdf"
