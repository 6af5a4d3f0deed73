"""Administration > Instrument profiles > New format...: describe an unknown export by clicking, preview the
tidy readings, save the profile into the lab folder (audited), and imports detect the format from then on."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from accounts import account
from PySide6.QtWidgets import QMessageBox

from labapp.core.errors import InputFileError
from labapp.demo.build import DEMO_USERS
from labapp.gui.main_window import MainWindow
from labapp.gui.profile_assistant import ProfileAssistant
from labapp.importers import read_export
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.users import authenticate

ADMIN = next(u for u in DEMO_USERS if u.username == "admin")
# An export of a vendor no profile knows: a preamble, semicolons, decimal commas, German headers.
EXPORT = """ACME Analytik ICP-9000 Export
Datum: 02.05.2024

Probe;Element;Result;Einheit;Flag
Leerwert 1;Ni;0,001;mg/l;
BM-0424;Ni;12,5;mg/l;
BM-0424;Co;3,25;mg/l;U
OREAS 750;Ni;5,75;mg/l;
"""
ROLES = (("sample_label", 0), ("analyte", 1), ("value", 2), ("unit", 3), ("flags", 4))
PROFILE_ID = "acme_icp_9000_csv"


@pytest.fixture(autouse=True)
def lab_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LABAPP_DATA", str(tmp_path / "data"))
    return tmp_path / "data" / "instruments"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "acme_run_0502.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def _profiles_tab(qtbot, ctx, user):
    window = MainWindow(ctx=ctx, user=user)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(window.pages.indexOf(window.admin_page))
    window.show()
    window.admin_page.tabs.setCurrentWidget(window.admin_page.profiles_tab)
    return window.admin_page.profiles_tab


def _describe(assistant: ProfileAssistant, roles=ROLES) -> None:
    """What a person does: click each column and assign its role, name the format, add a word and a flag."""
    for role, column in roles:
        assert assistant.choose_role(role)
        assistant.table.selectColumn(column)
        assert assistant.assign_role() == assistant.header_texts()[column]
    assistant.name_edit.setText("ACME ICP-9000 CSV")
    assistant.vendor_edit.setText("ACME Analytik")
    assistant.add_word("Leerwert", "blank")
    assistant.add_flag("U", "uncertain")


def _audited(ctx) -> list:
    return [e for e in audit_log(ctx, account(ctx, "qa"), limit=500) if e.action == "save_instrument_profile"]


def test_a_new_format_is_described_previewed_saved_and_then_detected(qtbot, demo_ctx, sample, lab_folder):
    with pytest.raises(InputFileError):
        read_export(sample)  # no profile reads this vendor yet
    tab = _profiles_tab(qtbot, demo_ctx, authenticate(demo_ctx, ADMIN.username, ADMIN.password))
    assistant = tab.new_format(sample)
    assert assistant.isVisible() and tab.assistant is assistant
    assert assistant.header_spin.value() == 4  # the header after the preamble, found for the person
    assert assistant.header_texts() == ["Probe", "Element", "Result", "Einheit", "Flag"]
    _describe(assistant)
    assert assistant.table.horizontalHeaderItem(2).text() == "C: Concentration"
    assert assistant.id_label.text() == f"{PROFILE_ID}.toml"

    trial = assistant.run_preview()
    assert trial.error == "" and trial.detected_as == PROFILE_ID
    frame = trial.result.frame.set_index(["sample_label", "element"])
    assert frame.loc[("BM-0424", "Ni"), "value"] == 12.5  # read from "12,5"
    assert frame.loc[("BM-0424", "Co"), "value"] == 3.25
    assert frame.loc[("Leerwert 1", "Ni"), "value"] == 0.001
    assert set(frame["unit"]) == {"mg/L"}
    assert frame.loc[("Leerwert 1", "Ni"), "sample_type"] == "blank"  # the word added
    assert frame.loc[("OREAS 750", "Ni"), "sample_type"] == "crm"  # reference materials by name
    assert frame.loc[("BM-0424", "Ni"), "sample_type"] == "sample"
    assert frame.loc[("BM-0424", "Co"), "flags"] == "uncertain"
    assert assistant.readings.model.rowCount() == 4
    assert "4 readings of 3 samples" in assistant.status_label.text()
    toml = assistant.toml_view.toPlainText()
    assert 'value = ["Result"]' in toml and 'vendor = "ACME Analytik"' in toml
    assert not lab_folder.exists()  # a preview writes nothing

    saved = assistant.save()
    assert saved is not None and saved.path == lab_folder / f"{PROFILE_ID}.toml"
    assert saved.path.read_text(encoding="utf-8") == toml
    assert str(saved.path) in assistant.status_label.text()
    event = _audited(demo_ctx)[-1]
    assert (event.actor, event.entity_type) == ("admin", "instrument_profile")
    assert event.new_values["profile"] == PROFILE_ID
    assert event.new_values["sha256"] == hashlib.sha256(saved.path.read_bytes()).hexdigest()
    assert event.new_values["samples"] == [sample.name]

    detected = read_export(sample)  # no profile named: auto-detection finds the lab's new one
    assert detected.profile == PROFILE_ID and detected.metadata["detected"] is True
    assert sorted(detected.frame["value"]) == [0.001, 3.25, 5.75, 12.5]
    listed = [tab.page.model.record(i) for i in range(tab.page.model.rowCount())]
    assert any(r.id == PROFILE_ID and r.vendor == "ACME Analytik" for r in listed)
    assert PROFILE_ID in tab.verdict_label.text()


def test_saving_again_replaces_the_profile_after_asking(qtbot, demo_ctx, sample, monkeypatch):
    admin = authenticate(demo_ctx, ADMIN.username, ADMIN.password)
    assistant = ProfileAssistant(None, lambda: demo_ctx, lambda action: admin, sample)
    qtbot.addWidget(assistant)
    _describe(assistant)
    first = assistant.save()
    assistant.vendor_edit.setText("ACME Analytik GmbH")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    assert assistant.save() is None
    assert 'vendor = "ACME Analytik"\n' in first.path.read_text(encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    second = assistant.save()
    assert second is not None and second.replaced_sha256 == first.sha256
    assert read_export(sample).metadata["vendor"] == "ACME Analytik GmbH"
    assert len(_audited(demo_ctx)) == 2


def test_a_technician_cannot_save_a_profile(qtbot, demo_ctx, technician, sample, lab_folder, warnings):
    tab = _profiles_tab(qtbot, demo_ctx, technician)
    assistant = tab.new_format(sample)
    _describe(assistant)
    assert assistant.save() is None
    assert "may not manage instrument profiles" in warnings[-1]  # the window's permission gate
    direct = ProfileAssistant(None, lambda: demo_ctx, lambda action: technician, sample)
    qtbot.addWidget(direct)
    _describe(direct)
    assert direct.save() is None  # the service refuses too, whatever the window let through
    assert "may not manage instrument profiles" in direct.status_label.text()
    assert not lab_folder.exists() and _audited(demo_ctx) == []


def test_a_draft_without_the_concentration_column_says_so_and_saves_nothing(
    qtbot, demo_ctx, sample, lab_folder
):
    admin = authenticate(demo_ctx, ADMIN.username, ADMIN.password)
    assistant = ProfileAssistant(None, lambda: demo_ctx, lambda action: admin, sample)
    qtbot.addWidget(assistant)
    _describe(assistant, roles=ROLES[:2])
    trial = assistant.run_preview()
    assert trial.error == "click the column that holds the concentration"
    assert trial.error in assistant.status_label.text()
    assert assistant.readings.model.rowCount() == 0
    assert assistant.save() is None
    assert not lab_folder.exists() and _audited(demo_ctx) == []


def test_a_column_without_a_name_is_refused_and_a_role_can_be_removed(qtbot, sample):
    assistant = ProfileAssistant(None, lambda: None, lambda action: None, sample)
    qtbot.addWidget(assistant)
    assistant.header_spin.setValue(1)  # the preamble's title line: only column A has text
    assert assistant.choose_role("value")
    assert assistant.assign_role(2) == ""
    assert "Column C has no name" in assistant.status_label.text()
    assistant.header_spin.setValue(4)
    assert assistant.assign_role(2) == "Result"
    assert assistant.roles == {"value": "Result"}
    assistant.roles_list.setCurrentRow(0)
    assistant.remove_role()
    assert assistant.roles == {} and assistant.roles_list.count() == 0
    assistant.family_combo.setCurrentIndex(assistant.family_combo.findData("wide"))
    assert not assistant.choose_role("value")  # a wide file's values are the analyte columns
    assert assistant.suffix_edit.isEnabled()


def test_a_workbook_sample_offers_its_sheets(qtbot, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Info"
    book.active.append(["Exported by ACME ICP-9000"])
    results = book.create_sheet("Results")
    for row in (
        ["Probe", "Element", "Result", "Einheit"],
        ["BM-0424", "Ni", 12.5, "mg/l"],
        ["Leerwert 1", "Ni", 0.001, "mg/l"],
    ):
        results.append(row)
    path = tmp_path / "acme_run.xlsx"
    book.save(path)
    assistant = ProfileAssistant(None, lambda: None, lambda action: None, path)
    qtbot.addWidget(assistant)
    assert [assistant.sheet_combo.itemText(i) for i in range(assistant.sheet_combo.count())] == [
        "Info",
        "Results",
    ]
    assistant.sheet_combo.setCurrentText("Results")
    assert assistant.sample.sheet == "Results" and assistant.header_spin.value() == 1
    _describe(assistant, roles=ROLES[:4])
    trial = assistant.run_preview()
    assert trial.error == "" and 'formats = ["workbook"]' in trial.text
    values = dict(zip(trial.result.frame["sample_label"], trial.result.frame["value"], strict=True))
    assert values == {"BM-0424": 12.5, "Leerwert 1": 0.001}
    assert set(trial.result.frame["sample_type"]) == {"sample", "blank"}
