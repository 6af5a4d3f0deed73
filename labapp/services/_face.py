"""A subpackage's public face, resolved on first use.

The use cases call each other across subpackages (an edit of a released lot signs through
workflow; the calculation reads the run problems), so a face that imported its modules eagerly
would make import cycles out of module dependencies that are not cycles. Names resolve lazily
(PEP 562): `from labapp.services.importing import import_run` imports run_import only then.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def face(package: str, modules: dict[str, tuple[str, ...]]) -> tuple[list[str], Callable[[str], object]]:
    """`__all__` and the module `__getattr__` of a package exposing `modules`' named functions."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> object:  # noqa: N807 (the module hook's own name)
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{where[name]}"), name)

    return sorted(where), __getattr__
