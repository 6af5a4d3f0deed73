"""What the desktop shows instead of identifiers and command lines (issue 22, items 3 and 8): a criteria
set as a table of limits, audit details as labelled fields, r to 6 decimals, lot origins and QC details
in words, and errors that say where in the desktop the fix is done."""

from __future__ import annotations

from accounts import account

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.gui.audit_text import change_lines
from labapp.gui.criteria_text import criteria_text
from labapp.gui.error_text import error_text
from labapp.gui.main_window import MainWindow
from labapp.gui.value_text import correlation_text, origin_text, qc_detail_text, qc_statistic_texts
from labapp.services.grading.criteria_catalog import describe, list_sets, read_criteria_file


def test_a_criteria_set_reads_as_limits_per_grade_with_units_and_sources(qapp) -> None:
    entry = next(e for e in list_sets() if e.id == "jp-eu-black-mass")
    text = criteria_text(describe(read_criteria_file(entry.path)))
    assert "Grade A (NCM-A), families NCM" in text
    assert "Ni+Co" in text and "≥ 35 wt%" in text and "CPCIF" in text
    assert "largest particle size" in text and "particle_size" not in text
    assert "non-binary, with guard band, w = 1 U" in text
    assert "{" not in text and '"decision_rule"' not in text


def test_audit_details_are_labelled_fields_old_to_new(qapp) -> None:
    lines = change_lines(
        {"state": "calculated", "flags": "not_detected;censored_digest", "net_wet_mass_kg": 1000.0000000001},
        {"state": "submitted", "flags": "", "net_wet_mass_kg": 1001.5},
        "(none)",
    )
    assert lines[0] == "State: calculated -> submitted"
    assert (
        lines[1].startswith("Flags: not detected: below the decision limit") and "censored digest" in lines[1]
    )
    assert lines[2] == "Net wet mass (kg): 1000 -> 1001.5"
    assert not any("_" in line for line in lines)


def test_numbers_and_stored_words_by_meaning(qapp) -> None:
    import pandas as pd

    assert correlation_text(0.9999970001) == "0.999997"  # never "1"
    texts = qc_statistic_texts(pd.Series(["calibration_r", "ccv"]), pd.Series([0.999997, 101.23456]))
    assert texts == ["0.999997", "101.2"]
    assert origin_text("end_of_life") == "end-of-life batteries"
    assert qc_detail_text("unspiked result above the ratio limit; recovery_pct") == (
        "unspiked result above the ratio limit; statistic: recovery (%)"
    )


def test_an_error_says_where_the_desktop_does_the_fix_never_a_command(qapp) -> None:
    error = LabappError(
        f"user qa has no signing key in /k: {Remedy.ISSUE_SIGNING_KEY.label()}",
        remedy=Remedy.ISSUE_SIGNING_KEY,
        subject="qa",
    )
    text = error_text(error)
    assert "an administrator issues a signing key for this user" in text
    assert "Administration > Signing keys > Issue signer key..." in text
    assert "labapp keys" not in text


def test_issuing_without_a_signing_key_names_the_fix_in_words(tmp_path) -> None:
    from labapp.certificates.pki import Keystore

    try:
        Keystore(tmp_path / "keys").unlock_signer("qa", b"secret")
    except LabappError as exc:
        message, remedy = str(exc), exc.remedy
    assert (
        "labapp" not in message and "issues a signing key" in message and remedy is Remedy.ISSUE_SIGNING_KEY
    )


def test_screens_show_origin_roles_and_qc_words(qtbot, demo_ctx, demo_db, tmp_path) -> None:
    window = MainWindow(ctx=demo_ctx, user=account(demo_ctx, "qa"))
    qtbot.addWidget(window)
    lots = window.lots_page.model
    origins = {lots.index(r, 3).data() for r in range(lots.rowCount())}
    assert "end-of-life batteries" in origins and "end_of_life" not in origins
    keys = window.admin_page.keys_tab
    keys.reload()
    assert keys.folder_label.text() == f"Keys folder of this database: {tmp_path / 'keys'}"
