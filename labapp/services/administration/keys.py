"""Key management use cases: the lab root CA, signer keys for approvers, import and export.

Thin over labapp.certificates.pki; its job is to decide *which* keys folder is meant, that only an
administrator creates keys, that a key goes to a registered person allowed to sign certificates (with
the printed name the database holds), and that each key operation is an audit event with the
certificate's fingerprint. Passphrases are passed in by the caller (the CLI prompts, the GUI asks in a
dialog) and never stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.certificates import revocation as rv
from labapp.certificates.pki import Keystore, fingerprint, short_fingerprint
from labapp.core.errors import LabappError
from labapp.security.roles import PERMISSIONS, Action, parse_roles
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.audit import record_event
from labapp.store.parties import User
from labapp.store.workflow import WorkflowSetting

KEYS_ENV = "LABAPP_KEYS"
KEYS_SETTING = "keys_folder"  # a row of workflow_settings: the database's own keys folder
KEYS_SETTING_LENGTH = 200  # the column's width
TSA_SETTING = "tsa_url"  # RFC 3161 timestamp server used when signing (B-LTA); absent: sign offline
CRL_SETTING = "crl_url"  # where the lab publishes its CRL; named in new signer certificates


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
            fingerprint(certificate),  # upper-case, as openssl, pdfsig and `labapp verify` print it
        )


@dataclass(frozen=True)
class SignatureServices:
    """The outside services signing relies on: the timestamp server and the published CRL's address."""

    tsa_url: str | None
    crl_url: str | None
    tsa_roots: tuple[str, ...]  # subjects of the TSA roots the lab trusts (tsa-roots.pem)


@dataclass(frozen=True)
class RootFingerprint:
    """What the lab publishes so recipients can tell its root from a look-alike."""

    subject: str
    sha256: str  # colon-separated upper-case hex
    short: str  # first 16 hex digits in groups of four, as printed on every certificate
    not_after: str


@dataclass(frozen=True)
class RevocationSummary:
    user: str
    serial: str
    reason: rv.RevocationReason
    revoked_at: str
    crl_path: Path
    crl_number: int
    revoked_count: int


def keys_dir(explicit: str | Path | None = None, ctx: ServiceContext | None = None) -> Path:
    """The keys folder (see keys_source)."""
    return keys_source(explicit, ctx)[0]


def keys_source(explicit: str | Path | None = None, ctx: ServiceContext | None = None) -> tuple[Path, str]:
    """The keys folder and why: --keys-dir, else LABAPP_KEYS, else the folder stored in the database,
    else the `keys` folder beside a SQLite database file, else <user data dir>/labapp/keys. So the
    commands a demo or `keys init-ca` prints work as printed, with no folder to repeat."""
    if explicit:
        return Path(explicit).expanduser(), "given with --keys-dir"
    if os.environ.get(KEYS_ENV):
        return Path(os.environ[KEYS_ENV]).expanduser(), f"from {KEYS_ENV}"
    if ctx is not None:
        stored = stored_keys_folder(ctx)
        if stored:
            return Path(stored), "stored in the database"
        database_file = ctx.sqlite_file()
        if database_file:
            return Path(database_file).parent / "keys", "beside the database file"
    return Path(platformdirs.user_data_dir("labapp", appauthor=False)) / "keys", "the user's data folder"


def keystore(explicit: str | Path | None = None, ctx: ServiceContext | None = None) -> Keystore:
    return Keystore(keys_dir(explicit, ctx))


def stored_keys_folder(ctx: ServiceContext) -> str | None:
    with ctx.read_session() as session:
        return session.scalar(select(WorkflowSetting.value).where(WorkflowSetting.name == KEYS_SETTING))


def set_keys_folder(
    ctx: ServiceContext, by: AuthenticatedUser, folder: str | Path, reason: str | None = None
) -> Path:
    """Store where this database's keys are (an administrator's act, audited): every workstation and
    command using the database then finds the root and the signing keys there."""
    by.require(Action.MANAGE_KEYS)
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, reason, event="set_keys_folder") as session:
        return _store_keys_folder(session, folder)  # the audited row change names the folder


def _store_keys_folder(session: Session, folder: str | Path) -> Path:
    path = Path(folder).expanduser().resolve()
    if len(str(path)) > KEYS_SETTING_LENGTH:
        raise LabappError(f"keys folder path longer than {KEYS_SETTING_LENGTH} characters: {path}")
    setting = session.scalar(select(WorkflowSetting).where(WorkflowSetting.name == KEYS_SETTING))
    if setting is None:
        session.add(WorkflowSetting(name=KEYS_SETTING, value=str(path)))
    else:
        setting.value = str(path)
    return path


