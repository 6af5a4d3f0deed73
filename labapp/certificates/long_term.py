"""Long-term validation of a signed certificate: ETSI EN 319 102-1 5.6.3 (PAdES B-LTA) with pyHanko.

A plain validation asks "is the signer's certificate valid *now*?", so once the 3-year signer
certificate has expired every certificate it signed reads invalid. The long-term validation asks
instead whether the signature existed while the certificate was valid and not revoked: the document
timestamp proves when the signature, the chain and the CRL in the DSS existed, and the signature
timestamp proves when the signature was made. It uses only what the PDF carries plus what the caller
gives (trust roots, CRLs it fetched itself); nothing is fetched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from dataclasses import dataclass
from typing import Literal

from asn1crypto import crl as asn1_crl
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer

RevocationMode = Literal["require", "soft", "ignore"]


def embedded_validation_context(
    reader: PdfFileReader,
    roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList] | None = None,
    moment: dt.datetime | None = None,
    revocation: RevocationMode = "require",
) -> ValidationContext:
    """A validation context for an ordinary (point-in-time) check: the given roots, the chain and
    CRLs the PDF's DSS carries, plus `crls` (e.g. the lab's current CRL); nothing fetched.
    `revocation`: "require" (the signer's status must be known from a fresh CRL), "soft" (checked
    where a certificate names a CRL), "ignore" (not checked: the caller reports why)."""
    kwargs: dict[str, object] = {
        "trust_roots": [translate_pyca_cryptography_cert_to_asn1(r) for r in roots],
        "crls": [c.public_bytes(serialization.Encoding.DER) for c in crls or ()],
        "allow_fetching": False,
        "moment": moment,
    }
    if revocation == "require":
        kwargs["revinfo_policy"] = REQUIRE_CRL
    elif revocation == "ignore":
        kwargs["revinfo_policy"] = IGNORE_REVOCATION
    else:
        kwargs["revocation_mode"] = "soft-fail"
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
    except NoDSSFoundError:
        return ValidationContext(**kwargs)


REQUIRE_CRL = CertRevTrustPolicy(
    RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
        intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED,
    )
)
"""End-entity certificates (signer, TSA) need revocation data even when they name no distribution
point: the lab CRL covers every signer its root issued."""
IGNORE_REVOCATION = CertRevTrustPolicy(
    RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.NO_CHECK,
        intermediate_ca_cert_rule=RevocationCheckingRule.NO_CHECK,
    )
)


@dataclass(frozen=True)
class LongTermResult:
    """pyHanko's AdES verdict for the first signature: PASSED, INDETERMINATE or FAILED, and why."""

    status: str
    indication: str
    best_signature_time: dt.datetime | None
    message: str

    @property
    def passed(self) -> bool:
        return self.status == AdESStatus.PASSED.name


def validation_spec(
    roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList] = (),  # type: ignore[assignment]
    tsa_roots: list[x509.Certificate] = (),  # type: ignore[assignment]
) -> PdfSignatureValidationSpec:
    """Trust exactly `roots` for the signer and `roots` + `tsa_roots` for timestamps (a public TSA's
    root must not vouch for a look-alike signer); the signer's and the TSA's revocation status must
    be known; use only local material (the PDF and `crls`)."""
    policy = _policy(list(roots))
    ts_policy = _policy(list(roots) + list(tsa_roots)) if tsa_roots else None
    knowledge = LocalKnowledge(
        known_crls=[
            CRLContainer(asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER)))
            for c in crls
        ]
    )
    return PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
            ),
            local_knowledge=knowledge,
            ts_cert_validation_policy=ts_policy,
        )
    )


def _policy(roots: list[x509.Certificate]) -> CertValidationPolicySpec:
    return CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(
            trust_roots=[translate_pyca_cryptography_cert_to_asn1(r) for r in roots]
        ),
        revinfo_policy=REQUIRE_CRL,
    )


def validate_long_term(
    pdf: bytes,
    roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList] | None = None,
    at: dt.datetime | None = None,
    tsa_roots: list[x509.Certificate] | None = None,
) -> LongTermResult:
    """Run the PAdES long-term validation of the PDF's first signature as of `at` (default now)."""
    moment = at or dt.datetime.now(dt.UTC)
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return LongTermResult("FAILED", "NO_SIGNATURE", None, "the PDF carries no signature")
    timing = ValidationTimingInfo(
        validation_time=moment, best_signature_time=moment, point_in_time_validation=True
    )
    result = asyncio.run(
        ades_lta_validation(
            signatures[0], validation_spec(roots, list(crls or ()), list(tsa_roots or ())), timing_info=timing
        )
    )
    indication = result.ades_subindic
    return LongTermResult(
        indication.status.name,
        indication.standard_name,
        result.best_signature_time,
        result.failure_msg or "",
    )
