"""The command line speaks in the vocabulary's labels, never its identifiers, and adds its own command
to a fix the service names in words (issue 22)."""

from __future__ import annotations

import pytest

from labapp.cli import main
from labapp.cli.remedy_hints import command_hint
from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy


def test_an_invalid_command_lists_names_not_enum_reprs(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["qa"])
    err = capsys.readouterr().err
    assert "'submit', 'review', 'approve', 'reject'" in err and "SignAction" not in err


def test_a_fix_named_in_words_gets_the_command_line_s_command() -> None:
    error = LabappError(
        "user qa has no signing key in /k: words", remedy=Remedy.ISSUE_SIGNING_KEY, subject="qa"
    )
    assert command_hint(error) == " (run: labapp keys issue qa --user ADMINISTRATOR)"
    assert command_hint(LabappError("no fix named")) == ""


def test_results_table_shows_basis_and_flags_in_words(demo_build, capsys) -> None:
    code = main(
        ["--db", str(demo_build.database), "results", "--run", "ICP-OES 2026-03-17", "--lot", "BM26-0001"]
    )
    out = capsys.readouterr().out
    assert code == 0 and "dry basis" in out and "detected, not quantified" in out
    # the demo measures moisture by a panel test before calculating: the run writes no manifest row
    assert "as received" not in out and "from manifest" not in out
    for identifier in ("as_received", "from_manifest", "censored_digest", "detected_not_quantified"):
        assert identifier not in out
