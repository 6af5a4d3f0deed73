"""What an amendment changes: the new revision's content compared field by field with the previous
revision's stored JSON twin (ISO/IEC 17025:2017 7.8.8.2: an amended report identifies the change).

Fields that differ on every revision by construction (number, revision, issue time, supersedes, the
certificate's URN, the audit checkpoint, the issuer's own signature, the amendment notes themselves
and their Japanese) are not compared; an amendment that changes nothing else is refused, since it
would only re-date the same report.
"""

from __future__ import annotations

from typing import Any

from labapp.certificates import model as cm
from labapp.core.errors import LabappError

_SAME_ON_EVERY_REVISION = {"number", "revision", "issued_at", "supersedes"}
_LIST_KEYS = ("analyte", "quantity", "id", "key", "name")  # what names an item of a list of objects
_NONE = "—"


def amendment_changes(
    previous: dict[str, Any], current: cm.CertificateData, issuer_role: str
) -> list[cm.Change]:
    """Every field whose value differs between the previous twin and the new content, in path order."""
    before = _flatten(_comparable(previous, issuer_role))
    after = _flatten(_comparable(current.to_dict(), issuer_role))
    return [
        cm.Change(path, before.get(path, _NONE), after.get(path, _NONE))
        for path in sorted(set(before) | set(after))
        if before.get(path, _NONE) != after.get(path, _NONE)
    ]


def require_changes(number: str, revision: int, changes: list[cm.Change]) -> None:
    """Refuse an amendment in which nothing changed, in one line."""
    if not changes:
        raise LabappError(
            f"{number} rev {revision}: nothing would change; an amendment must correct something "
            "(change the lot's records first, or give another language)"
        )


def _comparable(twin: dict[str, Any], issuer_role: str) -> dict[str, Any]:
    # "ja" holds the Japanese of the English fields compared here (and of the amendment note itself)
    # "audit_checkpoint" is the audit chain's head at issue: it differs on every revision by construction
    skipped = ("amendment", "schema_version", "ja", "audit_checkpoint")
    out = {k: v for k, v in twin.items() if k not in skipped}
    if isinstance(out.get("identifiers"), dict):  # the certificate's URN names its revision
        out["identifiers"] = {k: v for k, v in out["identifiers"].items() if k != "certificate"}
    out["certificate"] = {
        k: v for k, v in twin.get("certificate", {}).items() if k not in _SAME_ON_EVERY_REVISION
    }
    out["signatures"] = [s for s in twin.get("signatures", []) if s.get("role") != issuer_role]
    out["remarks"] = [r for r in twin.get("remarks", []) if not _amendment_remark(r)]
    return out


def _amendment_remark(remark: str) -> bool:
    return remark.startswith("Revision ") and " supersedes " in remark


def _item_name(item: dict[str, Any], index: int) -> str:
    """What names an item of a list in a change's path: its analyte, quantity, id ... and grade."""
    name = next((str(item[k]) for k in _LIST_KEYS if item.get(k) not in (None, "")), str(index))
    grade = f" {item['grade']}" if "grade" in item and "quantity" in item else ""
    return f"{name}{grade}"


def _flatten(value: Any, path: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, item in value.items():
            out |= _flatten(item, f"{path}.{key}" if path else key)
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        names = [_item_name(item, index) for index, item in enumerate(value)]
        for index, (item, name) in enumerate(zip(value, names, strict=True)):
            unique = name if names.count(name) == 1 else f"{name} #{index + 1}"  # Li and Li2CO3, A/B/C
            out |= _flatten(item, f"{path}[{unique}]")
        return out
    if isinstance(value, list):
        return {path: ", ".join(map(str, value)) or _NONE}
    return {path: _NONE if value is None or value == "" else str(value)}
