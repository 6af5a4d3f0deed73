"""`labapp demo`: a fresh demo database from the bundled demo data, taken through every stage.

The output folder is marked as a demo folder; running the demo again replaces the previous demo
database in it (and says so), but a folder that holds anything else is never touched.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from labapp.core.errors import LabappError
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.demo import calculation_stage as calculation_demo
from labapp.demo import certification_stage as certification_demo
from labapp.demo import grading_stage as grading_demo
from labapp.demo import panel_stage as panel_demo
from labapp.demo import workflow_stage as workflow_demo
from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.laboratory import LaboratoryDetails, set_laboratory
from labapp.services.administration.phrases import set_phrase
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest

MARKER = ".labapp-demo"
DATABASE_NAME = "labapp.sqlite"
DEMO_LABORATORY = LaboratoryDetails(
    name="labapp Demo Assay Laboratory",
    address="1-2-3 Demo-cho, Kitakyushu, Fukuoka, Japan",
    accreditation="Demonstration only - not accredited",
    verification_address="https://labapp-demo.example/verify",  # .example: a demonstration, no such page
)
# The demo laboratory's own phrases (code, English, Japanese): its accreditation line and the sampling
# text of its manifest, so its Japanese certificates print them in Japanese (docs/certificates.md).
DEMO_PHRASES = (
    ("demo-accreditation", "Demonstration only - not accredited", "デモ専用（認定なし）"),
    ("demo-sampling", "ISO 12743 practice, 20 increments", "ISO 12743 に準拠、インクリメント 20 個"),
    # the manifest's ISO/IEC 17025 texts: condition on receipt, sampling plan and location, deviations
    ("demo-condition-dry", "dry free-flowing black powder; big bag and seals intact",
     "乾燥した流動性のある黒色粉末、ビッグバッグ・封印とも異常なし"),
    ("demo-condition-damp", "damp, lumpy powder; big bag intact, seals intact",
     "湿った塊状の粉末、ビッグバッグ・封印とも異常なし"),
    ("demo-condition-torn", "dry powder; outer bag torn at one corner (inner liner intact), seals intact",
     "乾燥粉末、外袋の一角に破れ（内袋は異常なし）、封印異常なし"),
    ("demo-plan-lab", "SP-BM-01: ISO 12743 practice, 20 increments from the falling stream, one gross sample",
     "SP-BM-01：ISO 12743 に準拠、落下流からインクリメント 20 個、大口試料 1 個"),
    ("demo-plan-client", "client's plan CP-7: 10 increments per big bag by spear",
     "依頼者の計画 CP-7：ビッグバッグごとにスピアでインクリメント 10 個"),
    ("demo-location-client", "client's warehouse, Toyama", "依頼者の倉庫（富山）"),
    ("demo-location-lab", "laboratory receiving bay, Kitakyushu", "試験所の受入場（北九州）"),
    ("demo-deviation-dilution",
     "ICP-OES digest diluted 1+19 instead of 1+9 (Fe above the calibration range at 1+9)",
     "ICP-OES 用分解液を 1+9 ではなく 1+19 で希釈（1+9 では Fe が検量範囲を超えたため）"),
    ("demo-deviation-oven", "moisture determined at 110 C instead of 105 C (oven set point)",
     "水分を 105 °C ではなく 110 °C で測定（乾燥器の設定値）"),
    ("demo-deviation-effect", "result not affected beyond its U", "結果への影響は拡張不確かさの範囲内"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    roles: tuple[str, ...]
    password: str


DEMO_USERS = (
    DemoUser("admin", "Aiko Admin", ("administrator",), "Kanri-Demo-2026"),
    DemoUser("tech", "Takumi Tanaka", ("technician",), "Bunseki-Demo-2026"),
    DemoUser("qa", "Hana Sato", ("qa_manager", "reviewer"), "Hinshitsu-Demo-2026"),
    DemoUser("reviewer", "Ren Kimura", ("reviewer",), "Kensa-Demo-2026"),  # second review (four eyes)
)


@dataclass
class DemoReport:
    out_dir: Path
    database: Path
    reused_folder: bool
    stages: list[tuple[str, str]] = field(default_factory=list)
    users: tuple[DemoUser, ...] = DEMO_USERS


def prepare_folder(out_dir: Path) -> bool:
    """Create the folder, or clear a previous demo in it. Returns True when a demo folder was reused."""
    out_dir = out_dir.expanduser().resolve()
    if not out_dir.exists():
        out_dir.mkdir(mode=0o700, parents=True)  # it holds the database and keys
        (out_dir / MARKER).write_text("created by labapp demo\n")
        return False
    if not out_dir.is_dir():
        raise LabappError(f"{out_dir}: exists and is not a folder")
    if not (out_dir / MARKER).exists():
        if any(out_dir.iterdir()):
            raise LabappError(f"{out_dir}: folder is not empty and was not made by labapp demo; choose --out")
        (out_dir / MARKER).write_text("created by labapp demo\n")
        return False
    for entry in out_dir.iterdir():
        if entry.name == MARKER:
            continue
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return True


def run_demo(out_dir: Path, progress: Progress = NO_PROGRESS) -> DemoReport:
    """Build the demo database in `out_dir` and run every stage that exists; raise on the first failure."""
    reused = prepare_folder(out_dir)
    database = out_dir.expanduser().resolve() / DATABASE_NAME
    report = DemoReport(out_dir=database.parent, database=database, reused_folder=reused)
    with ServiceContext(str(database)) as ctx:
        stages = _stages(ctx, report)
        for done, (name, stage) in enumerate(stages):
            progress.check("demo")
            progress.report(done, len(stages), name)
            report.stages.append((name, stage()))
        progress.report(len(stages), len(stages), "done")
    return report


def _stages(ctx: ServiceContext, report: DemoReport) -> list[tuple[str, object]]:
    admin, tech = DEMO_USERS[0], DEMO_USERS[1]

    def users_stage() -> str:
        users.create_first_administrator(ctx, admin.username, admin.full_name, admin.password)
        by = users.authenticate(ctx, admin.username, admin.password)
        for user in DEMO_USERS[1:]:
            users.add_user(
                ctx,
                by,
                user.username,
                user.full_name,
                list(user.roles),
                user.password,
                temporary_password=False,
            )  # demo passwords are published
        set_laboratory(ctx, by, DEMO_LABORATORY)
        for code, en, ja in DEMO_PHRASES:
            set_phrase(ctx, by, code, en, ja)
        return f"{len(DEMO_USERS)} users, laboratory '{DEMO_LABORATORY.name}'"

    def manifest_stage() -> str:
        by = users.authenticate(ctx, tech.username, tech.password)
        result = import_manifest(ctx, resource_path("demo", "manifest.csv"), by)
        return f"{len(result.lot_codes)} lots, {result.samples} samples, {result.preparations} preparations"

    def audit_stage() -> str:
        audit = verify_audit(ctx)
        if not audit.ok:
            raise LabappError(f"demo audit trail does not verify: {audit.first_problem}")
        counts = f"{audit.events_checked} events, {audit.rows_checked} records"
        return f"audit trail verified ({counts}, chain intact)"

    qa = DEMO_USERS[2]
    signer = certification_demo.DemoSigner(qa.username, qa.full_name, qa.password)
    admin_login = (admin.username, admin.password)
    qa_key = (qa.username, qa.password, certification_demo.SIGNER_PASSPHRASE)

    def import_runs_stage() -> str:
        return calculation_demo.import_stage(ctx, (tech.username, tech.password), (qa.username, qa.password))

    def calculate_stage() -> str:
        return calculation_demo.calculate_stage(ctx, (tech.username, tech.password))

    return [
        ("users", users_stage),
        ("lots", manifest_stage),
        # the measured moisture first: the runs convert to the dry basis with it (calculation.moisture_basis)
        ("panel", lambda: panel_demo.panel_stage(ctx, (tech.username, tech.password),
                                                 (DEMO_USERS[3].username, DEMO_USERS[3].password))),
        ("import", import_runs_stage),
        ("calculate", calculate_stage),
        ("grade", lambda: grading_demo.grade_stage(ctx, (tech.username, tech.password))),
        ("submit", lambda: workflow_demo.submit_stage(ctx, (tech.username, tech.password))),
        ("review", lambda: workflow_demo.review_stage(ctx, (DEMO_USERS[3].username, DEMO_USERS[3].password))),
        # the QA manager's key first: a signer who holds one signs run approvals with it too
        ("keys", lambda: certification_demo.keys_stage(ctx, report.out_dir, signer, admin_login)),
        ("approve", lambda: workflow_demo.approve_stage(ctx, qa_key)),
        ("certify", lambda: certification_demo.certify_stage(ctx, report.out_dir, signer)),
        ("audit", audit_stage),
        ("verify", lambda: certification_demo.verify_stage(ctx, report.out_dir)),
    ]
