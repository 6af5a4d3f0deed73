"""Lot assays kept for one grading session (labapp.services.grading.kept_assays): grading under several
sets reads each lot's assay once while nothing it is made from changed, grades exactly as reading it
every time, and reads it again after any other audited change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from demo_builds import copy_demo
from sqlalchemy import select

from labapp.demo.build import DEMO_USERS, DemoReport
from labapp.demo.grading_stage import grading_set_ids
from labapp.services.administration import users
from labapp.services.administration.phrases import set_phrase
from labapp.services.context import ServiceContext
from labapp.services.grading import kept_assays
from labapp.services.grading.grade import grade_lots
from labapp.services.grading.kept_assays import KeptAssays
from labapp.store.gradings import LotGrading

ADMIN, TECH = DEMO_USERS[0], DEMO_USERS[1]
LOTS = ["BM26-0001", "BM26-0002", "BM26-0013"]


@pytest.fixture
def copies(demo_build: DemoReport, tmp_path: Path) -> tuple[Path, Path]:
    return tuple(copy_demo(demo_build, tmp_path / name).database for name in ("kept", "read"))


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = kept_assays.lot_assay

    def counted(session, lot):
        reads.append(lot.code)
        return real(session, lot)

    monkeypatch.setattr(kept_assays, "lot_assay", counted)
    return reads


def _gradings(database: Path, since: int) -> list[tuple]:
    """The gradings written after row `since`: lot, set, status, grade, result and inputs as stored."""
    with ServiceContext(str(database)) as ctx, ctx.read_session() as session:
        rows = session.scalars(select(LotGrading).where(LotGrading.id > since).order_by(LotGrading.id))
        return [
            (g.lot_id, g.criteria_set_id, g.status, g.grade, json.loads(g.result_json), g.result_ids)
            for g in rows
        ]


def _last_id(database: Path) -> int:
    with ServiceContext(str(database)) as ctx, ctx.read_session() as session:
        return max(session.scalars(select(LotGrading.id)))


def test_several_sets_read_each_lot_once_and_grade_as_reading_it_each_time(copies, monkeypatch) -> None:
    kept, read = copies
    since = _last_id(kept)
    sets = grading_set_ids()[:3]
    reads = _reads(monkeypatch)
    with ServiceContext(str(kept)) as ctx:
        by = users.authenticate(ctx, TECH.username, TECH.password)
        assays = KeptAssays()
        for set_id in sets:
            grade_lots(ctx, by, lots=LOTS, criteria=set_id, assays=assays)
    assert sorted(reads) == sorted(LOTS)  # once per lot, not once per lot and set
    with ServiceContext(str(read)) as ctx:
        by = users.authenticate(ctx, TECH.username, TECH.password)
        for set_id in sets:
            grade_lots(ctx, by, lots=LOTS, criteria=set_id)
    graded = _gradings(kept, since)
    assert len(graded) == len(LOTS) * len(sets)
    assert graded == _gradings(read, since)


def test_any_other_audited_change_reads_the_assays_again(copies, monkeypatch) -> None:
    kept, _ = copies
    reads = _reads(monkeypatch)
    with ServiceContext(str(kept)) as ctx:
        by = users.authenticate(ctx, TECH.username, TECH.password)
        admin = users.authenticate(ctx, ADMIN.username, ADMIN.password)
        assays = KeptAssays()
        set_a, set_b = grading_set_ids()[:2]
        grade_lots(ctx, by, lots=LOTS, criteria=set_a, assays=assays)
        grade_lots(ctx, by, lots=LOTS, criteria=set_b, assays=assays)
        assert len(reads) == len(LOTS)
        set_phrase(ctx, admin, "test-note", "a note", "メモ")  # an audited change of something else
        grade_lots(ctx, by, lots=LOTS, criteria=set_a, assays=assays)
        assert len(reads) == 2 * len(LOTS)
