"""Signers' own keys for electronic signatures: who has one, unlocking it to sign, and the certificates
that check such signatures later (labapp.security.key_signatures).

The keys folder (labapp.services.administration.keys.keys_source) holds each person's encrypted
PKCS#12 and certificates; the database holds only the fingerprint and the signature. A person whose
key file exists must sign with it: without its passphrase, with a wrong one, or with a revoked or
expired key, the signature is refused (one line), never made with the record-key seal alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from labapp.certificates.pki import KeyMaterial, Keystore, fingerprint
from labapp.core.errors import LabappError
from labapp.security.key_signatures import SignerCertificate
from labapp.security.signatures import PersonalKey
from labapp.services.administration.keys import keystore
from labapp.services.context import ServiceContext

KEY_PASSPHRASE_ENV = "LABAPP_KEY_PASSWORD"


class KeyPassphraseRequired(LabappError):
    """The signer holds a personal signing key, and no passphrase to unlock it was given."""


def has_personal_key(ctx: ServiceContext, username: str) -> bool:
    """Whether `username` has a signing key in the keys folder (then signing asks for its passphrase)."""
    try:
        return keystore(None, ctx).signer_p12(username).is_file()
    except LabappError:  # a login name the keys folder cannot hold has no key there
        return False


def unlock_personal_key(
    ctx: ServiceContext, username: str, passphrase: str | bytes | None
) -> PersonalKey | None:
    """The signer's key unlocked for one signature; None for a signer without a key. A key that cannot
    be used (no or wrong passphrase, revoked, expired) stops the signature with one line."""
    if not has_personal_key(ctx, username):
        return None
    if not passphrase:
        raise KeyPassphraseRequired(
            f"{username} signs with a personal signing key: give its passphrase "
            f"(asked for on a terminal, {KEY_PASSPHRASE_ENV} without one)"
        )
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    material = keystore(None, ctx).unlock_signer(username, secret)
    until = material.certificate.not_valid_after_utc
    if dt.datetime.now(dt.UTC) > until:
        raise LabappError(
            f"the signing key of {username} expired on {until:%Y-%m-%d}: it can no longer sign; "
            "an administrator issues a new one"
        )
    return personal_key_of(material)


def personal_key_of(material: KeyMaterial) -> PersonalKey:
    """An unlocked key as signature records use it (labapp.security.signatures.seal_new_signature)."""
    certificate = SignerCertificate(material.certificate, fingerprint(material.certificate))
    return PersonalKey(material.key, certificate)


class SignerCertificates:
    """The certificates of every signer, read from the keys folder once per check (a callable lookup,
    labapp.security.key_signatures.SignerLookup)."""

    def __init__(self, store: Keystore) -> None:
        self.store = store
        self._cache: dict[str, tuple[SignerCertificate, ...]] = {}

    def __call__(self, username: str) -> Sequence[SignerCertificate]:
        if username not in self._cache:
            self._cache[username] = self._read(username)
        return self._cache[username]

    def _read(self, username: str) -> tuple[SignerCertificate, ...]:
        try:
            held = self.store.signer_certificates(username)
        except LabappError:  # a login name no key file can have
            return ()
        return tuple(
            SignerCertificate(
                certificate,
                fingerprint(certificate),
                None if revoked is None else revoked.revoked_datetime.astimezone(dt.UTC),
                here,
            )
            for certificate, revoked, here in held
        )


def signer_certificates(ctx: ServiceContext) -> SignerCertificates:
    return SignerCertificates(keystore(None, ctx))
