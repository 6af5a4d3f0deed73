"""Shared set-up for the certificate-issuing tests: demo databases, external tools, GUM rounding.

The demo is the realistic source: 14 lots imported, calculated, graded, signed and approved by the
same services a laboratory uses. Building it takes seconds, so each test process builds one
(tests/demo_builds.py) and each module works on its own copy.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from demo_builds import copy_demo

from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport, run_demo

QA_PASSWORD = "Hinshitsu-Demo-2026"


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    """A Poppler tool; skipped visibly when missing (docs/certificates.md lists the packages)."""
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} not installed (apt-get install poppler-utils)")
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def pdf_text(path: Path) -> str:
    return run_tool("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-").stdout


def demo_until_approval(out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo folder with keys and approved lots, but no certificate yet (the certify stage skipped)."""
    monkeypatch.setattr(certification_demo, "certify_stage", lambda *a: "skipped by the test")
    monkeypatch.setattr(certification_demo, "verify_stage", lambda *a: "skipped by the test")
    return run_demo(out).database


def gum_round(value: float, u: float) -> tuple[str, str]:
    """JCGM 100:2008 7.2.6 as the laboratory applies it, done independently of the application: U to
    two significant digits rounded up (unless the part dropped is at most 5 % of the last digit kept,
    GUM's 28.05 -> 28), the value to the same decimal place, half up in decimal."""
    u_dec = Decimal(repr(u)).quantize(Decimal(1).scaleb(Decimal(repr(u)).adjusted() - 11))  # 12 digits
    exponent = u_dec.adjusted()  # position of the first significant digit
    step = Decimal(1).scaleb(exponent - 1)  # one unit in the second significant digit
    units, dropped = divmod(u_dec, step)
    if dropped > step / 20:
        units += 1
    if units >= 100:  # 0.996 -> 1.0: two significant digits again
        step = step.scaleb(1)
        units = (units + 9) // 10
    u_text = units * step
    value_text = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)
    return f"{value_text:f}", f"{u_text.quantize(step):f}"


def approved_demo_folder(build: DemoReport, factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the session's demo up to approval (conftest `approved_demo_build`), for a
    module-scoped fixture; its keys are in <copy>/keys, which the tests name explicitly."""
    return copy_demo(build, factory.mktemp(name) / "demo").out_dir
