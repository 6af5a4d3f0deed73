"""The laboratory's small PKI: a root CA, signer certificates for approvers, encrypted PKCS#12 key files.

Keystore layout (a folder; default <user data dir>/labapp/keys):

    root-ca.p12            root key and certificate, PKCS#12 encrypted with the CA passphrase
    root-ca.pem            root certificate only: give this to recipients so they can verify
    signers/<user>.p12     signer key, certificate and chain, encrypted with the signer's passphrase
    signers/<user>.pem     signer certificate only
    issued/<serial>.pem    every signer certificate the root issued (the CA's records, kept on --force)
    revoked.json           the revocation register (labapp.certificates.revocation)
    root-ca.crl            the current CRL signed by the root (DER; root-ca-crl.pem is the same in PEM)
    tsa-roots.pem          optional: root certificate(s) of the lab's RFC 3161 timestamp authority

Keys exist unencrypted only in memory. Passphrases are never written anywhere; PKCS#12 files use
PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) with an HMAC-SHA256 integrity MAC. Keys are ECDSA P-256
(ETSI TS 119 312 recommended; verified by pyHanko, Poppler/NSS and Adobe Reader).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from labapp.certificates import revocation as rv
from labapp.core.errors import LabappError, PassphraseRefused
from labapp.core.remedies import Remedy
from labapp.security.key_signatures import ISSUE_MARGIN

PBKDF2_ROUNDS = 600_000  # OWASP 2023 figure for PBKDF2-HMAC-SHA256
MIN_PASSPHRASE = 10
ROOT_YEARS = 20
SIGNER_YEARS = 3
_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey  # our keys are EC; imported ones may be RSA


@dataclass(frozen=True)
class KeyMaterial:
    """A decrypted key with its certificate and the chain up to (and including) its root."""

    key: PrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()  # embedded when signing (PAdES B-LT)
    extra_roots: tuple[x509.Certificate, ...] = ()  # e.g. the timestamp authority's root


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 fingerprint as colon-separated upper-case hex, as openssl and pdfsig print it."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def short_fingerprint(certificate: x509.Certificate) -> str:
    """The first 16 hex digits of the SHA-256 fingerprint in groups of four: short enough to print on
    every certificate and read over the phone, long enough that a fake root cannot be made to match."""
    digits = certificate.fingerprint(hashes.SHA256()).hex().upper()[:16]
    return " ".join(digits[i : i + 4] for i in range(0, 16, 4))


class Keystore:
    """The keys folder. Every method that touches a private key takes the passphrase that unlocks it."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    @property
    def root_p12(self) -> Path:
        return self.folder / "root-ca.p12"

    @property
    def root_pem(self) -> Path:
        return self.folder / "root-ca.pem"

    @property
    def crl_path(self) -> Path:
        return self.folder / rv.CRL_NAME

    @property
    def tsa_roots_pem(self) -> Path:
        return self.folder / "tsa-roots.pem"

    def signer_p12(self, user: str) -> Path:
        return self.folder / "signers" / f"{_check_user(user)}.p12"

    def signer_pem(self, user: str) -> Path:
        return self.signer_p12(user).with_suffix(".pem")

    def init_ca(
        self,
        common_name: str,
        organisation: str,
        passphrase: bytes,
        country: str | None = None,
        force: bool = False,
    ) -> x509.Certificate:
        """Create the laboratory root CA. Refuses to replace an existing root unless `force`."""
        if self.root_p12.exists() and not force:
            raise LabappError(
                f"a root CA already exists in {self.folder}; use --force to replace it "
                "(certificates signed under the old root will no longer verify against the new one)"
            )
        _check_passphrase(passphrase)
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(common_name, organisation, country)
        now = _now()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365 * ROOT_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        old_register = self.folder / rv.REGISTER_NAME
        if old_register.exists():  # the old root's revocations stay on record beside the new root's
            stamp = now.strftime("%Y%m%dT%H%M%SZ")
            os.replace(old_register, old_register.with_name(f"revoked-until-{stamp}.json"))
        _write_atomic(self.root_p12, _p12(common_name, key, certificate, (), passphrase))
        _write_atomic(self.root_pem, certificate.public_bytes(serialization.Encoding.PEM), private=False)
        self._write_crl(KeyMaterial(key, certificate, ()), [], 1)
        return certificate

    def root_certificate(self) -> x509.Certificate:
        if not self.root_pem.exists():
            raise LabappError(
                f"no root CA in {self.folder}: {Remedy.CREATE_ROOT_CA.label()}",
                remedy=Remedy.CREATE_ROOT_CA,
            )
        return x509.load_pem_x509_certificate(self.root_pem.read_bytes())

    def issue(
        self,
        user: str,
        display_name: str,
        ca_passphrase: bytes,
        signer_passphrase: bytes,
        email: str | None = None,
        force: bool = False,
        crl_url: str | None = None,
    ) -> x509.Certificate:
        """Issue a signer certificate (digitalSignature + nonRepudiation) for `user` under the lab root.

        With `crl_url` the certificate names it as its CRL distribution point (RFC 5280 4.2.1.13), so a
        validator can fetch the current CRL; the CRL is also renewed here (the CA key is at hand)."""
        path = self.signer_p12(user)
        if path.exists() and not force:
            raise LabappError(f"user {user} already has a signing key; use --force to issue a new one")
        _check_passphrase(signer_passphrase)
        root = load_p12(self.root_p12.read_bytes(), ca_passphrase, what="root CA key")
        key = ec.generate_private_key(ec.SECP256R1())
        organisation = _attribute(root.certificate.subject, NameOID.ORGANIZATION_NAME)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(display_name, organisation, None, user=user))
            .issuer_name(root.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - ISSUE_MARGIN)
            .not_valid_after(
                min(_now() + dt.timedelta(days=365 * SIGNER_YEARS), root.certificate.not_valid_after_utc)
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False
            )
        )
        if email:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
            )
        if crl_url:
            point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        certificate = builder.sign(root.key, hashes.SHA256())
        self._store_signer(user, KeyMaterial(key, certificate, (root.certificate,)), signer_passphrase)
        _write_atomic(
            self.folder / "issued" / f"{certificate.serial_number:x}.pem",
            certificate.public_bytes(serialization.Encoding.PEM),
            private=False,
        )
        self._write_crl(root, rv.read_register(self.folder), rv.crl_number(self.current_crl()) + 1)
        return certificate

    def revoke(
        self,
        user: str,
        reason: rv.RevocationReason,
        ca_passphrase: bytes,
        serial: str | None = None,
    ) -> tuple[rv.Revocation, x509.CertificateRevocationList]:
        """Revoke `user`'s current signer certificate (or the earlier one with `serial`, from issued/)
        and issue the CRL that lists it.

        Only a certificate this root issued can be revoked here (an imported key is revoked by its own
        CA). From then on the key cannot sign (load_signer refuses it)."""
        certificate = self._certificate_to_revoke(user, serial)
        root = load_p12(self.root_p12.read_bytes(), ca_passphrase, what="root CA key")
        try:
            certificate.verify_directly_issued_by(root.certificate)
        except (ValueError, TypeError, InvalidSignature):
            raise LabappError(
                f"the certificate of {user} was issued by {certificate.issuer.rfc4514_string()}, not by "
                "this lab's root: revoke it with the CA that issued it"
            ) from None
        entries = rv.read_register(self.folder)
        already = rv.find_revocation(entries, certificate)
        if already is not None:
            raise LabappError(
                f"the certificate of {user} (serial {already.serial}) was already revoked on "
                f"{already.revoked_at} ({already.reason.label()})"
            )
        entry = rv.revocation_of(certificate, user, reason, _now())
        entries.append(entry)
        crl = self._write_crl(root, entries, rv.crl_number(self.current_crl()) + 1)
        _write_atomic(self.folder / rv.REGISTER_NAME, rv.register_bytes(entries), private=False)
        return entry, crl

    def _certificate_to_revoke(self, user: str, serial: str | None) -> x509.Certificate:
        if serial is None:
            pem = self.signer_pem(user)
            if not pem.is_file():
                raise LabappError(
                    f"user {user} has no signer certificate in {self.folder}: nothing to revoke"
                )
            return x509.load_pem_x509_certificate(pem.read_bytes())
        wanted = serial.replace(":", "").lower().lstrip("0") or "0"
        pem = self.folder / "issued" / f"{wanted}.pem"
        if not re.fullmatch(r"[0-9a-f]{1,40}", wanted) or not pem.is_file():
            raise LabappError(f"no signer certificate with serial {serial} in {self.folder / 'issued'}")
        certificate = x509.load_pem_x509_certificate(pem.read_bytes())
        if _attribute(certificate.subject, NameOID.USER_ID) != user:
            raise LabappError(f"the certificate with serial {serial} is not {user}'s")
        return certificate

    def issue_crl(self, ca_passphrase: bytes, days: int = rv.CRL_DAYS) -> x509.CertificateRevocationList:
        """Sign a fresh CRL from the register (before the current one's nextUpdate passes)."""
        if days < 1:
            raise LabappError("a CRL must stay valid for at least one day")
        root = load_p12(self.root_p12.read_bytes(), ca_passphrase, what="root CA key")
        entries = rv.read_register(self.folder)
        return self._write_crl(root, entries, rv.crl_number(self.current_crl()) + 1, days)

    def current_crl(self) -> x509.CertificateRevocationList | None:
        return rv.read_crl(self.crl_path)

    def revocations(self) -> list[rv.Revocation]:
        return rv.read_register(self.folder)

    def tsa_roots(self) -> tuple[x509.Certificate, ...]:
        """The timestamp authority's root(s) the lab trusts (tsa-roots.pem), for B-LTA signing."""
        if not self.tsa_roots_pem.is_file():
            return ()
        try:
            return tuple(x509.load_pem_x509_certificates(self.tsa_roots_pem.read_bytes()))
        except ValueError:
            raise LabappError(f"{self.tsa_roots_pem}: not a PEM certificate file") from None

    def set_tsa_roots(self, pem_file: Path | str) -> tuple[x509.Certificate, ...]:
        """Store the timestamp authority's root certificate(s) (PEM) the lab decided to trust."""
        data = Path(pem_file).read_bytes()
        try:
            roots = tuple(x509.load_pem_x509_certificates(data))
        except ValueError:
            raise LabappError(f"{pem_file}: not a PEM certificate file") from None
        _write_atomic(self.tsa_roots_pem, data, private=False)
        return roots

    def _write_crl(
        self, root: KeyMaterial, entries: list[rv.Revocation], number: int, days: int = rv.CRL_DAYS
    ) -> x509.CertificateRevocationList:
        crl = rv.build_crl(root.certificate, root.key, entries, number, _now(), days)
        _write_atomic(self.crl_path, rv.crl_der(crl), private=False)
        _write_atomic(self.folder / rv.CRL_PEM_NAME, rv.crl_pem(crl), private=False)
        return crl

    def import_p12(
        self, user: str, p12_data: bytes, source_passphrase: bytes, new_passphrase: bytes, force: bool = False
    ) -> x509.Certificate:
        """Take an external PKCS#12 (e.g. from a commercial CA) and store it re-encrypted for `user`."""
        path = self.signer_p12(user)
        if path.exists() and not force:
            raise LabappError(f"user {user} already has a signing key; use --force to replace it")
        _check_passphrase(new_passphrase)
        material = load_p12(p12_data, source_passphrase, what="imported PKCS#12")
        usage = _usage_or_none(material.certificate)
        if usage is None or not (usage.digital_signature or usage.content_commitment):
            raise LabappError("the imported certificate does not allow digital signatures (key usage)")
        self._store_signer(user, material, new_passphrase)
        return material.certificate

    def unlock_signer(self, user: str, passphrase: bytes) -> KeyMaterial:
        """The user's key, unlocked; a revoked key is refused (it can no longer sign)."""
        path = self.signer_p12(user)
        if not path.exists():
            raise LabappError(
                f"user {user} has no signing key in {self.folder}: {Remedy.ISSUE_SIGNING_KEY.label()}",
                remedy=Remedy.ISSUE_SIGNING_KEY,
                subject=user,
            )
        material = load_p12(path.read_bytes(), passphrase, what=f"signing key of {user}")
        revoked = rv.find_revocation(rv.read_register(self.folder), material.certificate)
        if revoked is not None:
            raise LabappError(
                f"the signing key of {user} was revoked on {revoked.revoked_at} "
                f"({revoked.reason.label()}): it can no longer sign; an administrator issues a new one"
            )
        return material

    def signer_certificates(self, user: str) -> list[tuple[x509.Certificate, rv.Revocation | None, bool]]:
        """Every certificate `user` has held here: the current one (signers/) and those the root issued
        to `user` earlier (issued/), each with its revocation (or None) and whether this root issued it.

        A certificate in issued/ counts only when the lab root verifies it, so a file dropped there
        cannot vouch for a signature."""
        register = rv.read_register(self.folder)
        root = x509.load_pem_x509_certificate(self.root_pem.read_bytes()) if self.root_pem.is_file() else None
        found: dict[str, tuple[x509.Certificate, rv.Revocation | None, bool]] = {}
        current = self.signer_pem(user)
        candidates = [current] if current.is_file() else []
        issued = self.folder / "issued"
        candidates += sorted(issued.glob("*.pem")) if issued.is_dir() else []
        for path in candidates:
            try:
                certificate = x509.load_pem_x509_certificate(path.read_bytes())
            except ValueError:
                continue  # not a certificate: it vouches for nothing
            here = root is not None and _issued_by(certificate, root)
            if path != current and not (here and _attribute(certificate.subject, NameOID.USER_ID) == user):
                continue
            found.setdefault(
                fingerprint(certificate), (certificate, rv.find_revocation(register, certificate), here)
            )
        return list(found.values())

    def load_signer(self, user: str, passphrase: bytes) -> KeyMaterial:
        """The user's key with the revocation data to embed; a revoked key or a stale CRL is refused."""
        material = self.unlock_signer(user, passphrase)
        crl = self.current_crl()
        crls: tuple[x509.CertificateRevocationList, ...] = ()
        if crl is not None and material.chain and crl.issuer == material.certificate.issuer:
            rv.check_fresh(crl, _now(), self.crl_path)
            rv.check_outlives(crl, material.certificate, user)
            crls = (crl,)
        return KeyMaterial(material.key, material.certificate, material.chain, crls, self.tsa_roots())

    def export_root(self, destination: Path | str) -> Path:
        """Write the root certificate (PEM) where recipients can get it; never the key."""
        destination = Path(destination)
        _write_atomic(
            destination, self.root_certificate().public_bytes(serialization.Encoding.PEM), private=False
        )
        return destination

    def _store_signer(self, user: str, material: KeyMaterial, passphrase: bytes) -> None:
        blob = _p12(user, material.key, material.certificate, material.chain, passphrase)
        _write_atomic(self.signer_p12(user), blob)
        pem = self.signer_p12(user).with_suffix(".pem")
        _write_atomic(pem, material.certificate.public_bytes(serialization.Encoding.PEM), private=False)


