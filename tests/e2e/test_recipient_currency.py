"""Issue 19, "done when": a retracted certificate reads "retracted" to a recipient who has the
laboratory's status list and root certificate but no database. The laboratory works on the command
line; the recipient runs `labapp verify` in a process of its own, on another (empty) home folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from demo_builds import copy_demo

from labapp.cli import main
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DEMO_USERS, DemoReport

QA = DEMO_USERS[2]


@pytest.fixture(scope="module")
def lab(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # a copy of the demo up to approval: keys made, nothing certified (tests/demo_builds.py)
    return copy_demo(approved_demo_build, tmp_path_factory.mktemp("lab") / "demo").out_dir


def _lab(lab: Path, monkeypatch: pytest.MonkeyPatch, capsys, *argv: str) -> str:
    monkeypatch.setenv("LABAPP_PASSWORD", QA.password)
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", certification_demo.SIGNER_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", None)
    code = main(["--db", str(lab / "labapp.sqlite"), *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _recipient(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABAPP_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run(
        [sys.executable, "-m", "labapp", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=home,
    )


def test_a_recipient_without_the_database_reads_retracted(lab, monkeypatch, capsys, tmp_path) -> None:
    sent = tmp_path / "sent"  # what the laboratory sends or publishes
    _lab(
        lab,
        monkeypatch,
        capsys,
        "certify",
        "--lot",
        "BM26-0001",
        "BM26-0002",
        "--user",
        "qa",
        "--language",
        "en+ja",
        "--out",
        str(sent),
    )
    listed = _lab(lab, monkeypatch, capsys, "certificates").splitlines()
    numbers = [line.split()[0] for line in listed]
    retracted, kept = numbers
    notice = _lab(
        lab,
        monkeypatch,
        capsys,
        "certify",
        "retract",
        retracted,
        "--reason",
        "sample mix-up found by the laboratory",
        "--user",
        "qa",
        "--out",
        str(sent),
    )
    assert f"-> {sent / f'{retracted}_rev0_retraction.pdf'}" in notice
    _lab(
        lab,
        monkeypatch,
        capsys,
        "certificates",
        "status-list",
        "--out",
        str(sent / "status-list.pdf"),
        "--user",
        "qa",
    )
    _lab(lab, monkeypatch, capsys, "keys", "export-root", str(sent / "lab-root.pem"))

    home = tmp_path / "recipient"
    home.mkdir()
    root = ("--root", str(sent / "lab-root.pem"))
    status = ("--status", str(sent / "status-list.pdf"))
    gone = _recipient(home, "verify", str(sent / f"{retracted}_rev0.pdf"), *status, *root)
    assert gone.returncode == 7, gone.stderr
    assert gone.stdout.startswith(f"NOT CURRENT: certificate {retracted} rev 0 is retracted: ")
    assert "sample mix-up found by the laboratory" in gone.stdout
    good = _recipient(home, "verify", str(sent / f"{kept}_rev0.pdf"), *status, *root, "--json")
    assert good.returncode == 0 and json.loads(good.stdout)["currency"].startswith("current")
    told = _recipient(home, "verify", str(sent / f"{retracted}_rev0_retraction.pdf"), *root, "--no-db")
    assert told.returncode == 0 and f"retraction notice for certificate {retracted} rev 0" in told.stdout
    assert not (home / "data").exists() or not list((home / "data").rglob("*.sqlite"))  # no database made
