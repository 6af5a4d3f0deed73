"""`labapp criteria list|show|validate|diff|new`: inspect shipped criteria sets and a lab's own files,
and start a customer's contract specification from a template.

A set is named by its id (highest shipped version), id@version, or a path to a .toml file.
"""

from __future__ import annotations

import argparse
import json
import sys

from labapp.cli._session import add_user_option, context, login
from labapp.core.criteria import CriteriaSet, Limit
from labapp.core.decision_rules import rule_statement
from labapp.core.errors import LabappError
from labapp.services.grading import criteria_catalog as catalog
from labapp.services.grading import criteria_files

_REF_HELP = "criteria set id, id@version, or path to a .toml file"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("criteria", help="list, show, validate and compare grading criteria sets",
                                   description=__doc__)
    commands = parser.add_subparsers(dest="criteria_command", metavar="ACTION", required=True)
    p = commands.add_parser("list", help="list the shipped criteria sets (or those of a folder)")
    p.add_argument("--dir", default=None, help="folder of .toml criteria files instead of the shipped ones")
    p.set_defaults(handler=_list)
    p = commands.add_parser("show", help="print a criteria set: tiers, limits, sources, rule and SHA-256")
    p.add_argument("ref", help=_REF_HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_show)
    p = commands.add_parser("validate", help="check criteria files; print every problem")
    p.add_argument("refs", nargs="+", metavar="ref", help=_REF_HELP)
    p.set_defaults(handler=_validate)
    p = commands.add_parser("diff", help="print every difference between two criteria sets")
    p.add_argument("old", help=_REF_HELP)
    p.add_argument("new", help=_REF_HELP)
    p.set_defaults(handler=_diff)
    p = commands.add_parser(
        "new", help="start a customer's contract specification from a template (validated, audited)",
        description="Fill a template's id, version, customer and date, validate the set and write it to "
                    "the laboratory's own criteria folder. Edit it before its first use: once it has graded "
                    "a lot it is frozen, and a changed contract is a new version.")
    p.add_argument("--from", dest="template", required=True, metavar="TEMPLATE",
                   help="template name (resources/criteria/templates) or path to a template .toml")
    p.add_argument("--id", dest="set_id", required=True, help="the new set's id, e.g. acme-bm-2027")
    p.add_argument("--customer", required=True, help="the customer whose contract the limits are")
    p.add_argument("--version", default="1.0", help="the set's version (default 1.0)")
    add_user_option(p)
    p.set_defaults(handler=_new)


def _list(args: argparse.Namespace) -> int:
    entries = catalog.list_sets(args.dir)
    if not entries:
        raise LabappError(f"no criteria files (*.toml) in {args.dir or catalog.shipped_dir()}")
    print(f"{'id':28} {'version':8} {'kind':8} {'status':12} {'sha256':12}  title")
    for e in entries:
        mark = " (default)" if e.default else ""
        print(f"{e.id:28} {e.version:8} {e.kind:8} {e.status:12} {e.sha256[:12]}  {e.title}{mark}")
    return 0


def _show(args: argparse.Namespace) -> int:
    cs = catalog.load_set(args.ref)
    if args.format == "json":
        print(json.dumps(catalog.describe(cs), indent=2, ensure_ascii=False))
        return 0
    print("\n".join(_show_lines(cs)))
    return 0


def _show_lines(cs: CriteriaSet) -> list[str]:
    info = catalog.describe(cs)
    lines = [
        f"{cs.title}" + (f" / {cs.title_ja}" if cs.title_ja else ""),
        f"  id {cs.id}, version {cs.version}, {cs.kind}, {cs.status}, effective {cs.effective.isoformat()}",
        f"  basis {cs.basis}; families {', '.join(cs.families)}",
        f"  SHA-256 {info['sha256']}",
        f"  {rule_statement(cs.decision_rule)}",
    ]
    if cs.customer:
        lines.append(f"  customer {cs.customer}")
    if cs.published is not None:
        lines.append(f"  published {cs.published.isoformat()}")
    if cs.not_assessed:
        lines.append(f"  not assessed: {', '.join(cs.not_assessed_words())}")
    lines += [f"  payable {p.element}: {p.indicator}, % of {p.reference_price}" for p in cs.payables]
    if cs.required_analytes:
        lines.append(f"  required analytes: {', '.join(cs.required_analytes)}")
    for t in cs.tiers:
        lines.append(f"tier {t.id}: grade {t.grade} ({', '.join(t.families)})")
        lines += [f"    {_limit_text(lim)}" for lim in t.limits]
    for s in cs.sections:
        lines.append(f"section {s.id}: {s.title} ({', '.join(s.families)})")
        lines += [f"    {_limit_text(lim)}" for lim in s.limits]
    if cs.classification:
        c = cs.classification
        hazard = " (hazardous)" if c.hazardous else ""
        lines.append(f"classification {c.code}{hazard}: {c.statement.get('en', '')}")
    lines.append("sources:")
    lines += [f"  [{k}] {s.text}" + (" (judgement)" if s.judgement else "") + (f" <{s.url}>" if s.url else "")
              for k, s in cs.sources.items()]
    if cs.notes:
        lines += ["notes:"] + [f"  {line}" for line in cs.notes.splitlines()]
    lines += [f"warning: {w}" for w in cs.warnings]
    return lines


def _limit_text(lim: Limit) -> str:
    op = "<=" if lim.side == "max" else ">="
    flags = [f for f, on in (("provisional", lim.provisional), ("assessed if reported", lim.optional)) if on]
    extra = f" ({', '.join(flags)})" if flags else ""
    note = f" - {lim.note}" if lim.note else ""
    return f"{lim.quantity.label:14} {op} {lim.value:g} {lim.unit}  [{lim.source}]{extra}{note}"


def _validate(args: argparse.Namespace) -> int:
    bad = 0
    for ref in args.refs:
        try:
            cs = catalog.load_set(ref)
        except catalog.CriteriaError as exc:
            bad += 1
            print(f"{ref}: INVALID, {len(exc.problems)} problem(s)")
            print("\n".join(f"  {p}" for p in exc.problems))
            continue
        except LabappError as exc:
            bad += 1
            print(f"{ref}: INVALID, {exc}")
            continue
        print(f"{ref}: ok, {cs.id} version {cs.version} ({cs.kind}, {cs.status}), "
              f"SHA-256 {catalog.describe(cs)['sha256']}")
        for warning in cs.warnings:
            print(f"  warning: {warning}")
    sys.stdout.flush()
    if bad:
        raise LabappError(f"{bad} of {len(args.refs)} criteria set(s) invalid")
    return 0


def _new(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        path = criteria_files.new_from_template(ctx, user, args.template, args.set_id, args.customer,
                                                args.version)
    cs = catalog.read_criteria_file(path)
    print(f"created {cs.id} version {cs.version} for {cs.customer} in {path}, "
          f"SHA-256 {catalog.describe(cs)['sha256']}")
    print("edit its limits to the contract before its first use; once used it is frozen")
    return 0


def _diff(args: argparse.Namespace) -> int:
    old, new, changes = catalog.diff_sets(args.old, args.new)
    print(f"--- {old.id} version {old.version} ({catalog.describe(old)['sha256'][:12]})")
    print(f"+++ {new.id} version {new.version} ({catalog.describe(new)['sha256'][:12]})")
    if not changes:
        print("identical content")
    for change in changes:
        print(str(change))
    return 0
