"""Without a usable display `labapp` says so in one line and exits 2: no Qt abort, no database made."""

import os
import subprocess
import sys

import pytest

from labapp.gui.display import missing_display

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a Windows session always has a display")


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, "DISPLAY and WAYLAND_DISPLAY are not set"),
        ({"QT_QPA_PLATFORM": "xcb"}, "QT_QPA_PLATFORM is xcb but DISPLAY is not set"),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "WAYLAND_DISPLAY is not set"),
        ({"DISPLAY": ":0"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, None),
    ],
)
def test_missing_display_names_what_is_missing(environ, expected):
    problem = missing_display(environ, platform="linux")
    if expected is None:
        assert problem is None
    else:
        assert expected in problem and "labapp --help" in problem and "\n" not in problem


def test_no_display_question_on_windows():
    assert missing_display({}, platform="win32") is None


def _desktop(tmp_path, **env_changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(env_changes)
    database = tmp_path / "new.sqlite"
    run = subprocess.run(
        [sys.executable, "-m", "labapp", "--db", str(database)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert not database.exists()
    return run


def test_no_display_set_is_one_line_and_exit_2(tmp_path):
    run = _desktop(tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "labapp: no display to open the desktop on (DISPLAY and WAYLAND_DISPLAY are not set); use the "
        "command line (labapp --help), or set QT_QPA_PLATFORM=offscreen to run without a screen"
    ]


def test_an_unreachable_display_is_one_line_not_an_abort(tmp_path):
    # DISPLAY names an X server that does not exist: Qt's xcb plugin cannot start and Qt would abort
    run = _desktop(tmp_path, DISPLAY=":97", QT_QPA_PLATFORM="xcb")
    assert run.returncode == 2, run.stderr  # an abort is -6 (SIGABRT)
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith('labapp: the desktop cannot start: Qt could not open')
    assert '"xcb"' in lines[0] and "xcb-cursor0" not in lines[0]
