"""The permission matrix through the service entry point: every writing service x every role.

A fresh user holding exactly one role does each write of tests/matrix_writes.py from a prepared
state. Allowed by the expected matrix (tests/matrix_support.py, written independently of the code's
PERMISSIONS) -> the write succeeds; refused -> PermissionDenied naming the action, and neither the
database (the row count of every table, audit events included) nor the files (keys, data folder)
changed. A walk of labapp/services finds every public function that writes, so a new write service
without a row here fails.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pytest
from accounts import account
from matrix_support import EXPECTED, may
from matrix_writes import SERVICE_FUNCTION_DOORS, WRITES, Lab, Templates, Write, open_lab, templates
from sqlalchemy import func, inspect, select, table

from labapp.security.roles import Action, PermissionDenied, Role
from labapp.services.administration import audit_trail
from labapp.services.administration.authentication import AuthenticatedUser

__all__ = ["templates"]  # the session fixture, imported for pytest
SERVICES = Path(__file__).resolve().parents[2] / "labapp" / "services"
_WRITERS = {"unit_of_work", "account_unit_of_work", "record_event"}


def probe(lab: Lab, role: Role) -> AuthenticatedUser:
    """A fresh user holding exactly `role`, signed in."""
    return account(lab.ctx, f"probe_{role.value}", role.value)


def database_counts(lab: Lab) -> dict[str, int]:
    """Rows per table, every table (audit_events included)."""
    names = inspect(lab.ctx.engine).get_table_names()
    with lab.ctx.engine.connect() as conn:
        return {name: conn.scalar(select(func.count()).select_from(table(name))) for name in names}


def files(lab: Lab) -> dict[str, str]:
    """Every file of the lab folder but the database itself and the inputs: keys, data folder, outputs."""
    return {
        str(path.relative_to(lab.folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(lab.folder.rglob("*"))
        if path.is_file() and not path.name.startswith("labapp.sqlite") and path.parent.name != "inputs"
    }


@pytest.fixture
def lab_for(templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    labs: list[Lab] = []

    def make(template: str) -> Lab:
        labs.append(open_lab(templates, template, tmp_path / "lab", monkeypatch))
        return labs[-1]

    yield make
    for lab in labs:
        lab.ctx.close()


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_each_role_may_do_exactly_the_expected_writes(write: Write, role: Role, lab_for) -> None:
    lab = lab_for(write.template)
    user = probe(lab, role)
    write.prepare(lab, user)
    before_rows, before_files = database_counts(lab), files(lab)
    if may(role, write.action):
        write.write(lab, user)
        assert database_counts(lab)["audit_events"] > before_rows["audit_events"]
        return
    with pytest.raises(PermissionDenied, match=f"may not {re.escape(write.action.label())}"):
        write.write(lab, user)
    expected = dict(before_rows)
    if write.name.startswith("workflow.review.sign"):  # a refused signature is on record, as a wrong
        expected["audit_events"] += 1  # password is ("signature_refused"), and nothing else is written
    assert database_counts(lab) == expected
    assert files(lab) == before_files


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_reading_the_audit_trail_needs_view_audit(role: Role, lab_for) -> None:
    lab = lab_for("workflow")
    user = probe(lab, role)
    if may(role, Action.VIEW_AUDIT):
        entries = audit_trail.audit_log(lab.ctx, user)
        assert any(entry.actor == "tom" for entry in entries)
        assert "tom" in audit_trail.audit_actors(lab.ctx, user)
        return
    for read in (audit_trail.audit_log, audit_trail.audit_actors):
        with pytest.raises(PermissionDenied, match="may not view audit"):
            read(lab.ctx, user)


def test_every_action_is_exercised() -> None:
    assert {write.action for write in WRITES} | {Action.VIEW_AUDIT} == set(EXPECTED) == set(Action)


def writing_functions() -> set[str]:
    """ "<subpackage>.<module>.<function>" of every public module-level service function that opens a
    unit of work or writes an audit event, directly or through a private helper of its module."""
    found = set()
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        calls = {name: _called(f) for name, f in functions.items()}
        module = ".".join(path.relative_to(SERVICES).with_suffix("").parts)
        for name in functions:
            if not name.startswith("_") and _writes(name, calls, set()):
                found.add(f"{module}.{name}")
    return found


def _called(function: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            callee = node.func
            names.add(callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", ""))
    return names


def _writes(name: str, calls: dict[str, set[str]], seen: set[str]) -> bool:
    if calls[name] & _WRITERS:
        return True
    seen.add(name)
    return any(_writes(other, calls, seen) for other in calls[name] if other in calls and other not in seen)


def test_every_writing_service_has_a_matrix_row() -> None:
    covered = {write.function for write in WRITES}
    assert writing_functions() == covered | set(SERVICE_FUNCTION_DOORS)


def test_the_walk_finds_writes_through_private_helpers() -> None:
    found = writing_functions()
    assert "grading.criteria_files.save_set_text" in found  # through _audited_write
    assert "administration.lab_logo.set_logo" in found
    assert "certification.issuing.issue_certificates" in found
    assert not any(name.rpartition(".")[2].startswith("_") for name in found)
    assert "calculation.exclusions.active_exclusions" not in found  # a read
