"""Why the desktop cannot open on this machine, in one line, instead of Qt's abort.

Without a display Qt prints several lines (one about xcb-cursor0, misleading when there is simply no
X server) and aborts the process. labapp says what is missing and what to use instead, and exits 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

EXIT_NO_DISPLAY = 2
_INSTEAD = "use the command line (labapp --help), or set QT_QPA_PLATFORM=offscreen to run without a screen"
_CHOSEN_ELSEWHERE = (
    "offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "minimalegl", "windows", "cocoa",
)


def missing_display(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The one-line reason there is no display to open the desktop on, or None."""
    if platform in ("win32", "darwin"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen.startswith(_CHOSEN_ELSEWHERE):
        return None
    x11, wayland = environ.get("DISPLAY", ""), environ.get("WAYLAND_DISPLAY", "")
    if chosen.startswith("xcb") and not x11:
        return f"labapp: no display: QT_QPA_PLATFORM is xcb but DISPLAY is not set; {_INSTEAD}"
    if chosen.startswith("wayland") and not wayland:
        return f"labapp: no display: QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set; {_INSTEAD}"
    if not chosen and not x11 and not wayland:
        unset = "DISPLAY and WAYLAND_DISPLAY are not set"
        return f"labapp: no display to open the desktop on ({unset}); {_INSTEAD}"
    return None


@contextmanager
def display_failure_in_one_line() -> Iterator[None]:
    """While the QApplication is made: Qt's messages are held back, and a fatal one (no platform
    plugin could start) becomes one line on stderr and exit status 2 instead of an abort."""
    held: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            print(_plugin_failure(held + [message]), file=sys.stderr, flush=True)
            os._exit(EXIT_NO_DISPLAY)  # Qt aborts right after this handler returns
        held.append(message)

    qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(None)
        for message in held:  # the application started: Qt's warnings are worth seeing
            print(message, file=sys.stderr)


def _plugin_failure(messages: list[str]) -> str:
    named = next((m for m in messages if "Could not load the Qt platform plugin" in m), "")
    plugin = named.split('"')[1] if named.count('"') >= 2 else os.environ.get("QT_QPA_PLATFORM", "xcb")
    return (
        f'labapp: the desktop cannot start: Qt could not open the display with its "{plugin}" plugin '
        f"(no display reachable, or the Qt system libraries listed in the README are missing); {_INSTEAD}"
    )
