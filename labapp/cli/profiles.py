"""`labapp profiles list|check`: the instrument formats labapp reads, and trying a lab's own profile.

Lab profiles live in <data folder>/instruments (and folders named in settings.toml); docs/formats.md
says how to write one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labapp.config import lab_profile_folders
from labapp.importers import catalog
from labapp.importers.profile_check import check_profile_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "profiles", help="list instrument export profiles, check a lab profile", description=__doc__
    )
    commands = parser.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)
    p = commands.add_parser("list", help="every profile: id, vendor, technique, layout, file kinds, origin")
    p.set_defaults(handler=_list)
    p = commands.add_parser("check", help="validate a profile TOML and read sample files with it")
    p.add_argument("profile", help="the profile's .toml file")
    p.add_argument("files", nargs="*", metavar="FILE", help="sample exports to read with it")
    p.set_defaults(handler=_check)


def _list(args: argparse.Namespace) -> int:
    known = catalog()
    print(f"{'id':34} {'vendor':26} {'technique':17} {'layout':10} {'files':14} origin")
    for p in known.profiles:
        print(
            f"{p.id:34} {p.vendor[:26]:26} {p.technique[:17]:17} {p.family:10} {'+'.join(p.formats):14} "
            f"{p.origin.label}"
        )
    folders = ", ".join(str(f) for f in lab_profile_folders())
    print(f"\nlab profile folders: {folders}")
    for problem in known.problems:
        print(f"labapp: warning: {problem}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    result = check_profile_file(Path(args.profile), [Path(f) for f in args.files])
    if result.error:
        print(f"labapp: {result.error}", file=sys.stderr)
        return 1
    profile = result.profile
    print(
        f"{args.profile}: profile {profile.id} is valid "
        f"({profile.family} layout, {'+'.join(profile.formats)})"
    )
    for f in result.files:
        if f.error:
            print(f"  FAILED {f.error}")
            continue
        print(f"  {f.file}: {f.readings} readings of {f.samples} samples")
        for warning in f.warnings:
            print(f"    warning: {warning}")
        if f.detected_as != profile.id:
            chosen = f"profile {f.detected_as}" if f.detected_as else "no profile (or two equally good ones)"
            print(f"    note: without --profile, auto-detection would choose {chosen}")
    if not args.files:
        print("  (no sample files given: pass exports after the profile to read them with it)")
    return 0 if result.ok else 1
