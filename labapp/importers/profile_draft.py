"""A new format described by clicking, written as profile TOML: what the desktop's profile assistant
builds. The draft knows nothing of Qt; the TOML it writes is validated by the same loader as any
profile, so a lab profile from the assistant and one written by hand are the same thing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from labapp.core.errors import LabappError
from labapp.importers.profile import FAMILIES, SAMPLE_TYPES, Profile, ProfileOrigin, parse_profile
from labapp.importers.profile_check import check_profile_text
from labapp.importers.reader import read_export
from labapp.importers.result import ImportResult
from labapp.importers.roles import Names, header_names, norm

# Roles the assistant offers per layout, in the order a technician thinks of them.
LONG_ROLES = (
    "sample_label",
    "sample_type",
    "analyte",
    "value",
    "unit",
    "intensity",
    "flags",
    "date",
    "time",
    "datetime",
    "uncertainty",
    "detection_limit",
    "replicate",
)
WIDE_ROLES = ("sample_label", "sample_type", "date", "time", "datetime", "unit", "flags", "replicate")
TECHNIQUES = ("ICP-OES", "ICP-MS", "XRF")
SOLUTION_UNITS = {"ppm": "mg/L", "ppb": "ug/L"}
SOLID_UNITS = {"ppm": "mg/kg"}
_ID = re.compile(r"[^a-z0-9_]+")
_NUMBER = re.compile(r"^[<>+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?%?$")


def profile_id(name: str) -> str:
    """A valid profile id from a free name: `ACME ICP-9000 (CSV)` -> `acme_icp_9000_csv`."""
    return _ID.sub("_", name.strip().lower()).strip("_")[:60] or "lab_profile"


@dataclass
class ProfileDraft:
    """Everything the assistant asks; to_toml() writes it as a profile."""

    id: str
    name: str
    family: str = "long"  # long or wide
    vendor: str = ""
    technique: str = "ICP-OES"
    formats: list[str] = field(default_factory=lambda: ["text"])
    header_rows: int = 1
    columns: dict[str, list[str]] = field(default_factory=dict)  # role -> header texts clicked
    uncertainty_suffix: str = ""  # wide: `<El> Err` columns hold the uncertainty
    solid: bool = False  # ppm means mg/kg (a solid) rather than mg/L (a solution)
    default_unit: str = ""
    date_order: str = ""
    decimal: str = "auto"
    sample_words: list[tuple[str, str]] = field(default_factory=list)  # (word in the label, sample type)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (flag as written, meaning)
    description: str = ""

    def problems(self) -> list[str]:
        """What must be settled before the draft can be a profile (in the assistant's words)."""
        out = [] if self.name.strip() else ["give the format a name"]
        if self.family not in FAMILIES[:2]:
            out.append("choose one row per reading or one row per sample")
        needed = ["sample_label"] + (["analyte", "value"] if self.family == "long" else [])
        names = {
            "sample_label": "the sample label",
            "analyte": "the analyte (element or line)",
            "value": "the concentration",
        }
        out += [f"click the column that holds {names[r]}" for r in needed if not self.columns.get(r)]
        out += [
            f"sample type {kind!r} is not known" for _, kind in self.sample_words if kind not in SAMPLE_TYPES
        ]
        return out

    def to_toml(self) -> str:
        lines = [
            f"id = {_q(self.id)}",
            f"name = {_q(self.name)}",
            f"vendor = {_q(self.vendor)}",
            f"technique = {_q(self.technique)}",
            f"family = {_q(self.family)}",
            f"formats = {_list(self.formats)}",
            'source = "real"',
        ]
        if self.description:
            lines.append(f"description = {_q(self.description)}")
        if self.default_unit:
            lines.append(f"default_unit = {_q(self.default_unit)}")
        if self.date_order:
            lines.append(f"date_order = {_q(self.date_order)}")
        lines += ["", "[text]", f"decimal = {_q(self.decimal)}"]
        if self.header_rows != 1:
            lines += ["", "[layout]", f"header_rows = {self.header_rows}"]
        lines += ["", "[columns]"]
        lines += [f"{role} = {_list(names)}" for role, names in self.columns.items() if names]
        if self.family == "wide" and self.uncertainty_suffix:
            suffix = re.escape(self.uncertainty_suffix.strip())
            lines += [
                "",
                "[wide]",
                f"column_pattern = {_q('^(?P<analyte>.+?)(?: (?P<field>' + suffix + '))?$')}",
                f"fields = {{ uncertainty = {_list([self.uncertainty_suffix.strip()])} }}",
            ]
        if self.flags:
            split = "chars" if all(len(f) == 1 for f, _ in self.flags) else "none"
            pairs = ", ".join(f"{_q(flag)} = {_q(meaning)}" for flag, meaning in self.flags)
            lines += ["", "[flags]", f"split = {_q(split)}", f"map = {{ {pairs} }}"]
        rules = ", ".join(
            f"[{_q(rf'(?i)(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])')}, {_q(kind)}]"
            for word, kind in self.sample_words
            if word.strip()
        )
        lines += ["", "[sample_types]", f"label_patterns = [{rules}]", 'default = "sample"']
        units = SOLID_UNITS if self.solid else SOLUTION_UNITS
        lines += ["", "[units]", *(f"{raw} = {_q(unit)}" for raw, unit in units.items())]
        return "\n".join(lines) + "\n"

    def profile(self, folder: Path) -> Profile:
        """The draft as a validated profile (ProfileError naming the line when it is not one)."""
        return parse_profile(self.to_toml(), folder / f"{self.id}.toml", origin=ProfileOrigin.LAB)


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for `\\/`, which json.dumps never writes)."""
    return json.dumps(str(text), ensure_ascii=False)


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def header_texts(rows: list[list[str]], first: int, count: int = 1) -> list[str]:
    """The column names the reader will see in a header block starting at row `first` (its rows joined
    per column, as roles.header_names does), so a role clicked in the assistant matches when read."""
    return header_names(rows[first : first + count]) if 0 <= first < len(rows) else []


def column_spec(texts: list[str], j: int) -> str:
    """The [columns] entry naming column j: its header text, `Units#2` when an earlier column has the
    same name (a plain name finds the first such column); "" when the column has no name."""
    if j >= len(texts) or not texts[j].strip():
        return ""
    same = Names.of(texts).index.get(norm(texts[j]), [j])
    nth = same.index(j) + 1 if j in same else 1
    return texts[j] if nth == 1 else f"{texts[j]}#{nth}"


def guess_header_row(rows: list[list[str]]) -> int:
    """The first row that looks like column names (the most filled cells, none a number), so the
    assistant opens on the header of a file with a preamble; 0 when nothing looks like one."""
    best, best_count = 0, 0
    for i, row in enumerate(rows):
        filled = [c for c in row if c.strip()]
        if len(filled) > best_count and not any(_NUMBER.match(c.strip()) for c in filled):
            best, best_count = i, len(filled)
    return best


@dataclass(frozen=True)
class DraftTrial:
    """A draft read against its sample export before anything is saved: the TOML, the first problem in
    one line ("" when the sample reads), the tidy readings, and what auto-detection would pick."""

    text: str
    error: str = ""
    result: ImportResult | None = None
    detected_as: str = ""


def try_draft(draft: ProfileDraft, sample: Path, folder: Path) -> DraftTrial:
    """Run the checks saving runs (problems, the loader, the id clash, reading the sample) and keep the
    readings, so the assistant shows what would be saved and refuses what would be refused."""
    text = draft.to_toml()
    problems = draft.problems()
    if problems:
        return DraftTrial(text, "; ".join(problems))
    check = check_profile_text(text, folder / f"{draft.id}.toml", [sample])
    if check.error or check.profile is None:
        return DraftTrial(text, check.error)
    failed = next((f for f in check.files if not f.ok), None)
    if failed is not None:
        return DraftTrial(text, failed.error)
    try:
        result = read_export(sample, check.profile)
    except LabappError as exc:
        return DraftTrial(text, str(exc))
    return DraftTrial(text, "", result, check.files[0].detected_as if check.files else "")