def init_ca(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    common_name: str,
    organisation: str,
    passphrase: bytes,
    country: str | None = None,
    force: bool = False,
    folder: str | Path | None = None,
    reason: str | None = None,
) -> CertificateSummary:
    """Create the laboratory's root CA (an administrator's act, audited with its fingerprint)."""
    by.require(Action.MANAGE_KEYS)
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, reason, event="init_ca") as session:
        summary = CertificateSummary.of(
            keystore(folder, ctx).init_ca(common_name, organisation, passphrase, country, force)
        )
        if folder is not None:  # the root is where the lab said: the database remembers it
            _store_keys_folder(session, folder)
        record_event(session, "init_ca", "keystore", None, _detail(summary, keys_dir(folder, ctx), force))
    return summary


def issue_signer(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    signer: str,
    ca_passphrase: bytes,
    signer_passphrase: bytes,
    email: str | None = None,
    force: bool = False,
    folder: str | Path | None = None,
    reason: str | None = None,
) -> CertificateSummary:
    """Issue a signing certificate under the lab root for a registered person who may sign
    certificates; the certificate carries the printed name the database holds, never a typed one."""
    by.require(Action.MANAGE_KEYS)
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, reason, event="issue_signing_key") as session:
        person = _certificate_signer(session, signer)
        crl_url = session.scalar(select(WorkflowSetting.value).where(WorkflowSetting.name == CRL_SETTING))
        summary = CertificateSummary.of(
            keystore(folder, ctx).issue(
                person.username,
                person.full_name,
                ca_passphrase,
                signer_passphrase,
                email,
                force,
                crl_url=crl_url or None,
            )
        )
        detail = _detail(summary, keys_dir(folder, ctx), replaced=force)
        record_event(session, "issue_signing_key", "user", person.id, detail)
    return summary


def import_p12(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    signer: str,
    p12_file: str | Path,
    source_passphrase: bytes,
    new_passphrase: bytes,
    force: bool = False,
    folder: str | Path | None = None,
    reason: str | None = None,
) -> CertificateSummary:
    """Take a person's signing key from another CA (e.g. a qualified one); audited like an issue."""
    by.require(Action.MANAGE_KEYS)
    path = Path(p12_file)
    if not path.is_file():
        raise LabappError(f"{path}: no such PKCS#12 file")
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, reason, event="import_signing_key") as session:
        person = _certificate_signer(session, signer)
        summary = CertificateSummary.of(
            keystore(folder, ctx).import_p12(
                person.username, path.read_bytes(), source_passphrase, new_passphrase, force
            )
        )
        detail = {**_detail(summary, keys_dir(folder, ctx), replaced=force), "file": path.name}
        record_event(session, "import_signing_key", "user", person.id, detail)
    return summary


def _certificate_signer(session: Session, username: str) -> User:
    """The active account a signing key is for; it must be allowed to issue certificates."""
    person = session.scalar(select(User).where(User.username == username))
    if person is None:
        raise LabappError(f"no user {username!r}: a signing key is issued to a registered person")
    if not person.active:
        raise LabappError(f"user {username!r} is deactivated: no signing key is issued")
    allowed = PERMISSIONS[Action.ISSUE_CERTIFICATE]
    if not parse_roles(person.role_set) & allowed:
        roles = ", ".join(sorted(r.value for r in allowed))
        raise LabappError(
            f"user {username!r} may not sign certificates (needs {roles}): no signing key is issued"
        )
    return person


def _detail(summary: CertificateSummary, folder: Path, replaced: bool) -> dict[str, object]:
    return {
        "subject": summary.subject,
        "issuer": summary.issuer,
        "not_after": summary.not_after,
        "sha256": summary.sha256_fingerprint,
        "folder": str(folder),
        "replaced": replaced,
    }


def export_root(
    destination: str | Path, folder: str | Path | None = None, ctx: ServiceContext | None = None
) -> tuple[Path, CertificateSummary]:
    store = keystore(folder, ctx)
    return store.export_root(destination), CertificateSummary.of(store.root_certificate())


def root_fingerprint(folder: str | Path | None = None, ctx: ServiceContext | None = None) -> RootFingerprint:
    """The lab root's SHA-256 fingerprint, to print in contracts and on the lab's web page."""
    root = keystore(folder, ctx).root_certificate()
    return RootFingerprint(
        root.subject.rfc4514_string(),
        fingerprint(root),
        short_fingerprint(root),
        root.not_valid_after_utc.isoformat(),
    )


