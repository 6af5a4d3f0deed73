"""A long task in a worker leaves the GUI thread free: timers fire, progress arrives, cancel works."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from labapp.core.progress import Progress
from labapp.gui.progress_panel import ProgressPanel

TICKS_WANTED = 5


def test_event_loop_keeps_running_during_a_long_task_and_cancel_stops_it(qtbot):
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    gui_thread = threading.get_ident()
    release = threading.Event()
    steps: list[int] = []
    task_threads: list[int] = []

    def long_task(progress: Progress) -> str:
        """Works until cancelled; it would finish (not cancel) only if the GUI never got to cancel it."""
        task_threads.append(threading.get_ident())
        for step in range(100_000):
            progress.check("long task")
            progress.report(step, 100_000, f"step {step}")
            steps.append(step)
            release.wait(0.002)
        return "finished without being cancelled"

    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        ticks.append(panel.bar.value())
        if len(ticks) == TICKS_WANTED:
            panel.cancel_button.click()  # a user's click, handled by the running event loop

    timer.timeout.connect(tick)
    timer.start()
    with qtbot.waitSignal(panel.cancelled, timeout=60_000) as blocker:
        panel.run(long_task, "working")
        assert panel.cancel_button.isEnabled()
    timer.stop()
    assert blocker.args == ["long task cancelled; nothing was saved"]
    assert len(ticks) >= TICKS_WANTED  # the GUI thread kept processing timer events
    assert task_threads and task_threads[0] != gui_thread
    assert max(ticks) > 0  # progress reports reached the bar while the task ran
    assert len(steps) < 100_000
    assert not panel.busy and not panel.cancel_button.isEnabled()
    assert panel.message.text() == "long task cancelled; nothing was saved"


def test_a_failing_task_reports_its_one_line_message(qtbot):
    panel = ProgressPanel()
    qtbot.addWidget(panel)

    def failing(progress: Progress) -> None:
        raise ValueError("line 12: Soln Conc 'abc' is not a number\nsecond line never shown")

    with qtbot.waitSignal(panel.failed, timeout=10_000) as blocker:
        panel.run(failing)
    assert blocker.args == ["line 12: Soln Conc 'abc' is not a number"]
