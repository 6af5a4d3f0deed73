"""The suite's xdist scheduler (tests/xdist_schedule.py) hands out whole files, the costliest first, and
keeps the files that share the printed demo together: a mistake here would leave one worker idle or
run `labapp demo` twice per worker."""

from __future__ import annotations

from types import SimpleNamespace

from xdist_schedule import COSTS, CostlyFirstFileScheduling

CHEAP = [f"tests/test_cheap.py::test_{i}" for i in range(6)]
WHEEL = ["tests/test_packaging_wheel.py::test_wheel"]
CHAIN = ["tests/e2e/test_demo_chain.py::test_twice", "tests/e2e/test_demo_chain.py::test_command"]
CERTIFICATION = ["tests/services/test_certification.py::test_states"]


class Config:
    """The options xdist's scheduler reads: two workers, its default order (most tests first)."""

    option = SimpleNamespace(loadscopereorder=True)

    def getvalue(self, name: str) -> list[str]:
        assert name == "tx", name
        return ["2*popen"]


class Worker:
    """The part of xdist's WorkerController the scheduler uses: what it was sent."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.sent: list[int] = []
        self.shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent.extend(indices)

    def shutdown(self) -> None:
        self.shutting_down = True


def test_costliest_scope_first_and_the_printed_demo_files_on_one_worker() -> None:
    collection = CHEAP + CHAIN + WHEEL + CERTIFICATION  # xdist alone would start with the cheap file
    scheduler = CostlyFirstFileScheduling(Config())  # type: ignore[arg-type]
    first, second = Worker("gw0"), Worker("gw1")
    for worker in (first, second):
        scheduler.add_node(worker)  # type: ignore[arg-type]
        scheduler.add_node_collection(worker, collection)  # type: ignore[arg-type]
    scheduler.schedule()
    sent_first = [collection[i] for i in first.sent]
    sent_second = [collection[i] for i in second.sent]
    assert COSTS["printed-demo"] > COSTS["tests/test_packaging_wheel.py"]
    assert sent_first[:3] == CHAIN + CERTIFICATION  # one scope: the shared session fixture runs once
    assert sent_second[0] == WHEEL[0]
    assert sorted(sent_first + sent_second) == sorted(collection)  # every test exactly once
