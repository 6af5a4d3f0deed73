"""The e-signature dialog of a signer who holds a personal signing key: it asks for the key's
passphrase (and only then), refuses to sign without it or with a wrong one, and signs with the key."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import ADMIN, QA, REVIEWER, submitted
from PySide6.QtWidgets import QDialog

from labapp.gui.review import ReviewPage
from labapp.services.administration import keys
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import signatures_of

RUN = "ICP-OES 2026-03-17"
CA_PASS, QA_KEY = "Gui-Test-Root-CA!", "Gui-Test-QA-Key!"


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("submitted-key") / "submitted.sqlite")


@pytest.fixture
def ctx(tmp_path, submitted_template):
    """The submitted demo run; the QA manager holds a key in this test's keys folder (LABAPP_KEYS)."""
    path = tmp_path / "review.sqlite"
    shutil.copyfile(submitted_template, path)
    context = ServiceContext(str(path))
    admin = authenticate(context, ADMIN.username, ADMIN.password)
    keys.init_ca(context, admin, "GUI Test Root", "GUI Test Laboratory", CA_PASS.encode())
    keys.issue_signer(context, admin, QA.username, CA_PASS.encode(), QA_KEY.encode())
    yield context
    context.close()


def _page(qtbot, ctx, who):
    user = authenticate(ctx, who.username, who.password)
    page = ReviewPage(
        lambda: ctx, lambda action: user if user.require(action) is None else None, lambda: user
    )
    qtbot.addWidget(page)
    page.reload()
    return page


def _sign(dialog, password, reason):
    dialog.password_edit.setText(password)
    dialog.problems_box.acknowledge_check.setChecked(True)
    dialog.problems_box.reason_edit.setPlainText(reason)
    dialog.sign()


def test_the_dialog_asks_a_keyed_signer_for_the_key_passphrase(qtbot, ctx):
    review = _page(qtbot, ctx, REVIEWER).sign("review")
    assert review.key_edit.isHidden()  # the reviewer holds no key: nothing more to type
    review.user_edit.setText(QA.username)  # the row follows the signer typed
    assert not review.key_edit.isHidden()
    review.user_edit.setText(REVIEWER.username)
    assert review.key_edit.isHidden()
    _sign(review, REVIEWER.password, "Mn CCV low: Mn flagged")
    assert review.result() == QDialog.DialogCode.Accepted, review.error_label.text()

    dialog = _page(qtbot, ctx, QA).sign("approve")
    assert dialog.key_edit is not None and dialog.key_edit.objectName() == "key_passphrase"
    _sign(dialog, QA.password, "Mn flagged on the certificate")
    assert dialog.error_label.text() == "Enter the passphrase of your signing key."
    dialog.key_edit.setText("Not-The-QA-Key!")
    _sign(dialog, QA.password, "Mn flagged on the certificate")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "wrong passphrase" in dialog.error_label.text() and dialog.key_edit.text() == ""
    assert [s.action for s in signatures_of(ctx, RUN)] == ["submit", "review"]  # nothing signed

    dialog.key_edit.setText(QA_KEY)
    _sign(dialog, QA.password, "Mn flagged on the certificate")
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    approval = signatures_of(ctx, RUN)[-1]
    certificate = keys.keystore(None, ctx).signer_certificates(QA.username)[0][0]
    assert approval.action == "approve" and approval.status == "valid"
    assert approval.signer_fingerprint == keys.CertificateSummary.of(certificate).sha256_fingerprint
