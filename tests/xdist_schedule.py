"""How pytest-xdist hands test files to its workers: whole files (as `--dist loadfile`), the costliest
first, and the files that share one expensive session fixture to the same worker.

`--dist loadfile` alone orders files by their number of tests, so the files with a few long tests
(the self-test from source, the wheel build, the printed demo) came last and one worker ran them
alone at the end while the other sat idle. Starting them first lets the many short files fill the gap.

The costs are CPU seconds per file measured with tools/test_timing.py (docs/PERFORMANCE.md, "Test
suite"); they only order the queue, so a stale figure costs balance, never a result. A file that is
not listed keeps xdist's order (more tests first) after the listed ones.
"""

from __future__ import annotations

from xdist.scheduler import LoadFileScheduling

# files that share the session fixture `printed_demo` (one true `labapp demo` subprocess per worker)
SHARED_SCOPES = {
    "tests/e2e/test_demo_chain.py": "printed-demo",
    "tests/services/test_certification.py": "printed-demo",
}

# CPU seconds of the test process and its children, 2026-12-04: the first four on a quiet machine
# (h-suite, 20:00 UTC), the others from the loaded run of 16:16 UTC (in-process work grew little under
# that load: the coverage simulation cost 48 s there, 44 s quiet)
COSTS = {
    "printed-demo": 52.0,
    "tests/demo/test_demo_coverage.py": 44.0,
    "tests/test_packaging_wheel.py": 23.0,
    "tests/installer/test_self_test.py": 22.0,  # with the worker's demo_build already made
    "tests/services/test_permission_matrix.py": 57.0,
    "tests/services/test_audit_per_write.py": 40.0,
    "tests/gui/test_lots_workflow.py": 39.0,
    "tests/services/test_permission_matrix_cli.py": 37.0,
    "tests/gui/test_daily_job_actions.py": 32.0,
    "tests/gui/test_permission_matrix_gui.py": 30.0,
}


class CostlyFirstFileScheduling(LoadFileScheduling):
    """`--dist loadfile` with the shared scopes above and the costliest scope handed out first."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return SHARED_SCOPES.get(path, path)

    def _assign_work_unit(self, node) -> None:  # type: ignore[no-untyped-def]  # xdist's signature
        costliest = max(self.workqueue, key=lambda scope: COSTS.get(scope, 0.0))
        self.workqueue.move_to_end(costliest, last=False)
        super()._assign_work_unit(node)
