"""The laboratory's own criteria sets: clone a set to a new version, edit its TOML, know what is frozen.

Own sets live in <data dir>/criteria. Shipped sets are never edited, and a set version that grading
has used is frozen in the database (labapp.services.grading.grade): its file may no longer change, so
a correction is always a new version. Every text is validated before it is written, and every
write goes through the unit of work (permission checked on the stored account, one audit event
naming the file and the SHA-256 of its new text), with the file written only after the event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy import select

from labapp.config import data_dir
from labapp.core.criteria import CriteriaSet
from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import CatalogEntry, list_sets, read_criteria_file, shipped_dir
from labapp.store.audit import record_event
from labapp.store.gradings import CriteriaSetRecord

_VERSION_LINE = re.compile(r'^version\s*=\s*"[^"]*"', re.MULTILINE)
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def own_criteria_dir() -> Path:
    return data_dir() / "criteria"


def own_sets() -> list[CatalogEntry]:
    """The catalogue entries of the laboratory's own folder (empty when it has none yet)."""
    folder = own_criteria_dir()
    return list_sets(folder) if folder.is_dir() else []


def frozen_sets(ctx: ServiceContext) -> set[tuple[str, str]]:
    """(id, version) of every set version that grading has used: read-only from now on."""
    with ctx.read_session() as session:
        rows = session.execute(
            select(CriteriaSetRecord.set_id, CriteriaSetRecord.set_version).where(
                CriteriaSetRecord.frozen.is_(True)
            )
        )
        return {(set_id, version) for set_id, version in rows}


def is_editable(ctx: ServiceContext, path: Path) -> bool:
    """Only an own, not yet frozen set may be edited."""
    if path.resolve().parent != own_criteria_dir().resolve():
        return False
    cs = read_criteria_file(path)
    return (cs.id, cs.version) not in frozen_sets(ctx)


def validate_text(text: str, name: str = "criteria.toml") -> CriteriaSet:
    """Validate TOML text as a criteria set (errors with line numbers refer to this text)."""
    folder = Path(tempfile.mkdtemp(prefix="labapp-criteria-"))
    path = folder / _SAFE.sub("_", name)
    try:
        path.write_text(text, encoding="utf-8")
        return read_criteria_file(path)
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()


def clone_set(ctx: ServiceContext, by: AuthenticatedUser, source: str | Path, new_version: str) -> Path:
    """Copy a set's file under a new version into the own folder; the copy is validated first."""
    new_version = new_version.strip()
    if not new_version or '"' in new_version:
        raise LabappError("give the new version, e.g. 0.2")
    source = Path(source)
    original = read_criteria_file(source)
    text = source.read_text(encoding="utf-8")
    if not _VERSION_LINE.search(text):
        raise LabappError(f"{source.name}: no top-level version line to change")
    text = _VERSION_LINE.sub(f'version = "{new_version}"', text, count=1)
    clone = validate_text(text, source.name)
    taken = {(e.id, e.version) for e in list_sets() + own_sets()}
    if (clone.id, clone.version) in taken:
        raise LabappError(f"{original.id} version {new_version} already exists: choose another version")
    target = own_criteria_dir() / f"{_SAFE.sub('_', clone.id)}-{_SAFE.sub('_', new_version)}.toml"
    _audited_write(ctx, by, "clone_criteria_set", target, text, clone, {"cloned_from": original.version})
    return target


TEMPLATE_TOKENS = ("{{ID}}", "{{VERSION}}", "{{CUSTOMER}}", "{{DATE}}")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


def templates_dir() -> Path:
    """Templates a lab starts its own sets from (resources/criteria/templates), never sets themselves."""
    return shipped_dir() / "templates"


def list_templates() -> list[str]:
    """The names of the shipped templates (file names without .toml), for `--from` and the desktop."""
    folder = templates_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def template_path(template: str | Path) -> Path:
    """A shipped template by name, or a path to a template file of the lab's own."""
    text = str(template)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        return Path(text)
    path = templates_dir() / f"{text}.toml"
    if not path.is_file():
        raise LabappError(f"no criteria template {text!r}; shipped: {', '.join(list_templates()) or 'none'}")
    return path


