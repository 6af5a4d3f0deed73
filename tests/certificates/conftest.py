"""Shared fixtures: the example certificate data, a throw-away lab PKI and signed certificates."""

from __future__ import annotations

from pathlib import Path

import pytest

from labapp.certificates.issue import IssuedCertificate, issue_certificate
from labapp.certificates.pki import KeyMaterial, Keystore
from labapp.certificates.signing import SigningRequest, pyhanko_signer

from .helpers import CA_PASS, SIGNER_PASS, example_data


@pytest.fixture(scope="session")
def keystore(tmp_path_factory: pytest.TempPathFactory) -> Keystore:
    store = Keystore(tmp_path_factory.mktemp("keys"))
    store.init_ca("Example Lab Root CA", "Example Lab", CA_PASS, "DE")
    store.issue("kwatanabe", "Kenji Watanabe", CA_PASS, SIGNER_PASS)
    return store


@pytest.fixture(scope="session")
def signer_material(keystore: Keystore) -> KeyMaterial:
    return keystore.load_signer("kwatanabe", SIGNER_PASS)


@pytest.fixture(scope="session")
def issued(signer_material: KeyMaterial) -> dict[str, IssuedCertificate]:
    """One signed certificate per language choice."""
    signer = pyhanko_signer(signer_material)
    request = SigningRequest(meaning="approval", signer_name="Kenji Watanabe", location="Duisburg")
    return {lang: issue_certificate(example_data(lang), signer, request) for lang in ("en", "ja", "en+ja")}


@pytest.fixture(scope="session")
def signed_files(
    issued: dict[str, IssuedCertificate], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("signed")
    paths = {}
    for lang, certificate in issued.items():
        path = folder / f"{lang}.pdf"
        path.write_bytes(certificate.pdf)
        paths[lang] = path
    return paths
