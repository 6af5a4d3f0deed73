"""All mapped classes in one namespace, and the list of audited ones (in dependency order)."""

from __future__ import annotations

from labapp.store import audit as _audit  # noqa: F401 - installs the flush listeners
from labapp.store.audit_event import AuditEvent
from labapp.store.base import Base, is_audited
from labapp.store.calculations import Calculation, ReferenceDigest, ReferenceValue
from labapp.store.certificate_files import CertificateDocument, PendingFile
from labapp.store.certificate_numbers import CertificateNumber
from labapp.store.gradings import CriteriaSetRecord, LotGrading
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.panel import PanelEntry, PanelTest
from labapp.store.parties import Client, Laboratory, User
from labapp.store.phrases import LabPhrase
from labapp.store.records import Certificate, Signature
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun, Measurement
from labapp.store.settlements import SettlementAssay, SettlementStatement
from labapp.store.workflow import ResultOverride, RunExclusion, WorkflowSetting

__all__ = [
    "AuditEvent",
    "Base",
    "Calculation",
    "Certificate",
    "CertificateDocument",
    "CertificateNumber",
    "Client",
    "CriteriaSetRecord",
    "InstrumentRun",
    "LabPhrase",
    "Laboratory",
    "Lot",
    "LotGrading",
    "Measurement",
    "PanelEntry",
    "PanelTest",
    "PendingFile",
    "Preparation",
    "QcOutcome",
    "ReferenceDigest",
    "ReferenceValue",
    "Result",
    "ResultOverride",
    "RunExclusion",
    "Sample",
    "SettlementAssay",
    "SettlementStatement",
    "Signature",
    "User",
    "WorkflowSetting",
    "audited_classes",
]


def audited_classes() -> list[type[Base]]:
    """Every mapped class whose rows the audit trail covers, in table dependency order."""
    order = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}
    classes = [m.class_ for m in Base.registry.mappers if is_audited(m.class_)]
    return sorted(classes, key=lambda cls: order[cls.__tablename__])
