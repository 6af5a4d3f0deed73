"""A run whose lots include one graded "not gradable" (an analyte the criteria need is missing)
cannot lead to a certificate for that lot: signing the run lists it and needs the acknowledgement."""

from __future__ import annotations

import sqlite3

import pytest
from demo_builds import copy_demo

from labapp.core.vocabulary import GradingStatus
from labapp.demo.build import DemoReport
from labapp.services.calculation.run_problems import UncertifiableLot
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import problems_of

ICP = "ICP-OES 2026-03-17"


@pytest.fixture(scope="module")
def database(demo_build: DemoReport, tmp_path_factory) -> str:
    return str(copy_demo(demo_build, tmp_path_factory.mktemp("uncertifiable") / "demo").database)


def test_a_not_gradable_lot_is_a_problem_to_sign_over(database):
    with ServiceContext(database) as ctx:
        assert problems_of(ctx, ICP).uncertifiable == ()  # the demo grades every lot
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE lot_gradings SET status = 'not gradable', limiting = 'Ni: no reportable result' "
            "WHERE current = 1 AND lot_id = (SELECT id FROM lots WHERE code = 'BM26-0005')"
        )
    with ServiceContext(database) as ctx:
        problems = problems_of(ctx, ICP)
    assert problems.uncertifiable == (
        UncertifiableLot("BM26-0005", GradingStatus.NOT_GRADABLE, ("Ni: no reportable result",)),
    )
    assert problems.found and "1 lot(s) that cannot be certified" in problems.summary()
    assert "cannot be certified: BM26-0005: not gradable (Ni: no reportable result)" in problems.lines()
    assert problems.uncertifiable[0].describe("ja") == "BM26-0005: 格付け不能 (Ni: no reportable result)"
