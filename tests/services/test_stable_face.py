"""The stable face of labapp.services (docs/api.md): the flat paths outside checks import.

The shared gui_text_scan.py imports `registration`, `users` and `workflow` from labapp.services and
`get_laboratory`, `list_sets`, `load_methods`, `has_users` from flat module paths; a move inside the
services must fail here, not in the outside check.
"""

from __future__ import annotations

import ast
from pathlib import Path

import labapp
from labapp.services.administration import laboratory as real_laboratory
from labapp.services.administration import methods as real_methods
from labapp.services.administration import users as real_users
from labapp.services.grading import criteria_catalog as real_catalog
from labapp.services.importing import registration as real_registration
from labapp.services.workflow import review as real_review

FACES = ("registration", "users", "laboratory", "criteria_catalog", "methods")


def test_the_flat_paths_give_the_real_functions() -> None:
    from labapp.services import registration, users, workflow
    from labapp.services.criteria_catalog import list_sets
    from labapp.services.laboratory import get_laboratory
    from labapp.services.methods import load_methods
    from labapp.services.users import has_users

    assert registration.list_lots is real_registration.list_lots
    assert users.list_users is real_users.list_users
    assert users.authenticate is real_users.authenticate
    assert has_users is real_users.has_users
    assert workflow.list_runs is real_review.list_runs
    assert get_laboratory is real_laboratory.get_laboratory
    assert list_sets is real_catalog.list_sets
    assert load_methods is real_methods.load_methods


def test_the_faces_read_a_database(tmp_path: Path) -> None:
    """The face works on data, not only as names: an empty database lists no lots, users or runs."""
    from labapp.services import registration, users, workflow
    from labapp.services.context import ServiceContext
    from labapp.services.criteria_catalog import list_sets
    from labapp.services.methods import load_methods

    ctx = ServiceContext(str(tmp_path / "face.sqlite"))
    try:
        assert registration.list_lots(ctx) == []
        assert users.list_users(ctx) == [] and not users.has_users(ctx)
        assert workflow.list_runs(ctx) == []
    finally:
        ctx.close()
    assert list_sets() and all(entry.title for entry in list_sets())
    assert load_methods() and all(method.name for method in load_methods().values())


def test_nothing_inside_labapp_imports_the_faces() -> None:
    """The faces are for outside code; inside, one path per module keeps imports traceable."""
    faces = {f"labapp.services.{name}" for name in FACES}
    root = Path(labapp.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.parent == root / "services" and path.stem in FACES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                named = {f"{node.module}.{alias.name}" for alias in node.names}
                if node.module in faces or (node.module == "labapp.services" and named & faces):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.relative_to(root)}:{node.lineno}" for a in node.names if a.name in faces
                ]
    assert offenders == []
