"""The typed words every layer shares, in one place for the GUI and the CLI.

They are defined where they belong: outcomes, decision rules, grading and QC words in
labapp.core.vocabulary, workflow states in labapp.store.states, the certificate twin's words in
labapp.certificates.model. The GUI and the CLI may not import the store, so they take them from here.
Each member carries its English and Japanese label (`member.label("ja")`); docs/vocabulary.md lists them.
"""

from __future__ import annotations

from labapp.certificates.model import ConformityOutcome, ResultStatus, ScreenMark
from labapp.certificates.revocation import RevocationReason
from labapp.certificates.verification import CurrencyStatus
from labapp.core.analyte_names import AnalyteName
from labapp.core.exclusions import Scope
from labapp.core.panel.cells import CellProblemKind
from labapp.core.panel.problems import PanelProblem
from labapp.core.remedies import Remedy
from labapp.core.settlement import PriceBasis, PriceUnit
from labapp.core.settlement_terms import MoistureSource
from labapp.core.splitting import AssaySource, LimitKind, Party, SettleOn, SplitOutcome, UmpireRule
from labapp.core.vocabulary import (
    VOCABULARIES,
    Admission,
    Basis,
    CheckOutcome,
    ElementStatus,
    GradingStatus,
    LotOrigin,
    Outcome,
    PanelCheck,
    PanelKind,
    QcCheck,
    QcStatistic,
    QcVerdict,
    ResultFlag,
    RuleKind,
    ScreenOutcome,
    SetKind,
    SetStatus,
    SuppliedItem,
    UncertaintyBasis,
    UntestedRequirement,
    Vocabulary,
)
from labapp.security.attempts import AttemptOutcome, AuthPurpose
from labapp.security.checkpoints import CheckpointReason
from labapp.security.roles import Action, Role
from labapp.security.signatures import Meaning
from labapp.services.administration.audit_words import AuditAction, AuditEntity, audit_words, entity_words
from labapp.services.calculation.line_status import LineStatus, SampleRemark
from labapp.services.calculation.run_views import BudgetShown, FitVerdict
from labapp.services.certification.export import ExportFormat
from labapp.services.certification.issuing import IssueStatus
from labapp.services.workflow.review import SignAction
from labapp.services.workflow.signing import SignatureState
from labapp.store.certificate_files import DocumentKind, FileTarget, PendingState
from labapp.store.settlements import EntryState
from labapp.store.states import STATES, CertificateState, LotState, NumberState, PanelTestState, RunState

__all__ = [
    "AuditAction",
    "AuditEntity",
    "audit_words",
    "entity_words",
    "UmpireRule",
    "SplitOutcome",
    "SettleOn",
    "PriceUnit",
    "PriceBasis",
    "Party",
    "MoistureSource",
    "LimitKind",
    "EntryState",
    "AssaySource",
    "ALL_VOCABULARIES",
    "AnalyteName",
    "PanelProblem",
    "SHOWN_VOCABULARIES",
    "Action",
    "CheckpointReason",
    "DocumentKind",
    "ExportFormat",
    "FileTarget",
    "PendingState",
    "Remedy",
    "Admission",
    "AttemptOutcome",
    "AuthPurpose",
    "Meaning",
    "QcStatistic",
    "Scope",
    "SignAction",
    "Basis",
    "BudgetShown",
    "FitVerdict",
    "CertificateState",
    "CheckOutcome",
    "ConformityOutcome",
    "CurrencyStatus",
    "ElementStatus",
    "GradingStatus",
    "IssueStatus",
    "LotOrigin",
    "LotState",
    "NumberState",
    "Outcome",
    "PanelCheck",
    "PanelKind",
    "PanelTestState",
    "QcCheck",
    "QcVerdict",
    "ResultFlag",
    "ResultStatus",
    "RevocationReason",
    "Role",
    "RuleKind",
    "RunState",
    "ScreenMark",
    "ScreenOutcome",
    "SetKind",
    "SetStatus",
    "SignatureState",
    "SuppliedItem",
    "UncertaintyBasis",
    "UntestedRequirement",
    "Vocabulary",
]

ALL_VOCABULARIES: tuple[type[Vocabulary], ...] = (
    *VOCABULARIES,
    *STATES,
    ResultStatus,
    ConformityOutcome,
    ScreenMark,
    CurrencyStatus,
    RevocationReason,
    SignatureState,
    IssueStatus,
    BudgetShown,
    Role,
    # settlement (issue 23)
    Party,
    AssaySource,
    LimitKind,
    SettleOn,
    UmpireRule,
    SplitOutcome,
    PriceUnit,
    PriceBasis,
    MoistureSource,
    EntryState,
)

SHOWN_VOCABULARIES: tuple[type[Vocabulary], ...] = (
    AuditAction,
    AuditEntity,
    SignAction,
    Meaning,
    Action,
    AuthPurpose,
    AttemptOutcome,
    Scope,
    Remedy,
    CheckpointReason,
    ExportFormat,
    DocumentKind,
    FileTarget,
    PendingState,
    CellProblemKind,
    PanelProblem,
    AnalyteName,
    LineStatus,
    SampleRemark,
    FitVerdict,
)
"""Words a screen or the command line shows by label, kept apart from ALL_VOCABULARIES because their
values are also everyday spellings elsewhere (an audit action "create", an exclusion scope "line"), which
tests/test_vocabulary_literals.py would otherwise read as stored words compared as text (issue 22)."""
