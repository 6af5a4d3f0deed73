"""The key files the application writes cost 600,000 PBKDF2 rounds to open, as read by openssl.

The test session writes its key files at a small cost (tests/costs.py); this test writes two at the
application's own and reads their parameters with a tool we did not write.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from costs import APPLICATION_ROUNDS, application_costs

from labapp.certificates.pki import Keystore

CA, SIGNER = b"Cost-Root-CA-2026", b"Cost-Signer-2026"


def _openssl_info(path, passphrase: bytes) -> str:
    completed = subprocess.run(
        ["openssl", "pkcs12", "-info", "-noout", "-in", str(path), "-passin", "stdin"],
        input=passphrase + b"\n", capture_output=True, check=True,
    )
    return completed.stdout.decode() + completed.stderr.decode()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed: key file cost unchecked")
def test_root_and_signer_key_files_take_the_applications_rounds(tmp_path):
    assert APPLICATION_ROUNDS == 600_000  # OWASP 2023 for PBKDF2-HMAC-SHA256
    store = Keystore(tmp_path / "keys")
    with application_costs():
        store.init_ca("Cost Lab Root CA", "Cost Lab", CA, "DE")
        store.issue("costa", "Costa Cost", CA, SIGNER)
    for path, passphrase in ((store.root_p12, CA), (store.signer_p12("costa"), SIGNER)):
        info = _openssl_info(path, passphrase)
        assert "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256" in info
        assert "Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 600000" in info
