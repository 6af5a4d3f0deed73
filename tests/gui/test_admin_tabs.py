"""Administration tabs: laboratory and logo, methods (read-only), criteria sets, profiles, signing keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from labapp.gui.admin_methods import Parameter
from labapp.gui.main_window import MainWindow
from labapp.resources import resource_path
from labapp.services.audit_trail import audit_log
from labapp.services.demo import DEMO_USERS
from labapp.services.lab_logo import logo_path
from labapp.services.laboratory import get_laboratory
from labapp.services.users import authenticate

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
    last = audit_log(demo_ctx, entity="laboratories", limit=1)[0]
    assert (last.actor, last.reason, last.new_values["name"]) == ("admin", "new company name",
                                                                  "Hibikino Battery Assay Lab")


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
    rows = {(p.section, p.name): p.value for p in
            (tab.parameters.model.record(r) for r in range(tab.parameters.model.rowCount()))}
    low, high = data["qc"]["ccv_recovery"]
    assert (low, high) == (95, 105)  # the file's own limits, tighter than the 90-110 default
    assert rows[("qc", "ccv_recovery")] == "95 - 105"
    assert rows[("qc", "ccv_every")] == str(data["qc"]["ccv_every"])
    assert rows[("method", "id")] == data["id"]
    assert any(section == "uncertainty" for section, _ in rows)
    assert isinstance(tab.parameters.model.record(0), Parameter)
