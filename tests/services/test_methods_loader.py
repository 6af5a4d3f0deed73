"""Method files: every shipped method validates; file-level errors name the file and the line."""

from __future__ import annotations

import pytest

from labapp.core.errors import InputFileError, LabappError
from labapp.core.methods import MethodError
from labapp.core.reportable import reporting_plan
from labapp.services.administration.methods import bundled_methods_dir, load_method, load_methods

SHIPPED = sorted(bundled_methods_dir().glob("*.toml"))


def test_the_expected_methods_ship():
    assert {p.name for p in SHIPPED} >= {"icp-oes-black-mass.toml", "xrf-black-mass.toml"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_method_validates(path):
    method = load_method(path)
    assert method.source == str(path) and method.analytes
    for analyte in method.analytes:
        method.uncertainty_spec.for_element(analyte.element)  # element overrides resolve


def test_shipped_methods_form_one_reporting_plan_with_li_from_icp_oes():
    methods = load_methods()
    plan = reporting_plan(list(methods.values()))
    assert plan["Li"].technique == "icp-oes"
    icp = methods["icp-oes-black-mass"]
    assert set(icp.elements) == {"Li", "Ni", "Co", "Mn", "Cu", "Al", "Fe", "P", "Zn"}
    assert all(len(a.lines) == 2 for a in icp.analytes)
    assert "Li" not in methods["xrf-black-mass"].elements


def test_invalid_toml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('id = "x"\nversion = "1"\nname = "unterminated\n', encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_method(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}, line 3: invalid TOML")


def test_validation_error_names_file_and_key(tmp_path):
    text = (bundled_methods_dir() / "icp-oes-black-mass.toml").read_text(encoding="utf-8")
    path = tmp_path / "lab.toml"
    path.write_text(text.replace("ccv_recovery = [90, 110]", "ccv_recovery = [90]"), encoding="utf-8")
    with pytest.raises(MethodError, match=r"lab.toml: qc.ccv_recovery: expected \[low, high\] in percent"):
        load_method(path)


def test_missing_file_and_duplicate_ids(tmp_path):
    with pytest.raises(InputFileError, match="method file not found"):
        load_method(tmp_path / "none.toml")
    text = (bundled_methods_dir() / "xrf-black-mass.toml").read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LabappError, match="b.toml: method id 'xrf-black-mass' is already used by .*a.toml"):
        load_methods(tmp_path)
    with pytest.raises(LabappError, match="method folder not found"):
        load_methods(tmp_path / "nowhere")


def test_a_method_file_is_parsed_again_only_when_its_text_changes(tmp_path):
    """Services load the methods on every calculation and certificate, so a file is parsed once per
    content; an edited file (a new version, another LOQ) is read as edited, at once."""
    shipped = bundled_methods_dir() / "icp-oes-black-mass.toml"
    path = tmp_path / "m.toml"
    text = shipped.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_method(path)
    assert load_method(path) is first  # the same text: the same frozen Method
    assert load_methods(tmp_path)["icp-oes-black-mass"] is first
    edited = text.replace(f'version = "{first.version}"', 'version = "99"', 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    again = load_method(path)
    assert again is not first and again.version == "99" and first.version != "99"
    path.write_text('id = "x"\nversion = "1"\nname = "unterminated\n', encoding="utf-8")
    with pytest.raises(InputFileError):  # a broken edit is refused, not answered from the cache
        load_method(path)


def test_a_panel_method_file_is_read_again_when_its_text_changes_and_not_otherwise(tmp_path):
    from labapp.services.administration.panel_methods import bundled_panel_dir, load_panel_method

    path = tmp_path / "moisture.toml"
    text = (bundled_panel_dir() / "moisture-105c.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_panel_method(path)
    assert load_panel_method(path) is first  # unchanged text: the method parsed before
    version = f'version = "{first.version}"'
    assert version in text
    path.write_text(text.replace(version, 'version = "99"', 1), encoding="utf-8")
    assert load_panel_method(path).version == "99"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(InputFileError, match="not UTF-8"):
        load_panel_method(path)
