"""`labapp grade` grades lots against a criteria set; `labapp gradings` lists a lot's stored gradings.

The grading is stored with the set's id, version and SHA-256, and the set is frozen from then on.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from labapp.cli._session import add_user_option, context, login
from labapp.services.grading.grade import LotGradingSummary, StoredGrading, grade_lots, list_gradings
from labapp.services.vocabulary import GradingStatus, RuleKind


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade", help="grade lots against a criteria set and store the gradings",
        description="Grade the lots of a run (or named lots) against a criteria set (default: the "
                    "provisional JP-EU set) with the regulatory screens beside it; the set used is frozen.")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--run", metavar="NAME", help="grade every lot of this run (its name at import)")
    target.add_argument("--lot", metavar="CODE", action="append", help="grade this lot (repeatable)")
    parser.add_argument("--criteria", metavar="REF", default=None,
                        help="set id, id@version or path to a .toml file (default: jp-eu-black-mass)")
    parser.add_argument("--rule", choices=tuple(kind.code for kind in RuleKind), default=None,
                        help="decision rule agreed with the customer (default: the set's own)")
    add_user_option(parser)
    parser.set_defaults(handler=_grade)
    listing = subparsers.add_parser("gradings", help="list the stored gradings of a lot, newest first")
    listing.add_argument("--lot", metavar="CODE", required=True)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_gradings)


def _grade(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        summaries = grade_lots(ctx, user, run=args.run, lots=args.lot, criteria=args.criteria, rule=args.rule)
    if summaries:
        s = summaries[0]
        print(f"criteria {s.criteria.id} version {s.criteria.version} (SHA-256 {s.criteria.sha256[:12]}), "
              f"{s.rule}")
    for s in summaries:
        print("\n".join(_summary_lines(s)))
    return 0


def _summary_lines(s: LotGradingSummary) -> list[str]:
    heads = {
        GradingStatus.GRADED: f"grade {s.grade}",
        GradingStatus.CONDITIONAL: f"grade {s.grade} (conditional)",
    }
    head = heads.get(s.status, s.status)
    family = s.family or "-"
    if s.family_mismatch:
        family += f" (declared {s.declared_chemistry}: mismatch)"
    lines = [f"{s.lot_code}: {head}; family {family}" + ("" if s.stored else "; not stored")]
    lines += [f"  reason: {r}" for r in s.reasons]
    lines += [f"  limiting: {t}" for t in s.limiting]
    if s.not_assessed:
        lines.append(f"  not assessed: {', '.join(s.not_assessed)}")
    statements = s.screen_statements or tuple({} for _ in s.screens)
    lines += [f"  screen {name}: {outcome}" + (f". {said['en']}" if said.get("en") else "")
              for (name, outcome), said in zip(s.screens, statements, strict=True)]
    return lines


def _gradings(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        gradings = list_gradings(ctx, args.lot)
    if args.format == "json":
        print(json.dumps([_plain(g) for g in gradings], indent=2, ensure_ascii=False))
        return 0
    if not gradings:
        print(f"lot {args.lot} has not been graded")
        return 0
    for g in gradings:
        mark = "current" if g.current else "superseded"
        grade = f"grade {g.grade}" if g.grade else "-"
        print(f"{g.graded_at:%Y-%m-%d %H:%M} UTC  {g.criteria.id} {g.criteria.version} "
              f"({g.criteria.sha256[:12]})  {g.rule.kind}  {g.status:13} {grade:10} family {g.family or '-'}"
              f"{' (mismatch)' if g.family_mismatch else ''}  by {g.graded_by}  [{mark}]")
    return 0


def _plain(g: StoredGrading) -> dict:
    data = asdict(g)
    data["rule"] = g.rule.to_dict()
    data["graded_on"] = g.graded_on.isoformat()
    data["graded_at"] = g.graded_at.isoformat()
    return data
