"""The result sheet's service: a batch of tests stored whole or not at all, every problem listed,
files read into the sheet's form without storing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts import account
from test_panel_tests import LOT, MOISTURE

from labapp.core.errors import InputFileError
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import register_lot
from labapp.services.panel import list_tests
from labapp.services.panel.sheet import (
    SheetError,
    SheetTest,
    check_sheet,
    enter_sheet,
    lots_waiting,
    read_sheet_file,
)

GOOD = {
    "tare_g": "25.0000",
    "gross_before_g": "35.0000",
    "gross_after_g": "34.7000",
    "temperature_c": "105",
    "time_h": "3",
}


@pytest.fixture
def lot(ctx: ServiceContext) -> str:
    register_lot(ctx, account(ctx, "tech1"), LOT)
    return LOT.code


def test_every_failing_test_is_listed_and_nothing_is_stored(ctx: ServiceContext, lot: str) -> None:
    gains = dict(GOOD, gross_after_g="36.0000")
    batch = [SheetTest(lot, tuple(MOISTURE)), SheetTest(lot, (gains,), "B"), SheetTest(lot, (GOOD,), "C")]
    problems = check_sheet("moisture-105c", batch)
    assert len(problems) == 1 and problems[0].startswith(f"{lot} (B): gross_after_g")
    with pytest.raises(SheetError) as refused:
        enter_sheet(ctx, account(ctx, "tech1"), "moisture-105c", batch)
    assert refused.value.problems == problems
    assert list_tests(ctx) == []


def test_a_lot_that_does_not_exist_rolls_the_whole_batch_back(ctx: ServiceContext, lot: str) -> None:
    batch = [SheetTest(lot, tuple(MOISTURE)), SheetTest("BM99-9999", (GOOD,))]
    assert check_sheet("moisture-105c", batch) == []  # the calculation is fine; the store refuses
    with pytest.raises(SheetError, match="BM99-9999: no lot with code"):
        enter_sheet(ctx, account(ctx, "tech1"), "moisture-105c", batch)
    assert list_tests(ctx) == []
    assert lots_waiting(ctx, "moisture-105c") == [lot]
    stored = enter_sheet(ctx, account(ctx, "tech1"), "moisture-105c", batch[:1], source="sheet")
    assert [t.lot for t in stored] == [lot] and stored[0].results[0].text.startswith("3.05")
    assert lots_waiting(ctx, "moisture-105c") == [] and lots_waiting(ctx, "loss-on-ignition") == [lot]


def test_a_file_is_read_into_the_sheet_form_without_storing(
    ctx: ServiceContext, lot: str, tmp_path: Path
) -> None:
    path = tmp_path / "sieve.csv"
    path.write_text(
        "Lot,Method,initial_g,retained_g,pan_g\n"
        f"{lot},particle-size-sieve,104.05,0.00;0.00;0.00;0.00;0.00;31.12,72.72\n"
    )
    sheet = read_sheet_file(path)
    assert sheet.method_id == "particle-size-sieve" and sheet.source.startswith(
        "sieve.csv (panel-result-sheet)"
    )
    (test,) = sheet.tests
    assert test.lot == lot and test.determinations[0]["retained_g"] == "0.00;0.00;0.00;0.00;0.00;31.12"
    assert list_tests(ctx) == []
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "Lot,Method,initial_g,retained_g,pan_g,carbon_pct\n"
        f"{lot},particle-size-sieve,104.05,0.00;0.00;0.00;0.00;0.00;31.12,72.72,\n"
        f"{lot},carbon-combustion,,,,18.2\n"
    )
    with pytest.raises(InputFileError, match="one method at a time"):
        read_sheet_file(mixed)
