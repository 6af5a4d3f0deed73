"""Identity of a criteria set (canonical content, SHA-256), diff, and the freeze rule the store applies."""

from __future__ import annotations

import hashlib
import json
import tomllib

import pytest

from labapp.core.criteria import criteria_set_from_dict
from labapp.core.criteria_identity import (
    FrozenCriteriaSetError,
    StoredSet,
    admit,
    canonical_content,
    content_hash,
    diff,
)

TOML_A = """
id = "lab-set"
version = "1.0"
title = "Lab set"
status = "approved"
effective = 2026-01-01
families = ["NCM"]
decision_rule = { kind = "non-binary", guard_band = 1.0 }
sources = { S = "a table" }

[[tiers]]
id = "A"
grade = "A"
families = ["NCM"]
limits = [
  { quantity = "Ni+Co", min = 35, source = "S" },
  { quantity = "Cu", max = 1, source = "S" },
]
"""

# The same content written differently: comments, key order, 35.0 for 35, a table for sources.
TOML_A_REWRITTEN = """
# a comment does not change the content
title = "Lab set"
version = "1.0"
id = "lab-set"
families = ["NCM"]
status = "approved"
effective = 2026-01-01
decision_rule = { guard_band = 1, kind = "non-binary" }

[sources]
S = "a table"

[[tiers]]
grade = "A"
id = "A"
families = ["NCM"]
limits = [
  { source = "S", quantity = "Ni+Co", min = 35.0 },
  { max = 1.0, quantity = "Cu", source = "S" },
]
"""


def load(text: str):  # noqa: ANN201 - test helper
    return criteria_set_from_dict(tomllib.loads(text))


def test_hash_is_sha256_of_the_canonical_json() -> None:
    cs = load(TOML_A)
    text = json.dumps(canonical_content(cs), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert content_hash(cs) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_layout_comments_and_number_spelling_do_not_change_the_hash() -> None:
    assert content_hash(load(TOML_A)) == content_hash(load(TOML_A_REWRITTEN))


@pytest.mark.parametrize(("old", "new"), [
    ('{ quantity = "Cu", max = 1, source = "S" }', '{ quantity = "Cu", max = 1.01, source = "S" }'),
    ('{ quantity = "Cu", max = 1, source = "S" }', '{ quantity = "Cu", max = 1, source = "S", note = "x" }'),
    ('guard_band = 1.0', 'guard_band = 2.0'),
    ('S = "a table"', 'S = "another table"'),
])
def test_any_change_of_content_changes_the_hash(old: str, new: str) -> None:
    text = TOML_A_REWRITTEN if old.startswith("S =") else TOML_A
    assert content_hash(load(text)) != content_hash(load(text.replace(old, new)))


def test_diff_names_each_change() -> None:
    edited = TOML_A.replace('max = 1, source = "S"', 'max = 1.2, source = "S"').replace(
        'version = "1.0"', 'version = "1.1"').replace(
        '{ quantity = "Cu"', '{ quantity = "Al", max = 1.0, source = "S" },\n  { quantity = "Cu"')
    changes = [str(c) for c in diff(load(TOML_A), load(edited))]
    assert "~ version: '1.0' -> '1.1'" in changes
    assert "~ tier A / Cu max / value: 1 -> 1.2" in changes
    assert "+ tier A / Al max / value: 1" in changes
    assert diff(load(TOML_A), load(TOML_A_REWRITTEN)) == []


# ------------------------------------------------------------- freezing

def test_a_frozen_set_cannot_be_changed_in_place() -> None:
    original = load(TOML_A)
    stored = [StoredSet("lab-set", "1.0", content_hash(original), frozen=True)]
    edited = load(TOML_A.replace("max = 1,", "max = 1.5,"))
    with pytest.raises(FrozenCriteriaSetError) as info:
        admit(edited, stored)
    message = str(info.value)
    assert "lab-set version 1.0 is frozen because it has graded lots" in message
    assert "save the edit under a new version" in message
    assert content_hash(original)[:12] in message and content_hash(edited)[:12] in message


def test_admission_of_unchanged_new_version_and_unfrozen_draft() -> None:
    original = load(TOML_A)
    frozen = [StoredSet("lab-set", "1.0", content_hash(original), frozen=True)]
    assert admit(load(TOML_A_REWRITTEN), frozen) == "unchanged"
    new_version = load(TOML_A.replace('version = "1.0"', 'version = "1.1"').replace("max = 1,", "max = 1.5,"))
    assert admit(new_version, frozen) == "new"
    draft = [StoredSet("lab-set", "1.0", content_hash(original), frozen=False)]
    assert admit(load(TOML_A.replace("max = 1,", "max = 1.5,")), draft) == "replaces draft"
    assert admit(original, []) == "new"


def test_canonical_content_is_independent_of_the_input_dict() -> None:
    data = tomllib.loads(TOML_A)
    cs = criteria_set_from_dict(data)
    data["tiers"][0]["limits"][1]["max"] = 99
    assert canonical_content(cs)["tiers"][0]["limits"][1]["value"] == 1.0
