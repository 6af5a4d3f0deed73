"""Key management use cases: the lab root CA, signer keys for approvers, import and export.

Thin over labapp.certificates.pki; its job is to decide *which* keys folder is meant. Passphrases are
passed in by the caller (the CLI prompts, the GUI asks in a dialog) and never stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from labapp.certificates.pki import Keystore
from labapp.core.errors import LabappError

KEYS_ENV = "LABAPP_KEYS"


@dataclass(frozen=True)
class CertificateSummary:
    """What a person checks about a certificate: who, issued by whom, until when, fingerprint."""

    subject: str
    issuer: str
    not_after: str
    sha256_fingerprint: str

    @classmethod
    def of(cls, certificate: x509.Certificate) -> CertificateSummary:
        return cls(
            certificate.subject.rfc4514_string(),
            certificate.issuer.rfc4514_string(),
            certificate.not_valid_after_utc.isoformat(),
            certificate.fingerprint(hashes.SHA256()).hex(":"),
        )


def keys_dir(explicit: str | Path | None = None) -> Path:
    """The keys folder: --keys-dir, else LABAPP_KEYS, else <user data dir>/labapp/keys."""
    chosen = explicit or os.environ.get(KEYS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("labapp", appauthor=False)) / "keys"


def keystore(explicit: str | Path | None = None) -> Keystore:
    return Keystore(keys_dir(explicit))


def init_ca(
    common_name: str,
    organisation: str,
    passphrase: bytes,
    country: str | None = None,
    force: bool = False,
    folder: str | Path | None = None,
) -> CertificateSummary:
    return CertificateSummary.of(
        keystore(folder).init_ca(common_name, organisation, passphrase, country, force)
    )


def issue_signer(
    user: str,
    display_name: str,
    ca_passphrase: bytes,
    signer_passphrase: bytes,
    email: str | None = None,
    force: bool = False,
    folder: str | Path | None = None,
) -> CertificateSummary:
    store = keystore(folder)
    return CertificateSummary.of(
        store.issue(user, display_name, ca_passphrase, signer_passphrase, email, force)
    )


def import_p12(
    user: str,
    p12_file: str | Path,
    source_passphrase: bytes,
    new_passphrase: bytes,
    force: bool = False,
    folder: str | Path | None = None,
) -> CertificateSummary:
    path = Path(p12_file)
    if not path.is_file():
        raise LabappError(f"{path}: no such PKCS#12 file")
    store = keystore(folder)
    return CertificateSummary.of(
        store.import_p12(user, path.read_bytes(), source_passphrase, new_passphrase, force)
    )


def export_root(destination: str | Path, folder: str | Path | None = None) -> tuple[Path, CertificateSummary]:
    store = keystore(folder)
    return store.export_root(destination), CertificateSummary.of(store.root_certificate())
