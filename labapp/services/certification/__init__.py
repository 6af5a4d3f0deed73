"""Certificates of analysis: issue, amend, retract, and verify.

issuing   issue, amend and retract certificates (an electronic signature each)
content   assemble a certificate's content from stored records
sections  the one mapping from a stored grading to the certificate's sections
numbers   certificate numbers, reserved in their own transaction and never reused
records   certificates as stored, and the currency check
verify    verify a certificate PDF: signature, coverage, chain and currency
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "issuing": (
            "amend_certificate",
            "issue_certificates",
            "retract_certificate",
        ),
        "records": (
            "currency_check",
            "list_certificates",
        ),
        "verify": ("verify_file",),
    },
)
