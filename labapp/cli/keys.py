"""`labapp keys`: the laboratory root CA and the approvers' signing keys, their revocation (CRL), the
root's fingerprint for recipients, and the signature services (timestamp server, CRL address).

    labapp keys fingerprint                                    # publish this in contracts and on the web
    labapp keys revoke USER --reason keyCompromise --note "..." --user ADMIN [--out lab-root.crl]
    labapp keys crl --out lab-root.crl --user ADMIN            # a fresh CRL before the current one expires
    labapp keys services --tsa-url URL --tsa-root tsa.pem --crl-url URL --user ADMIN

Creating or importing a key is an administrator's act: `--user` names the administrator, whose
password is asked first (LABAPP_PASSWORD without a terminal), and the database (--db) records the
event with the certificate's fingerprint. Passphrases are asked with getpass (twice for a new one).
Without a terminal (scripts, CI) they are read from the environment instead: LABAPP_KEY_PASSWORD for
the key being created or used, LABAPP_CA_PASSWORD for the root CA key and LABAPP_P12_PASSWORD for a
file being imported (both fall back to LABAPP_KEY_PASSWORD). Nothing is ever written to disk
unencrypted.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from labapp.certificates.revocation import CRL_DAYS, RevocationReason, crl_der, crl_number, crl_pem
from labapp.cli._session import add_user_option, context, login
from labapp.core.errors import LabappError
from labapp.services.administration import keys as key_service

KEY_ENV, CA_ENV, P12_ENV = "LABAPP_KEY_PASSWORD", "LABAPP_CA_PASSWORD", "LABAPP_P12_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("keys", help="lab root CA and signing keys (PAdES certificates)")
    parser.add_argument(
        "--keys-dir",
        metavar="DIR",
        default=None,
        help=f"keys folder (default: {key_service.KEYS_ENV}, else the folder stored in the database, else "
        "'keys' beside a SQLite database file, else the user data directory; see `keys folder`)",
    )
    commands = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)

    init = commands.add_parser("init-ca", help="create the laboratory root CA (once per laboratory)")
    init.add_argument("--name", required=True, help="root CA common name, e.g. 'Example Lab Root CA 2026'")
    init.add_argument("--organisation", required=True, help="laboratory legal name")
    init.add_argument("--country", help="two-letter country code")
    init.add_argument("--force", action="store_true", help="replace an existing root CA")
    init.add_argument("--reason", help="reason recorded in the audit trail")
    add_user_option(init)
    init.set_defaults(handler=_init_ca)

    issue = commands.add_parser(
        "issue", help="issue a signing certificate for an approver under the lab root"
    )
    issue.add_argument("signer", metavar="SIGNER", help="login name of the person (a QA manager)")
    issue.add_argument("--email")
    issue.add_argument("--force", action="store_true", help="replace the user's existing key")
    issue.add_argument("--reason", help="reason recorded in the audit trail")
    add_user_option(issue)
    issue.set_defaults(handler=_issue)

    imp = commands.add_parser("import-p12", help="import a signing key and certificate from a PKCS#12 file")
    imp.add_argument("signer", metavar="SIGNER", help="login name of the person (a QA manager)")
    imp.add_argument("file", help="the .p12/.pfx file")
    imp.add_argument("--force", action="store_true", help="replace the user's existing key")
    imp.add_argument("--reason", help="reason recorded in the audit trail")
    add_user_option(imp)
    imp.set_defaults(handler=_import)

    folder = commands.add_parser(
        "folder", help="show where this database's keys are and why; --set DIR stores it (administrator)"
    )
    folder.add_argument(
        "--set", metavar="DIR", dest="new_folder", help="store DIR as this database's keys folder"
    )
    folder.add_argument("--user", help="the administrator storing the folder (with --set)")
    folder.add_argument("--reason", help="why the folder changes (recorded in the audit trail)")
    folder.set_defaults(handler=_folder)

    export = commands.add_parser("export-root", help="write the root certificate (PEM) for recipients")
    export.add_argument("destination", help="output file, e.g. lab-root.pem")
    export.set_defaults(handler=_export)

    finger = commands.add_parser(
        "fingerprint", help="print the root's SHA-256 fingerprint (publish it in contracts and on the web)"
    )
    finger.set_defaults(handler=_fingerprint)

    reasons = [str(r) for r in RevocationReason]
    revoke = commands.add_parser(
        "revoke", help="revoke a person's signing certificate (RFC 5280 reason); issues a new CRL"
    )
    revoke.add_argument("signer", metavar="SIGNER", help="login name whose signing certificate is revoked")
    revoke.add_argument(
        "--reason", required=True, metavar="REASON", help=f"RFC 5280 CRLReason: {', '.join(reasons)}"
    )
    revoke.add_argument("--note", help="why, in words (recorded in the audit trail)")
    revoke.add_argument(
        "--serial",
        metavar="HEX",
        help="an earlier certificate of the person (keys folder issued/<serial>.pem)",
    )
    revoke.add_argument("--out", metavar="FILE", help="also write the new CRL there (e.g. to publish it)")
    add_user_option(revoke)
    revoke.set_defaults(handler=_revoke)

    crl = commands.add_parser(
        "crl", help="issue a fresh CRL signed by the root (before the current one expires) and write it"
    )
    crl.add_argument("--out", metavar="FILE", help="also write it there (.pem: PEM, else DER)")
    crl.add_argument("--days", type=int, default=CRL_DAYS, help=f"validity in days (default {CRL_DAYS})")
    crl.add_argument("--reason", help="reason recorded in the audit trail")
    add_user_option(crl)
    crl.set_defaults(handler=_crl)

    services = commands.add_parser(
        "services",
        help="show or set the RFC 3161 timestamp server (B-LTA signatures) and the published CRL address",
    )
    services.add_argument("--tsa-url", metavar="URL", help="timestamp server; '' removes it (sign offline)")
    services.add_argument("--tsa-root", metavar="PEM", help="root certificate(s) of the timestamp server")
    services.add_argument("--crl-url", metavar="URL", help="where the lab publishes its CRL; '' removes it")
    services.add_argument("--reason", help="why (recorded in the audit trail)")
    services.add_argument("--user", help="the administrator changing them (with a --tsa/--crl option)")
    services.set_defaults(handler=_services)


def _init_ca(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by = login(ctx, args)
        passphrase = _passphrase("New root CA passphrase", CA_ENV, new=True)
        summary = key_service.init_ca(
            ctx,
            by,
            args.name,
            args.organisation,
            passphrase,
            args.country,
            args.force,
            args.keys_dir,
            args.reason,
        )
        folder = key_service.keys_dir(args.keys_dir, ctx)
    print(
        f"root CA created in {folder}\n  subject {summary.subject}\n  valid until {summary.not_after}\n"
        f"  SHA-256 {summary.sha256_fingerprint}"
    )
    if args.keys_dir:
        print("  this database now keeps its keys there (`labapp keys folder` shows it)")
    return 0


def _issue(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by = login(ctx, args)
        ca = _passphrase("Root CA passphrase", CA_ENV)
        own = _passphrase(f"New passphrase for {args.signer}'s signing key", KEY_ENV, new=True)
        summary = key_service.issue_signer(
            ctx, by, args.signer, ca, own, args.email, args.force, args.keys_dir, args.reason
        )
    print(
        f"signing certificate issued for {args.signer}\n  subject {summary.subject}\n"
        f"  valid until {summary.not_after}\n  SHA-256 {summary.sha256_fingerprint}"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by = login(ctx, args)
        source = _passphrase(f"Passphrase of {args.file}", P12_ENV)
        own = _passphrase(f"New passphrase for {args.signer}'s signing key", KEY_ENV, new=True)
        summary = key_service.import_p12(
            ctx, by, args.signer, args.file, source, own, args.force, args.keys_dir, args.reason
        )
    print(
        f"signing key imported for {args.signer}\n  subject {summary.subject}\n  issuer {summary.issuer}\n"
        f"  valid until {summary.not_after}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        path, summary = key_service.export_root(args.destination, args.keys_dir, ctx)
    print(
        f"root certificate written to {path}\n  subject {summary.subject}\n"
        f"  SHA-256 {summary.sha256_fingerprint}"
    )
    return 0


def _fingerprint(args: argparse.Namespace) -> int:
    if args.keys_dir:  # a keys folder alone is enough (e.g. on the web server's side)
        root = key_service.root_fingerprint(args.keys_dir)
    else:
        with context(args) as ctx:
            root = key_service.root_fingerprint(None, ctx)
    print(
        f"root CA {root.subject} (valid until {root.not_after})\n  SHA-256 {root.sha256}\n"
        f"  short   {root.short} (printed in every certificate's footer)"
    )
    return 0


def _revoke(args: argparse.Namespace) -> int:
    try:
        reason = RevocationReason.parse(args.reason)
    except ValueError:
        raise LabappError(
            f"--reason {args.reason!r}: use one of {', '.join(str(r) for r in RevocationReason)}"
        ) from None
    with context(args) as ctx:
        by = login(ctx, args)
        ca = _passphrase("Root CA passphrase", CA_ENV)
        summary = key_service.revoke_signer(
            ctx, by, args.signer, reason, ca, args.keys_dir, args.note, args.serial
        )
        crl_path = summary.crl_path
    print(
        f"signing certificate of {summary.user} revoked (serial {summary.serial}, {summary.reason.label()}, "
        f"{summary.revoked_at}); it can no longer sign\n  CRL number {summary.crl_number} "
        f"({summary.revoked_count} revoked) written to {crl_path}"
    )
    if args.out:
        _copy_crl(crl_path, Path(args.out))
        print(f"  and to {args.out}: publish it at the lab's CRL address")
    return 0


def _crl(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by = login(ctx, args)
        ca = _passphrase("Root CA passphrase", CA_ENV)
        path, crl = key_service.issue_crl(ctx, by, ca, args.days, args.keys_dir, args.reason)
    print(
        f"CRL number {crl_number(crl)} issued ({len(crl)} revoked), next update "
        f"{crl.next_update_utc.isoformat() if crl.next_update_utc else '-'}\n  written to {path}"
    )
    if args.out:
        _copy_crl(path, Path(args.out))
        print(f"  and to {args.out}")
    return 0


def _copy_crl(source: Path, destination: Path) -> None:
    from labapp.certificates.revocation import read_crl

    crl = read_crl(source)
    assert crl is not None
    data = crl_pem(crl) if destination.suffix.lower() == ".pem" else crl_der(crl)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)


def _services(args: argparse.Namespace) -> int:
    changing = any(v is not None for v in (args.tsa_url, args.tsa_root, args.crl_url))
    with context(args) as ctx:
        if changing:
            if not args.user:
                raise LabappError("changing the signature services needs --user (an administrator)")
            current = key_service.set_signature_services(
                ctx,
                login(ctx, args),
                tsa_url=args.tsa_url,
                crl_url=args.crl_url,
                tsa_root=args.tsa_root,
                folder=args.keys_dir,
                reason=args.reason,
            )
        else:
            current = key_service.signature_services(ctx, args.keys_dir)
    print(f"timestamp server: {current.tsa_url or '- (signatures are not timestamped: PAdES B-B + DSS)'}")
    print(f"timestamp roots:  {'; '.join(current.tsa_roots) or '-'}")
    print(f"CRL address:      {current.crl_url or '- (the CRL travels in each signed PDF only)'}")
    return 0


def _folder(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        if args.new_folder:
            if not args.user:
                raise LabappError("--set needs --user: storing the keys folder is an administrator's act")
            stored = key_service.set_keys_folder(ctx, login(ctx, args), args.new_folder, args.reason)
            print(f"keys folder of this database stored: {stored}")
            return 0
        folder, why = key_service.keys_source(None, ctx)
    root = "root certificate present" if (folder / "root-ca.pem").is_file() else "no root certificate yet"
    print(f"{folder} ({why}; {root})")
    return 0


def _passphrase(prompt: str, env: str, new: bool = False) -> bytes:
    """Ask on the terminal; without one, read the environment (specific variable, then the general one)."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"{prompt}: ")
        if new and getpass.getpass(f"{prompt} (again): ") != first:
            raise LabappError("the two passphrases differ")
        return first.encode("utf-8")
    value = os.environ.get(env) or os.environ.get(KEY_ENV)
    if not value:
        raise LabappError(f"no terminal to ask for the passphrase: set {env} (or {KEY_ENV})")
    return value.encode("utf-8")
