"""The [sampling] option reaches grading: a lot's U gains the sampling component (off by default)."""

from __future__ import annotations

import dataclasses
import math

import pytest
from test_grading import DEMO, lab, lots_template  # noqa: F401  (fixtures)

from labapp.core.uncertainty.sampling import SAMPLING, SamplingSpec
from labapp.services.administration.methods import load_methods
from labapp.services.calculation.run_views import result_detail
from labapp.services.context import ServiceContext
from labapp.services.grading import sampling as sampling_service
from labapp.services.grading.inputs import lot_assay
from labapp.store.lots import Lot
from labapp.store.results import Result

pytestmark = pytest.mark.skipif(not (DEMO / "truth.csv").is_file(), reason="demo data not generated")


def _assay(ctx: ServiceContext, code: str):
    with ctx.read_session() as session:
        lot = session.query(Lot).filter(Lot.code == code).one()
        assay, _, problem = lot_assay(session, lot)
    assert problem is None
    return assay


def test_option_off_leaves_u_and_on_adds_the_sampling_part(lab: ServiceContext,  # noqa: F811
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    off = _assay(lab, "BM26-0002")
    ni = off.results["Ni"]
    assert ni.expanded_uncertainty == pytest.approx(0.03 * ni.value)  # the test rows' U = 3 %, k = 2
    methods = load_methods()
    icp = methods["icp-oes-black-mass"]
    spec = SamplingSpec(True, 0.02, 8.0, 1)  # 2 % sampling RSD from an 8-lot duplicate study
    patched = {**methods, icp.id: dataclasses.replace(icp, sampling=spec)}
    monkeypatch.setattr(sampling_service, "load_methods", lambda: patched)
    on = _assay(lab, "BM26-0002").results["Ni"]
    # u = sqrt(0.015^2 + 0.02^2) y = 0.025 y; nu_eff = 0.025^4 / (0.02^4 / 8) = 19.5; k = t(19.5) = 2.0887
    u = 0.025 * ni.value
    nu = 0.025**4 / (0.02**4 / 8)
    assert nu == pytest.approx(19.53, abs=0.01)
    assert on.coverage_factor == pytest.approx(2.0887, abs=2e-3)
    assert on.expanded_uncertainty == pytest.approx(on.coverage_factor * u, rel=1e-9)
    assert math.isclose(on.value, ni.value)
    assert _assay(lab, "BM26-0002").results["moisture"] == off.results["moisture"]  # moisture keeps its U


def test_budget_view_shows_sampling_as_its_own_line(lab: ServiceContext,  # noqa: F811
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with lab.read_session() as session:
        lot_id = session.query(Lot.id).filter(Lot.code == "BM26-0002").scalar()
        row = session.query(Result).filter(Result.lot_id == lot_id, Result.element == "Ni").one()
        result_id, value = row.id, row.value
    before = result_detail(lab, result_id)
    assert all(c.name != SAMPLING for c in before.components)
    methods = load_methods()
    icp = methods["icp-oes-black-mass"]
    patched = {**methods, icp.id: dataclasses.replace(icp, sampling=SamplingSpec(True, 0.02, 8.0, 1))}
    monkeypatch.setattr(sampling_service, "load_methods", lambda: patched)
    detail = result_detail(lab, result_id)
    [line] = [c for c in detail.components if c.name == SAMPLING]
    assert line.u == pytest.approx(0.02 * value) and line.dof == 8.0
    # sampling's share of the lot variance: 0.02^2 / (0.015^2 + 0.02^2) = 64 %
    assert line.percent == pytest.approx(64.0)
    shown = {k: v for k, v in detail.inputs}
    assert shown["expanded_uncertainty_with_sampling"] == pytest.approx(
        shown["coverage_factor_with_sampling"] * 0.025 * value)


def test_certificate_result_carries_the_lot_u_with_sampling(lab: ServiceContext,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from labapp.services.administration.phrases import phrase_book
    from labapp.services.certification import content

    with lab.read_session() as session:
        lot_id = session.query(Lot.id).filter(Lot.code == "BM26-0002").scalar()
        row = session.query(Result).filter(Result.lot_id == lot_id, Result.element == "Ni").one()
        book = phrase_book(session)
        assert content._result(session, row, book)[0].u_with_sampling is None  # option off: no line
        methods = load_methods()
        icp = methods["icp-oes-black-mass"]
        patched = {**methods, icp.id: dataclasses.replace(icp, sampling=SamplingSpec(True, 0.02, 8.0, 1))}
        monkeypatch.setattr(sampling_service, "load_methods", lambda: patched)
        shown, _ = content._result(session, row, book)
    # U_lot = t(19.5) x 0.025 y, to two significant digits rounded up like every U on the certificate
    expected = 2.0887 * 0.025 * row.value
    assert shown.k_with_sampling == pytest.approx(2.09)
    # rounded up at the hundredths (the second significant digit here), except that GUM 7.2.6 drops
    # a remainder of at most 5 % of that digit
    assert 0.1 < expected < 1
    assert expected - 0.0005 <= shown.u_with_sampling < expected + 0.01
    laboratory_u = 0.03 * row.value
    assert laboratory_u - 0.0005 <= shown.u_expanded < laboratory_u + 0.01
