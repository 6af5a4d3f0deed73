"""Administration tabs: laboratory and logo, methods (read-only), criteria sets, profiles, signing keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from accounts import account
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from labapp.core.errors import LabappError
from labapp.demo.build import DEMO_USERS
from labapp.gui.admin_methods import Parameter
from labapp.gui.main_window import MainWindow
from labapp.resources import resource_path
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.lab_logo import logo_path
from labapp.services.administration.laboratory import get_laboratory
from labapp.services.administration.users import authenticate

ADMIN = next(u for u in DEMO_USERS if u.username == "admin")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LABAPP_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def admin_page(qtbot, demo_ctx):
    window = MainWindow(ctx=demo_ctx, user=authenticate(demo_ctx, ADMIN.username, ADMIN.password))
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(window.pages.indexOf(window.admin_page))
    window.show()
    return window.admin_page


def _show(page, tab):
    page.tabs.setCurrentWidget(tab)
    return tab


def test_laboratory_change_needs_a_reason_and_is_audited(admin_page, demo_ctx, warnings):
    tab = _show(admin_page, admin_page.laboratory_tab)
    assert tab.name_edit.text() == get_laboratory(demo_ctx).name
    tab.name_edit.setText("Hibikino Battery Assay Lab")
    assert not tab.save()
    assert "needs a reason" in warnings[-1]
    tab.name_edit.setText("Hibikino Battery Assay Lab")
    tab.reason_edit.setText("new company name")
    assert tab.save()
    assert get_laboratory(demo_ctx).name == "Hibikino Battery Assay Lab"
    last = audit_log(demo_ctx, account(demo_ctx, "qa"), entity="laboratories", limit=1)[0]
    assert (last.actor, last.reason, last.new_values["name"]) == (
        "admin",
        "new company name",
        "Hibikino Battery Assay Lab",
    )


def test_logo_accepts_an_image_and_refuses_other_files(admin_page, tmp_path, warnings):
    tab = _show(admin_page, admin_page.laboratory_tab)
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#1b7f3b"))
    png = tmp_path / "logo.png"
    assert image.save(str(png))
    assert tab.use_logo(str(png))
    assert logo_path() is not None and logo_path().read_bytes() == png.read_bytes()
    assert not tab.logo_label.pixmap().isNull()
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    assert not tab.use_logo(str(text))
    assert "PNG or JPEG" in warnings[-1]
    tab.clear_logo()
    assert logo_path() is None and tab.logo_label.text() == "No logo"


def test_methods_tab_shows_the_qc_limits_and_uncertainty_of_the_method_file(admin_page):
    tab = _show(admin_page, admin_page.methods_tab)
    data = tomllib.loads(resource_path("methods", "xrf-black-mass.toml").read_text(encoding="utf-8"))
    items = [tab.method_list.item(i).text() for i in range(tab.method_list.count())]
    tab.method_list.setCurrentRow(items.index(data["id"]))
    rows = {
        (p.section, p.name): p.value
        for p in (tab.parameters.model.record(r) for r in range(tab.parameters.model.rowCount()))
    }
    low, high = data["qc"]["ccv_recovery"]
    assert (low, high) == (95, 105)  # the file's own limits, tighter than the 90-110 default
    assert rows[("qc", "ccv_recovery")] == "95 - 105"
    assert rows[("qc", "ccv_every")] == str(data["qc"]["ccv_every"])
    assert rows[("method", "id")] == data["id"]
    assert rows[("uncertainty", "approach")] == "top_down"
    assert rows[("uncertainty", "elements.Al.top_down.u_rw_percent")] == "4"  # per-element override
    assert rows[("uncertainty", "top_down.u_rw_percent")] == "1.5"
    assert isinstance(tab.parameters.model.record(0), Parameter)


def _rows(tab):
    return [tab.page.model.record(r) for r in range(tab.page.model.rowCount())]


def test_criteria_clone_edit_validate_and_compare(admin_page, _data_dir, warnings):
    tab = _show(admin_page, admin_page.criteria_tab)
    shipped = next(r for r in _rows(tab) if r.id == "t-cpcif-0169-2021")
    assert shipped.shipped and shipped.origin == "shipped"
    tab.select(shipped.id, shipped.version)
    assert not tab.edit_button.isEnabled() and "read-only" in tab.view_text.toPlainText()
    target = tab.clone(shipped, "1.1-lab")
    assert target is not None and target.parent == _data_dir / "criteria"
    clone = next(r for r in _rows(tab) if (r.id, r.version) == (shipped.id, "1.1-lab"))
    assert not clone.shipped and not clone.frozen and tab.edit_button.isEnabled()
    assert tab.clone(shipped, "1.1-lab") is None and "already exists" in warnings[-1]

    from labapp.gui.admin_criteria import CriteriaEditor

    editor = CriteriaEditor(tab, clone.path)
    good = clone.path.read_text(encoding="utf-8")
    editor.editor.setPlainText(good.replace('kind = "grading"', 'kind = "grading\n'))
    assert not editor.save()
    assert "invalid TOML" in editor.error_label.text() and "line" in editor.error_label.text()
    assert clone.path.read_text(encoding="utf-8") == good  # nothing written
    editor.editor.setPlainText(good.replace('title = "T/CPCIF', 'title = "Lab copy of T/CPCIF', 1))
    assert editor.save()
    tab.reload()
    tab.select(shipped.id, shipped.version)
    other = next(i for i, r in enumerate(tab.rows) if (r.id, r.version) == (shipped.id, "1.1-lab"))
    tab.compare(other)
    text = tab.view_text.toPlainText()
    assert "~ title: " in text and "Lab copy of T/CPCIF" in text and "~ version: " in text


def test_an_own_set_used_for_grading_is_frozen_and_read_only(admin_page, demo_ctx, warnings):
    from labapp.services.grading.criteria_files import save_set_text
    from labapp.services.grading.grade import grade_lots

    tab = _show(admin_page, admin_page.criteria_tab)
    default = next(r for r in _rows(tab) if (r.id, r.version) == ("jp-eu-black-mass", "0.2"))
    assert default.frozen  # the demo graded with the default set
    path = tab.clone(default, "0.1-lab")
    qa = next(u for u in DEMO_USERS if u.username == "qa")
    grade_lots(demo_ctx, authenticate(demo_ctx, qa.username, qa.password), lots=["BM26-0003"], criteria=path)
    tab.reload()
    tab.select("jp-eu-black-mass", "0.1-lab")
    row = tab.selected()
    assert (row.version, row.frozen, row.shipped) == ("0.1-lab", True, False)
    assert not tab.edit_button.isEnabled() and "read-only" in tab.view_text.toPlainText()
    admin = authenticate(demo_ctx, ADMIN.username, ADMIN.password)
    with pytest.raises(LabappError, match="frozen by use"):
        save_set_text(demo_ctx, admin, path, path.read_text(encoding="utf-8") + "\n# changed\n")


def test_try_a_file_against_every_profile(admin_page, tmp_path):
    tab = _show(admin_page, admin_page.profiles_tab)
    assert len(_rows(tab)) >= 5 and all(r.score is None for r in _rows(tab))
    ranking = tab.try_file(resource_path("demo", "icp_oes_run.csv"))
    assert ranking.best is not None and ranking.best.profile_id == "agilent_icp_expert_long"
    assert "agilent_icp_expert_long" in tab.verdict_label.text()
    demo_rows = resource_path("demo", "icp_oes_run.csv").read_text(encoding="utf-8").splitlines()
    assert 0 < tab.preview.model.rowCount() <= min(200, len(demo_rows))
    notes = tmp_path / "notes.csv"
    notes.write_text("just,some\nwords,here\n", encoding="utf-8")
    assert tab.try_file(notes).best is None
    assert "no instrument profile recognises this file" in tab.verdict_label.text()
    assert tab.preview.model.rowCount() == 0


def test_signing_keys_root_ca_and_signer(admin_page, demo_ctx, tmp_path, monkeypatch, warnings):
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "fresh-keys"))
    tab = _show(admin_page, admin_page.keys_tab)
    tab.reload()
    assert "No root CA yet" in tab.root_label.text()
    summary = tab.create_ca("Hibikino Lab Root CA", "Hibikino Lab", "JP", "Root-Pass-2026-long")
    assert summary is not None and "CN=Hibikino Lab Root CA" in tab.root_label.text()
    assert summary.sha256_fingerprint in tab.root_label.text()
    assert tab.issue("qa", None, "wrong-passphrase-x", "Signer-Pass-2026") is None
    assert warnings
    assert tab.issue("tech", None, "Root-Pass-2026-long", "Signer-Pass-2026") is None  # a technician
    assert tab.issue("ghost", None, "Root-Pass-2026-long", "Signer-Pass-2026") is None  # nobody
    assert tab.issue("qa", None, "Root-Pass-2026-long", "Signer-Pass-2026") is not None
    assert [tab.signers.model.record(r).user for r in range(tab.signers.model.rowCount())] == ["qa"]
    pem = tmp_path / "root.pem"
    assert tab.export(str(pem)) and pem.read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_criteria_new_from_template_for_a_customer(admin_page, _data_dir, warnings):
    tab = _show(admin_page, admin_page.criteria_tab)
    assert tab.template_button.text() == "New from te&mplate..."
    target = tab.new_from_template("buyer-contract", "acme-bm", "Acme Recycling")
    assert target == _data_dir / "criteria" / "acme-bm-1.0.toml"
    row = tab.selected()
    assert (row.id, row.version, row.shipped, row.frozen) == ("acme-bm", "1.0", False, False)
    assert tab.edit_button.isEnabled() and "Customer: Acme Recycling" in tab.view_text.toPlainText()
    # the same id and version again is refused with the service's one line, nothing written
    assert tab.new_from_template("buyer-contract", "acme-bm", "Acme Recycling") is None
    assert "acme-bm version 1.0 already exists" in warnings[-1]
    assert tab.new_from_template("no-such", "x-bm", "X") is None and "no criteria template" in warnings[-1]
    assert sorted(p.name for p in (_data_dir / "criteria").iterdir()) == ["acme-bm-1.0.toml"]


def test_a_refused_signer_key_keeps_the_dialog_open_with_what_was_typed(qtbot, demo_ctx, monkeypatch):
    """Issue 22: a refusal closed the dialog and lost the input; now it is said in the dialog."""
    from labapp.demo.build import DEMO_USERS
    from labapp.gui.admin_common import FormDialog
    from labapp.gui.main_window import MainWindow
    from labapp.services.administration.users import authenticate

    admin = next(u for u in DEMO_USERS if u.username == "admin")
    window = MainWindow(ctx=demo_ctx, user=authenticate(demo_ctx, admin.username, admin.password))
    qtbot.addWidget(window)
    seen: list[object] = []

    def answer(dialog: FormDialog) -> int:
        dialog.fields["user"].setText("nobody-here")
        dialog.fields["ca_passphrase"].setText("wrong CA passphrase")
        dialog.fields["passphrase"].setText("Signer-Pass-2026!")
        dialog.fields["confirm"].setText("Signer-Pass-2026?")
        seen.append(dict(dialog.check.problems))
        dialog.fields["confirm"].setText("Signer-Pass-2026!")
        dialog.accept()
        seen.append((dialog.result(), dialog.check.general_label.text(), dialog.value("user")))
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", answer)
    window.admin_page.keys_tab.ask_issue()
    assert seen[0] == {"confirm": "The two passphrases differ."}
    result, message, kept = seen[1]
    assert result != FormDialog.DialogCode.Accepted and kept == "nobody-here"
    assert message == "no user 'nobody-here': a signing key is issued to a registered person"
