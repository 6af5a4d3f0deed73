"""Shared set-up for the workflow, signature and exclusion tests.

A template database holds the people below, the demo manifest and the demo ICP-OES run imported by
"tom". `mark_calculated` stands in for the calculation service (services.calculation.calculate):
it writes a small, hand-made set of Result and QcOutcome rows and sets the run to "calculated", in one
unit of work, so the workflow can be tested on its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from labapp.core.vocabulary import QcCheck
from labapp.services.administration import keys, users
from labapp.services.calculation.reference_materials import import_reference_materials
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.store.lots import Lot, Preparation
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
RUN = "ICP 2026-03-17"
PASSWORDS = {
    "root": "Kanri-Pass!0",
    "tom": "Bunseki-Pass!1",
    "tess": "Sokutei-Pass!2",
    "rita": "Kensa-Pass!3",
    "quinn": "Hinshitsu-Pass!4",
    "dual": "Ryouhou-Pass!5",
}
PEOPLE = {  # username -> (printed name, roles)
    "tom": ("Tom Tanaka", ["technician"]),
    "tess": ("Tess Ito", ["technician"]),
    "rita": ("Rita Mori", ["reviewer"]),
    "quinn": ("Quinn Sato", ["qa_manager"]),
    "dual": ("Dana Ueda", ["technician", "reviewer", "qa_manager"]),  # may do everything but four eyes
}
LOTS = ("BM26-0001", "BM26-0002")


def build_template(path: Path, importer: str = "tom") -> Path:
    """Users, the demo lots and the demo ICP-OES run imported by `importer` (state "imported")."""
    with ServiceContext(str(path)) as ctx:
        users.create_first_administrator(ctx, "root", "Rita Root", PASSWORDS["root"])
        admin = users.authenticate(ctx, "root", PASSWORDS["root"])
        for name, (printed, roles) in PEOPLE.items():
            users.add_user(ctx, admin, name, printed, roles, PASSWORDS[name], temporary_password=False)
        # the CRM digests are registered, so the run's only unmatched labels are those a test adds
        import_reference_materials(ctx, DEMO / "crm.csv", admin, reason="demo CRM certificate")
        by = users.authenticate(ctx, importer, PASSWORDS[importer])
        import_manifest(ctx, DEMO / "manifest.csv", by)
        import_run(ctx, DEMO / "icp_oes_run.csv", RUN, by)
    return path


def copy_of(template: Path, tmp_path: Path) -> ServiceContext:
    target = tmp_path / "workflow.sqlite"
    shutil.copyfile(template, target)
    return ServiceContext(str(target))


def login(ctx: ServiceContext, name: str) -> users.AuthenticatedUser:
    return users.authenticate(ctx, name, PASSWORDS[name])


def mark_calculated(ctx: ServiceContext, actor: str = "tom", ni: tuple[float, float] = (56.1, 48.3)) -> int:
    """Test helper standing in for the calculation: Ni results for two lots and one QC outcome.

    Per lot: one preparation row (the ICP digest, reportable=False) and one reportable lot row (dry,
    wt%), following the Result rows contract; then the run becomes "calculated". Returns the run id.
    """
    with ctx.account_unit_of_work(actor, event="calculate") as session:
        run = session.scalars(select(InstrumentRun)).one()
        for old in session.scalars(select(Result).where(Result.run_id == run.id)):
            session.delete(old)  # a recalculation replaces the rows (audited deletes)
        for code, value in zip(LOTS, ni, strict=True):
            lot = session.scalar(select(Lot).where(Lot.code == code))
            prep = session.scalar(
                select(Preparation).where(Preparation.label == code, Preparation.technique == "ICP-OES")
            )
            common = dict(
                run_id=run.id,
                element="Ni",
                unit="wt%",
                basis="dry",
                calculated_by=actor,
                method="icp-oes-default",
            )
            session.add(
                Result(preparation_id=prep.id, line="231.604", value=value * 0.5, reportable=False, **common)
            )
            session.add(
                Result(
                    lot_id=lot.id,
                    value=value,
                    standard_uncertainty=0.4,
                    expanded_uncertainty=0.8,
                    coverage_factor=2.0,
                    effective_dof=50.0,
                    reportable=True,
                    **common,
                )
            )
        if session.scalar(select(QcOutcome).where(QcOutcome.run_id == run.id)) is None:
            session.add(
                QcOutcome(
                    run_id=run.id,
                    check=QcCheck.CCV,
                    sample_label="CCV",
                    element="Ni",
                    measured=10.2,
                    expected=10.0,
                    statistic=102.0,
                    lower_limit=90.0,
                    upper_limit=110.0,
                    passed=True,
                    position=1,
                )
            )
        run.state = "calculated"
        return run.id


def reportable_result_ids(ctx: ServiceContext) -> dict[str, int]:
    """Lot code -> id of its reportable Ni row."""
    with ctx.read_session() as session:
        rows = session.execute(
            select(Lot.code, Result.id)
            .join(Result, Result.lot_id == Lot.id)
            .where(Result.reportable.is_(True))
        )
        return dict(rows.all())


def run_state(ctx: ServiceContext) -> str:
    with ctx.read_session() as session:
        return session.scalars(select(InstrumentRun.state)).one()


def lot_states(ctx: ServiceContext) -> dict[str, str]:
    with ctx.read_session() as session:
        return dict(session.execute(select(Lot.code, Lot.state).where(Lot.code.in_(LOTS))).all())


CA_PASSPHRASE = "Test-Root-CA-Pass!"
KEY_PASSPHRASES = {"quinn": "Quinn-Key-Pass!4", "dual": "Dana-Key-Pass!5"}


def issue_personal_key(ctx: ServiceContext, signer: str = "quinn", folder: Path | None = None) -> Path:
    """The lab root (made once) and a personal signing key for `signer` in the keys folder; a `folder`
    given is stored in the database, so every copy of it finds the same keys."""
    admin = login(ctx, "root")
    if folder is not None:
        keys.set_keys_folder(ctx, admin, folder)
    store = keys.keystore(None, ctx)
    if not store.root_p12.exists():
        keys.init_ca(ctx, admin, "Test Root CA", "Test Assay Laboratory", CA_PASSPHRASE.encode())
    keys.issue_signer(ctx, admin, signer, CA_PASSPHRASE.encode(), KEY_PASSPHRASES[signer].encode())
    return store.folder
