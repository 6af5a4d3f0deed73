"""The demo, built once per test process and copied for every module or test that needs one.

Building the demo runs every stage of the chain (users, lots, import, calculate, grade, review,
approve, keys, certificates, verify): several seconds each time, and the suite used to build it again
in a dozen modules. A copy of the folder (database, keys, certificates) is a few file copies.

`copy_demo(build, target)` copies a build's whole folder to `target` and returns a DemoReport for the
copy. Copies are private: a test may write to the database and the certificates folder of its copy.
Two things stay shared with the build, by design of the demo and read-only in every test that uses a
copy: the keys folder stored in the database (`keys_dir` without --keys-dir or LABAPP_KEYS finds the
build's keys; tests that write keys pass their own folder, as tests/matrix_writes.py does), and the
session's archive folder (LABAPP_ARCHIVE, tests/conftest.py), whose record key sealed the build.

The builds hash the demo users' passwords and write the key files at the test session's small costs
(tests/costs.py): every sign-in to a copy is still a real argon2 verification and every key a real
PBES2 file, in milliseconds instead of about 0.2 s of CPU each, and tests sign in to copies hundreds
of times. The demo as users run it (full cost) is what tests/e2e/test_demo_chain.py and
tests/services/test_certification.py run, as a subprocess.

Under pytest-xdist every worker process builds its own (session fixtures are per process), so no
copy ever crosses processes and no lock is needed.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from labapp.demo import certification_stage as certification_demo
from labapp.demo import grading_stage as grading_demo
from labapp.demo import panel_stage as panel_demo
from labapp.demo import workflow_stage as workflow_demo
from labapp.demo.build import DemoReport, run_demo


def build_full(folder: Path) -> DemoReport:
    """`labapp demo` in `folder`: 14 lots up to signed, verified certificates."""
    return run_demo(folder)


def build_until_approval(folder: Path) -> DemoReport:
    """The demo with keys made and the lots approved, but no certificate issued yet."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(certification_demo, "certify_stage", lambda *a: "skipped by the test")
        patch.setattr(certification_demo, "verify_stage", lambda *a: "skipped by the test")
        return run_demo(folder)


def build_until_calculated(folder: Path) -> DemoReport:
    """The demo's runs imported and calculated; no panel tests, grading, signature or certificate."""
    skipped = lambda *a: "skipped by the test"  # noqa: E731
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(panel_demo, "panel_stage", skipped)
        patch.setattr(grading_demo, "grade_stage", skipped)
        for name in ("submit_stage", "review_stage", "approve_stage"):
            patch.setattr(workflow_demo, name, skipped)
        for name in ("keys_stage", "certify_stage", "verify_stage"):
            patch.setattr(certification_demo, name, skipped)
        return run_demo(folder)


def copy_demo(build: DemoReport, target: Path) -> DemoReport:
    """A private copy of `build`'s folder at `target` (created, or filled when it exists and is empty)."""
    shutil.copytree(build.out_dir, target, dirs_exist_ok=True)
    target = target.resolve()
    return dataclasses.replace(
        build, out_dir=target, database=target / build.database.name, stages=list(build.stages)
    )
