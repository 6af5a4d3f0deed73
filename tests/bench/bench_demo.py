"""Benchmark: `labapp demo` stage by stage, in process CPU time (user + system of this process).

Prints the CPU of importing what the demo runs (the CLI and every stage's modules), of each stage
(users, lots, panel, import, calculate, grade, submit, review, keys, approve, certify, audit, verify)
and of the whole, and the part spent in the work that is slow on purpose and stays so: argon2id
password hashes and checks (labapp.security.passwords: 64 MiB, t=3, two threads) and PKCS#12 key
files written or opened (labapp.certificates.pki). Their sum with the imports is the floor no
plumbing can go below while those parameters and the audited log-ins stay.

Compare two trees side by side: start this script from a copy of the old tree (e.g.
`git worktree add /tmp/base <commit>`) and from the new one at the same time, each with its own
PYTHONPATH, and read the two outputs together (the machine is shared: never compare runs made at
different moments). `--profile N` also prints the top N cumulative cProfile entries (cProfile's wall
timer: a CPU timer costs a system call per event and distorts the profile threefold; on a quiet
machine the two agree but for argon2's second thread).

Run: ``PYTHONPATH=. python tests/bench/bench_demo.py [--profile N] [OUT_DIR]``
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_START = time.process_time()
import labapp.cli  # noqa: E402, F401  (what `labapp demo` imports before it runs)
from labapp.demo import build  # noqa: E402

IMPORT_CPU = time.process_time() - _START


class SlowOnPurpose:
    """CPU and calls inside argon2 and PKCS#12, counted by wrapping the library functions the
    application reaches them through (the wrappers call the real ones)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, owner: object, name: str, label: str) -> None:
        real: Callable = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                self.cpu[label] = self.cpu.get(label, 0.0) + time.process_time() - start
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, timed)

    def install(self) -> None:
        import argon2._password_hasher as hasher
        from cryptography.hazmat.primitives.serialization import pkcs12

        self.wrap(hasher, "hash_secret", "argon2 hash")
        self.wrap(hasher, "verify_secret", "argon2 check")
        self.wrap(pkcs12, "load_key_and_certificates", "PKCS#12 open")
        self.wrap(pkcs12, "serialize_key_and_certificates", "PKCS#12 write")


def timed_stages(times: list[tuple[str, float]]) -> None:
    """Make build.run_demo record each stage's process CPU in `times`."""
    stages = build._stages

    def with_times(ctx, report):
        out = []
        for name, stage in stages(ctx, report):

            def run(stage=stage, name=name):
                start = time.process_time()
                done = stage()
                times.append((name, time.process_time() - start))
                return done

            out.append((name, run))
        return out

    build._stages = with_times


def main(out: Path, profile: int = 0) -> None:
    slow, times = SlowOnPurpose(), []
    slow.install()
    timed_stages(times)
    profiler = cProfile.Profile() if profile else None
    start = time.process_time()
    if profiler:
        profiler.enable()
    build.run_demo(out)
    if profiler:
        profiler.disable()
    total = time.process_time() - start
    print(f"{'import':<10} {IMPORT_CPU:6.2f} s CPU")
    for name, cpu in times:
        print(f"{name:<10} {cpu:6.2f} s CPU")
    print(f"{'stages':<10} {total:6.2f} s CPU; with the imports {total + IMPORT_CPU:.2f} s")
    floor = IMPORT_CPU
    for label in sorted(slow.cpu):
        floor += slow.cpu[label]
        print(f"  in {label}: {slow.calls[label]} calls, {slow.cpu[label]:.2f} s CPU")
    print(f"floor (imports + argon2 + PKCS#12): {floor:.2f} s CPU")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)


if __name__ == "__main__":
    args = sys.argv[1:]
    top = 0
    if "--profile" in args:
        at = args.index("--profile")
        top = int(args[at + 1])
        del args[at : at + 2]
    folder = Path(args[0]) if args else Path(tempfile.mkdtemp()) / "demo"
    try:
        main(folder, top)
    finally:
        if not args:
            shutil.rmtree(folder.parent, ignore_errors=True)
