"""Reproducible signing for byte-for-byte comparisons: reportlab's invariant mode, a fixed clock, fixed
file identifiers and deterministic ECDSA (RFC 6979), so a signed PDF's bytes depend on nothing but
the code and the key.

Only tests use this; the comparison it allows is "these two ways of signing write the same file".
"""

from __future__ import annotations

import hashlib
import os
import types
from datetime import UTC, datetime, tzinfo
from itertools import count

import pyhanko.pdf_utils.incremental_writer as incremental_writer
import pyhanko.pdf_utils.metadata.info as info
import pyhanko.pdf_utils.metadata.xmp_xml as xmp_xml
import pyhanko.sign.signers.pdf_cms as pdf_cms
import pyhanko.sign.signers.pdf_signer as pdf_signer
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from reportlab import rl_config

from labapp.certificates import signing

MOMENT = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class _FrozenClock(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        return MOMENT if tz is None else MOMENT.astimezone(tz)


class _DeterministicECDSA(ec.ECDSA):
    def __init__(self, algorithm: object, deterministic_signing: bool = True) -> None:
        super().__init__(algorithm, deterministic_signing=True)  # type: ignore[arg-type]


def reproducible_signing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze every moment and random file id reportlab, pyHanko and labapp write while signing."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    for module in (pdf_signer, pdf_cms, info, xmp_xml, signing):
        monkeypatch.setattr(module, "datetime", _FrozenClock)
    numbers = count()
    fixed_os = types.ModuleType("os")
    fixed_os.__dict__.update(vars(os))
    fixed_os.urandom = lambda size: hashlib.sha256(b"id%d" % next(numbers)).digest()[:size]  # type: ignore[attr-defined]
    monkeypatch.setattr(incremental_writer, "os", fixed_os)
    monkeypatch.setattr(pdf_cms, "ECDSA", _DeterministicECDSA)
