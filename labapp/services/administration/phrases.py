"""The laboratory's phrase list: texts in English and Japanese that certificates print.

Defaults come with the application (resources/certificate/phrases.toml); a laboratory changes one,
adds its own or retires one (an administrator's or QA manager's act, audited, with a reason). A
certificate remark is chosen by code, so it has both languages (issue 19: every word of a Japanese
certificate is Japanese); `PhraseBook.japanese` finds the Japanese of a stored English text typed
exactly as a phrase.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.resources import resource_path
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.base import utcnow
from labapp.store.phrases import LabPhrase

_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Phrase:
    code: str
    en: str
    ja: str
    active: bool = True
    stored: bool = False  # False: the application's default, unchanged


@cache
def default_phrases() -> tuple[Phrase, ...]:
    """The phrases shipped with the application."""
    with open(resource_path("certificate", "phrases.toml"), "rb") as handle:
        table = tomllib.load(handle)["phrases"]
    return tuple(Phrase(code, item["en"], item["ja"]) for code, item in table.items())


class PhraseBook:
    """The phrases in force for one session: the defaults overlaid by the stored ones."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self._by_code = {p.code: p for p in phrases}
        self._by_en = {_key(p.en): p for p in phrases if p.active}

    def get(self, code: str) -> Phrase:
        """The active phrase `code`; LabappError lists the codes when there is none."""
        phrase = self._by_code.get(code)
        if phrase is None or not phrase.active:
            known = ", ".join(p.code for p in self.phrases if p.active)
            raise LabappError(f"no phrase {code!r} in the laboratory's phrase list (known: {known})")
        return phrase

    def japanese(self, english: str | None) -> str | None:
        """The Japanese of a text typed exactly as an active phrase's English (spaces and case aside)."""
        if not english:
            return None
        phrase = self._by_en.get(_key(english))
        return phrase.ja if phrase else None


def phrase_book(session: Session) -> PhraseBook:
    """Defaults first (in file order), then the laboratory's own; a stored code replaces a default."""
    merged = {p.code: p for p in default_phrases()}
    for row in session.scalars(select(LabPhrase).order_by(LabPhrase.id)):
        merged[row.code] = Phrase(row.code, row.en, row.ja, row.active, stored=True)
    return PhraseBook(list(merged.values()))


def list_phrases(ctx: ServiceContext) -> list[Phrase]:
    with ctx.read_session() as session:
        return phrase_book(session).phrases


def set_phrase(
    ctx: ServiceContext, by: AuthenticatedUser, code: str, en: str, ja: str, reason: str | None = None
) -> Phrase:
    """Add a phrase, or change one (a default or the lab's own; a change needs a reason)."""
    code, en, ja = code.strip(), " ".join(en.split()), " ".join(ja.split())
    if not _CODE.fullmatch(code):
        raise LabappError(f"phrase code {code!r}: use lower-case letters, digits and '-' (at most 60)")
    if not en or not ja:
        raise LabappError(f"phrase {code}: give both the English and the Japanese text")
    if not _JAPANESE.search(ja):
        raise LabappError(f"phrase {code}: the Japanese text {ja!r} contains no Japanese")
    with ctx.unit_of_work(by, Action.MANAGE_LABORATORY, reason) as session:
        known = {p.code for p in phrase_book(session).phrases}
        if code in known and not reason:
            raise LabappError(f"phrase {code} exists: changing it needs a reason")
        row = session.scalar(select(LabPhrase).where(LabPhrase.code == code))
        if row is None:
            session.add(LabPhrase(code=code, en=en, ja=ja, active=True, changed_at=utcnow()))
        else:
            row.en, row.ja, row.active, row.changed_at = en, ja, True, utcnow()
    return Phrase(code, en, ja, True, True)


def retire_phrase(ctx: ServiceContext, by: AuthenticatedUser, code: str, reason: str) -> None:
    """Take a phrase out of use (kept, for the certificates that printed it); a default is retired too."""
    if not reason:
        raise LabappError("retiring a phrase needs a reason")
    with ctx.unit_of_work(by, Action.MANAGE_LABORATORY, reason) as session:
        phrase = phrase_book(session).get(code)
        row = session.scalar(select(LabPhrase).where(LabPhrase.code == code))
        if row is None:
            row = LabPhrase(code=code, en=phrase.en, ja=phrase.ja)
            session.add(row)
        row.active, row.changed_at = False, utcnow()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()
