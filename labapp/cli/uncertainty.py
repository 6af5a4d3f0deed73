"""`labapp uncertainty RESULT_ID --monte-carlo`: JCGM 101 cross-check of a stored result's budget."""

from __future__ import annotations

import argparse
import json
import math

from labapp.cli._session import context
from labapp.services.calculation.monte_carlo import monte_carlo_check


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "uncertainty", help="Monte Carlo (JCGM 101) cross-check of a stored result's GUM uncertainty"
    )
    parser.add_argument("result_id", type=int, help="result id (see `labapp results --all --format csv`)")
    parser.add_argument("--draws", type=int, default=None,
                        help="fixed number of draws (>= 100000); default: adaptive (JCGM 101 7.9)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable check")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        checks = monte_carlo_check(ctx, args.result_id, seed=args.seed, draws=args.draws)
    if args.format == "json":
        print(json.dumps([{"label": c.label, "unit": c.unit, **c.check.to_dict()} for c in checks], indent=2))
        return 0
    for item in checks:
        c, mc, v = item.check, item.check.monte_carlo, item.check.validation
        dof = "inf" if math.isinf(c.nu_eff) else f"{c.nu_eff:.1f}"
        print(f"{item.label} ({item.unit})")
        print(f"  GUM first order: y = {c.y:.6g}, u_c = {c.u_c:.3g}, nu_eff = {dof}, "
              f"interval [{v.first_order_low:.6g}, {v.first_order_high:.6g}]")
        print(f"  Monte Carlo:     y = {mc.y:.6g}, u = {mc.u:.3g}, shortest {mc.coverage:.0%} interval "
              f"[{mc.low:.6g}, {mc.high:.6g}] from {mc.draws} draws")
        verdict = "validated" if v.validated else "NOT validated"
        print(f"  JCGM 101 clause 8: d_low = {v.d_low:.3g}, d_high = {v.d_high:.3g}, delta = {v.delta:.3g}: "
              f"first-order result {verdict}")
    return 0
