"""The demo's last stages: a laboratory PKI, signed certificates for every approved lot, and their check.

The passphrases are fixed and printed in the demo summary, like the demo users' passwords: this is a
demonstration folder, never a laboratory's real keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labapp.certificates.verification import Verdict, verify_pdf
from labapp.core.errors import LabappError
from labapp.services.administration import keys, users
from labapp.services.certification.issuing import (
    IssueStatus,
    SigningSetup,
    currency_check,
    issue_certificates,
    list_certificates,
)
from labapp.services.certification.verify import load_roots
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import list_lots
from labapp.store.states import LotState

CA_PASSPHRASE = "Demo-Root-CA-2026"
SIGNER_PASSPHRASE = "Demo-Signer-2026"
_INDENT = "\n" + " " * 15  # continuation lines under the demo's stage column


@dataclass(frozen=True)
class DemoSigner:
    username: str
    full_name: str
    password: str


def keys_stage(ctx: ServiceContext, out_dir: Path, signer: DemoSigner, admin: tuple[str, str]) -> str:
    """Lab root CA and the QA manager's signing key in <out>/keys, made by the administrator (audited)."""
    folder = out_dir / "keys"
    by = users.authenticate(ctx, *admin)
    keys.init_ca(
        ctx,
        by,
        "labapp Demo Root CA",
        "labapp Demo Assay Laboratory",
        CA_PASSPHRASE.encode(),
        "JP",
        folder=folder,
    )
    keys.issue_signer(
        ctx, by, signer.username, CA_PASSPHRASE.encode(), SIGNER_PASSPHRASE.encode(), folder=folder
    )
    return (
        f"lab root CA and signing key of {signer.username!r} in {folder} (demo passphrases: "
        f"root CA {CA_PASSPHRASE}, {signer.username} {SIGNER_PASSPHRASE})"
    )


def certify_stage(ctx: ServiceContext, out_dir: Path, signer: DemoSigner) -> str:
    """One bilingual certificate per approved lot, signed by the QA manager, in <out>/certificates."""
    by = users.authenticate(ctx, signer.username, signer.password)
    lots = sorted(lot.code for lot in list_lots(ctx) if lot.state is LotState.APPROVED)
    if not lots:
        return "no approved lot: nothing certified (skipped)"
    setup = SigningSetup(
        out_dir / "certificates", SIGNER_PASSPHRASE, "en+ja", out_dir / "keys", remarks=("retained-sample",)
    )
    done = issue_certificates(ctx, by, lots, password=signer.password, setup=setup)
    failed = [f"{s.lot_code}: {s.message}" for s in done if s.status is not IssueStatus.ISSUED]
    if failed:
        raise LabappError(f"demo certificates not issued: {'; '.join(failed)}")
    return f"{len(done)} certificates issued by {signer.full_name} into {setup.out_dir}"


def verify_stage(ctx: ServiceContext, out_dir: Path) -> str:
    """Verify every written certificate against the demo root and the database; list their paths."""
    roots = load_roots(keys_folder=out_dir / "keys")
    check = currency_check(ctx)
    paths = []
    for record in list_certificates(ctx):
        path = out_dir / "certificates" / f"{record.number.replace('/', '-')}_rev{record.revision}.pdf"
        report = verify_pdf(path.read_bytes(), roots, check)
        if report.verdict is not Verdict.VALID:
            raise LabappError(f"demo certificate {path.name}: {report.verdict.label}: {report.message}")
        paths.append(str(path))
    if not paths:
        return "no certificates to verify (skipped)"
    return f"{len(paths)} certificate(s) valid, trusted and current:" + "".join(_INDENT + p for p in paths)
