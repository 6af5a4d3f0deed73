"""A recalculation never hands a deleted result's id to a new row (SQLite AUTOINCREMENT, 0009).

Without it SQLite reused the ids, a grading that lists the result ids it used matched the new
results it never saw (so a certificate could print a grading of other values), and the audit trail
named two different rows `results:1`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _workflow_support import build_template, copy_of, mark_calculated
from alembic import command
from sqlalchemy import select, text

from labapp.services.administration.audit_trail import verify_audit
from labapp.services.context import ServiceContext
from labapp.store import migrate
from labapp.store.results import QcOutcome, Result

BEFORE = "0008_signature_acknowledgement"
LOT_COLUMNS_0014 = (
    "lab_sample_id", "condition_on_receipt", "customer_supplied", "sampling_plan", "sampling_location",
    "method_deviations",
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("ids") / "template.sqlite")


def _ids(ctx: ServiceContext) -> set[int]:
    with ctx.read_session() as session:
        return set(session.scalars(select(Result.id)))


def _lot_columns_of_0014(conn, clause: str) -> None:
    """The lot columns a later revision (0014) added, which today's ORM selects with every lot: added to
    the old schema for the recalculation that shows the defect, and removed before the upgrade."""
    for name in LOT_COLUMNS_0014:
        conn.execute(text(f"ALTER TABLE lots {clause.format(name)}"))


def _recalculate_twice(ctx: ServiceContext) -> tuple[set[int], set[int]]:
    mark_calculated(ctx)
    first = _ids(ctx)
    mark_calculated(ctx, ni=(57.0, 49.0))
    return first, _ids(ctx)


def test_new_results_get_new_ids(template: Path, tmp_path: Path) -> None:
    with copy_of(template, tmp_path) as ctx:
        first, second = _recalculate_twice(ctx)
        assert len(first) == len(second) == 4
        assert not first & second
        assert min(second) > max(first)
        assert verify_audit(ctx).ok


def test_the_upgrade_keeps_rows_and_ids_and_ends_the_reuse(template: Path, tmp_path: Path) -> None:
    ctx = copy_of(template, tmp_path)
    with ctx.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), BEFORE)
        _lot_columns_of_0014(conn, "ADD COLUMN {} TEXT")  # today's ORM reads them; results stay as in 0008
    reused_first, reused_second = _recalculate_twice(ctx)
    with ctx.engine.begin() as conn:
        _lot_columns_of_0014(conn, "DROP COLUMN {}")
    assert reused_first == reused_second  # the defect the revision removes, shown on the old schema
    with ctx.read_session() as session:
        values = dict(session.execute(select(Result.id, Result.value)).all())
        checks = set(session.scalars(select(QcOutcome.id)))
    ctx.close()
    with ServiceContext(str(tmp_path / "workflow.sqlite")) as upgraded:  # an embedded file upgrades itself
        assert migrate.current_revision(upgraded.engine) == migrate.head_revision()
        with upgraded.read_session() as session:
            assert dict(session.execute(select(Result.id, Result.value)).all()) == values
            assert set(session.scalars(select(QcOutcome.id))) == checks
        mark_calculated(upgraded, ni=(58.0, 50.0))
        assert not _ids(upgraded) & set(values)
        # the only findings: the lot columns the downgrade below 0014 dropped (a downgrade loses them;
        # the audit trail still holds their values and says so), nothing about results or ids
        problems = verify_audit(upgraded).problems
        assert problems and all(
            p.entity.startswith("lots #") and p.message.split()[0] in LOT_COLUMNS_0014 for p in problems
        ), problems
