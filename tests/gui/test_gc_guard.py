"""Garbage is collected on the GUI thread only (labapp.gui.gc_guard)."""

import gc
import threading

from labapp.gui import gc_guard


def test_automatic_collection_is_off_and_the_gui_thread_collects(qtbot, qapp):
    collector = gc_guard.install(qapp)
    assert gc_guard.install(qapp) is collector  # once per application
    assert not gc.isenabled()
    collected_in = []

    def note(phase, info):
        if phase == "start":
            collected_in.append(threading.current_thread() is threading.main_thread())

    class Cycle:
        def __init__(self):
            self.me = self

    gc.callbacks.append(note)
    try:
        for _ in range(collector.thresholds[0] * 3):
            Cycle()
        qtbot.waitUntil(lambda: bool(collected_in), timeout=30_000)  # a bound, not a pace: loaded machines
    finally:
        gc.callbacks.remove(note)
    assert all(collected_in)