def new_from_template(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    template: str | Path,
    set_id: str,
    customer: str,
    version: str = "1.0",
    on_date: dt.date | None = None,
) -> Path:
    """A customer's contract specification from a template: its tokens filled, the result validated,
    then written to the own folder with one audit event. It is versioned and frozen by use like any
    own set, so the lab edits it before its first grading and a changed contract is a new version."""
    by.require(Action.MANAGE_CRITERIA)
    set_id, customer, version = set_id.strip(), customer.strip(), version.strip()
    if not _ID.match(set_id):
        raise LabappError(f"set id {set_id!r}: use 2-63 lower-case letters, digits, '.', '_' or '-'")
    if not customer or any(c in customer for c in '"\\\n{}'):
        raise LabappError("give the customer's name (no quotes, braces, backslashes or line breaks)")
    if not version or not re.fullmatch(r"[A-Za-z0-9._-]+", version):
        raise LabappError(f"version {version!r}: use letters, digits, '.', '_' or '-', e.g. 1.0")
    path = template_path(template)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LabappError(f"{path}: cannot read the template ({error.strerror or error})") from error
    missing = [t for t in ("{{ID}}", "{{VERSION}}") if t not in text]
    if missing:
        raise LabappError(f"{path.name}: not a template (no {' or '.join(missing)} token)")
    values = {
        "{{ID}}": set_id,
        "{{VERSION}}": version,
        "{{CUSTOMER}}": customer,
        "{{DATE}}": (on_date or dt.date.today()).isoformat(),
    }
    for token, value in values.items():
        text = text.replace(token, value)
    created = validate_text(text, f"{set_id}.toml")
    taken = {(e.id, e.version): e.path for e in list_sets() + own_sets()}
    if (created.id, created.version) in taken:
        raise LabappError(
            f"{created.id} version {created.version} already exists in "
            f"{taken[(created.id, created.version)]}: choose another id or version"
        )
    target = own_criteria_dir() / f"{_SAFE.sub('_', set_id)}-{_SAFE.sub('_', version)}.toml"
    _audited_write(
        ctx, by, "new_criteria_set", target, text, created, {"template": path.stem, "customer": customer}
    )
    return target


def save_set_text(ctx: ServiceContext, by: AuthenticatedUser, path: str | Path, text: str) -> CriteriaSet:
    """Replace an own set's file after validation; frozen and shipped sets are refused."""
    by.require(Action.MANAGE_CRITERIA)  # before reading anything: the unit of work checks again
    path = Path(path)
    if not is_editable(ctx, path):
        raise LabappError(f"{path.name} is read-only (shipped, or frozen by use): clone it to a new version")
    new = validate_text(text, path.name)
    if (new.id, new.version) in frozen_sets(ctx):
        raise LabappError(f"{new.id} version {new.version} is frozen by use: give the edit a new version")
    others = {
        (e.id, e.version): e.path for e in list_sets() + own_sets() if e.path.resolve() != path.resolve()
    }
    if (new.id, new.version) in others:
        where = others[(new.id, new.version)]
        raise LabappError(f"{new.id} version {new.version} is already defined in {where}")
    _audited_write(ctx, by, "edit_criteria_set", path, text, new, {})
    return new


def _audited_write(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    event: str,
    path: Path,
    text: str,
    criteria: CriteriaSet,
    extra: dict[str, str],
) -> None:
    """One audit event (who, which set, which file, hash of the text), then the file: the event
    commits only when the file was written, and a refused user writes neither."""
    detail = {
        "set_id": criteria.id,
        "set_version": criteria.version,
        "file": path.name,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        **extra,
    }
    with ctx.unit_of_work(by, Action.MANAGE_CRITERIA, event=event) as session:
        record_event(session, event, "criteria_set_file", None, detail)
        session.flush()
        _write(path, text)


def _write(path: Path, text: str) -> None:
    """Write through a temporary file so a crash never leaves half a criteria set."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
