"""The demo's panel tests: moisture, F_ws, carbon and particle size of every lot, D-values of three.

The files in resources/demo/panel (made by tools/make_demo_panel_data.py from truth_panel.csv) are
imported as a laboratory would: a result sheet typed at the bench, a sieving sheet, a LECO-style
combustion export with its CRM burn, and a laser diffraction export. A second person (the reviewer)
verifies every test, the technician submits them: their results join the lots' reportable results
before grading, so every shipped criteria set sees F_ws, moisture, particle size and carbon.
"""

from __future__ import annotations

from labapp.resources import resource_path
from labapp.services import panel
from labapp.services.administration import users
from labapp.services.context import ServiceContext

FILES = ("bench_sheet.csv", "sieve_sheet.csv", "leco_carbon.csv", "laser_export.csv", "fusion_sheet.csv")
CRM_CERTIFIED = "3.00:0.02"  # the combustion CRM's certified carbon, wt%, and its standard uncertainty


def panel_stage(ctx: ServiceContext, technician: tuple[str, str], reviewer: tuple[str, str]) -> str:
    """Import, verify and submit the demo's panel tests; one line saying what was done."""
    by = users.authenticate(ctx, *technician)
    imported = []
    for name in FILES:
        imported += panel.import_tests(
            ctx, by, resource_path("demo", "panel", name), crm_certified=CRM_CERTIFIED
        )
    # each person signs the series with one password entry, as the desktop's signature dialog does
    ids = [test.id for test in imported]
    panel.verify_tests(ctx, reviewer[0], reviewer[1], ids, "checked against the bench records")
    failed = [t for t in imported if any(line.failed_checks for line in t.results)]
    acknowledged = [(t.id, "demo: checks reviewed" if t in failed else None) for t in imported]
    panel.submit_tests(ctx, technician[0], technician[1], acknowledged)
    kinds = sorted({t.method_id for t in imported})
    return f"{len(imported)} panel tests imported, verified and submitted ({', '.join(kinds)})"
