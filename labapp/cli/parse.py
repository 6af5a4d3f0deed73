"""`labapp parse FILE`: print the tidy measurement frame an export reads into (no database)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from labapp.core.spreadsheet import neutralise_frame
from labapp.importers import load_profile, read_export


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="read an instrument export and print its tidy readings",
        description="Read an instrument export file and print one row per reading (see docs/formats.md).",
    )
    parser.add_argument("file", help="the instrument's export file")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--profile", metavar="ID", default=None, help="profile id (default: auto-detect)")
    chosen.add_argument(
        "--profile-file",
        metavar="TOML",
        default=None,
        help="read with this profile file (a lab profile being written; see `labapp profiles check`)",
    )
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default csv)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    profile = args.profile
    if args.profile_file:
        profile = load_profile(Path(args.profile_file), origin="lab")
    result = read_export(args.file, profile=profile)
    how = "detected" if result.metadata.get("detected") else "as given"
    sheet = f", sheet {result.metadata['sheet']}" if result.metadata.get("sheet") else ""
    print(
        f"labapp: {args.file}: profile {result.profile} ({how}{sheet}), {len(result.frame)} readings",
        file=sys.stderr,
    )
    for warning in result.warnings:
        print(f"labapp: warning: {warning}", file=sys.stderr)
    if args.format == "csv":
        neutralise_frame(result.frame).to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        readings = [{k: _plain(v) for k, v in row.items()} for row in result.frame.to_dict(orient="records")]
        document = {
            "profile": result.profile,
            "warnings": result.warnings,
            "metadata": {k: _plain(v) for k, v in result.metadata.items()},
            "readings": readings,
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0


def _plain(value: object) -> object:
    """JSON-safe scalars: NaN and pandas NA become null, numpy numbers plain numbers."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ == "NAType":
        return None
    return value
