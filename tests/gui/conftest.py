"""GUI test fixtures: a demo database built once per session and copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from demo_builds import copy_demo

from labapp.demo.build import DEMO_USERS, DemoReport
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.context import ServiceContext

TECH = next(u for u in DEMO_USERS if u.username == "tech")


@pytest.fixture(scope="module", autouse=True)
def _module_garbage_on_the_gui_thread(qapp):
    """As the application does (labapp.gui.gc_guard): Python's automatic collection stays off for the
    whole module, so widgets in reference cycles are never collected by a worker thread; the module's
    garbage, its module-scoped windows included, is collected here on the GUI thread when it ends (one
    full collection per module: 0.2-0.9 s in a worker's heap, once per test before)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    gc.disable()
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    # Under pytest-xdist the same worker process runs other folders' tests next, without an event loop
    # that would run the collector's timer: give them Python's automatic collection back.
    gc.enable()


@pytest.fixture(autouse=True)
def _garbage_on_the_gui_thread(qapp, _module_garbage_on_the_gui_thread):
    """Each test's widgets deleted and its young garbage collected, on the GUI thread."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    from labapp.gui import gc_guard

    gc_guard.install(qapp)  # its timer collects on the GUI thread while a test waits for the event loop
    yield
    # pytest-qt has closed the test's widgets and asked Qt to delete them later; no event loop runs
    # between tests to do so, and every widget left alive slows every later test (a language or font
    # change visits them all): delete them now, on the GUI thread.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # The test's young garbage now, so the heap does not grow through the module; what the collector's
    # timer moved to an older generation waits for the module's end (automatic collection stays off).
    gc.collect(0)


@pytest.fixture(scope="session")
def demo_template(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GUI tests' own copy of the session's demo (tests/demo_builds.py): some modules open it
    directly, read-only; each test's `demo_db` is a copy of its database file."""
    return copy_demo(demo_build, tmp_path_factory.mktemp("demo-template") / "demo").database


@pytest.fixture(scope="session")
def registered_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Users, laboratory, lots and CRM only: the state in which a technician imports a run."""
    from partial_demo import registered_only

    return registered_only(tmp_path_factory.mktemp("registered-template") / "registered.sqlite")


@pytest.fixture
def registered_ctx(tmp_path: Path, registered_template: Path):
    path = tmp_path / "registered.sqlite"
    shutil.copyfile(registered_template, path)
    ctx = ServiceContext(str(path))
    yield ctx
    ctx.close()


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    """A copy of the demo database with a copy of its keys in the test's keys folder (LABAPP_KEYS,
    below): the QA manager's approvals carry personal-key signatures, checked against those keys."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    shutil.copytree(demo_template.parent / "keys", tmp_path / "keys", dirs_exist_ok=True)
    return path


@pytest.fixture
def demo_ctx(demo_db: Path):
    ctx = ServiceContext(str(demo_db))
    yield ctx
    ctx.close()


@pytest.fixture
def technician(demo_ctx: ServiceContext) -> AuthenticatedUser:
    return authenticate(demo_ctx, TECH.username, TECH.password)


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Window geometry and keys go to the test's folder, never to the user's own."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "keys"))
