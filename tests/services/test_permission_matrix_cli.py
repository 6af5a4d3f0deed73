"""The permission matrix through the command line: every writing command x every role.

For each command a user holding exactly one role runs it (password from LABAPP_PASSWORD, as in
automation). A role the expected matrix (tests/matrix_support.py, written independently of the code's
table) does not allow is refused with exit code 2 and one line naming the action, and leaves nothing
in the database but its own sign-in event. An allowed role's command succeeds and every event it
writes names that user. A coverage test fails when a command signs someone in without a row here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _workflow_support import (
    DEMO,
    PASSWORDS,
    RUN,
    build_template,
    login,
    mark_calculated,
    reportable_result_ids,
)
from matrix_support import EXPECTED
from sqlalchemy import func, select

from labapp.cli import build_parser, main
from labapp.security.roles import Action, Role, who_may
from labapp.services import panel
from labapp.services.administration import keys, users
from labapp.services.context import ServiceContext
from labapp.services.settlement import record_assay
from labapp.services.workflow import review as workflow
from labapp.store.audit_event import AuditEvent

PROBE_PASSWORD = "Shiken-Pass!9-Matrix"
CA_PASSPHRASE = "Matrix-Root-CA-2026"
Prepare = Callable[[ServiceContext], None]


def probe(role: Role) -> str:
    return f"probe_{role.value}"


@dataclass(frozen=True)
class Command:
    """One writing command: the action it needs, its arguments for `user`, the state it starts from."""

    name: str
    action: Action
    argv: Callable[[str, Path], list[str]]
    prepare: tuple[Prepare, ...] = field(default=())


def _calculated(ctx: ServiceContext) -> None:
    mark_calculated(ctx)


def _sign(step: str, who: str) -> Prepare:
    return lambda ctx: workflow.sign(ctx, who, PASSWORDS[who], RUN, step, reason="matrix")


def _root_ca(ctx: ServiceContext) -> None:
    admin = login(ctx, "root")
    keys.init_ca(ctx, admin, "Matrix Root CA", "Matrix Lab", CA_PASSPHRASE.encode(), "JP")


def _quinn_key(ctx: ServiceContext) -> None:
    keys.issue_signer(ctx, login(ctx, "root"), "quinn", CA_PASSPHRASE.encode(), b"Matrix-Signer-Key-2026")


def _manifest(tmp: Path) -> Path:
    """The demo manifest's first line under a new lot code: a lot the template does not have."""
    lines = (DEMO / "manifest.csv").read_text(encoding="utf-8").splitlines()
    path = tmp / "new-lot.csv"
    path.write_text(
        "\n".join([lines[0], lines[1].replace("BM26-0001", "BM26-0900")]) + "\n", encoding="utf-8"
    )
    return path


def _crm(tmp: Path) -> Path:
    """A second reference material (the demo's first two values under a new name and digest label)."""
    lines = (DEMO / "crm.csv").read_text(encoding="utf-8").splitlines()[:3]
    path = tmp / "crm.csv"
    path.write_text("\n".join([lines[0], *(x.replace("LBM-01", "LBM-09") for x in lines[1:])]) + "\n")
    return path


def _counterparty_entered(ctx: ServiceContext) -> None:
    record_assay(ctx, login(ctx, "tom"), "BM26-0001", "Ni", "counterparty", 20.2, "Buyer lab")


def _result(ctx_path: Path) -> str:
    with ServiceContext(str(ctx_path)) as ctx:
        return str(reportable_result_ids(ctx)["BM26-0001"])


PANEL_PORTION = "tare_g=25.0000 gross_before_g=35.0000 gross_after_g=34.7000 temperature_c=105 time_h=3"


def _panel_entered(ctx: ServiceContext) -> None:
    """Panel test #1: BM26-0001's moisture, entered by tom."""
    portion = dict(item.split("=") for item in PANEL_PORTION.split())
    panel.enter_test(ctx, login(ctx, "tom"), "BM26-0001", "moisture-105c", [portion])


def _panel_verified(ctx: ServiceContext) -> None:
    panel.verify_test(ctx, "rita", PASSWORDS["rita"], 1)


def _panel_sheet(tmp: Path) -> str:
    path = tmp / "panel.csv"
    path.write_text("Lot,Method,carbon_pct\nBM26-0001,carbon-combustion,30.1\n", encoding="utf-8")
    return str(path)


