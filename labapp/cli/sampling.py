"""`labapp sampling-study FILE | --stored`: sampling uncertainty by the duplicate method."""

from __future__ import annotations

import argparse
from pathlib import Path

from labapp.cli._session import context
from labapp.services.importing.sampling_study import (
    read_sampling_study,
    sampling_table,
    stored_sampling_study,
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sampling-study",
        help="estimate the sampling uncertainty from a duplicate-method study (Eurachem/CITAC UfS)",
        description="Classical ANOVA of a duplicate-method study (columns target, sample, analysis, "
                    "analyte, value; see docs/calculations.md) and the method's [sampling] table.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", help="the study file (CSV)")
    source.add_argument("--stored", action="store_true",
                        help="use the stored results of lots whose manifest named a primary_sample")
    parser.add_argument("--primary-samples", type=int, default=1,
                        help="primary samples combined into a routine lot result (default 1)")
    parser.add_argument("--format", choices=("table", "toml"), default="table")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.stored:
        with context(args) as ctx:
            results = stored_sampling_study(ctx)
    else:
        results = read_sampling_study(args.file)
    if args.format == "toml":
        source = "duplicate study, " + ("stored results" if args.stored else Path(args.file).name)
        print(sampling_table(results, args.primary_samples, source), end="")
        return 0
    print(f"{'analyte':8} {'targets':>7} {'mean':>10} {'s_between':>10} {'s_samp':>10} {'s_anal':>10} "
          f"{'s_meas':>10} {'RSD_samp %':>10} {'U meas %':>9}")
    for r in results:
        a = r.anova
        print(f"{r.analyte:8} {a.targets:>7} {a.mean:>10.5g} {a.s_between:>10.4g} {a.s_samp:>10.4g} "
              f"{a.s_anal:>10.4g} {a.s_meas:>10.4g} {100 * a.rsd_samp:>10.3g} "
              f"{100 * a.relative_expanded_measurement:>9.3g}")
    return 0