def revoke_signer(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    signer: str,
    reason: rv.RevocationReason | str,
    ca_passphrase: bytes,
    folder: str | Path | None = None,
    note: str | None = None,
    serial: str | None = None,
) -> RevocationSummary:
    """Revoke a person's signing certificate (RFC 5280 reason) and issue the CRL listing it; the key can
    no longer sign. An administrator's act, audited with the serial, fingerprint and reason."""
    by.require(Action.MANAGE_KEYS)
    why = rv.RevocationReason.parse(reason)
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, note, event="revoke_signing_key") as session:
        person = session.scalar(select(User).where(User.username == signer))
        store = keystore(folder, ctx)
        entry, crl = store.revoke(signer, why, ca_passphrase, serial)
        detail = {
            "serial": entry.serial,
            "subject": entry.subject,
            "sha256": entry.sha256,
            "reason": str(entry.reason),
            "revoked_at": entry.revoked_at,
            "crl_number": rv.crl_number(crl),
            "folder": str(store.folder),
        }
        record_event(session, "revoke_signing_key", "user", person.id if person else None, detail)
    return RevocationSummary(
        signer, entry.serial, entry.reason, entry.revoked_at, store.crl_path, rv.crl_number(crl), len(crl)
    )


def issue_crl(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    ca_passphrase: bytes,
    days: int = rv.CRL_DAYS,
    folder: str | Path | None = None,
    reason: str | None = None,
) -> tuple[Path, x509.CertificateRevocationList]:
    """Sign a fresh CRL (before the current one's next update) with the root key; audited."""
    by.require(Action.MANAGE_KEYS)
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, reason, event="issue_crl") as session:
        store = keystore(folder, ctx)
        crl = store.issue_crl(ca_passphrase, days)
        detail = {
            "crl_number": rv.crl_number(crl),
            "revoked": len(crl),
            "next_update": crl.next_update_utc.isoformat() if crl.next_update_utc else None,
            "folder": str(store.folder),
        }
        record_event(session, "issue_crl", "keystore", None, detail)
    return store.crl_path, crl


def timestamp_url(ctx: ServiceContext) -> str | None:
    """The timestamp server signing uses when the issuer names none (a setting; None: sign offline)."""
    with ctx.read_session() as session:
        value = session.scalar(select(WorkflowSetting.value).where(WorkflowSetting.name == TSA_SETTING))
    return value or None


def signature_services(ctx: ServiceContext, folder: str | Path | None = None) -> SignatureServices:
    with ctx.read_session() as session:
        values = dict(
            session.execute(
                select(WorkflowSetting.name, WorkflowSetting.value).where(
                    WorkflowSetting.name.in_((TSA_SETTING, CRL_SETTING))
                )
            ).all()
        )
    roots = keystore(folder, ctx).tsa_roots()
    return SignatureServices(
        values.get(TSA_SETTING) or None,
        values.get(CRL_SETTING) or None,
        tuple(r.subject.rfc4514_string() for r in roots),
    )


def set_signature_services(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    *,
    tsa_url: str | None = None,
    crl_url: str | None = None,
    tsa_root: str | Path | None = None,
    folder: str | Path | None = None,
    reason: str | None = None,
) -> SignatureServices:
    """Set the timestamp server (and the root the lab trusts for it) and the CRL address; None keeps a
    value, "" clears it. An administrator's act, audited like any setting."""
    by.require(Action.MANAGE_KEYS)
    for name, url in (("timestamp server", tsa_url), ("CRL address", crl_url)):
        if url and not url.startswith(("http://", "https://")):
            raise LabappError(f"the {name} must be an http:// or https:// URL, not {url!r}")
        if url and len(url) > KEYS_SETTING_LENGTH:
            raise LabappError(f"the {name} is longer than {KEYS_SETTING_LENGTH} characters")
    if tsa_root is not None and not Path(tsa_root).is_file():
        raise LabappError(f"{tsa_root}: no such PEM file")
    with ctx.unit_of_work(by, Action.MANAGE_KEYS, reason, event="set_signature_services") as session:
        for name, value in ((TSA_SETTING, tsa_url), (CRL_SETTING, crl_url)):
            if value is not None:
                _store_setting(session, name, value)
        if tsa_root is not None:
            roots = keystore(folder, ctx).set_tsa_roots(tsa_root)
            detail = {"tsa_roots": [fingerprint(r) for r in roots]}
            record_event(session, "set_tsa_roots", "keystore", None, detail)
    return signature_services(ctx, folder)


def _store_setting(session: Session, name: str, value: str) -> None:
    """An empty value clears the setting (the row stays, so its history stays in the audit trail)."""
    setting = session.scalar(select(WorkflowSetting).where(WorkflowSetting.name == name))
    if setting is None:
        if value:
            session.add(WorkflowSetting(name=name, value=value))
    elif setting.value != value:
        setting.value = value
