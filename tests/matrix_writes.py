"""Every public service function that writes, with a realistic write from a prepared state.

Used by the service permission matrix (tests/services/test_permission_matrix.py) and the audit test
(tests/services/test_audit_per_write.py). Each `Write` names the function it exercises, the action
it must require, the template database it starts from, what other people do first (`prepare`) and
the write itself, done by the user under test. The templates are built once per session and copied
(database, keys and data folder) for every test, so a hundred-odd cases stay fast.

`SERVICE_FUNCTION_DOORS` are the writing functions that are no role's action: the password itself is
the proof (log-in, own password) or there is no user yet (first administrator).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _workflow_support import DEMO, PASSWORDS, RUN, build_template, mark_calculated, reportable_result_ids
from accounts import PASSWORD
from demo_builds import copy_demo
from sqlalchemy import select

from labapp.certificates.pki import Keystore
from labapp.core.exclusions import Exclusion, Scope
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DEMO_USERS, DemoReport
from labapp.security.roles import Action
from labapp.services import panel
from labapp.services.administration import (
    instrument_profiles,
    keys,
    lab_logo,
    laboratory,
    phrases,
    session_policy,
    users,
)
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.calculation import calculate, exclusions, reference_materials
from labapp.services.certification import issuing, numbers, status
from labapp.services.context import ServiceContext
from labapp.services.grading import criteria_files, grade
from labapp.services.grading.criteria_catalog import list_sets
from labapp.services.importing import lot_edit, registration, run_import
from labapp.services.importing.lot_inputs import LotInput, PreparationInput, SampleInput
from labapp.services.panel import sheet as panel_sheet
from labapp.services.settlement import compute as settlement_compute
from labapp.services.settlement import exchange as settlement_exchange
from labapp.services.settlement import statement as settlement_statement
from labapp.services.workflow import review
from labapp.store.lots import Lot
from labapp.store.records import Certificate

CA_PASSPHRASE = certification_demo.CA_PASSPHRASE.encode()
SIGNER_PASSPHRASE = certification_demo.SIGNER_PASSPHRASE
DEMO_PASSWORDS = {user.username: user.password for user in DEMO_USERS}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # checked by its signature only
PROFILE = """id = "matrix_icp"
name = "Matrix ICP export"
family = "long"
technique = "ICP-OES"

[columns]
sample_label = ["Probe"]
analyte = ["Linie"]
value = ["Konz."]
unit = ["Einheit"]
datetime = ["Messzeit"]

[analytes]
patterns = ['^(?P<element>[A-Z][a-z]?) (?P<line>\\d+,\\d+)$']

[units]
ppm = "mg/L"
"""
PROFILE_SAMPLE = "Probe;Linie;Konz.;Einheit;Messzeit\nBM-0424;Ni 231,604;0,001;mg/l;2024-05-02 10:15:00\n"
SERVICE_FUNCTION_DOORS = {
    "administration.authentication.authenticate": "log-in: the password is the proof",
    "administration.authentication.change_password": "own password: the current password is the proof",
    "administration.users.create_first_administrator": "first start: there is no user yet",
    "certification.recovery.recover_interrupted_issues": "start-up check: no person acts (its own actor)",
    "administration.authentication.refusal_audited": "a refused signature's record, as a wrong password's",
}


@dataclass
class Lab:
    """A copy of a template: its database, keys folder and data folder (LABAPP_DATA)."""

    ctx: ServiceContext
    folder: Path
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> Path:
        return self.folder / "keys"

    def input_file(self, name: str, content: str | bytes) -> Path:
        """A file the user hands to a service (kept in inputs/, which is no output of a write)."""
        path = self.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def login(self, name: str) -> AuthenticatedUser:
        """One of the template's people (workflow or demo template)."""
        password = PASSWORDS.get(name) or DEMO_PASSWORDS[name]
        return users.authenticate(self.ctx, name, password)

    def admin(self) -> AuthenticatedUser:
        return self.login("admin" if self.notes["template"] == "demo" else "root")

    def setup(self) -> issuing.SigningSetup:
        return issuing.SigningSetup(self.folder / "out", SIGNER_PASSPHRASE, "en", self.keys)


