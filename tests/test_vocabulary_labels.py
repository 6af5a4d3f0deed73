"""Every word a screen or the command line can show has an English and a Japanese label that is not its
identifier (issue 22): no `pass_with_flags`, `end_of_life` or `qa_manager` reaches a reader.

The walk reads labapp's source for every enum class (Enum, StrEnum, IntEnum, Vocabulary bases):
each must be a Vocabulary listed in labapp.services.vocabulary (ALL_ or SHOWN_VOCABULARIES), or be
named below with the reason it is never shown.
"""

from __future__ import annotations

import ast
import importlib
import re
from enum import Enum
from pathlib import Path

import pytest

import labapp
from labapp.services.vocabulary import ALL_VOCABULARIES, SHOWN_VOCABULARIES, Vocabulary

VOCABULARIES = (*ALL_VOCABULARIES, *SHOWN_VOCABULARIES)

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_ENUM_BASES = ("Enum", "Vocabulary")  # StrEnum, IntEnum, Enum and Vocabulary
# enums that never reach a reader, and why
NEVER_SHOWN = {
    "labapp.security.record_key.SealPurpose": "a cryptographic domain label inside a seal, never displayed",
    "labapp.gui.frame_model.RowState": "a row colour's index; its words are STATE_LABELS (translated by tr)",
    "labapp.importers.profile.ProfileOrigin": "shown through its .label, translated in the .ts (ProfilesTab)",
    "labapp.services.changes.Change": "what a commit changed, for views to reload; never displayed",
    "labapp.services.workflow.worklist.WorkKind": "worded per line by tr() in the worklist box",
    "labapp.services.importing.lot_inputs.FieldRule": "worded per field by tr() (form_check)",
    "labapp.security.passwords.PasswordRule": "worded by tr(); the CLI prints the policy's message",
}


def _labapp_enums() -> dict[str, type[Enum]]:
    """Every enum class defined in labapp's source (found by reading it, then imported by name)."""
    root = Path(labapp.__file__).parent
    found: dict[str, type[Enum]] = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(("labapp", *path.relative_to(root).with_suffix("").parts))
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id.endswith(_ENUM_BASES) for b in node.bases
            ):
                cls = getattr(importlib.import_module(module), node.name)
                if isinstance(cls, type) and issubclass(cls, Enum) and list(cls):
                    found[f"{module}.{cls.__qualname__}"] = cls
    return found


ENUMS = _labapp_enums()


def test_every_enum_of_labapp_is_a_listed_vocabulary_or_never_shown() -> None:
    listed = set(VOCABULARIES)
    stray = [
        name
        for name, cls in sorted(ENUMS.items())
        if name not in NEVER_SHOWN and not (issubclass(cls, Vocabulary) and cls in listed)
    ]
    assert not stray, f"enums a reader may see without EN/JA labels (make them a listed Vocabulary): {stray}"
    assert set(NEVER_SHOWN) <= set(ENUMS), "NEVER_SHOWN names an enum that no longer exists"


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_member_has_labels_that_are_not_its_identifier(vocabulary: type[Vocabulary]) -> None:
    for member in vocabulary:
        english, japanese = member.label("en"), member.label("ja")
        assert english.strip() and not _SNAKE.search(english), f"{member!r}: English label {english!r}"
        assert english != member.name, f"{member!r}: English label is the member's name"
        assert _JAPANESE.search(japanese), f"{member!r}: Japanese label {japanese!r} is not Japanese"
        assert japanese != member.value and not _SNAKE.search(japanese), f"{member!r}: {japanese!r}"


def test_the_words_issue_22_found_on_screen_have_labels() -> None:
    from labapp.services.vocabulary import LotOrigin, QcCheck, QcStatistic, QcVerdict, ResultFlag, Role

    assert LotOrigin("end_of_life").label() == "end-of-life batteries"
    assert LotOrigin("production_scrap").label("ja") == "製造工程スクラップ"
    assert QcVerdict("pass_with_flags").label() == "pass with flags"
    assert QcCheck("calibration_r").label() == "calibration correlation coefficient (r)"
    assert (
        QcStatistic.reword("non-linear model; p_value")
        == "non-linear model; statistic: p-value of the Mandel test"
    )
    assert ResultFlag.words("censored_digest") == "censored digest"
    assert Role("qa_manager").label() == "QA manager"
