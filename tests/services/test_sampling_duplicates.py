"""Duplicate samples named in the manifest (`primary_sample`) and the stored duplicate study: 8 lots,
two primary samples each, each digested twice, with the Eurachem/CITAC lettuce values as results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from accounts import account
from sqlalchemy import select
from test_registration_manifest import HEADER, LOT1, _write_csv

from labapp.services.administration.audit_trail import verify_audit
from labapp.services.context import ServiceContext
from labapp.services.importing.manifest import ManifestError, read_manifest
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.sampling_study import stored_sampling_study
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

LETTUCE = [[3898, 4139, 4466, 4693], [3910, 3993, 4201, 4126], [5708, 5903, 4061, 3782],
           [5028, 4754, 5450, 5416], [4640, 4401, 4248, 4191], [5182, 5023, 4662, 4839],
           [3028, 3224, 3023, 2901], [3966, 4283, 4131, 3788]]


def _manifest(tmp_path: Path, lots: int = 8, drop_last: bool = False) -> Path:
    rows = []
    for n in range(1, lots + 1):
        code = f"BM26-{n:04d}"
        lot = [code, *LOT1[1:]]
        for s in (1, 2):
            for a in (1, 2):
                prep = [f"{code} S{s}A{a}", "digest", "ICP-OES", "0.2500", "100", "10", "", f"S{s}"]
                rows.append([*lot, *prep])
    if drop_last:
        rows.pop()
    return _write_csv(tmp_path / "m.csv", rows, [*HEADER, "primary_sample"])


def test_manifest_reads_primary_samples_and_checks_the_design(tmp_path: Path) -> None:
    [lot] = read_manifest(_manifest(tmp_path, lots=1))
    assert [p.primary_sample for _, p in lot.preparations] == ["S1", "S1", "S2", "S2"]
    with pytest.raises(ManifestError, match="lot BM26-0001: the duplicate method needs two primary samples "
                                            "with two ICP-OES preparations each, got S1 x 2, S2 x 1"):
        read_manifest(_manifest(tmp_path, lots=1, drop_last=True))


def test_stored_study_reproduces_example_a1(ctx: ServiceContext, tmp_path: Path) -> None:
    import_manifest(ctx, _manifest(tmp_path), account(ctx, "tech"))
    assert verify_audit(ctx).ok  # the new preparations column is in the audited rows
    with ctx.account_unit_of_work("tech", event="calculate") as session:
        run = InstrumentRun(technique="ICP-OES", file_name="x.csv", file_size=0, sha256="0" * 64,
                            raw_bytes=b"", profile="none", imported_by="tech", measurements_digest="0" * 64)
        session.add(run)
        session.flush()
        preps = session.execute(select(Lot.code, Preparation).join(Sample, Sample.lot_id == Lot.id)
                                .join(Preparation, Preparation.sample_id == Sample.id)).all()
        for code, prep in preps:
            s, a = int(prep.label[-3]), int(prep.label[-1])
            value = LETTUCE[int(code[-4:]) - 1][2 * (s - 1) + a - 1] / 1e4  # mg/kg as wt %
            session.add(Result(run_id=run.id, lot_id=None, preparation_id=prep.id, element="Ni", unit="wt%",
                               basis="dry", value=value, reportable=False, calculated_by="tech",
                               calculated_at=dt.datetime(2026, 3, 17, tzinfo=dt.UTC)))
    [ni] = stored_sampling_study(ctx)
    assert ni.analyte == "Ni" and ni.anova.targets == 8
    assert ni.anova.s_samp * 1e4 == pytest.approx(518.2, abs=0.05)
    assert ni.anova.s_anal * 1e4 == pytest.approx(148.2, abs=0.05)
