"""The calculation service re-applies a run's exclusions to the rows it writes (exclusions.reapply):
a line or replicate exclusion marks the recalculated preparation rows, and the readings are really gone."""

import pytest
from _workflow_support import RUN, build_template, copy_of, login
from sqlalchemy import select

from labapp.core.exclusions import Exclusion, Scope
from labapp.services.calculation import exclusions
from labapp.services.calculation.calculate import calculate_run
from labapp.services.context import ServiceContext
from labapp.store.lots import Preparation
from labapp.store.results import Result


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = build_template(tmp_path_factory.mktemp("calc_excl") / "template.sqlite")
    with ServiceContext(str(path)) as ctx:
        calculate_run(ctx, RUN, login(ctx, "tom"))
    return path


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    yield context
    context.close()


def _prep_rows(ctx, element):
    with ctx.read_session() as session:
        rows = session.execute(
            select(Preparation.label, Result)
            .join(Preparation, Preparation.id == Result.preparation_id)
            .where(Result.element == element, Result.reportable.is_(False))
        ).all()
        return {label: result for label, result in rows}


def test_a_line_exclusion_flags_the_recalculated_rows(ctx):
    before = _prep_rows(ctx, "Ni")
    assert {r.line for r in before.values()} == {"231.604"}  # the preferred line reports
    tom = login(ctx, "tom")
    exclusions.exclude(ctx, tom, RUN, Exclusion(Scope.LINE, "Ni", "Ar interference", line="231.604"))
    calculate_run(ctx, RUN, tom)
    after = _prep_rows(ctx, "Ni")
    assert after.keys() == before.keys()
    for label, row in after.items():
        flags = row.flags.split(";")
        # the excluded line's readings are gone: the check line reports, and says so
        assert row.line == "221.648" and "alternate_line" in flags and "line_excluded" in flags, label
    untouched = _prep_rows(ctx, "Co")
    assert not any("line_excluded" in (r.flags or "") for r in untouched.values())


def test_a_replicate_exclusion_flags_the_recalculated_row(ctx):
    label = "BM26-0003"
    before = _prep_rows(ctx, "Co")[label]
    tom = login(ctx, "tom")
    item = Exclusion(
        Scope.REPLICATE, "Co", "bubble in the nebuliser", line=before.line, sample_label=label, replicate=2
    )
    exclusions.exclude(ctx, tom, RUN, item)
    calculate_run(ctx, RUN, tom)
    rows = _prep_rows(ctx, "Co")
    assert "replicate_excluded" in rows[label].flags.split(";")
    # two replicate readings left: the calibration component is the inverse prediction of their mean
    assert "p = 2" in rows[label].budget_json and "p = 3" in rows["BM26-0004"].budget_json
    assert not any("replicate_excluded" in (r.flags or "") for k, r in rows.items() if k != label)
