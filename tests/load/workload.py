"""What one laboratory workstation does, for the concurrency and load tests (run in child processes).

A cycle is the whole life of a batch: register the lots of a manifest, import the ICP-OES export,
calculate it, submit, review and approve it, each step by the person whose role it is (technician
`tech<i>`, reviewer `rev<i>`, QA manager `qa<i>`). The batch is the demo manifest and ICP-OES run
with every lot code renamed (`BM26-` -> a tag unique to the client and cycle), so that every cycle
registers new lots and imports a new file through the full services, exactly as a workstation would.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.calculation.calculate import calculate_run
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.services.workflow.review import sign

PASSWORD = "Renraku-Pass!8"
# the load batches carry the demo's CRM labels, not registered here: signed over, as a lab would
LOAD_ACK = "load test: CRM digests not registered in this database"
ROLES = {"tech": "technician", "rev": "reviewer", "qa": "qa_manager"}
DEMO_PREFIX = "BM26-"


def people(client: int) -> list[str]:
    return [f"{prefix}{client}" for prefix in ROLES]


def setup_lab(url: str, clients: int) -> None:
    """Migrate the database and create the administrator and three people per client, hashed at the
    test session's small argon2 cost (tests/costs.py): the spawned clients' log-ins and signatures
    read the cost from each stored hash, so they stay real argon2 checks, only faster."""
    with ServiceContext(url, migrate_policy="upgrade") as ctx:
        users.create_first_administrator(ctx, "admin", "Ada Admin", PASSWORD)
        admin = users.authenticate(ctx, "admin", PASSWORD)
        for client in range(clients):
            for prefix, role in ROLES.items():
                name = f"{prefix}{client}"
                users.add_user(ctx, admin, name, f"Person {name.title()}", [role], PASSWORD,
                    temporary_password=False)


def write_batch(folder: Path, tag: str) -> tuple[Path, Path]:
    """The demo manifest and ICP-OES export with lot codes BM26-nnnn renamed to <tag>-nnnn."""
    demo = resource_path("demo")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("manifest.csv", "icp_oes_run.csv"):
        data = (demo / name).read_bytes().replace(DEMO_PREFIX.encode(), f"{tag}-".encode())
        target = folder / f"{tag}_{name}"
        target.write_bytes(data)
        paths.append(target)
    return paths[0], paths[1]


def register_and_import(ctx: ServiceContext, client: int, number: int, folder: Path) -> int:
    """Register the batch's lots and import its export as the client's technician; returns the run id."""
    tech = people(client)[0]
    manifest, export = write_batch(folder, f"C{client}N{number}")
    by = users.authenticate(ctx, tech, PASSWORD)
    import_manifest(ctx, manifest, by)
    return import_run(ctx, export, f"load C{client} N{number}", by).run_id


def cycle(ctx: ServiceContext, client: int, number: int, folder: Path) -> int:
    """One batch from registration to approval; returns the run id."""
    tech, rev, qa = people(client)
    run = register_and_import(ctx, client, number, folder)
    calculate_run(ctx, run, users.authenticate(ctx, tech, PASSWORD))
    sign(ctx, tech, PASSWORD, run, "submit", acknowledgement=LOAD_ACK)
    sign(ctx, rev, PASSWORD, run, "review", acknowledgement=LOAD_ACK)
    sign(ctx, qa, PASSWORD, run, "approve", acknowledgement=LOAD_ACK)
    return run


@dataclass(frozen=True)
class ClientReport:
    client: int
    cycles: int
    seconds: float
    readings: int
    error: str | None = None


def client_process(url: str, client: int, seconds: float, folder: str, barrier: Any, queue: Any) -> None:
    """Child process: full cycles until `seconds` have passed (a cycle is never cut short)."""
    cycles = 0
    start = time.perf_counter()
    try:
        with ServiceContext(url, migrate_policy="check") as ctx:
            barrier.wait(timeout=120)
            start = time.perf_counter()
            while time.perf_counter() - start < seconds:
                cycle(ctx, client, cycles, Path(folder))
                cycles += 1
        queue.put(ClientReport(client, cycles, time.perf_counter() - start, cycles * READINGS_PER_RUN))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the test
        queue.put(ClientReport(client, cycles, time.perf_counter() - start, 0, traceback.format_exc()))


READINGS_PER_RUN = sum(1 for _ in resource_path("demo").joinpath("icp_oes_run.csv").open()) - 1


def approve_process(url: str, username: str, run: int, barrier: Any, queue: Any) -> None:
    """Child process: approve `run` as `username` as soon as the other approver is ready too."""
    try:
        with ServiceContext(url, migrate_policy="check") as ctx:
            barrier.wait(timeout=120)
            sign(ctx, username, PASSWORD, run, "approve", acknowledgement=LOAD_ACK)
        queue.put((username, "approved"))
    except BaseException as exc:  # noqa: BLE001 - the parent checks which one was refused and why
        queue.put((username, f"{type(exc).__name__}: {exc}"))


def append_process(url: str, actor: str, count: int, barrier: Any, queue: Any) -> None:
    """Child process: `count` units of work, each creating one client record (one audit event)."""
    from labapp.store.parties import Client

    try:
        with ServiceContext(url, migrate_policy="check") as ctx:
            barrier.wait(timeout=120)
            for i in range(count):
                with ctx.account_unit_of_work(actor) as session:
                    session.add(Client(name=f"{actor}-{i}"))
        queue.put((actor, None))
    except BaseException:  # noqa: BLE001
        queue.put((actor, traceback.format_exc()))


def run_children(target: Any, argument_lists: list[tuple[Any, ...]], timeout: float) -> list[Any]:
    """Start one spawned process per argument tuple (a barrier and a queue are appended), collect one
    report from each, and fail clearly if any hangs."""
    import multiprocessing as mp
    import queue as queue_module

    context = mp.get_context("spawn")
    barrier, reports = context.Barrier(len(argument_lists)), context.Queue()
    processes = [context.Process(target=target, args=(*args, barrier, reports)) for args in argument_lists]
    for process in processes:
        process.start()
    collected = []
    deadline = time.monotonic() + timeout
    try:
        for _ in processes:
            collected.append(reports.get(timeout=max(1.0, deadline - time.monotonic())))
    except queue_module.Empty as exc:
        raise AssertionError(f"a client process did not report within {timeout:.0f} s") from exc
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    return collected
