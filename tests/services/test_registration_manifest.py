"""Lot manifest import: the whole file or nothing, and every problem named by file and line."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from accounts import PASSWORD, account
from openpyxl import Workbook
from sqlalchemy import text

from labapp.cli import main
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.context import ServiceContext
from labapp.services.importing.manifest import ManifestError, read_manifest
from labapp.services.importing.registration import import_manifest, list_lots

HEADER = [
    "lot_code",
    "client_name",
    "client_contact",
    "shipment_id",
    "container_id",
    "bag_id",
    "seal_ids",
    "declared_chemistry",
    "origin",
    "waste_code",
    "customs_code",
    "gross_mass_kg",
    "net_wet_mass_kg",
    "received_on",
    "sampled_on",
    "sampled_by",
    "sampling_method",
    "moisture_pct",
    "moisture_method",
    "sample_label",
    "preparation",
    "technique",
    "sample_mass_g",
    "digest_volume_mL",
    "dilution_factor",
    "spike_added_mg_per_L",
]
LOT1 = [
    "BM26-0001",
    "Hokuriku Recycling K.K.",
    "lab@hokuriku.example",
    "SHP-2026-031",
    "MSKU 123456-7",
    "BB-0412",
    "S-88231;S-88232",
    "NCM",
    "end_of_life",
    "19 14 02*",
    "8549.19",
    "1312.0",
    "1250.0",
    "2026-03-02",
    "2026-03-03",
    "K. Sato",
    "ISO 12743 practice, 20 increments",
    "4.00",
    "ISO 10251, 105 C",
]
LOT2 = [
    "BM26-0002",
    "Rhein Batterie GmbH",
    "+49 221 555 0100",
    "SHP-2026-032",
    "TGHU 765432-1",
    "BB-0413",
    "S-90001",
    "LFP",
    "production_scrap",
    "19 14 02*",
    "8549.19",
    "880.5",
    "842.25",
    "2026-03-04",
    "2026-03-05",
    "M. Weber",
    "ISO 12743 practice, 16 increments",
    "2.50",
    "ISO 10251, 105 C",
]
PREPS1 = [
    ["BM26-0001", "digest", "ICP-OES", "0.2503", "100", "10", ""],
    ["BM26-0001 DUP", "duplicate", "ICP-OES", "0.2497", "100", "10", ""],
    ["BM26-0001 SPK", "spike", "ICP-OES", "0.2511", "100", "10", "5.0"],
    ["BM26-0001", "pellet", "XRF", "", "", "", ""],
]
PREPS2 = [
    ["BM26-0002", "digest", "ICP-OES", "0.2000", "50", "20", ""],
    ["BM26-0002", "pellet", "XRF", "", "", "", ""],
]


def _rows() -> list[list[str]]:
    return [LOT1 + p for p in PREPS1] + [LOT2 + p for p in PREPS2]


def _write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _count(ctx: ServiceContext, table: str) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _nothing_stored(ctx: ServiceContext) -> bool:
    tables = ("clients", "lots", "samples", "preparations", "audit_events WHERE entity_type <> 'users'")
    return all(_count(ctx, t) == 0 for t in tables)


def test_happy_path_registers_every_lot_and_audits_it(ctx: ServiceContext, tmp_path: Path) -> None:
    result = import_manifest(ctx, _write_csv(tmp_path / "manifest.csv", _rows()), account(ctx, "tech1"))
    assert result.lot_codes == ["BM26-0001", "BM26-0002"]
    assert (result.samples, result.preparations) == (2, 6)
    assert result.new_clients == ["Hokuriku Recycling K.K.", "Rhein Batterie GmbH"]
    lots = {lot.code: lot for lot in list_lots(ctx)}
    first = lots["BM26-0001"]
    assert (first.client, first.declared_chemistry, first.origin, first.state) == (
        "Hokuriku Recycling K.K.",
        "NCM",
        "end_of_life",
        "registered",
    )
    assert first.net_dry_mass_kg == pytest.approx(1200.0)  # 1250.0 kg x (1 - 4.00 %)
    assert lots["BM26-0002"].net_dry_mass_kg == pytest.approx(821.19375)  # 842.25 x 0.975
    assert first.preparations == 4
    with ctx.engine.connect() as conn:
        seals, received = conn.execute(
            text("SELECT seal_ids, received_on FROM lots WHERE code='BM26-0001'")
        ).one()
        spike = conn.execute(
            text("SELECT spike_added_mg_per_l FROM preparations WHERE label='BM26-0001 SPK'")
        ).scalar_one()
        query = "SELECT DISTINCT reason FROM audit_events WHERE entity_type <> 'users'"
        reasons = {r for (r,) in conn.execute(text(query))}
    assert (seals, received, spike) == ("S-88231;S-88232", "2026-03-02", 5.0)
    stored = "audit_events WHERE entity_type <> 'users'"  # not the acting user's own account
    assert _count(ctx, stored) == 2 + 2 + 2 + 6  # clients, lots, samples, preparations
    assert reasons == {"lot manifest manifest.csv"}
    assert verify_audit(ctx).ok


def test_xlsx_manifest_gives_the_same_lots(ctx: ServiceContext, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in _rows():
        typed = [float(v) if i in (11, 12, 17, 22, 23, 24, 25) and v else v for i, v in enumerate(row)]
        typed[13] = date.fromisoformat(row[13])  # Excel users type real dates
        sheet.append(typed)
    book.save(tmp_path / "manifest.xlsx")
    lots = read_manifest(tmp_path / "manifest.xlsx")
    assert lots == read_manifest(_write_csv(tmp_path / "manifest.csv", _rows()))
    result = import_manifest(ctx, tmp_path / "manifest.xlsx", account(ctx, "tech1"))
    assert result.preparations == 6


def test_missing_column_is_named_on_the_header_line(ctx: ServiceContext, tmp_path: Path) -> None:
    drop = HEADER.index("net_wet_mass_kg")
    header = HEADER[:drop] + HEADER[drop + 1 :]
    rows = [r[:drop] + r[drop + 1 :] for r in _rows()]
    path = _write_csv(tmp_path / "m.csv", rows, header)
    with pytest.raises(ManifestError) as caught:
        import_manifest(ctx, path, account(ctx, "tech1"))
    assert str(caught.value) == f"{path}, line 1: missing column: net_wet_mass_kg"
    assert _nothing_stored(ctx)


def test_bad_numbers_are_all_named_by_line_and_nothing_is_stored(ctx: ServiceContext, tmp_path: Path) -> None:
    rows = _rows()
    rows[1][HEADER.index("sample_mass_g")] = "0,2497"  # decimal comma
    rows[4][HEADER.index("gross_mass_kg")] = "abc"
    path = _write_csv(tmp_path / "m.csv", rows)
    with pytest.raises(ManifestError) as caught:
        import_manifest(ctx, path, account(ctx, "tech1"))
    problems = [(p.line, p.reason) for p in caught.value.problems]
    assert problems == [
        (3, "sample_mass_g: '0,2497' is not a number"),
        (6, "gross_mass_kg: 'abc' is not a number"),
    ]
    assert (
        str(caught.value) == f"{path}, line 3: sample_mass_g: '0,2497' is not a number (and 1 more problem)"
    )
    assert _nothing_stored(ctx)


def test_lot_code_already_in_the_database_is_refused(ctx: ServiceContext, tmp_path: Path) -> None:
    import_manifest(ctx, _write_csv(tmp_path / "first.csv", _rows()[:4]), account(ctx, "tech1"))
    before = _count(ctx, "audit_events WHERE entity_type <> 'users'")
    path = _write_csv(tmp_path / "second.csv", _rows())
    with pytest.raises(ManifestError) as caught:
        import_manifest(ctx, path, account(ctx, "tech1"))
    reasons = [(p.line, p.reason) for p in caught.value.problems]
    assert (2, "lot code BM26-0001 already exists in the database") in reasons
    events = "audit_events WHERE entity_type <> 'users'"
    assert (_count(ctx, "lots"), _count(ctx, events)) == (1, before)  # BM26-0002 not stored either


def test_duplicate_lot_code_with_different_data_in_one_manifest(ctx: ServiceContext, tmp_path: Path) -> None:
    rows = _rows()
    rows[5][0] = "BM26-0001"  # second lot's pellet row reuses the first lot's code
    rows[5][0 : len(LOT2)] = ["BM26-0001"] + LOT2[1:]
    path = _write_csv(tmp_path / "m.csv", rows)
    with pytest.raises(ManifestError) as caught:
        import_manifest(ctx, path, account(ctx, "tech1"))
    (problem,) = caught.value.problems
    assert problem.line == 7
    assert problem.reason.startswith("lot BM26-0001: client_name 'Rhein Batterie GmbH' differs from line 2")
    assert _nothing_stored(ctx)


def test_preparation_rules(tmp_path: Path) -> None:
    rows = _rows()
    rows[2][HEADER.index("spike_added_mg_per_L")] = ""  # spike without the added concentration
    rows[3][HEADER.index("technique")] = "ICP-OES"  # pellet measured by ICP-OES
    rows[5][HEADER.index("sample_label")] = "BM26-0002"
    rows[5][HEADER.index("technique")] = "ICP-OES"
    rows[5][HEADER.index("preparation")] = "duplicate"
    rows[5][HEADER.index("sample_mass_g")] = "0.2"
    rows[5][HEADER.index("digest_volume_mL")] = "50"
    rows[5][HEADER.index("dilution_factor")] = "20"
    with pytest.raises(ManifestError) as caught:
        read_manifest(_write_csv(tmp_path / "m.csv", rows))
    problems = [(p.line, p.reason) for p in caught.value.problems]
    assert problems[0] == (4, "spike_added_mg_per_L is required for a spike preparation")
    assert (5, "a pellet preparation is measured by XRF, not ICP-OES") in problems
    assert problems[-1] == (7, "sample_label 'BM26-0002' (ICP-OES) already used on line 6")


def test_cli_import_and_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "cli.sqlite")
    account(ServiceContext(db), "tech1")
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    manifest = _write_csv(tmp_path / "manifest.csv", _rows())
    assert main(["--db", db, "lots", "import-manifest", str(manifest), "--user", "tech1"]) == 0
    assert "imported 2 lot(s), 6 preparation(s)" in capsys.readouterr().out
    assert main(["--db", db, "lots", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[1].split()[0] == "BM26-0002" and "821.2" in listing[1]
    assert listing[2].split()[0] == "BM26-0001" and "1200.0" in listing[2]


def test_cli_bad_manifest_names_every_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    account(ServiceContext(str(tmp_path / "cli.sqlite")), "t")
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    rows = _rows()
    rows[0][HEADER.index("moisture_pct")] = "105"
    rows[0][HEADER.index("declared_chemistry")] = "NMC811"
    manifest = _write_csv(tmp_path / "bad.csv", rows)
    code = main(
        ["--db", str(tmp_path / "cli.sqlite"), "lots", "import-manifest", str(manifest), "--user", "t"]
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    chemistries = "NCM, NCA, LCO, LFP, LMO, Mixed"
    assert err[0] == f"labapp: {manifest}, line 2: declared_chemistry 'NMC811' is not one of {chemistries}"
    assert err[1] == f"labapp: {manifest}, line 2: moisture_pct must be between 0 and 100 %, got 105.0"
    assert err[-1] == f"labapp: nothing imported (2 problem(s) in {manifest})"
