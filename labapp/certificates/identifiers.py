"""Stable identifiers for the laboratory, a lot and a certificate revision, as URNs a machine can key on.

A buyer's system that stores certificates for years needs names that do not depend on a database
row id or a file name. labapp writes them in its own URN namespace (RFC 8141 syntax), scoped by
the laboratory so two laboratories' lot "BM26-0001" never collide:

    urn:labapp:lab:<key>
    urn:labapp:lab:<key>:lot:<lot id>
    urn:labapp:lab:<key>:certificate:<number>:rev:<revision>

<key> is the laboratory's legal name in lower case, runs of anything but letters and digits made one
"-" ("Example Black Mass Assay Laboratory" -> "example-black-mass-assay-laboratory"); lot ids and
a name with no Latin letter or digit gets "h-" and the first 16 hex digits of its SHA-256; lot ids and
certificate numbers are percent-encoded where RFC 8141 does not allow a character. A certificate
revision's URN never changes; a renamed laboratory gets a new key for what it issues from then on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from labapp.certificates.model import Identifiers

NAMESPACE = "urn:labapp"
_NSS_SAFE = "-._()+,=@;$!*'"  # RFC 8141 pchar less ":" "/" "&" "~" (kept as separators or encoded)


def laboratory_key(name: str) -> str:
    """The laboratory's key: its name folded to lower-case ASCII letters and digits joined by "-"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    key = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not key:  # a name without Latin letters or digits (e.g. only Japanese): its hash, stable too
        key = "h-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:16]
    return key


def identifiers(laboratory_name: str, lot_id: str, number: str, revision: int) -> Identifiers:
    """The three stable identifiers of one certificate revision (module docstring)."""
    lab = f"{NAMESPACE}:lab:{laboratory_key(laboratory_name)}"
    return Identifiers(
        laboratory=lab,
        lot=f"{lab}:lot:{quote(lot_id, safe=_NSS_SAFE)}",
        certificate=f"{lab}:certificate:{quote(number, safe=_NSS_SAFE)}:rev:{revision}",
    )
