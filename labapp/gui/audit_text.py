"""An audit event as a reviewer reads it: the action and the entity in words, and each changed field as
"Field: old -> new" with the field named in words and the values formatted, never the stored JSON.

The store keeps identifiers and canonical JSON (they are hashed into the chain); only the screen words
them, in the interface language (labapp.services.administration.audit_words via labapp.services.vocabulary).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from labapp.gui.field_words import field_words, value_words
from labapp.gui.translation import interface_language, word
from labapp.services.administration.audit_trail import AuditEntry
from labapp.services.vocabulary import ALL_VOCABULARIES, ResultFlag, Vocabulary, audit_words, entity_words

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
_SUFFIXES = (
    ("_percent", " %"),
    ("_pct", " %"),
    ("_kg", " (kg)"),
    ("_g", " (g)"),
    ("_json", ""),
    ("_at", " (UTC)"),
    ("_id", " id"),
)
_LONGEST = 160  # characters of one value; a budget or a snapshot is summarised beyond that
_WORDS: dict[str, Vocabulary] = {}
for _vocabulary in reversed(ALL_VOCABULARIES):  # the first vocabulary listed wins a shared value
    _WORDS.update({member.value: member for member in _vocabulary})


@dataclass(frozen=True)
class AuditRow:
    """One line of the audit table: the event's words; `entry` keeps the event itself."""

    seq: int
    occurred_at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    reason: str | None
    entry: AuditEntry

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRow:
        return cls(
            entry.seq,
            entry.occurred_at,
            entry.actor,
            action_text(entry.action),
            entity_text(entry.entity_type),
            entry.entity_id,
            entry.reason,
            entry,
        )


def action_text(action: str) -> str:
    return audit_words(action, interface_language())


def entity_text(entity_type: str) -> str:
    return entity_words(entity_type, interface_language())


def field_text(name: str) -> str:
    """A stored field's name in words, in the interface language: "net_wet_mass_kg" -> "Net wet mass
    (kg)" / "正味湿質量（kg）" (gui.field_words); a key the table lacks is humanised in English."""
    known = field_words(name, interface_language())
    if known is not None:
        return known[:1].upper() + known[1:]
    for suffix, replacement in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)] + replacement
            break
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def value_text(value: Any, name: str = "") -> str:
    """A stored value in words: a vocabulary value by its label, flags by their words, a number to
    8 significant digits, a structure as "field: value" pairs, None as "(none)"."""
    if value is None or value == "":
        return QCoreApplication.translate("AuditText", "(none)")
    if isinstance(value, bool):
        return QCoreApplication.translate("RecordTableModel", "yes" if value else "no")
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.8g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        text = "; ".join(f"{field_text(str(k))}: {value_text(v, str(k))}" for k, v in value.items())
        return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"
    if isinstance(value, list | tuple):
        text = ", ".join(value_text(v, name) for v in value)
        return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"
    text = str(value)
    if text[:1] in "{[":
        try:
            return value_text(json.loads(text), name)
        except ValueError:
            pass
    if name == "flags":
        return "; ".join(ResultFlag.words(f, interface_language()) for f in ResultFlag.split(text))
    if text in _WORDS:
        return word(_WORDS[text])
    known = value_words(text, interface_language())
    if known is not None:
        return known
    if _IDENTIFIER.match(text):
        return text.replace("_", " ")
    return text


def change_lines(old: dict[str, Any] | None, new: dict[str, Any] | None, none: str) -> list[str]:
    """One line per field: "Field: old -> new" (a created record lists its values, a deleted one its
    last values), fields in the stored order."""
    old, new = old or {}, new or {}
    lines = []
    for name in [*old, *(k for k in new if k not in old)]:
        if name in old and name in new:
            lines.append(
                f"{field_text(name)}: {value_text(old[name], name)} -> {value_text(new[name], name)}"
            )
        elif name in new:
            lines.append(f"{field_text(name)}: {value_text(new[name], name)}")
        else:
            lines.append(f"{field_text(name)}: {value_text(old[name], name)} -> {none}")
    return lines
