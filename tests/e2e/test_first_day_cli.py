"""A laboratory's first day with the command line alone, on a new database: the commands
`labapp --help` lists take it from `db init` to a verified certificate, each as a stranger types it
(passwords from the environment, as without a terminal), and no certificate number is lost."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from labapp.cli import build_parser, main

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
RUN = "ICP day one"
STEPS = ["db", "users", "laboratory", "keys", "lots", "crm", "import", "runs", "calculate", "qc", "results",
         "grade", "submit", "review", "approve", "certify", "certificates", "verify"]


@pytest.fixture
def day(tmp_path, monkeypatch, capsys):
    database = str(tmp_path / "lab" / "labapp.sqlite")

    def step(*argv: str, **env: str) -> str:
        for name in ("LABAPP_PASSWORD", "LABAPP_NEW_PASSWORD", "LABAPP_CA_PASSWORD", "LABAPP_KEY_PASSWORD"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code = main(["--db", database, *argv])
        out, err = capsys.readouterr()
        assert code == 0, f"labapp {' '.join(argv)}: {err}"
        return out

    step.database = database
    return step


def test_help_lists_a_command_for_every_step():
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert set(STEPS) <= set(commands)


def test_from_an_empty_database_to_a_verified_certificate(day, tmp_path):
    admin, own = {"LABAPP_PASSWORD": "Admin-Pass-2026!"}, {"LABAPP_PASSWORD": "Own-Pass-2026!"}
    assert "created at schema revision" in day("db", "init")
    day("users", "add", "ada", "--full-name", "Ada Admin", "--roles", "administrator",
        LABAPP_NEW_PASSWORD="Admin-Pass-2026!")
    lab = ("--name", "Kansai Black Mass Lab", "--address", "1-2-3 Osaka")
    day("laboratory", "set", *lab, "--user", "ada", **admin)
    for name, full, role in (("tina", "Tina Tech", "technician"), ("rob", "Rob Review", "reviewer"),
                             ("hana", "Hana Sato", "qa_manager")):
        day("users", "add", name, "--full-name", full, "--roles", role, "--user", "ada",
            LABAPP_NEW_PASSWORD="Temp-Pass-2026!", **admin)
        day("users", "change-password", "--user", name,
            LABAPP_PASSWORD="Temp-Pass-2026!", LABAPP_NEW_PASSWORD="Own-Pass-2026!")
    day("keys", "init-ca", "--name", "Kansai Root CA", "--organisation", "Kansai Black Mass Lab", "--country",
        "JP", "--user", "ada", LABAPP_CA_PASSWORD="Root-CA-2026!", **admin)
    day("keys", "issue", "hana", "--user", "ada", LABAPP_CA_PASSWORD="Root-CA-2026!",
        LABAPP_KEY_PASSWORD="Hana-Key-2026!", **admin)
    assert "root certificate present" in day("keys", "folder")
    published = day("keys", "fingerprint")  # what the lab prints in contracts and on its web page

    day("lots", "import-manifest", str(DEMO / "manifest.csv"), "--user", "tina", **own)
    day("crm", "import", str(DEMO / "crm.csv"), "--user", "hana", **own)
    day("import", str(DEMO / "icp_oes_run.csv"), "--run", RUN, "--user", "tina", **own)
    assert RUN in day("runs", "list")
    day("calculate", "--run", RUN, "--quiet", "--user", "tina", **own)
    failed = day("qc", "--run", RUN, "--failed").splitlines()
    assert failed[-1].endswith("listed by the method)")
    assert "BM26-0001" in day("results", "--run", RUN, "--lot", "BM26-0001")
    day("grade", "--run", RUN, "--user", "tina", **own)
    why = "QC failures reviewed: CCV Mn low affects BM26-0014 only"
    day("submit", "--run", RUN, "--user", "tina", "--acknowledge", why, **own)
    day("review", "--run", RUN, "--user", "rob", "--acknowledge", why, **own)
    # hana holds a personal signing key: her approval is signed with it, so it needs its passphrase
    approved = day("approve", "--run", RUN, "--user", "hana", "--acknowledge", why,
                   LABAPP_KEY_PASSWORD="Hana-Key-2026!", **own)
    assert "signed with the personal key of hana" in approved

    out = tmp_path / "certificates"
    issued = day("certify", "--lot", "BM26-0001", "--user", "hana", "--out", str(out),
                 LABAPP_KEY_PASSWORD="Hana-Key-2026!", **own)
    assert "BM26-0001: issued: LA-" in issued
    [pdf] = out.glob("*.pdf")
    verified = day("verify", str(pdf))  # no --keys-dir, no --root: the database knows its keys
    assert verified.startswith("VALID") and "currency: current" in verified
    short = published.split("short")[1].split("(")[0].strip()
    assert f"short: {short} (compare with the fingerprint the laboratory publishes)" in verified
    twin = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    first = f"LA-{datetime.now(UTC).year}-000001"  # the year's first number: none thrown away on the way
    assert (twin["certificate"]["number"], twin["lot"]["lot_id"]) == (first, "BM26-0001")
    [listed] = day("certificates").splitlines()
    assert listed.startswith(f"{first} rev 0  BM26-0001") and " issued " in listed
