"""How pytest-xdist hands test files to its workers: whole files (as `--dist loadfile`), the costliest
first, and the files that share one expensive session fixture to the same worker.

`--dist loadfile` alone orders files by their number of tests, so the files with a few long tests
(the self-test from source, the wheel build, the printed demo) came last and one worker ran them
alone at the end while the other sat idle. Starting them first lets the many short files fill the gap.

The costs are seconds per file from `--durations=0` of a full run on a quiet machine
(docs/PERFORMANCE.md, "Test suite"); they only order the queue, so a stale figure costs balance, never
a result. A file that is not listed keeps xdist's order (more tests first) after the listed ones.
"""

from __future__ import annotations

from xdist.scheduler import LoadFileScheduling

# files that share the session fixture `printed_demo` (one true `labapp demo` subprocess per worker)
SHARED_SCOPES = {
    "tests/e2e/test_demo_chain.py": "printed-demo",
    "tests/services/test_certification.py": "printed-demo",
}

# Seconds per file (setup + call + teardown, `--durations=0`) in a full run of the README command on a
# quiet two-core machine, 2026-12-04 22:22 UTC (docs/PERFORMANCE.md, "Test suite", fifth session)
COSTS = {
    "printed-demo": 40.5,
    "tests/gui/test_daily_job_steps.py": 38.5,
    "tests/services/test_permission_matrix.py": 29.6,
    "tests/services/test_audit_per_write.py": 28.6,
    "tests/demo/test_demo_coverage.py": 26.9,
    "tests/gui/test_permission_matrix_gui.py": 26.6,
    "tests/certificates/test_certificate_long_term.py": 22.5,
    "tests/importers/test_import_properties.py": 21.6,
    "tests/load/test_concurrency.py": 21.2,
    "tests/services/test_permission_matrix_cli.py": 19.9,
    "tests/gui/test_daily_job_actions.py": 19.4,
    "tests/installer/test_self_test.py": 17.7,  # with the worker's demo_build already made
    "tests/services/test_crash_safe_issuing.py": 17.5,
    "tests/test_packaging_wheel.py": 17.0,
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