COMMANDS = (
    Command(
        "lots import-manifest",
        Action.REGISTER_LOTS,
        lambda u, t: ["lots", "import-manifest", str(_manifest(t)), "--user", u],
    ),
    Command(
        "lots add",
        Action.REGISTER_LOTS,
        lambda u, t: [
            "lots", "add", "BM26-0900", "--client", "Matrix Client", "--chemistry", "NCM", "--origin",
            "end_of_life", "--digest", "BM26-0900-D1", "0.25", "50", "10", "--user", u,
        ],
    ),
    Command(
        "lots edit",
        Action.EDIT_LOTS,
        lambda u, t: ["lots", "edit", "BM26-0001", "--set", "shipment_id=SHP-MATRIX", "--user", u],
    ),
    Command(
        "import",
        Action.IMPORT_RUN,
        lambda u, t: [
            "import",
            str(DEMO / "icp_oes_run.csv"),
            "--run",
            "matrix run",
            "--allow-duplicate",
            "--reason",
            "matrix",
            "--user",
            u,
        ],
    ),
    Command(
        "crm import",
        Action.MANAGE_METHODS,
        lambda u, t: ["crm", "import", str(_crm(t)), "--reason", "matrix", "--user", u],
    ),
    Command("calculate", Action.CALCULATE, lambda u, t: ["calculate", "--run", RUN, "--quiet", "--user", u]),
    Command(
        "exclude",
        Action.EXCLUDE_OR_OVERRIDE,
        lambda u, t: [
            "exclude",
            "--run",
            RUN,
            "--scope",
            "replicate",
            "--element",
            "Ni",
            "--line",
            "231.604",
            "--sample",
            "BM26-0001",
            "--replicate",
            "2",
            "--reason",
            "air bubble",
            "--user",
            u,
        ],
        (_calculated,),
    ),
    Command(
        "override",
        Action.EXCLUDE_OR_OVERRIDE,
        lambda u, t: [
            "override",
            "--result",
            _result(t / "db.sqlite"),
            "--value",
            "56.0",
            "--reason",
            "referee value",
            "--user",
            u,
        ],
        (_calculated,),
    ),
    Command(
        "tests enter",
        Action.CALCULATE,
        lambda u, t: ["tests", "enter", "--lot", "BM26-0001", "--method", "moisture-105c",
                      "--portion", PANEL_PORTION, "--user", u],
    ),
    Command("tests import", Action.CALCULATE, lambda u, t: ["tests", "import", _panel_sheet(t), "--user", u]),
    Command(
        "tests verify", Action.REVIEW, lambda u, t: ["tests", "verify", "1", "--user", u], (_panel_entered,)
    ),
    Command(
        "tests reject",
        Action.REJECT,
        lambda u, t: ["tests", "reject", "1", "--reason", "tare typed twice", "--user", u],
        (_panel_entered,),
    ),
    Command(
        "tests submit",
        Action.SUBMIT,
        lambda u, t: ["tests", "submit", "1", "--user", u],
        (_panel_entered, _panel_verified),
    ),
    Command("grade", Action.GRADE, lambda u, t: ["grade", "--run", RUN, "--user", u], (_calculated,)),
    Command("submit", Action.SUBMIT, lambda u, t: ["submit", "--run", RUN, "--user", u], (_calculated,)),
    Command(
        "review",
        Action.REVIEW,
        lambda u, t: ["review", "--run", RUN, "--user", u],
        (_calculated, _sign("submit", "tess")),
    ),
    Command(
        "approve",
        Action.APPROVE,
        lambda u, t: ["approve", "--run", RUN, "--user", u],
        (_calculated, _sign("submit", "tess"), _sign("review", "rita")),
    ),
    Command(
        "reject",
        Action.REJECT,
        lambda u, t: ["reject", "--run", RUN, "--reason", "re-run the last bracket", "--user", u],
        (_calculated, _sign("submit", "tess")),
    ),
    Command(
        "second-review",
        Action.MANAGE_METHODS,
        lambda u, t: ["second-review", "off", "--reason", "two-person lab", "--user", u],
    ),
    Command(
        "laboratory set",
        Action.MANAGE_LABORATORY,
        lambda u, t: ["laboratory", "set", "--name", "Matrix Lab", "--user", u],
    ),
    Command(
        "users add",
        Action.MANAGE_USERS,
        lambda u, t: [
            "users",
            "add",
            "newbie",
            "--full-name",
            "New Bie",
            "--roles",
            "technician",
            "--user",
            u,
        ],
    ),
    Command(
        "users set-roles",
        Action.MANAGE_USERS,
        lambda u, t: [
            "users",
            "set-roles",
            "tom",
            "--roles",
            "technician,reviewer",
            "--reason",
            "cover",
            "--user",
            u,
        ],
    ),
    Command(
        "users deactivate",
        Action.MANAGE_USERS,
        lambda u, t: ["users", "deactivate", "tess", "--reason", "left", "--user", u],
    ),
    Command(
        "users reset-password",
        Action.MANAGE_USERS,
        lambda u, t: ["users", "reset-password", "tess", "--reason", "forgotten", "--user", u],
    ),
    Command(
        "keys init-ca",
        Action.MANAGE_KEYS,
        lambda u, t: [
            "keys",
            "init-ca",
            "--name",
            "Matrix Root CA",
            "--organisation",
            "Matrix Lab",
            "--country",
            "JP",
            "--user",
            u,
        ],
    ),
    Command(
        "keys issue", Action.MANAGE_KEYS, lambda u, t: ["keys", "issue", "quinn", "--user", u], (_root_ca,)
    ),
    Command(
        "keys revoke",
        Action.MANAGE_KEYS,
        lambda u, t: ["keys", "revoke", "quinn", "--reason", "superseded", "--user", u],
        (_root_ca, _quinn_key),
    ),
    Command("keys crl", Action.MANAGE_KEYS, lambda u, t: ["keys", "crl", "--user", u], (_root_ca,)),
    Command(
        "keys services",
        Action.MANAGE_KEYS,
        lambda u, t: ["keys", "services", "--crl-url", "https://lab.example/root.crl", "--user", u],
    ),
    Command(
        "laboratory logo",
        Action.MANAGE_LABORATORY,
        lambda u, t: ["laboratory", "logo", "--remove", "--user", u],
    ),
    Command(
        "keys folder",
        Action.MANAGE_KEYS,
        lambda u, t: ["keys", "folder", "--set", str(t / "shared-keys"), "--reason", "moved", "--user", u],
    ),
    Command(
        "settlement record",
        Action.GRADE,
        lambda u, t: [
            "settlement", "record", "--lot", "BM26-0001", "--element", "Ni", "--source", "counterparty",
            "--value", "20.2", "--laboratory", "Buyer lab", "--user", u,
        ],
    ),
    Command(
        "settlement confirm",
        Action.REVIEW,
        lambda u, t: [
            "settlement", "confirm", "--lot", "BM26-0001", "--element", "Ni", "--source", "counterparty",
            "--user", u,
        ],
        (_counterparty_entered,),
    ),
    Command("audit log", Action.VIEW_AUDIT, lambda u, t: ["audit", "log", "--limit", "3", "--user", u]),
)
# Sign a person in, but change no one else's record and need no role: a person's own password.
OWN_ACCOUNT = {"users change-password"}
# Sign in and write, covered elsewhere end to end (keys and approved lots): the certificate commands
# (tests/certificates/test_certificate_cli.py), publishing the status list
# (tests/services/test_status_list_and_notices.py), the settlement statement
# (tests/services/test_settlement_exchange.py) and importing a PKCS#12 file (tests/security).
ELSEWHERE = {
    "certify": Action.ISSUE_CERTIFICATE,
    "certificates status-list": Action.ISSUE_CERTIFICATE,
    "certify amend": Action.ISSUE_CERTIFICATE,
    "certify retract": Action.RETRACT_CERTIFICATE,
    "keys import-p12": Action.MANAGE_KEYS,
    "settlement statement": Action.ISSUE_CERTIFICATE,  # tests/services/test_settlement_exchange.py
    # a customer's contract set from a template, with its refusal (tests/cli/test_criteria_new_cli.py):
    # it writes into the session's shared own-criteria folder, so it is not run once per role here
    "criteria new": Action.MANAGE_CRITERIA,
}


