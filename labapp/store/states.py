"""The workflow states the store keeps: runs, lots, certificate revisions and certificate numbers.

Each is a vocabulary (labapp.core.vocabulary.Vocabulary): defined once here, stored by value in a
VARCHAR column of type `VocabularyText`, read back as the member, and given its English and Japanese
display labels in its own table. Services decide the transitions (labapp.services.workflow.review,
labapp.services.certification.issuing); every other layer compares these members, never the stored text.
"""

from __future__ import annotations

from labapp.core.vocabulary import Vocabulary


class RunState(Vocabulary):
    """imported -> calculated -> submitted -> reviewed -> approved, or rejected back to the technician."""

    IMPORTED = "imported", "imported", "取込み済み"
    CALCULATED = "calculated", "calculated", "計算済み"
    SUBMITTED = "submitted", "submitted", "提出済み"
    REVIEWED = "reviewed", "reviewed", "レビュー済み"
    APPROVED = "approved", "approved", "承認済み"
    REJECTED = "rejected", "rejected", "差戻し"


class LotState(Vocabulary):
    """Registered until its results are approved, then certified; a certified lot can be amended (new
    certificate revision) or retracted. A signed change of released data (labapp.services.importing.lot_edit)
    makes it "amendment needed" until a certificate is issued or amended from the changed records."""

    REGISTERED = "registered", "registered", "登録済み"
    APPROVED = "approved", "approved", "承認済み"
    CERTIFIED = "certified", "certified", "成績書発行済み"
    AMENDED = "amended", "amended", "訂正済み"
    AMENDMENT_NEEDED = "amendment needed", "amendment needed", "要訂正"
    RETRACTED = "retracted", "retracted", "取消済み"


RELEASED_LOT_STATES = frozenset(
    {LotState.APPROVED, LotState.CERTIFIED, LotState.AMENDED, LotState.AMENDMENT_NEEDED}
)
"""Lots whose data back an approval or a certificate: changed only with an electronic signature."""


class CertificateState(Vocabulary):
    """A certificate revision is current while issued; an amendment supersedes it, a retraction ends it.
    A signed change of its lot's records after issue makes it "amendment needed": no longer current,
    still the revision that an amendment supersedes or a retraction ends."""

    ISSUED = "issued", "issued", "発行済み"
    AMENDMENT_NEEDED = "amendment needed", "amendment needed", "要訂正"
    SUPERSEDED = "superseded", "superseded", "改訂により失効"
    RETRACTED = "retracted", "retracted", "取消済み"


LIVE_CERTIFICATE_STATES = frozenset({CertificateState.ISSUED, CertificateState.AMENDMENT_NEEDED})
"""The revision that an amendment supersedes or a retraction ends (at most one per number)."""


class NumberState(Vocabulary):
    """A certificate number is reserved before the issue, then used, or void when the issue failed."""

    RESERVED = "reserved", "reserved", "予約済み"
    USED = "used", "used", "使用済み"
    VOID = "void", "void", "無効"




class PanelTestState(Vocabulary):
    """A panel test (moisture, F_ws, carbon, particle size ...): entered -> verified by a second person
    -> submitted (its results join the lot's reportable results), or rejected back with a reason."""

    ENTERED = "entered", "entered", "入力済み"
    VERIFIED = "verified", "verified", "確認済み"
    SUBMITTED = "submitted", "submitted", "提出済み"
    REJECTED = "rejected", "rejected", "差戻し"


STATES: tuple[type[Vocabulary], ...] = (RunState, LotState, CertificateState, NumberState, PanelTestState)
