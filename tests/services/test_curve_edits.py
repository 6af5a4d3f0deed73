"""A standard point or one replicate taken off a run's curve and put back: a point exclusion removes every
reading of that solution at that line (and nothing else), is refused without a reason or for a
solution the run does not have, is audited with its reason, and a restore withdraws it on record."""

import pandas as pd
import pytest
from _workflow_support import RUN, build_template, copy_of, login
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.core.exclusions import Exclusion, Scope, excluded_readings
from labapp.services.calculation import curve_edits
from labapp.store.audit_event import AuditEvent


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("curve") / "template.sqlite")


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    yield context
    context.close()


def test_a_point_exclusion_removes_every_replicate_of_that_solution_at_that_line_only():
    frame = pd.DataFrame(
        {
            "sample_label": ["Standard 3"] * 3 + ["Standard 4", "Standard 3"],
            "element": ["Ni"] * 5,
            "line": ["231.604"] * 4 + ["221.648"],
            "replicate": [1, 2, 3, 1, 1],
        }
    )
    item = Exclusion(Scope.POINT, "Ni", "drifted", line="231.604", sample_label="Standard 3")
    assert excluded_readings(frame, [item]).tolist() == [True, True, True, False, False]
    with pytest.raises(ValueError, match="needs sample_label"):
        Exclusion(Scope.POINT, "Ni", "drifted", line="231.604")


def test_exclude_a_standard_point_and_restore_it_audited_with_both_reasons(ctx):
    tom = login(ctx, "tom")
    with pytest.raises(LabappError, match="reason is required"):
        curve_edits.exclude_point(ctx, tom, RUN, "Ni", "231.604", "Standard 3", "  ")
    with pytest.raises(LabappError, match="has no Ni reading at line 231.604, sample Standard 9"):
        curve_edits.exclude_point(ctx, tom, RUN, "Ni", "231.604", "Standard 9", "typo")
    point = curve_edits.exclude_point(ctx, tom, RUN, "Ni", "231.604", "Standard 3", "nebuliser spit")
    assert curve_edits.replicates_of(ctx, RUN, "Ni", "231.604", "Standard 3") == [1, 2, 3]
    replicate = curve_edits.exclude_replicate(ctx, tom, RUN, "Ni", "231.604", "Standard 2", 2, "bubble")
    listed = curve_edits.run_exclusions(ctx, RUN)
    assert [(e.id, e.scope, e.sample_label, e.replicate) for e in listed] == [
        (point, Scope.POINT, "Standard 3", None),
        (replicate, Scope.REPLICATE, "Standard 2", 2),
    ]
    excluded = curve_edits.excluded_points(ctx, RUN)
    assert list(excluded["sample_label"]) == ["Standard 3"] and set(excluded["exclusion_id"]) == {point}
    assert (excluded["x"] > 0).all() and (excluded["y"] > 0).all()
    curve_edits.restore(ctx, tom, point, "spit was on Standard 4; Standard 3 is fine")
    assert [e.id for e in curve_edits.run_exclusions(ctx, RUN)] == [replicate]
    with ctx.read_session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "exclusions").order_by(AuditEvent.seq)
        ).all()
    assert [(e.action, e.entity_id, e.reason) for e in events] == [
        ("create", point, "nebuliser spit"),
        ("create", replicate, "bubble"),
        ("withdraw_exclusion", point, "spit was on Standard 4; Standard 3 is fine"),
    ]
