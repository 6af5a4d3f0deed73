"""Exclusions and overrides with the real calculation (labapp.services.calculation.calculate) of the demo
ICP-OES run: the calculation honours them and the marks are on the recalculated rows."""

import pytest
from _workflow_support import DEMO, RUN, build_template, copy_of, login, run_state
from sqlalchemy import select

from labapp.core.exclusions import Exclusion, Scope
from labapp.services.calculation import exclusions
from labapp.services.calculation.calculate import calculate_run
from labapp.services.calculation.reference_materials import import_reference_materials
from labapp.services.context import ServiceContext
from labapp.store.lots import Lot, Preparation
from labapp.store.results import Result


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The workflow template with the CRM registered and the run calculated by the real service."""
    path = build_template(tmp_path_factory.mktemp("calc") / "template.sqlite")
    with ServiceContext(str(path)) as ctx:
        import_reference_materials(
            ctx, DEMO / "crm.csv", login(ctx, "quinn"), reason="CRM LBM-01 certificate"
        )
        calculate_run(ctx, RUN, login(ctx, "tom"))
    return path


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    yield context
    context.close()


def _prep_row(ctx, label, element):
    with ctx.read_session() as session:
        prep = select(Preparation.id).where(Preparation.label == label, Preparation.technique == "ICP-OES")
        return session.scalars(
            select(Result).where(Result.preparation_id.in_(prep), Result.element == element)
        ).one()


def _lot_row(ctx, code, element):
    with ctx.read_session() as session:
        lot = select(Lot.id).where(Lot.code == code)
        query = select(Result).where(
            Result.lot_id.in_(lot), Result.reportable.is_(True), Result.element == element
        )
        return session.scalars(query).one()


def test_result_exclusion_leaves_the_digest_out_of_the_lot_value(ctx):
    before_own, before_lot = _prep_row(ctx, "BM26-0003", "Ni"), _lot_row(ctx, "BM26-0003", "Ni")
    duplicate = _prep_row(ctx, "BM26-0003 DUP", "Ni")
    tom = login(ctx, "tom")
    exclusions.exclude(
        ctx, tom, RUN, Exclusion(Scope.RESULT, "Ni", "digest spilled", sample_label="BM26-0003")
    )
    assert run_state(ctx) == "imported"
    calculate_run(ctx, RUN, tom)
    own, lot = _prep_row(ctx, "BM26-0003", "Ni"), _lot_row(ctx, "BM26-0003", "Ni")
    assert "excluded" in own.flags.split(";") and own.value == pytest.approx(before_own.value)
    # with the primary digest left out, the lot value is the duplicate digest's value
    assert lot.value == pytest.approx(duplicate.value) and lot.value != pytest.approx(before_lot.value)


def test_override_is_applied_again_by_the_calculation(ctx):
    lot = _lot_row(ctx, "BM26-0005", "Co")
    exclusions.override(ctx, login(ctx, "quinn"), lot.id, 7.5, "referee laboratory value")
    calculate_run(ctx, RUN, login(ctx, "tom"))
    again = _lot_row(ctx, "BM26-0005", "Co")
    assert again.value == 7.5 and "overridden" in again.flags.split(";") and again.text == "7.50"
