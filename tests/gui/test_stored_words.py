"""Stored English and keys are worded on screen in both languages (issue 22, item 5).

What the services store or report in English because it is signed, hashed or written by the core
(field keys, signature manifests, acknowledged problems, QC notes, progress steps, uncertainty
records) is worded by the desktop's tables. These tests keep the tables complete against the code
that writes the words, and check the Japanese words are what a reader sees.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import labapp
from labapp.core import qc_checks
from labapp.core.pipeline import LOT_MEAN_RULE, STAGES
from labapp.gui import translation
from labapp.gui.admin_methods import method_parameters
from labapp.gui.audit_text import field_text, value_text
from labapp.gui.budget_words import model_text, quantity_text, rule_text
from labapp.gui.field_words import FIELDS
from labapp.gui.progress_words import STEPS, progress_text
from labapp.gui.qc_note_words import NOTES, PATTERNS, detail_text
from labapp.gui.signature_text import problems_text, signature_line
from labapp.security.signatures import Meaning, SignatureManifest
from labapp.services.administration.methods import load_methods
from labapp.store.base import Base


@pytest.fixture
def japanese(qapp):  # type: ignore[no-untyped-def]
    translation.install_translation(qapp, "ja")
    yield
    translation.install_translation(qapp, "en")


def test_every_store_column_and_method_key_has_words() -> None:
    import labapp.store.models  # noqa: F401 - registers every table on Base.metadata

    columns = {c.name for table in Base.metadata.tables.values() for c in table.columns}
    keys = {part for m in load_methods().values() for p in method_parameters(m) for part in p.name.split(".")}
    keys -= {a.element for m in load_methods().values() for a in m.analytes}  # element symbols stay
    assert sorted(columns - set(FIELDS)) == []
    assert sorted(keys - set(FIELDS)) == []


def _report_messages(root: Path) -> set[str]:
    """The literal messages of every `progress.report(done, total, "message")` in `root`."""
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "report"
                and len(node.args) == 3
                and isinstance(node.args[2], ast.Constant)
                and isinstance(node.args[2].value, str)
            ):
                found.add(node.args[2].value)
    return found


def test_every_progress_step_is_worded(japanese) -> None:  # type: ignore[no-untyped-def]
    package = Path(labapp.__file__).parent
    reported = _report_messages(package / "services") | _report_messages(package / "core") | set(STAGES)
    assert "reading the run" in reported and sorted(reported - set(STEPS)) == []
    assert progress_text("reading the run") == "ランを読み込み中"
    assert progress_text("BM26-0003") == "BM26-0003"  # a lot code while grading or issuing stays


def _note_phrases() -> set[str]:
    """Every note qc_checks writes: literals in `...["note"] = ...`, `"note": ...` and _not_applicable
    calls; an f-string or a concatenation with a value gets "7" / "X" for it."""
    phrases: set[str] = set()

    def collect(node: ast.AST) -> None:
        if isinstance(node, ast.JoinedStr):
            phrases.add("".join(v.value if isinstance(v, ast.Constant) else "7" for v in node.values))
        elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
            phrases.add(f"{node.left.value}X")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            phrases.add(node.value)
        elif not isinstance(node, ast.Subscript):  # data["parent"] is a column, not a note
            for child in ast.iter_child_nodes(node):
                collect(child)

    tree = ast.parse(inspect.getsource(qc_checks))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == "note"
            for t in node.targets
        ):
            collect(node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "note" and not isinstance(value, ast.Name):
                    collect(value)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_not_applicable":
            collect(node.args[-1])
    return phrases


def test_every_qc_note_is_worded(japanese) -> None:  # type: ignore[no-untyped-def]
    phrases = _note_phrases()
    assert {"below the LOQ multiple", "IS for X", "7 samples after the last CCV"} <= phrases
    unknown = [p for p in phrases if p not in NOTES and not any(pattern.match(p) for pattern, _ in PATTERNS)]
    assert unknown == []
    assert detail_text("below the LOQ multiple; 統計量：相対差（RPD、%）; affects S1, S2") == (
        "定量下限の倍数未満；統計量：相対差（RPD、%）；影響：S1, S2"
    )


def test_signatures_and_problems_in_japanese(japanese) -> None:  # type: ignore[no-untyped-def]
    manifest = SignatureManifest(
        "Hana Sato", "qa", "2026-03-18T10:02:11", "+09:00", Meaning.APPROVED, "0" * 64
    )
    assert signature_line(manifest, "approve") == (
        "Hana Sato（qa）、2026-03-18T10:02:11 UTC（現地時刻との差 +09:00）、承認 [承認]"
    )
    assert problems_text("2 failed QC check(s), 64 unmatched sample label(s)") == (
        "QC 不合格 2 件、未照合の試料ラベル 64 件"
    )
    assert problems_text("something new") == "something new"


def test_signatures_in_english() -> None:
    manifest = SignatureManifest(
        "Ren Kimura", "reviewer", "2026-03-18T09:00:00", "+00:00", Meaning.REVIEWED, ""
    )
    assert signature_line(manifest, "review") == (
        "Ren Kimura (reviewer), 2026-03-18T09:00:00 UTC (local offset +00:00), reviewed [review]"
    )
    assert signature_line(manifest, "countersign_v9") == (  # unknown action: no raw id on screen
        "Ren Kimura (reviewer), 2026-03-18T09:00:00 UTC (local offset +00:00), reviewed"
    )


def test_uncertainty_record_and_fields_in_japanese(japanese) -> None:  # type: ignore[no-untyped-def]
    assert model_text("icp_oes_solid:wt%") == "ICP-OES 固体試料結果のボトムアップ収支 (wt%)"
    assert quantity_text("mass fraction, dry basis") == "質量分率（乾燥ベース）"
    assert "nu_eff" not in rule_text(LOT_MEAN_RULE) and rule_text(LOT_MEAN_RULE).startswith("u = 各分解液")
    assert field_text("duplicate_rpd_max") == "二重測定 RPD の最大値（%）"
    assert value_text("top_down") == "トップダウン"
    assert field_text("some_new_field") == "Some new field"  # unknown: humanised, found by the screen test


def test_a_refused_log_in_is_worded_in_japanese(qtbot, demo_ctx, japanese) -> None:  # type: ignore[no-untyped-def]
    from labapp.gui.login_dialog import LoginDialog

    dialog = LoginDialog(demo_ctx, username="tech")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("not-the-password")
    dialog.sign_in()
    assert dialog.user is None
    assert dialog.error_label.text() == "ユーザー名またはパスワードが違います。"
