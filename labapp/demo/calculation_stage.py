"""The demo's import and calculate stages: the bundled ICP-OES and XRF runs, the CRM, computed results.

Two ICP-OES runs: the main black-mass run (Agilent ICP Expert export) and the trace-element run for Pb,
Cd and Cr from the lots' own trace digests (PerkinElmer Syngistix report). Both are calculated without
naming a method: the run's lines choose it (labapp.services.calculation.method_choice).
"""

from __future__ import annotations

from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.calculation.calculate import calculate_run
from labapp.services.calculation.reference_materials import import_reference_materials
from labapp.services.context import ServiceContext
from labapp.services.importing.run_import import import_run

DEMO_RUNS = (
    ("ICP-OES 2026-03-17", "icp_oes_run.csv"),
    ("XRF 2026-03-18", "xrf_pellets.csv"),
    ("ICP-OES trace 2026-03-19", "icp_trace_run.csv"),
)


def import_stage(
    ctx: ServiceContext, technician: tuple[str, str], qa: tuple[str, str], runs: tuple = DEMO_RUNS
) -> str:
    """Register the CRM LBM-01 and its digests (QA), then import the demo runs (technician); `runs`
    (name, file) lets a partial demo take fewer."""
    by = users.authenticate(ctx, *qa)
    crm = import_reference_materials(ctx, resource_path("demo", "crm.csv"), by, reason="demo CRM certificate")
    parts = [f"CRM {', '.join(crm.materials)} ({crm.values_added} values, {crm.digests_added} digests)"]
    tech = users.authenticate(ctx, *technician)
    for name, file in runs:
        run = import_run(ctx, resource_path("demo", file), name, tech)
        parts.append(f"{name}: {run.readings} readings, {len(run.matched)} labels matched")
    return "; ".join(parts)


def calculate_stage(ctx: ServiceContext, technician: tuple[str, str], runs: tuple = DEMO_RUNS) -> str:
    """Calculate the demo runs as the technician, each with the method its lines choose."""
    by = users.authenticate(ctx, *technician)
    parts = []
    for name, _ in runs:
        done = calculate_run(ctx, name, by)
        parts.append(
            f"{name} ({done.method_id}): {done.reportable_results} reportable, QC {done.verdict.label()} "
            f"({done.qc_failed} of {done.qc_checks} checks failed)"
        )
    return "; ".join(parts)
