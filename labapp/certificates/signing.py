"""PAdES signing with pyHanko, as the very last change to the certificate PDF.

One incremental update adds the JSON twin as an attached file, the visible signature field over the
block the layout drew, and the signature itself; the signed byte range covers that revision whole,
attachment included. When the signer comes from the lab keystore (`pyhanko_signer`), pyHanko first
validates the signer's chain against the lab root and the lab CA's CRL (a revoked or expired key
cannot sign) and then writes the chain and the CRL into the document security store (DSS, ETSI EN
319 142-1 5.4) in a further update: PAdES B-LT validation data, so the signature can be validated
without the lab. With an RFC 3161 timestamp server configured the signature also gets a signature
timestamp and, after the DSS, a document timestamp: PAdES B-LTA, which validates after the signer
certificate has expired. Without a timestamp server signing works offline (B-B with the validation
data embedded).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from labapp.certificates import signed_attributes
from labapp.certificates.layout import SIGNATURE_FIELD, SignatureBox
from labapp.certificates.long_term import REQUIRE_CRL
from labapp.certificates.pki import KeyMaterial
from labapp.core.errors import LabappError

TWIN_MIME = "application/json"
TIMESTAMP_FIELD = "DocumentTimestamp"
DSS_IN_SIGNED_REVISION = DSSContentSettings(
    placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
)
"""The DSS goes into the signed revision (and the timestamp authority's into the timestamped one), so
the signature still covers the whole file: pdfsig says "Total document signed" on a B-LT file, and
on a B-LTA file the document timestamp covers the whole file."""


class _EmbeddedOffline(logging.Filter):
    """pyHanko warns on every signature that revocation data is embedded without fetching: that is this
    application's design (the lab's own CRL is embedded, never fetched), not news for the user."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_EmbeddedOffline())


@dataclass(frozen=True)
class ValidationMaterial:
    """What the signer's validation at signing time trusts and embeds: the lab root (and the timestamp
    authority's roots) and the CRLs; nothing is fetched unless `allow_fetching` (an online TSA whose
    own chain's revocation data must be fetched)."""

    roots: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    allow_fetching: bool = False

    def context(self) -> ValidationContext:
        """With CRLs, revocation status is required for the signer (and the TSA) whether or not the
        certificate names a distribution point: the lab CRL covers every signer the root issued."""
        return ValidationContext(
            trust_roots=[translate_pyca_cryptography_cert_to_asn1(r) for r in self.roots],
            crls=[c.public_bytes(serialization.Encoding.DER) for c in self.crls],
            allow_fetching=self.allow_fetching,
            **({"revinfo_policy": REQUIRE_CRL} if self.crls else {"revocation_mode": "soft-fail"}),
        )


class LabSigner(signers.SimpleSigner):
    """A pyHanko signer that knows the validation material its key's chain needs (B-LT), and builds
    the CMS signed attributes that do not change between its signatures once
    (labapp.certificates.signed_attributes)."""

    validation: ValidationMaterial | None = None

    async def signed_attrs(
        self,
        data_digest: bytes,
        digest_algorithm: str,
        attr_settings: PdfCMSSignedAttributes | None = None,
        content_type: str = "data",
        use_pades: bool = False,
        timestamper: timestamps.TimeStamper | None = None,
        dry_run: bool = False,
        is_pdf_sig: bool = True,
    ) -> cms.CMSAttributes:
        """pyHanko's signed attributes; the same DER, from a per-signer template where they allow one."""

        async def build(digest: bytes) -> cms.CMSAttributes:
            return await super(LabSigner, self).signed_attrs(
                digest,
                digest_algorithm,
                attr_settings=attr_settings,
                content_type=content_type,
                use_pades=use_pades,
                timestamper=timestamper,
                dry_run=dry_run,
                is_pdf_sig=is_pdf_sig,
            )

        own_spec = self.signed_attr_prov_spec is not None
        if not signed_attributes.reusable(attr_settings, content_type, use_pades, is_pdf_sig, own_spec):
            return await build(data_digest)
        key = (digest_algorithm, len(data_digest), self.signing_cert.dump())
        templates = self.__dict__.setdefault("_signed_attribute_templates", {})
        if key not in templates:
            templates[key] = await signed_attributes.template_from(build, len(data_digest))
        return signed_attributes.with_digest(templates[key], data_digest)


