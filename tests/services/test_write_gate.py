"""The unit of work is the gate of every write: it takes the authenticated user, checks that the
account as stored now may do the action, and records who. Checked at run time and in the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from accounts import account
from sqlalchemy import func, select

from labapp.security.roles import Action, PermissionDenied
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import LotInput, register_client, register_lot
from labapp.store.lots import Lot
from labapp.store.parties import Client, User

SERVICES = Path(__file__).resolve().parents[2] / "labapp" / "services"
# Where the password itself is the proof, or there is no user yet (first start).
# doors that write without a signed-in user: accounts, and the start-up check that settles interrupted
# certificate issues before anyone signs in (certification/recovery.py, audited as the system)
ACCOUNT_DOORS = {"authentication.py", "users.py", "recovery.py"}
LOT = LotInput(code="BM26-0900", client_name="Gate Test K.K.", declared_chemistry="NCM", origin="end_of_life")


def _clients(ctx: ServiceContext) -> int:
    with ctx.read_session() as session:
        return session.scalar(select(func.count()).select_from(Client))


def test_a_name_is_not_a_user(ctx: ServiceContext) -> None:
    with pytest.raises(TypeError, match="needs the authenticated user"):
        register_client(ctx, "ghost", "Ghost Recycling")  # type: ignore[arg-type]
    with pytest.raises(TypeError), ctx.unit_of_work("ghost", Action.REGISTER_LOTS):  # type: ignore[arg-type]
        pass
    assert _clients(ctx) == 0


def test_the_account_as_stored_now_decides(ctx: ServiceContext) -> None:
    tech = account(ctx, "tech")
    reviewer = account(ctx, "rita", "reviewer")
    with pytest.raises(PermissionDenied, match="may not register lots"):
        register_lot(ctx, reviewer, LOT)
    with ctx.account_unit_of_work("admin-test", "deactivated for the test") as session:
        session.scalar(select(User).where(User.username == "tech")).active = False
    with pytest.raises(PermissionDenied, match="deactivated"):
        register_lot(ctx, tech, LOT)  # signed in before the deactivation: refused all the same
    with ctx.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Lot)) == 0
    assert _clients(ctx) == 0


def test_every_write_records_the_user_who_made_it(ctx: ServiceContext) -> None:
    register_lot(ctx, account(ctx, "tech"), LOT)
    with ctx.read_session() as session:
        assert session.scalar(select(Lot.registered_by)) == "tech"


def _functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]


def _calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [
        c
        for c in ast.walk(node)
        if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == name
    ]


def _sources() -> list[Path]:
    return sorted(SERVICES.rglob("*.py"))


def test_no_public_service_takes_an_actor_name() -> None:
    offenders = []
    for path in _sources():
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.arg for a in function.args.args + function.args.kwonlyargs]
            if not function.name.startswith("_") and "actor" in names:
                offenders.append(f"{path.name}:{function.lineno} {function.name}")
    assert offenders == []


def test_every_unit_of_work_is_opened_with_a_user_and_an_action() -> None:
    offenders = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, "unit_of_work"):
            first = call.args[0] if call.args else None
            if len(call.args) < 2 or isinstance(first, ast.Constant):
                offenders.append(f"{path.name}:{call.lineno}")
        if path.name not in ACCOUNT_DOORS:
            offenders += [
                f"{path.name}:{c.lineno} (account door)" for c in _calls(tree, "account_unit_of_work")
            ]
    assert offenders == []


def test_the_source_check_finds_what_it_looks_for() -> None:
    bad = ast.parse("def register(ctx, actor: str):\n    with ctx.unit_of_work(actor) as s:\n        pass\n")
    assert [f.name for f in _functions(bad)] == ["register"]
    assert len(_calls(bad, "unit_of_work")[0].args) == 1
