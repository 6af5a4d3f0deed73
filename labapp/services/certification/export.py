"""Export an issued certificate for a buyer's system: the Catena-X CertificateOfAnalysis aspect.

The export is built from the JSON twin inside the stored signed PDF (checked equal to the stored
twin), so it says exactly what was signed, and carries that PDF. Only a current certificate is
exported: a superseded, retracted or amendment-needed revision would hand a buyer's system data the
laboratory no longer stands behind.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from labapp.certificates import catena_x
from labapp.certificates.model import CertificateData, load_twin
from labapp.certificates.verification import embedded_twin
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Vocabulary
from labapp.services.context import ServiceContext
from labapp.store.records import Certificate
from labapp.store.states import CertificateState


class ExportFormat(Vocabulary):
    """Formats `labapp certificates export` writes."""

    CATENA_X = (
        "catena-x",
        "Catena-X CertificateOfAnalysis 2.0.0 (CX-0165)",
        "Catena-X 分析証明書 2.0.0（CX-0165）",
    )


@dataclass(frozen=True)
class SignedCertificate:
    """A stored certificate revision: the signed PDF and the twin inside it."""

    number: str
    revision: int
    pdf: bytes
    data: CertificateData


def signed_certificate(ctx: ServiceContext, number: str, revision: int | None = None) -> SignedCertificate:
    """The revision (default: the latest) of certificate `number`; refused unless it is current."""
    with ctx.read_session() as session:
        query = select(Certificate).where(Certificate.number == number)
        if revision is not None:
            query = query.where(Certificate.revision == revision)
        row = session.scalars(query.order_by(Certificate.revision.desc())).first()
        if row is None:
            which = f"{number} rev {revision}" if revision is not None else number
            raise LabappError(f"no certificate {which} in this database")
        if row.state is not CertificateState.ISSUED:
            raise LabappError(
                f"certificate {row.number} rev {row.revision} is {row.state}: only a current certificate "
                "is exported"
            )
        pdf, stored = row.pdf_bytes, (row.json_twin or "").encode("utf-8")
        number, revision = row.number, row.revision
    if not pdf:
        raise LabappError(f"certificate {number} rev {revision} has no stored PDF")
    inside = embedded_twin(PdfFileReader(io.BytesIO(pdf), strict=False))
    if inside != stored:
        raise LabappError(
            f"certificate {number} rev {revision}: the twin in the signed PDF differs from the record"
        )
    return SignedCertificate(number, revision, pdf, load_twin(inside))


def export_certificate(
    ctx: ServiceContext,
    number: str,
    fmt: ExportFormat,
    parties: catena_x.TradeParties,
    revision: int | None = None,
) -> dict[str, Any]:
    """The export payload of one certificate in `fmt`."""
    parties.check()  # before any database work: a mistyped BPNL is the commonest error
    signed = signed_certificate(ctx, number, revision)
    if fmt is ExportFormat.CATENA_X:
        return catena_x.certificate_of_analysis(signed.data, signed.pdf, parties)
    raise LabappError(f"unknown export format {fmt}")  # pragma: no cover - one format today


def write_json(payload: dict[str, Any], path: Path) -> Path:
    """Write `payload` as UTF-8 JSON to `path` whole or not at all (temporary name, then rename)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise LabappError(f"{path.parent}: no such folder")
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
