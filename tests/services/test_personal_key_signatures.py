"""Run signatures made with the signer's own key (issue 20, item 2): who must use it, what is stored,
what a revoked key means, and how the check reads a row whose personal signature does not hold."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from _workflow_support import (
    CA_PASSPHRASE,
    KEY_PASSPHRASES,
    PASSWORDS,
    RUN,
    build_template,
    copy_of,
    issue_personal_key,
    login,
    mark_calculated,
    run_state,
)
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from labapp.certificates import pki
from labapp.certificates.pki import Keystore, fingerprint
from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.security.key_signatures import signed_bytes
from labapp.services.administration import keys
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.signer_keys import KeyPassphraseRequired, has_personal_key
from labapp.services.workflow import signing
from labapp.services.workflow.review import sign, signatures_of
from labapp.store.records import Signature

QUINN_KEY = KEY_PASSPHRASES["quinn"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("keysig") / "template.sqlite")


@pytest.fixture
def ctx(template, tmp_path):
    """A reviewed run; quinn (the QA manager who approves) holds a personal signing key."""
    context = copy_of(template, tmp_path)
    mark_calculated(context)
    sign(context, "tess", PASSWORDS["tess"], RUN, "submit")
    sign(context, "rita", PASSWORDS["rita"], RUN, "review")
    issue_personal_key(context, "quinn")
    yield context
    context.close()


def _rows(ctx) -> list[Signature]:
    with ctx.read_session() as session:
        return list(session.scalars(select(Signature).order_by(Signature.id)))


def _store(ctx) -> Keystore:
    return keys.keystore(None, ctx)


def test_a_keyed_signer_signs_with_the_key_and_others_keep_the_seal(ctx) -> None:
    outcome = sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve", key_passphrase=QUINN_KEY)
    certificate = _store(ctx).signer_certificates("quinn")[0][0]
    assert outcome.signer_fingerprint == fingerprint(certificate)

    submitted, reviewed, approved = _rows(ctx)
    assert (submitted.signer_fingerprint, submitted.key_signature) == (None, None)  # tess has no key
    assert (reviewed.signer_fingerprint, reviewed.key_signature) == (None, None)
    assert approved.signer_fingerprint == fingerprint(certificate)
    # the stored signature is an ECDSA signature by quinn's certificate over the manifestation
    raw = base64.b64decode(approved.key_signature)
    certificate.public_key().verify(raw, signed_bytes(approved), ec.ECDSA(hashes.SHA256()))
    assert json.loads(signed_bytes(approved))["meaning"] == "approved"
    assert [s.status for s in signatures_of(ctx, RUN)] == [signing.SignatureState.VALID] * 3
    assert verify_audit(ctx).ok


def test_without_or_with_a_wrong_passphrase_nothing_is_signed(ctx) -> None:
    assert has_personal_key(ctx, "quinn") and not has_personal_key(ctx, "rita")
    with pytest.raises(KeyPassphraseRequired, match="quinn signs with a personal signing key"):
        sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve")
    with pytest.raises(LabappError, match="cannot open the signing key of quinn: wrong passphrase"):
        sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve", key_passphrase="Not-Quinn-Key!")
    assert run_state(ctx) == "reviewed" and len(_rows(ctx)) == 2


def test_a_revoked_key_cannot_sign_and_earlier_signatures_stay_valid(ctx) -> None:
    sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve", key_passphrase=QUINN_KEY)
    keys.revoke_signer(ctx, login(ctx, "root"), "quinn", "keyCompromise", CA_PASSPHRASE.encode())
    # signed before the revocation: the time is sealed and signed, so the signature still holds
    assert [s.status for s in signatures_of(ctx, RUN)] == [signing.SignatureState.VALID] * 3
    assert verify_audit(ctx).ok
    with pytest.raises(LabappError, match="signing key of quinn was revoked on .* it can no longer sign"):
        sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "reject", reason="x", key_passphrase=QUINN_KEY)


def test_a_key_issued_in_the_same_second_as_an_unkeyed_signature_does_not_void_it(
    template, tmp_path, monkeypatch
) -> None:
    """A certificate's start is kept to the second (RFC 5280): a key issued later within the second of
    an approval made without it must not make that approval read as "keyed signature removed". This
    once refused a batch issue intermittently, when the approval and the key fell in one second."""
    context = copy_of(template, tmp_path)
    mark_calculated(context)
    for who, action in (("tess", "submit"), ("rita", "review"), ("quinn", "approve")):
        sign(context, who, PASSWORDS[who], RUN, action)
    approved = _rows(context)[-1]
    assert approved.key_signature is None
    same_second = dt.datetime.fromisoformat(approved.signed_at_utc).replace(microsecond=0, tzinfo=dt.UTC)
    monkeypatch.setattr(pki, "_now", lambda: same_second)
    issue_personal_key(context, "quinn")
    assert [s.status for s in signatures_of(context, RUN)] == [signing.SignatureState.VALID] * 3
    assert verify_audit(context).ok
    context.close()


def test_a_signature_dated_after_the_revocation_reads_invalid(ctx) -> None:
    sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve", key_passphrase=QUINN_KEY)
    keys.revoke_signer(ctx, login(ctx, "root"), "quinn", "keyCompromise", CA_PASSPHRASE.encode())
    register = _store(ctx).folder / "revoked.json"  # as if revoked a minute before that signature
    entries = json.loads(register.read_text(encoding="utf-8"))
    approved = _rows(ctx)[-1]
    entries["revoked"][0]["revoked_at"] = approved.signed_at_utc[:-2] + "00+00:00"
    register.write_text(json.dumps(entries), encoding="utf-8")

    status = signatures_of(ctx, RUN)[-1]
    assert status.status is signing.SignatureState.INVALIDATED
    assert f"signature #{approved.id} of run '{RUN}' by quinn (approved)" in status.problem
    assert "after quinn's key was revoked" in status.problem


def test_a_signature_whose_certificate_is_not_in_the_keys_folder_reads_invalid(ctx, tmp_path) -> None:
    sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve", key_passphrase=QUINN_KEY)
    store = _store(ctx)
    for pem in [store.signer_pem("quinn"), *(store.folder / "issued").glob("*.pem")]:
        pem.rename(tmp_path / pem.name)  # the certificate files gone from the keys folder
    status = signatures_of(ctx, RUN)[-1]
    assert status.status is signing.SignatureState.INVALIDATED
    assert "is not one of quinn's in the keys folder" in status.problem


def test_the_command_line_asks_for_the_key_passphrase(ctx, monkeypatch, capsys) -> None:
    db = ctx.sqlite_file()
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS["quinn"])
    monkeypatch.delenv("LABAPP_KEY_PASSWORD", raising=False)
    assert main(["--db", db, "approve", "--run", RUN, "--user", "quinn"]) != 0
    assert "set LABAPP_KEY_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("LABAPP_KEY_PASSWORD", QUINN_KEY)
    assert main(["--db", db, "approve", "--run", RUN, "--user", "quinn"]) == 0
    certificate = _store(ctx).signer_certificates("quinn")[0][0]
    assert f"signed with the personal key of quinn (certificate {fingerprint(certificate)})" in (
        capsys.readouterr().out
    )
    assert main(["--db", db, "signatures", "--run", RUN]) == 0