def load_p12(data: bytes, passphrase: bytes, what: str = "PKCS#12 file") -> KeyMaterial:
    """Decrypt a PKCS#12 blob; a wrong passphrase or a damaged file is one clear LabappError."""
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        raise PassphraseRefused(f"cannot open the {what}: wrong passphrase or damaged file") from None
    if key is None or certificate is None:
        raise LabappError(f"the {what} holds no private key and certificate")
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise LabappError(f"the {what} holds a {type(key).__name__}; only RSA and ECDSA keys can sign PDFs")
    return KeyMaterial(key, certificate, tuple(extra or ()))


def _p12(
    name: str,
    key: PrivateKey,
    certificate: x509.Certificate,
    chain: tuple[x509.Certificate, ...],
    passphrase: bytes,
) -> bytes:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(PBKDF2_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )
    return pkcs12.serialize_key_and_certificates(
        name.encode(), key, certificate, list(chain) or None, encryption
    )


def _key_usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _usage_or_none(certificate: x509.Certificate) -> x509.KeyUsage | None:
    try:
        return certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None


def _name(
    common_name: str, organisation: str | None, country: str | None, user: str | None = None
) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if country:
        attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country))
    if user:
        attributes.append(x509.NameAttribute(NameOID.USER_ID, user))
    return x509.Name(attributes)


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


def _issued_by(certificate: x509.Certificate, root: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(root)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_user(user: str) -> str:
    if not _USER.fullmatch(user):
        raise LabappError(f"user name {user!r}: use letters, digits, '.', '_' or '-' (at most 64)")
    return user


def _check_passphrase(passphrase: bytes) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise LabappError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _write_atomic(path: Path, data: bytes, private: bool = True) -> None:
    """Write to a temporary name and rename, so a key file is never half-written; keys are mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o600 if private else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
