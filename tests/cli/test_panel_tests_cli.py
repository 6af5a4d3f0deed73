"""`labapp tests enter|import|verify|submit|list|methods` on the demo lots: validation errors are one line
naming the field (or file and line), imports are whole or nothing, four eyes before submission."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from accounts import account

from labapp.cli import main
from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest

DEMO = resource_path("demo")
PASSWORDS = {"admin": "Kanri-Test-2026x", "tech": "Bunseki-Test-2026x", "rev": "Kensa-Test-2026x"}
MOISTURE = [
    "--portion",
    "tare_g=25.0000 gross_before_g=35.0000 gross_after_g=34.7000 temperature_c=105 time_h=3",
    "--portion",
    "tare_g=24.0000 gross_before_g=34.0000 gross_after_g=33.6900 temperature_c=104 time_h=2.5",
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "lab.sqlite")
    with ServiceContext(path) as ctx:
        users.create_first_administrator(ctx, "admin", "Aiko Admin", PASSWORDS["admin"])
        admin = users.authenticate(ctx, "admin", PASSWORDS["admin"])
        users.add_user(
            ctx, admin, "tech", "Takumi Tanaka", ["technician"], PASSWORDS["tech"], temporary_password=False
        )
        users.add_user(
            ctx, admin, "rev", "Rei Reviewer", ["reviewer"], PASSWORDS["rev"], temporary_password=False
        )
        import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
    return path


def run(capsys, monkeypatch, db: str, user: str | None, *args: str) -> tuple[int, str, str]:
    if user:
        monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS[user])
    code = main(["--db", db, "tests", *args, *(["--user", user] if user else [])])
    out, err = capsys.readouterr()
    return code, out, err


def test_enter_verify_submit_and_list_in_japanese(capsys, monkeypatch, db) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        db,
        "tech",
        "enter",
        "--lot",
        "BM26-0002",
        "--method",
        "moisture-105c",
        *MOISTURE,
    )
    assert code == 0, err
    assert out.startswith("#1 BM26-0002 moisture-105c 1.0 entered (entered by tech)\n")
    assert "  moisture: 3.05" in out and "wt% (k = " in out and "(as_received)" in out
    code, _, err = run(capsys, monkeypatch, db, "tech", "submit", "1")
    assert (
        code == 2
        and err
        == "labapp: panel test #1 is entered: submit needs verified (a second person "
        "verifies the entries first)\n"
    )
    assert run(capsys, monkeypatch, db, "rev", "verify", "1")[0] == 0
    code, out, err = run(capsys, monkeypatch, db, "tech", "submit", "1")
    assert code == 0, err
    assert "submitted (entered by tech, verified by rev, submitted by tech)" in out
    code, out, _ = run(capsys, monkeypatch, db, None, "list", "--lang", "ja")
    assert "提出済み（" not in out and "提出済み (入力者 tech, 確認者 rev, 提出者 tech)" in out


def test_entry_errors_are_one_line_naming_the_field(capsys, monkeypatch, db) -> None:
    code, _, err = run(
        capsys,
        monkeypatch,
        db,
        "tech",
        "enter",
        "--lot",
        "BM26-0002",
        "--method",
        "moisture-105c",
        "--portion",
        "tare_g=25.00001 gross_before_g=35 gross_after_g=34 temperature_c=105 time_h=3",
    )
    assert code == 2
    assert err == "labapp: tare_g: 25.00001 g has more digits than the balance shows (d = 0.0001 g)\n"
    code, _, err = run(
        capsys,
        monkeypatch,
        db,
        "tech",
        "enter",
        "--lot",
        "BM26-0002",
        "--method",
        "moisture-105c",
        "--portion",
        "tare_g25",
    )
    assert (code, err) == (2, "labapp: portion 1: 'tare_g25' is not FIELD=VALUE\n")
    code, _, err = run(
        capsys,
        monkeypatch,
        db,
        "tech",
        "enter",
        "--lot",
        "BM26-0002",
        "--method",
        "fluoride-ws-ise",
        "--portion",
        "sample_g=1.0000 leach_volume_ml=100 reading=80",
    )
    assert code == 2 and err.startswith("labapp: standards: a fluoride test needs")
    code, out, _ = run(capsys, monkeypatch, db, None, "list")
    assert out == "no panel tests\n"


def test_import_a_sheet_a_leco_export_and_a_laser_export(capsys, monkeypatch, db, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Lot,Method,tare_g,gross_before_g,gross_after_g,temperature_c,time_h,carbon_pct\n"
        "BM26-0001,moisture-105c,25.0000,35.0000,34.8800,105,3,\n"
        "BM26-0001,moisture-105c,24.0000,34.0000,33.8790,105,3,\n"
        "BM26-0002,carbon-combustion,,,,,,30.1\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, monkeypatch, db, "tech", "import", str(sheet))
    assert code == 0, err
    assert out.endswith(f"2 test(s) imported from {sheet}\n")
    assert "  moisture: 1.2" in out and "  C: 30.1" in out
    leco = tmp_path / "leco.csv"
    leco.write_text(
        "Name,Mass,Carbon %,Analysis Date\nBlank,0.0,0.002,2026-03-17\nCRM 501,0.0750,3.03,2026-03-17\n"
        "BM26-0001-1,0.0801,25.31,2026-03-17\nBM26-0001-2,0.0799,25.52,2026-03-17\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, monkeypatch, db, "tech", "import", str(leco))
    assert (code, err) == (
        2,
        f"labapp: {leco}, line 3: a CRM reading: give its certified value with --crm-certified VALUE[:U]\n",
    )
    code, out, err = run(capsys, monkeypatch, db, "tech", "import", str(leco), "--crm-certified", "3.00:0.02")
    assert code == 0, err
    assert "BM26-0001 carbon-combustion" in out and "  C: 25.4" in out
    book = openpyxl.Workbook()
    book.active.append(["Sample Name", "Dx (10)", "Dx (50)", "Dx (90)"])
    for row in (
        ["BM26-0002-1", 5.1, 20.3, 60.5],
        ["BM26-0002-2", 5.2, 20.1, 61.5],
        ["BM26-0002-3", 5.0, 20.5, 59.9],
    ):
        book.active.append(row)
    laser = tmp_path / "laser.xlsx"
    book.save(laser)
    code, out, err = run(capsys, monkeypatch, db, "tech", "import", str(laser))
    assert code == 0, err
    assert "  D10: 5.10 ± 0.42 um" in out and "  D50: 20.3 ± 1.1 um" in out


def test_a_bad_row_imports_nothing_and_names_file_and_line(capsys, monkeypatch, db, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Lot,Method,carbon_pct\nBM26-0001,carbon-combustion,30.1\nBM26-0002,carbon-combustion,3O.2\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, monkeypatch, db, "tech", "import", str(sheet))
    assert (code, err) == (2, f"labapp: {sheet}, line 3: carbon_pct: '3O.2' is not a number\n")
    sheet.write_text("Lot,Method,carbon_pct\nBM26-9999,carbon-combustion,30.1\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, db, "tech", "import", str(sheet))
    assert (code, err) == (2, f"labapp: {sheet}, line 2: no lot with code 'BM26-9999'\n")
    assert run(capsys, monkeypatch, db, None, "list")[1] == "no panel tests\n"


def test_methods_lists_fields_with_units_in_both_languages(capsys, monkeypatch, db) -> None:
    code, out, _ = run(capsys, monkeypatch, db, None, "methods")
    assert code == 0
    assert "moisture-105c 1.0: Moisture by loss on drying at 105 °C (as received)" in out
    assert "tare_g (empty dish g)" in out and "dilution (dilution factor 1, optional)" in out
    out = run(capsys, monkeypatch, db, None, "methods", "--lang", "ja")[1]
    assert "tare_g (空の容器 g)" in out and "乾燥減量による水分" in out


def test_verify_several_tests_with_one_password_all_or_none(capsys, monkeypatch, db) -> None:
    for lot in ("BM26-0001", "BM26-0002", "BM26-0003"):
        code, _, err = run(
            capsys, monkeypatch, db, "tech", "enter", "--lot", lot, "--method", "moisture-105c", *MOISTURE
        )
        assert code == 0, err
    asked = []
    monkeypatch.setattr(
        "labapp.cli.panel_tests.read_secret", lambda prompt, env: asked.append(prompt) or PASSWORDS["rev"]
    )
    code, out, err = run(capsys, monkeypatch, db, "rev", "verify", "1", "#2")
    assert code == 0, err
    assert asked == ["Password for rev (signature: verify): "]  # one signing act for both tests
    assert (
        "#1 BM26-0001 moisture-105c 1.0 verified" in out and "#2 BM26-0002 moisture-105c 1.0 verified" in out
    )
    code, out, err = run(capsys, monkeypatch, db, "rev", "verify", "3", "2")
    assert (code, err) == (2, "labapp: panel test #2 is verified: verify needs entered\n")
    code, out, _ = run(capsys, monkeypatch, db, None, "list", "--state", "entered")
    assert out.startswith("#3 BM26-0003")  # test 3 was not verified: all or none