Step = Callable[[Lab, AuthenticatedUser], Any]


def _nothing(lab: Lab, user: AuthenticatedUser) -> None:
    """No preparation."""


@dataclass(frozen=True)
class Write:
    """One write through a service. `function` is "<subpackage>.<module>.<function>"."""

    function: str
    action: Action
    template: str
    write: Step
    prepare: Step = _nothing
    variant: str = ""
    several_events: str = ""  # why this write legitimately leaves more than one audit event
    # (table, why) when one record of that table legitimately gets two events in one write
    record_twice: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return self.function + (f"[{self.variant}]" if self.variant else "")


# Templates ----------------------------------------------------------------------------------------


def _workflow(folder: Path) -> None:
    build_template(folder / "labapp.sqlite")


def _calculated(folder: Path) -> None:
    with ServiceContext(str(folder / "labapp.sqlite")) as ctx:
        mark_calculated(ctx)


def _certified(folder: Path) -> None:
    """The demo with one certificate issued (lot BM26-0001) by the QA manager."""
    with ServiceContext(str(folder / "labapp.sqlite")) as ctx:
        lab = Lab(ctx, folder, {"template": "demo"})
        done = issuing.issue_certificates(
            ctx, lab.login("qa"), ["BM26-0001"], password=DEMO_PASSWORDS["qa"], setup=lab.setup()
        )
        assert done[0].status is issuing.IssueStatus.ISSUED, done[0].message


TEMPLATES: dict[str, tuple[str | None, Callable[[Path], None] | None]] = {
    "workflow": (None, _workflow),
    "calculated": ("workflow", _calculated),
    "demo": (None, None),  # the approved demo build, copied (tests/demo_builds.py)
    "certified": ("demo", _certified),
}


class Templates:
    """Template folders built on first use, each from a copy of its parent."""

    def __init__(self, root: Path, approved_demo: DemoReport) -> None:
        self.root = root
        self.built: dict[str, Path] = {}
        self.approved_demo = approved_demo

    def folder(self, name: str) -> Path:
        if name not in self.built:
            parent, build = TEMPLATES[name]
            target = self.root / name
            if build is None:  # the demo up to approval: built once per test process
                copy_demo(self.approved_demo, target)
            elif parent is None:
                target.mkdir(parents=True)
                build(target)
            else:
                shutil.copytree(self.folder(parent), target)
                build(target)
            self.built[name] = target
        return self.built[name]


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory, approved_demo_build: DemoReport) -> Templates:
    return Templates(tmp_path_factory.mktemp("matrix-templates"), approved_demo_build)


