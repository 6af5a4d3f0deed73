"""The CMS signed attributes of a PAdES signature, built once per signer instead of on every signature.

pyHanko assembles the signed attributes (content type, message digest and the ESS
signing-certificate-v2 that binds the signer's certificate, ETSI EN 319 122-1 5.2.2.3) from fresh
asn1crypto objects twice per signature (once to estimate the signature's size, once to sign), and
asn1crypto encodes such constructed objects again every time they are dumped: about a third of a
signature's CPU time. Only the message digest changes from one signature to the next, so the other
attributes are taken from pyHanko once per signer and digest algorithm, kept as parsed DER (which
asn1crypto dumps without encoding it again), and the digest is set in a new attribute each time.
The DER is the same bytes pyHanko builds (tests/certificates/test_signed_attributes.py compares them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asn1crypto import cms
from pyhanko.sign.general import simple_cms_attribute
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

MESSAGE_DIGEST = "message_digest"

Template = tuple[cms.CMSAttribute | None, ...]
"""The signed attributes in pyHanko's order, None where the message digest goes."""


def reusable(
    attr_settings: PdfCMSSignedAttributes | None,
    content_type: str,
    use_pades: bool,
    is_pdf_sig: bool,
    has_own_spec: bool,
) -> bool:
    """True when pyHanko's signed attributes depend on nothing but the signer's certificate and the
    digest: a PAdES PDF signature of plain data, without CAdES extras (commitment type, signer
    attributes, content timestamp) or Adobe revocation info, and no custom attribute providers.
    (PAdES leaves the signing time out of the CMS; it is the signature dictionary's /M.)"""
    settings = attr_settings or PdfCMSSignedAttributes()
    return (
        use_pades
        and is_pdf_sig
        and content_type == "data"
        and not has_own_spec
        and settings.cades_signed_attrs is None
        and settings.adobe_revinfo_attr is None
    )


async def template_from(build: Callable[[bytes], Awaitable[cms.CMSAttributes]], digest_size: int) -> Template:
    """pyHanko's attributes for a placeholder digest, each re-read from its DER, the digest's slot empty."""
    attributes = await build(bytes(digest_size))
    template = tuple(
        None if attribute["type"].native == MESSAGE_DIGEST else cms.CMSAttribute.load(attribute.dump())
        for attribute in attributes
    )
    if sum(attribute is None for attribute in template) != 1:
        raise ValueError("pyHanko's signed attributes hold no single message digest")
    return template


def with_digest(template: Template, data_digest: bytes) -> cms.CMSAttributes:
    """The signed attributes for one signature: the template with this digest in its slot."""
    digest = simple_cms_attribute(MESSAGE_DIGEST, data_digest)
    return cms.CMSAttributes([digest if attribute is None else attribute for attribute in template])
