"""labapp.certificates.signed_attributes: a signer's fixed CMS signed attributes, built once, are the
same DER as pyHanko's, and a certificate signed with them is the same file byte for byte."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import pytest
from asn1crypto import cms
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from labapp.certificates.issue import issue_certificate
from labapp.certificates.pki import KeyMaterial
from labapp.certificates.signing import LabSigner, SigningRequest, pyhanko_signer

from .helpers import example_data
from .reproducible import reproducible_signing


def _pyhankos(signer: LabSigner, digest: bytes, **settings: object) -> cms.CMSAttributes:
    """The attributes pyHanko's own signer builds, template or not."""
    return asyncio.run(signers.SimpleSigner.signed_attrs(signer, digest, "sha256", **settings))


def _labapps(signer: LabSigner, digest: bytes, **settings: object) -> cms.CMSAttributes:
    return asyncio.run(signer.signed_attrs(digest, "sha256", **settings))


def test_the_template_gives_pyhankos_der_for_every_digest(signer_material: KeyMaterial) -> None:
    signer = pyhanko_signer(signer_material)
    pades = {"use_pades": True, "attr_settings": PdfCMSSignedAttributes()}
    for _ in range(5):
        digest = os.urandom(32)
        ours, theirs = _labapps(signer, digest, **pades), _pyhankos(signer, digest, **pades)
        assert ours.dump() == theirs.dump()
        assert [a["type"].native for a in ours] == [
            "content_type",
            "message_digest",
            "signing_certificate_v2",
        ]
        assert ours[1]["values"][0].native == digest
    (template,) = signer.__dict__["_signed_attribute_templates"].values()
    assert [a is None for a in template] == [False, True, False]  # built once, the digest's slot empty


def test_settings_the_template_does_not_cover_are_built_by_pyhanko(signer_material: KeyMaterial) -> None:
    """Without PAdES the CMS carries the signing time, which changes per signature: no template."""
    signer = pyhanko_signer(signer_material)
    digest = os.urandom(32)
    for moment in (datetime(2026, 12, 4, 12, 0, tzinfo=UTC), datetime(2026, 12, 5, 9, 30, tzinfo=UTC)):
        cades = {"use_pades": False, "attr_settings": PdfCMSSignedAttributes(signing_time=moment)}
        ours = _labapps(signer, digest, **cades)
        assert ours.dump() == _pyhankos(signer, digest, **cades).dump()
        times = [a["values"][0].native for a in ours if a["type"].native == "signing_time"]
        assert times == [moment]
    assert "_signed_attribute_templates" not in signer.__dict__


@pytest.mark.parametrize("language", ["en", "en+ja"])
def test_a_certificate_signed_with_the_template_is_the_same_file(
    language: str, signer_material: KeyMaterial, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = SigningRequest(meaning="approval", signer_name="Kenji Watanabe", location="Duisburg")
    data = example_data(language)
    signer = pyhanko_signer(signer_material)
    files = []
    for _ in range(2):  # the first signature builds the template, the second uses it
        reproducible_signing(monkeypatch)
        files.append(issue_certificate(data, signer, request).pdf)
    monkeypatch.setattr(LabSigner, "signed_attrs", signers.SimpleSigner.signed_attrs)
    reproducible_signing(monkeypatch)
    files.append(issue_certificate(data, pyhanko_signer(signer_material), request).pdf)
    assert files[0] == files[1] == files[2]
    assert b"/ETSI.CAdES.detached" in files[0]