# Lab instrument profiles are written in the desktop (Administration); the command line only lists,
# shows and checks them (`labapp profiles`). Criteria sets are edited in the desktop; the command line
# starts one from a template (`labapp criteria new`, above).
DESKTOP_ONLY = {Action.MANAGE_CRITERIA, Action.MANAGE_INSTRUMENT_PROFILES}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_template(tmp_path_factory.mktemp("cli-matrix") / "template.sqlite")
    with ServiceContext(str(path)) as ctx:
        admin = login(ctx, "root")
        for role in Role:
            users.add_user(
                ctx,
                admin,
                probe(role),
                f"Pat {role.value}",
                [role.value],
                PROBE_PASSWORD,
                temporary_password=False,
            )
    return path


@pytest.fixture(autouse=True)
def _secrets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LABAPP_PASSWORD", PROBE_PASSWORD)
    monkeypatch.setenv("LABAPP_NEW_PASSWORD", "Atarashii-Pass!7-Matrix")
    monkeypatch.setenv("LABAPP_CA_PASSWORD", CA_PASSPHRASE)
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", "Matrix-Signer-Key-2026")
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "keys"))


def _database(template: Path, tmp: Path, command: Command) -> Path:
    path = tmp / "db.sqlite"
    shutil.copyfile(template, path)
    with ServiceContext(str(path)) as ctx:
        for step in command.prepare:
            step(ctx)
    return path


