"""Issuing reads what the twin holds from the model it serialised (labapp.services.certification.issuing,
_store), not from the twin parsed again: the model equals the twin read back, so the English originals
and an amendment's changes reported at issue are those of the written twin."""

from __future__ import annotations

from pathlib import Path

import pytest
from _certification_support import QA_PASSWORD, approved_demo_folder

from labapp.certificates import model as cm
from labapp.certificates.text import english_originals
from labapp.demo import certification_stage as certification_demo
from labapp.demo.build import DemoReport
from labapp.services.administration import users
from labapp.services.certification import issuing
from labapp.services.certification.issuing import (
    IssueStatus,
    SigningSetup,
    amend_certificate,
    issue_certificates,
)
from labapp.services.context import ServiceContext


@pytest.fixture(scope="module")
def folder(approved_demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return approved_demo_folder(approved_demo_build, tmp_path_factory, "twin-model")


def _setup(folder: Path, language: str) -> SigningSetup:
    return SigningSetup(
        folder / "out",
        certification_demo.SIGNER_PASSPHRASE,
        language,
        folder / "keys",
        remarks=("retained-sample",),
    )


def test_the_model_issued_is_the_twin_written(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = []
    real = issuing._render

    def keep(*args, **kwargs):
        rendered.append(real(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(issuing, "_render", keep)
    with ServiceContext(str(folder / "labapp.sqlite")) as ctx:
        qa = users.authenticate(ctx, "qa", QA_PASSWORD)
        [first] = issue_certificates(
            ctx, qa, ["BM26-0002"], password=QA_PASSWORD, setup=_setup(folder, "en+ja")
        )
        assert first.status is IssueStatus.ISSUED
        reason = "sampling note typed in English only"  # no Japanese: printed as the English original
        amended = amend_certificate(
            ctx, qa, first.number, reason, password=QA_PASSWORD, setup=_setup(folder, "ja")
        )
    assert len(rendered) == 2
    for (issued, _row, data), summary in zip(rendered, (first, amended), strict=True):
        twin = cm.load_twin(summary.twin_path.read_bytes())
        assert twin == data  # every field, the Japanese texts and the amendment included
        assert cm.load_twin(issued.twin) == data
        assert summary.english_only == tuple(english_originals(twin))
    assert "/amendment/reason" in amended.english_only
    assert amended.changes == tuple(cm.load_twin(amended.twin_path.read_bytes()).amendment.changes)
    assert amended.changes  # an amendment says what changed
