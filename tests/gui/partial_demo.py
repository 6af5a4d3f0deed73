"""Demo databases stopped part-way (for the review and full-path GUI tests), built from the same
public services `labapp demo` uses: users and laboratory, lots, the CRM; optionally the runs
imported, calculated, graded and submitted."""

from __future__ import annotations

from pathlib import Path

from labapp.demo import calculation_stage as calculation_demo
from labapp.demo import workflow_stage as workflow_demo
from labapp.demo.build import DEMO_LABORATORY, DEMO_USERS
from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.administration.laboratory import set_laboratory
from labapp.services.calculation.reference_materials import import_reference_materials
from labapp.services.context import ServiceContext
from labapp.services.grading import grade as grading
from labapp.services.importing.registration import import_manifest, list_lots

ADMIN, TECH, QA, REVIEWER = DEMO_USERS
# the main ICP-OES run and the XRF run: the GUI tests' queues count these two (the trace run is left out)
MAIN_RUNS = calculation_demo.DEMO_RUNS[:2]


def registered_only(path: Path) -> Path:
    """Users, laboratory, the 14 demo lots and the CRM LBM-01: ready for a technician to import a run."""
    with ServiceContext(str(path)) as ctx:
        users.create_first_administrator(ctx, ADMIN.username, ADMIN.full_name, ADMIN.password)
        by = users.authenticate(ctx, ADMIN.username, ADMIN.password)
        for user in DEMO_USERS[1:]:
            users.add_user(ctx, by, user.username, user.full_name, list(user.roles), user.password,
                temporary_password=False)
        set_laboratory(ctx, by, DEMO_LABORATORY)
        tech = users.authenticate(ctx, TECH.username, TECH.password)
        import_manifest(ctx, resource_path("demo", "manifest.csv"), tech)
        qa = users.authenticate(ctx, QA.username, QA.password)
        import_reference_materials(ctx, resource_path("demo", "crm.csv"), qa, reason="demo CRM certificate")
    return path


def submitted(path: Path) -> Path:
    """The main ICP-OES and the XRF demo runs imported, calculated, graded and submitted by the technician
    (second review on)."""
    with ServiceContext(str(path)) as ctx:
        users.create_first_administrator(ctx, ADMIN.username, ADMIN.full_name, ADMIN.password)
        by = users.authenticate(ctx, ADMIN.username, ADMIN.password)
        for user in DEMO_USERS[1:]:
            users.add_user(ctx, by, user.username, user.full_name, list(user.roles), user.password,
                temporary_password=False)
        set_laboratory(ctx, by, DEMO_LABORATORY)
        tech = users.authenticate(ctx, TECH.username, TECH.password)
        import_manifest(ctx, resource_path("demo", "manifest.csv"), tech)
        login, qa = (TECH.username, TECH.password), (QA.username, QA.password)
        calculation_demo.import_stage(ctx, login, qa, runs=MAIN_RUNS)
        calculation_demo.calculate_stage(ctx, login, runs=MAIN_RUNS)
        tech = users.authenticate(ctx, TECH.username, TECH.password)
        grading.grade_lots(ctx, tech, lots=sorted(lot.code for lot in list_lots(ctx)))
        workflow_demo.submit_stage(ctx, (TECH.username, TECH.password))
    return path