def _events(path: Path, after: int = 0) -> list[tuple[int, str, str]]:
    with ServiceContext(str(path)) as ctx, ctx.read_session() as session:
        rows = session.execute(
            select(AuditEvent.seq, AuditEvent.actor, AuditEvent.action).where(AuditEvent.seq > after)
        )
        return [tuple(r) for r in rows]


def _last_seq(path: Path) -> int:
    with ServiceContext(str(path)) as ctx, ctx.read_session() as session:
        return session.scalar(select(func.max(AuditEvent.seq))) or 0


CASES = [(c, r) for c in COMMANDS for r in Role]


@pytest.mark.parametrize(("command", "role"), CASES, ids=[f"{c.name}-{r.value}" for c, r in CASES])
def test_every_writing_command_for_every_role(template, tmp_path, capsys, command: Command, role: Role):
    path = _database(template, tmp_path, command)
    before = _last_seq(path)
    user = probe(role)
    code = main(["--db", str(path), *command.argv(user, tmp_path)])
    out, err = capsys.readouterr()
    written = [e for e in _events(path, before) if not e[2].startswith("login_")]
    if role in EXPECTED[command.action]:
        assert code == 0, err
        assert {actor for _, actor, _ in written} <= {user}, written
        if command.action is not Action.VIEW_AUDIT:
            assert written, f"{command.name} by {user} wrote no event"
    else:
        words = command.action.label()
        assert code == 2, out + err
        expected = f"labapp: user '{user}' ({role.label()}) may not {words}: {who_may(command.action)}"
        assert err.strip().splitlines() == [expected]
        # a refused signature is on record under the signer's name (as a wrong password is), nothing else
        signing = command.name in ("submit", "review", "approve", "reject")  # run signatures
        assert [e[1:] for e in written] == ([(user, "signature_refused")] if signing else [])


def test_a_stranger_or_a_wrong_password_writes_nothing_but_the_attempt(
    template, tmp_path, capsys, monkeypatch
):
    path = tmp_path / "db.sqlite"
    shutil.copyfile(template, path)
    before = _last_seq(path)
    assert main(["--db", str(path), "laboratory", "set", "--name", "Ghost Lab", "--user", "ghost"]) == 2
    monkeypatch.setenv("LABAPP_PASSWORD", "not the password")
    assert (
        main(
            [
                "--db",
                str(path),
                "users",
                "deactivate",
                "tom",
                "--reason",
                "x",
                "--user",
                "probe_administrator",
            ]
        )
        == 2
    )
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors == ["labapp: user name or password is wrong"] * 2
    assert [action for _, _, action in _events(path, before)] == ["login_unknown_user", "login_failed"]


def test_every_command_that_signs_someone_in_is_in_the_matrix():
    parser = build_parser()
    signing_in = set()
    for name, sub in _commands(parser):
        if any("--user" in a.option_strings for a in sub._actions):
            signing_in.add(name)
    covered = {c.name for c in COMMANDS} | OWN_ACCOUNT | set(ELSEWHERE)
    assert signing_in == covered
    assert {c.action for c in COMMANDS} | set(ELSEWHERE.values()) | DESKTOP_ONLY == set(Action)


def _commands(parser):
    top = next(a for a in parser._actions if a.dest == "command")
    seen = set()
    for name, sub in top.choices.items():
        if id(sub) in seen:  # an alias (`lab` for `laboratory`): the same commands
            continue
        seen.add(id(sub))
        nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not nested:
            yield name, sub
            continue
        if any("--user" in a.option_strings for a in sub._actions):
            yield name, sub  # `certify --lot ...`: the command itself writes
        for child, parser_ in nested[0].choices.items():
            yield f"{name} {child}", parser_