def open_lab(templates: Templates, template: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> Lab:
    """A private copy of `template` with its own data folder (criteria, logo, instrument profiles)."""
    shutil.copytree(templates.folder(template), target)
    (target / "data").mkdir(exist_ok=True)
    monkeypatch.setenv("LABAPP_DATA", str(target / "data"))
    kind = "demo" if template in ("demo", "certified") else "workflow"
    return Lab(ServiceContext(str(target / "labapp.sqlite")), target, {"template": kind})


SETTLEMENT_TERMS = """[contract]
reference = "MATRIX-1"
seller = "Seller"
buyer = "Buyer"
laboratory_acts_for = "seller"
umpire_rule = "umpire"

[lot]
wet_mass_t = 10.0
u_wet_mass_t = 0.01

[payable.Ni]
payable_pct = 75
price = 16000
currency = "USD"
price_unit = "t"
price_date = 2026-12-01
reference = "LME nickel cash official"
splitting_limit = 0.30
"""


def _counterparty_entered(lab: Lab, user: AuthenticatedUser) -> None:
    settlement_exchange.record_assay(
        lab.ctx, lab.login("tech"), "BM26-0001", "Ni", "counterparty", 20.0, "Buyer lab"
    )


def _settlement_ready(lab: Lab, user: AuthenticatedUser) -> None:
    """Terms, the counter-party's Ni assay (equal to the laboratory's: agreed) confirmed, a signing key."""
    terms = lab.input_file("terms.toml", SETTLEMENT_TERMS)
    (line,) = settlement_compute.compute_settlement(lab.ctx, "BM26-0001", terms).settlement.lines
    tech, reviewer = lab.login("tech"), lab.login("reviewer")
    settlement_exchange.record_assay(
        lab.ctx, tech, "BM26-0001", "Ni", "counterparty", line.own.assay_pct, "Buyer"
    )
    settlement_exchange.confirm_assay(lab.ctx, reviewer, "BM26-0001", "Ni", "counterparty")
    lab.notes["terms"] = terms
    _signing_key(lab, user)


# Writes -------------------------------------------------------------------------------------------


def _lot(code: str) -> LotInput:
    return LotInput(
        code=code, client_name="Matrix Recycling K.K.", declared_chemistry="NCM", origin="end_of_life"
    )


def _other_lot(lab: Lab, user: AuthenticatedUser) -> None:
    registration.register_lot(lab.ctx, lab.login("tom"), _lot("BM26-0960"))


def _manifest(lab: Lab, user: AuthenticatedUser) -> Any:
    text = (DEMO / "manifest.csv").read_text(encoding="utf-8").replace("BM26-", "BM27-")
    path = lab.input_file("manifest-bm27.csv", text)
    return registration.import_manifest(lab.ctx, path, user)


def _crm(lab: Lab, user: AuthenticatedUser) -> Any:
    text = (DEMO / "crm.csv").read_text(encoding="utf-8").replace("LBM-01", "LBM-77")
    path = lab.input_file("crm-lbm77.csv", text)
    return reference_materials.import_reference_materials(lab.ctx, path, user, reason="matrix CRM")


def _sign(step: str, before: tuple[tuple[str, str], ...] = ()) -> tuple[Step, Step]:
    def prepare(lab: Lab, user: AuthenticatedUser) -> None:
        for who, earlier in before:
            review.sign(lab.ctx, who, PASSWORDS[who], RUN, earlier)

    def write(lab: Lab, user: AuthenticatedUser) -> Any:
        return review.sign(lab.ctx, user.username, PASSWORD, RUN, step, reason="permission matrix")

    return prepare, write


def _signing_key(lab: Lab, user: AuthenticatedUser) -> None:
    """A signing key for the user under test when its role may issue certificates (else none can be made)."""
    if any(role.value == "qa_manager" for role in user.roles):
        keys.issue_signer(
            lab.ctx,
            lab.login("admin"),
            user.username,
            CA_PASSPHRASE,
            SIGNER_PASSPHRASE.encode(),
            folder=lab.keys,
        )


def _certificate_number(lab: Lab) -> str:
    with lab.ctx.read_session() as session:
        return session.scalars(select(Certificate.number)).one()


def _lot_id(lab: Lab, code: str) -> int:
    with lab.ctx.read_session() as session:
        return session.scalar(select(Lot.id).where(Lot.code == code))


def _amendable(lab: Lab, user: AuthenticatedUser) -> None:
    _signing_key(lab, user)
    change = lot_edit.ChangeSignature(DEMO_PASSWORDS["tech"], "moisture re-weighed (matrix)")
    changed = {"moisture_pct": 1.5, "customs_code": "3825.90"}
    lot_edit.update_lot(lab.ctx, lab.login("tech"), "BM26-0001", changed, signature=change)


def _issue(lab: Lab, user: AuthenticatedUser) -> Any:
    done = issuing.issue_certificates(lab.ctx, user, ["BM26-0002"], password=PASSWORD, setup=lab.setup())
    assert [d.status for d in done] == [issuing.IssueStatus.ISSUED], [d.message for d in done]
    return done


def _reserved(lab: Lab, user: AuthenticatedUser) -> None:
    lab.notes["number"] = numbers.reserve(lab.ctx, _lot_id(lab, "BM26-0002"), lab.login("qa"))


def _logo_file(lab: Lab) -> Path:
    return lab.input_file("logo-source.png", PNG)


def _own_set(lab: Lab, user: AuthenticatedUser) -> None:
    lab.notes["set"] = criteria_files.clone_set(lab.ctx, lab.admin(), _shipped_set(), "9.8-matrix")


def _shipped_set() -> Path:
    return next(entry.path for entry in list_sets() if entry.id == "jp-eu-black-mass")


def _profile(lab: Lab, user: AuthenticatedUser) -> Any:
    sample = lab.input_file("profile-sample.csv", PROFILE_SAMPLE)
    return instrument_profiles.save_lab_profile(lab.ctx, user, PROFILE, [sample], reason="matrix")


def _exclusion(lab: Lab, user: AuthenticatedUser) -> int:
    item = Exclusion(Scope.LINE, "Ni", "Fe interference (matrix)", line="231.604")
    return exclusions.exclude(lab.ctx, user, RUN, item)


def _excluded(lab: Lab, user: AuthenticatedUser) -> None:
    lab.notes["exclusion"] = _exclusion(lab, lab.login("tom"))


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_SUBMIT, _REVIEW, _APPROVE, _REJECT = (
    _sign("submit"),
    _sign("review", (("tess", "submit"),)),
    _sign("approve", (("tess", "submit"), ("rita", "review"))),
    _sign("reject", (("tess", "submit"),)),
)
PANEL_MOISTURE = {"tare_g": "25.0000", "gross_before_g": "35.0000", "gross_after_g": "34.7000",
                  "temperature_c": "105", "time_h": "3"}


def _panel_entered(lab: Lab, user: AuthenticatedUser) -> None:
    """A moisture test of BM26-0001 entered by tom (a technician, not the probe)."""
    tom = lab.login("tom")
    test = panel.enter_test(lab.ctx, tom, "BM26-0001", "moisture-105c", [PANEL_MOISTURE])
    lab.notes["panel"] = test.id


def _panel_verified(lab: Lab, user: AuthenticatedUser) -> None:
    _panel_entered(lab, user)
    panel.verify_test(lab.ctx, "rita", PASSWORDS["rita"], lab.notes["panel"])


def _laboratory_entered(lab: Lab, user: AuthenticatedUser) -> None:
    """The idle lock is a setting of the laboratory's record, which an administrator enters first."""
    details = laboratory.LaboratoryDetails("Matrix Assay Lab", "1-1 Hibikino")
    laboratory.set_laboratory(lab.ctx, lab.admin(), details, "matrix")


def _panel_import(lab: Lab, user: AuthenticatedUser) -> Any:
    path = lab.input_file("panel-sheet.csv", "Lot,Method,carbon_pct\nBM26-0001,carbon-combustion,30.1\n")
    return panel.import_tests(lab.ctx, user, path)


ALL_RECORDS = "one event per record it creates or changes (the audit trail is kept per record)"

WRITES: tuple[Write, ...] = (
    # importing ------------------------------------------------------------------------------------
    Write(
        "importing.registration.register_client",
        Action.REGISTER_LOTS,
        "workflow",
        lambda lab, u: registration.register_client(lab.ctx, u, "Matrix Recycling K.K."),
    ),
    Write(
        "importing.registration.register_lot",
        Action.REGISTER_LOTS,
        "workflow",
        lambda lab, u: registration.register_lot(lab.ctx, u, _lot("BM26-0950")),
        several_events="a lot of a client not yet known registers the client too (two records)",
    ),
    Write(
        "importing.registration.register_sample",
        Action.REGISTER_LOTS,
        "workflow",
        lambda lab, u: registration.register_sample(lab.ctx, u, "BM26-0960", SampleInput(moisture_pct=2.0)),
        prepare=_other_lot,
    ),
    Write(
        "importing.registration.register_preparation",
        Action.REGISTER_LOTS,
        "workflow",
        lambda lab, u: registration.register_preparation(
            lab.ctx,
            u,
            "BM26-0001",
            PreparationInput(
                "BM26-0001-M", "digest", "ICP-OES", 0.25, digest_volume_ml=100.0, dilution_factor=10.0
            ),
        ),
    ),
    Write(
        "importing.registration.import_manifest",
        Action.REGISTER_LOTS,
        "workflow",
        _manifest,
        several_events=ALL_RECORDS,
    ),
    Write(
        "importing.run_import.import_run",
        Action.IMPORT_RUN,
        "workflow",
        lambda lab, u: run_import.import_run(
            lab.ctx, DEMO / "icp_oes_run.csv", "ICP matrix", u, allow_duplicate=True, reason="matrix"
        ),
        several_events=ALL_RECORDS,
    ),
    Write(
        "importing.lot_edit.update_lot",
        Action.EDIT_LOTS,
        "workflow",
        lambda lab, u: lot_edit.update_lot(lab.ctx, u, "BM26-0001", {"bag_id": "BB-MATRIX"}, reason="matrix"),
    ),
    Write(
        "importing.lot_edit.update_lot",
        Action.EDIT_LOTS,
        "demo",
        lambda lab, u: lot_edit.update_lot(
            lab.ctx,
            u,
            "BM26-0002",
            {"moisture_pct": 1.5},
            signature=lot_edit.ChangeSignature(PASSWORD, "moisture re-weighed (matrix)"),
        ),
        variant="released, signed",
        several_events="the lot, its sample, the signature of the change and the lot's new state",
    ),
    # calculation ----------------------------------------------------------------------------------
    Write(
        "calculation.calculate.calculate_run",
        Action.CALCULATE,
        "workflow",
        lambda lab, u: calculate.calculate_run(lab.ctx, RUN, u),
        several_events=ALL_RECORDS,
    ),
    Write(
        "calculation.exclusions.exclude",
        Action.EXCLUDE_OR_OVERRIDE,
        "calculated",
        _exclusion,
        several_events="the exclusion, and the run and its results marked for recalculation",
    ),
    Write(
        "calculation.exclusions.withdraw_exclusion",
        Action.EXCLUDE_OR_OVERRIDE,
        "calculated",
        lambda lab, u: exclusions.withdraw_exclusion(lab.ctx, u, lab.notes["exclusion"], "matrix"),
        prepare=_excluded,
    ),
    Write(
        "calculation.exclusions.override",
        Action.EXCLUDE_OR_OVERRIDE,
        "calculated",
        lambda lab, u: exclusions.override(
            lab.ctx, u, reportable_result_ids(lab.ctx)["BM26-0001"], 57.0, "matrix"
        ),
        several_events="the override record and the result it overrides",
    ),
    Write(
        "calculation.reference_materials.import_reference_materials",
        Action.MANAGE_METHODS,
        "workflow",
        _crm,
        several_events=ALL_RECORDS,
    ),
    # panel tests ----------------------------------------------------------------------------------
    Write(
        "panel.entry.enter_test",
        Action.CALCULATE,
        "workflow",
        lambda lab, u: panel.enter_test(lab.ctx, u, "BM26-0001", "moisture-105c", [PANEL_MOISTURE]),
        several_events="the test and each entered value (every value audited)",
    ),
    Write(
        "panel.sheet.enter_sheet",
        Action.CALCULATE,
        "workflow",
        lambda lab, u: panel_sheet.enter_sheet(
            lab.ctx, u, "moisture-105c", [panel_sheet.SheetTest("BM26-0001", (PANEL_MOISTURE,))]
        ),
        several_events="the batch's tests and each entered value (every value audited)",
    ),
    Write(
        "panel.importing.import_tests",
        Action.CALCULATE,
        "workflow",
        _panel_import,
        several_events="the test and each imported value (every value audited)",
    ),
    Write(
        "panel.workflow.verify_test",
        Action.REVIEW,
        "workflow",
        lambda lab, u: panel.verify_test(lab.ctx, u.username, PASSWORD, lab.notes["panel"]),
        prepare=_panel_entered,
        several_events="the signature and the test's new state",
    ),
    Write(
        "panel.workflow.reject_test",
        Action.REJECT,
        "workflow",
        lambda lab, u: panel.reject_test(lab.ctx, u.username, PASSWORD, lab.notes["panel"], "matrix"),
        prepare=_panel_entered,
        several_events="the signature and the test's new state",
    ),
    Write(
        "panel.workflow.submit_test",
        Action.SUBMIT,
        "workflow",
        lambda lab, u: panel.submit_test(lab.ctx, u.username, PASSWORD, lab.notes["panel"]),
        prepare=_panel_verified,
        several_events="the signature, the lot's reportable result and the test's new state",
    ),
    Write(
        "panel.workflow.verify_tests",
        Action.REVIEW,
        "workflow",
        lambda lab, u: panel.verify_tests(lab.ctx, u.username, PASSWORD, [lab.notes["panel"]]),
        prepare=_panel_entered,
        several_events="the signature and the test's new state",
    ),
    Write(
        "panel.workflow.submit_tests",
        Action.SUBMIT,
        "workflow",
        lambda lab, u: panel.submit_tests(lab.ctx, u.username, PASSWORD, [(lab.notes["panel"], None)]),
        prepare=_panel_verified,
        several_events="the signature, the lot's reportable result and the test's new state",
    ),
    # grading --------------------------------------------------------------------------------------
    Write(
        "grading.grade.grade_lots",
        Action.GRADE,
        "demo",
        lambda lab, u: grade.grade_lots(lab.ctx, u, lots=["BM26-0002"]),
        several_events=ALL_RECORDS,
    ),
    Write(
        "grading.criteria_files.clone_set",
        Action.MANAGE_CRITERIA,
        "workflow",
        lambda lab, u: criteria_files.clone_set(lab.ctx, u, _shipped_set(), "9.9-matrix"),
    ),
    Write(
        "grading.criteria_files.new_from_template",
        Action.MANAGE_CRITERIA,
        "workflow",
        lambda lab, u: criteria_files.new_from_template(
            lab.ctx, u, "buyer-contract", "matrix-contract", "Matrix Customer", "9.9-matrix"
        ),
    ),
    Write(
        "grading.criteria_files.save_set_text",
        Action.MANAGE_CRITERIA,
        "workflow",
        lambda lab, u: criteria_files.save_set_text(
            lab.ctx, u, lab.notes["set"], lab.notes["set"].read_text(encoding="utf-8") + "\n# matrix\n"
        ),
        prepare=_own_set,
    ),
    # workflow -------------------------------------------------------------------------------------
    Write(
        "workflow.review.sign",
        Action.SUBMIT,
        "calculated",
        _SUBMIT[1],
        _SUBMIT[0],
        "submit",
        several_events=ALL_RECORDS,
    ),
    Write(
        "workflow.review.sign",
        Action.REVIEW,
        "calculated",
        _REVIEW[1],
        _REVIEW[0],
        "review",
        several_events=ALL_RECORDS,
    ),
    Write(
        "workflow.review.sign",
        Action.APPROVE,
        "calculated",
        _APPROVE[1],
        _APPROVE[0],
        "approve",
        several_events=ALL_RECORDS,
    ),
    Write(
        "workflow.review.sign_runs",
        Action.APPROVE,
        "calculated",
        lambda lab, u: review.sign_runs(lab.ctx, u.username, PASSWORD, [RUN], "approve", "permission matrix"),
        _APPROVE[0],
        "approve",
        several_events=ALL_RECORDS,
    ),
    Write(
        "workflow.review.sign",
        Action.REJECT,
        "calculated",
        _REJECT[1],
        _REJECT[0],
        "reject",
        several_events=ALL_RECORDS,
    ),
    Write(
        "workflow.review.set_second_review",
        Action.MANAGE_METHODS,
        "workflow",
        lambda lab, u: review.set_second_review(lab.ctx, u, True, "matrix"),
    ),
    # certification --------------------------------------------------------------------------------
    Write(
        "certification.issuing.issue_certificates",
        Action.ISSUE_CERTIFICATE,
        "demo",
        _issue,
        prepare=_signing_key,
        several_events=ALL_RECORDS,
        record_twice=(
            "certificate_numbers",
            "the number is reserved and committed on its own first (a failed issue leaves it void, never "
            "reused), then marked used with the certificate",
        ),
    ),
    Write(
        "certification.issuing.amend_certificate",
        Action.ISSUE_CERTIFICATE,
        "certified",
        lambda lab, u: issuing.amend_certificate(
            lab.ctx, u, _certificate_number(lab), "moisture corrected", password=PASSWORD, setup=lab.setup()
        ),
        prepare=_amendable,
        several_events=ALL_RECORDS,
    ),
    Write(
        "certification.issuing.retract_certificate",
        Action.RETRACT_CERTIFICATE,
        "certified",
        lambda lab, u: issuing.retract_certificate(
            lab.ctx, u, _certificate_number(lab), "issued in error", password=PASSWORD
        ),
        several_events=ALL_RECORDS,
    ),
    Write(
        "certification.status.publish_status_list",
        Action.ISSUE_CERTIFICATE,
        "certified",
        lambda lab, u: status.publish_status_list(
            lab.ctx,
            u,
            lab.folder / "out" / "status-list.pdf",
            password=PASSWORD,
            key_passphrase=SIGNER_PASSPHRASE,
            keys_folder=lab.keys,
        ),
        prepare=_signing_key,
    ),
    Write(
        "certification.numbers.reserve",
        Action.ISSUE_CERTIFICATE,
        "demo",
        lambda lab, u: numbers.reserve(lab.ctx, _lot_id(lab, "BM26-0002"), u),
    ),
    Write(
        "certification.numbers.void",
        Action.ISSUE_CERTIFICATE,
        "demo",
        lambda lab, u: numbers.void(lab.ctx, lab.notes["number"], u, "matrix: not issued"),
        prepare=_reserved,
    ),
    # settlement -----------------------------------------------------------------------------------
    Write(
        "settlement.exchange.record_assay",
        Action.GRADE,
        "demo",
        lambda lab, u: settlement_exchange.record_assay(
            lab.ctx, u, "BM26-0001", "Co", "counterparty", 9.1, "Buyer lab", "R-7"
        ),
    ),
    Write(
        "settlement.exchange.confirm_assay",
        Action.REVIEW,
        "demo",
        lambda lab, u: settlement_exchange.confirm_assay(lab.ctx, u, "BM26-0001", "Ni", "counterparty"),
        prepare=_counterparty_entered,
    ),
    Write(
        "settlement.statement.issue_statement",
        Action.ISSUE_CERTIFICATE,
        "demo",
        lambda lab, u: settlement_statement.issue_statement(
            lab.ctx,
            u,
            "BM26-0001",
            lab.notes["terms"],
            lab.folder / "out" / "settlement.pdf",
            password=PASSWORD,
            key_passphrase=SIGNER_PASSPHRASE,
            keys_folder=lab.keys,
        ),
        prepare=_settlement_ready,
    ),
    # administration -------------------------------------------------------------------------------
    Write(
        "administration.users.add_user",
        Action.MANAGE_USERS,
        "workflow",
        lambda lab, u: users.add_user(lab.ctx, u, "newbie", "New Bie", ["technician"], "Atarashii-Pass!7"),
    ),
    Write(
        "administration.users.set_roles",
        Action.MANAGE_USERS,
        "workflow",
        lambda lab, u: users.set_roles(lab.ctx, u, "tess", ["technician", "reviewer"], "matrix"),
    ),
    Write(
        "administration.users.deactivate",
        Action.MANAGE_USERS,
        "workflow",
        lambda lab, u: users.deactivate(lab.ctx, u, "tess", "left the laboratory"),
    ),
    Write(
        "administration.users.reset_password",
        Action.MANAGE_USERS,
        "workflow",
        lambda lab, u: users.reset_password(lab.ctx, u, "tess", "Atarashii-Pass!7", "forgotten"),
    ),
    Write(
        "administration.keys.init_ca",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.init_ca(
            lab.ctx, u, "Matrix Root CA", "Matrix Lab", b"Matrix-CA-2026", "JP", force=True, folder=lab.keys
        ),
        several_events="the root CA, and the folder it went into stored as the database's keys folder",
    ),
    Write(
        "administration.keys.issue_signer",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.issue_signer(
            lab.ctx, u, "qa", CA_PASSPHRASE, b"Matrix-Signer-2026", force=True, folder=lab.keys
        ),
    ),
    Write(
        "administration.keys.import_p12",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.import_p12(
            lab.ctx,
            u,
            "qa",
            Keystore(lab.keys).signer_p12("qa"),
            SIGNER_PASSPHRASE.encode(),
            b"Matrix-Signer-2026",
            force=True,
            folder=lab.keys,
        ),
    ),
    Write(
        "administration.keys.revoke_signer",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.revoke_signer(
            lab.ctx, u, "qa", "superseded", CA_PASSPHRASE, folder=lab.keys, note="key renewed"
        ),
    ),
    Write(
        "administration.keys.issue_crl",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.issue_crl(lab.ctx, u, CA_PASSPHRASE, 30, folder=lab.keys),
    ),
    Write(
        "administration.keys.set_signature_services",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.set_signature_services(
            lab.ctx, u, tsa_url="https://tsa.example/tsr", folder=lab.keys, reason="timestamps"
        ),
    ),
    Write(
        "administration.keys.set_keys_folder",
        Action.MANAGE_KEYS,
        "demo",
        lambda lab, u: keys.set_keys_folder(lab.ctx, u, lab.keys, "keys moved to the lab's share"),
    ),
    Write(
        "administration.instrument_profiles.save_lab_profile",
        Action.MANAGE_INSTRUMENT_PROFILES,
        "workflow",
        _profile,
    ),
    Write(
        "administration.laboratory.set_laboratory",
        Action.MANAGE_LABORATORY,
        "workflow",
        lambda lab, u: laboratory.set_laboratory(
            lab.ctx, u, laboratory.LaboratoryDetails("Matrix Assay Lab", "1-1 Hibikino"), "matrix"
        ),
    ),
    Write(
        "administration.session_policy.set_idle_lock_minutes",
        Action.MANAGE_LABORATORY,
        "workflow",
        lambda lab, u: session_policy.set_idle_lock_minutes(lab.ctx, u, 30, "matrix"),
        prepare=_laboratory_entered,
    ),
    Write(
        "administration.lab_logo.set_logo",
        Action.MANAGE_LABORATORY,
        "workflow",
        lambda lab, u: lab_logo.set_logo(lab.ctx, u, _logo_file(lab)),
    ),
    Write(
        "administration.lab_logo.remove_logo",
        Action.MANAGE_LABORATORY,
        "workflow",
        lambda lab, u: lab_logo.remove_logo(lab.ctx, u),
        prepare=lambda lab, u: lab_logo.set_logo(lab.ctx, lab.admin(), _logo_file(lab)),
    ),
    Write(
        "administration.phrases.set_phrase",
        Action.MANAGE_LABORATORY,
        "workflow",
        lambda lab, u: phrases.set_phrase(lab.ctx, u, "matrix-remark", "Matrix remark.", "注記。"),
    ),
    Write(
        "administration.phrases.retire_phrase",
        Action.MANAGE_LABORATORY,
        "workflow",
        lambda lab, u: phrases.retire_phrase(lab.ctx, u, "retained-sample", "matrix"),
    ),
)