@dataclass(frozen=True)
class SigningRequest:
    """What the signature says: the signer's meaning (becomes /Reason), printed name and place."""

    meaning: str
    signer_name: str
    location: str | None = None
    tsa_url: str | None = None  # RFC 3161 timestamp server; None signs offline


def pyhanko_signer(material: KeyMaterial) -> LabSigner:
    """Wrap decrypted key material for pyHanko; the chain is embedded so verifiers can build the path,
    and the chain's root with the CRLs becomes the validation material embedded as B-LT data."""
    chain = [translate_pyca_cryptography_cert_to_asn1(cert) for cert in material.chain]
    signer = LabSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(material.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(material.key),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    roots = tuple(c for c in material.chain if c.issuer == c.subject)
    if roots:  # a chain without its root (some imported PKCS#12 files) is signed B-B, as before
        signer.validation = ValidationMaterial(roots + material.extra_roots, material.crls)
    return signer


def sign_pdf(
    pdf: bytes,
    twin: bytes,
    twin_name: str,
    box: SignatureBox,
    signer: signers.Signer,
    request: SigningRequest,
    timestamper: timestamps.TimeStamper | None = None,
    validation: ValidationMaterial | None = None,
) -> bytes:
    """Attach the JSON twin and sign; returns the signed PDF. `timestamper` overrides `request.tsa_url`;
    `validation` overrides the signer's own (LabSigner.validation). With validation material the PDF
    gets the DSS (B-LT), and with a timestamper also a document timestamp (B-LTA)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    attach_twin(writer, twin, twin_name)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(SIGNATURE_FIELD, on_page=box.page_index, box=box.box)
    )
    if timestamper is None and request.tsa_url:
        timestamper = timestamps.HTTPTimeStamper(request.tsa_url, timeout=10)
    if validation is None:
        validation = getattr(signer, "validation", None)
        if validation is not None and timestamper is not None and request.tsa_url:
            validation = ValidationMaterial(validation.roots, validation.crls, allow_fetching=True)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=request.meaning,
        name=request.signer_name,
        location=request.location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=validation is not None,
        validation_context=None if validation is None else validation.context(),
        use_pades_lta=validation is not None and timestamper is not None,
        timestamp_field_name=TIMESTAMP_FIELD,
        dss_settings=DSS_IN_SIGNED_REVISION,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        timestamper=timestamper,
        stamp_style=StaticStampStyle(border_width=0, background=None),
    )
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output)
    except (SigningError, timestamps.TimestampRequestError) as exc:
        raise LabappError(f"signing failed: {exc}") from exc
    except (PathBuildingError, PathValidationError) as exc:
        raise LabappError(
            f"signing refused: the signer's certificate does not validate against the lab root and "
            f"its CRL ({exc})"
        ) from exc
    return output.getvalue()


def attach_twin(writer: IncrementalPdfFileWriter, twin: bytes, twin_name: str) -> None:
    """Embed the JSON twin as a document-level attachment with MIME type, size and checksum (PDF 2.0 /AF)."""
    params = embed.EmbeddedFileParams(embed_size=True, embed_checksum=True, creation_date=datetime.now(UTC))
    data = embed.EmbeddedFileObject.from_file_data(writer, twin, mime_type=TWIN_MIME, params=params)
    spec = embed.FileSpec(
        file_spec_string=twin_name,
        file_name=twin_name,
        embedded_data=data,
        description="Machine-readable twin of this certificate (JSON, docs/certificate-schema.json)",
        af_relationship=generic.pdf_name("/Data"),
    )
    embed.embed_file(writer, spec)
