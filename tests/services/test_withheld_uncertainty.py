"""A lot result without a term its uncertainty needs (review of issue 17, findings 9 and 10) is
withheld like one read above the calibration range: grading gets no value and says why, and the
certificate shows it as not reportable with the flag's words in English and Japanese."""

from __future__ import annotations

import pytest

from labapp.certificates import model as cm
from labapp.core.vocabulary import Basis, ResultFlag
from labapp.services.administration.phrases import PhraseBook
from labapp.services.certification.content import _result
from labapp.services.grading.inputs import _analyte
from labapp.store.results import Result

FLAGS = (ResultFlag.NO_COUNTING_UNCERTAINTY, ResultFlag.NO_CALIBRATION_UNCERTAINTY)


def _row(flag: ResultFlag, value: float | None = None) -> Result:
    return Result(
        element="Ni",
        value=value,
        unit="wt%",
        basis=Basis.DRY,
        censored="",
        expanded_uncertainty=None,
        coverage_factor=None,
        loq=0.01,
        flags=f"instrument_concentration;{flag.value}",
        method="m",
        technique="xrf",
        reportable=True,
        lot_id=None,
    )


@pytest.mark.parametrize("flag", FLAGS)
def test_grading_withholds_the_analyte_with_the_flag(flag):
    graded = _analyte(_row(flag, value=20.0))  # even a value set on the row is not graded
    assert graded.value is None and graded.expanded_uncertainty is None
    assert graded.withheld is flag
    assert graded.why_not_reported == flag.label()


@pytest.mark.parametrize("flag", FLAGS)
def test_the_certificate_shows_it_not_reportable_with_the_flags_words(flag):
    shown, note_ja = _result(None, _row(flag), PhraseBook([]))
    assert shown.status is cm.ResultStatus.NOT_REPORTABLE and shown.value is None
    assert flag.label() in shown.note and flag.label("ja") in note_ja


@pytest.mark.real_files
def test_an_imported_xrf_runs_errors_reach_the_calculation_through_the_store(ctx, real_files_dir):
    """Import (archive, digest) -> measurements -> the frame the calculation reads: the Niton
    errors and their per-reading coverage survive exactly, and the audit trail still verifies."""
    from accounts import account

    from labapp.importers import read_export
    from labapp.services.calculation.inputs import measurement_frame
    from labapp.services.importing.run_import import import_run
    from labapp.store.audit_verify import verify_audit_trail

    source = real_files_dir / "thermo_niton" / "bodmerton.csv"
    run = import_run(ctx, source, "Niton", account(ctx, "tech"))
    read = read_export(source).frame
    with ctx.read_session() as session:
        stored = measurement_frame(session, run.run_id)
    assert stored["uncertainty"].tolist() == pytest.approx(read["uncertainty"].tolist(), nan_ok=True)
    assert stored["uncertainty_k"].tolist() == pytest.approx(read["uncertainty_k"].tolist(), nan_ok=True)
    assert stored["uncertainty"].notna().sum() > 100 and set(stored["uncertainty_k"].dropna()) == {2.0}
    with ctx.engine.connect() as conn:
        assert verify_audit_trail(conn).ok
