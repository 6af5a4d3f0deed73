"""PAdES baseline B-B signing with pyHanko, as the very last change to the certificate PDF.

One incremental update adds the JSON twin as an attached file, the visible signature field over the
block the layout drew, and the signature itself; the signed byte range therefore covers the whole
file, attachment included. With a timestamp server configured the signature also gets an RFC 3161
signature timestamp (B-T); without one, signing works offline.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from labapp.certificates.layout import SIGNATURE_FIELD, SignatureBox
from labapp.certificates.pki import KeyMaterial
from labapp.core.errors import LabappError

TWIN_MIME = "application/json"


@dataclass(frozen=True)
class SigningRequest:
    """What the signature says: the signer's meaning (becomes /Reason), printed name and place."""

    meaning: str
    signer_name: str
    location: str | None = None
    tsa_url: str | None = None  # RFC 3161 timestamp server; None signs offline


def pyhanko_signer(material: KeyMaterial) -> signers.SimpleSigner:
    """Wrap decrypted key material for pyHanko; the chain is embedded so verifiers can build the path."""
    chain = [translate_pyca_cryptography_cert_to_asn1(cert) for cert in material.chain]
    return signers.SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(material.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(material.key),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def sign_pdf(
    pdf: bytes,
    twin: bytes,
    twin_name: str,
    box: SignatureBox,
    signer: signers.Signer,
    request: SigningRequest,
    timestamper: timestamps.TimeStamper | None = None,
) -> bytes:
    """Attach the JSON twin and sign; returns the signed PDF. `timestamper` overrides `request.tsa_url`."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    attach_twin(writer, twin, twin_name)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(SIGNATURE_FIELD, on_page=box.page_index, box=box.box)
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=request.meaning,
        name=request.signer_name,
        location=request.location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    if timestamper is None and request.tsa_url:
        timestamper = timestamps.HTTPTimeStamper(request.tsa_url, timeout=10)
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
