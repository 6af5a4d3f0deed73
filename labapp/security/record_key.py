"""The laboratory's record key: a secret in the keys folder that the database never holds.

Run signatures and audit checkpoints are sealed with HMAC-SHA256 under keys derived from this one
secret (one derived key per purpose), so someone who can write every row of the database but cannot
read the keys folder cannot make a seal that verifies: changing a signed result and recomputing its
SHA-256 leaves the seal wrong, and a rewritten audit chain no longer matches its sealed checkpoints.

File: `<keys folder>/record.key`, 64 hex digits (32 random bytes), mode 0600, written once to a
temporary name and linked into place without replacing an existing key (two workstations creating
it at once end up with the same key). Its id (16 hex digits) is printed with every seal, so a
seal made under another key is named as such.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from labapp.core.canonical import canonical_json
from labapp.core.errors import LabappError

FILE_NAME = "record.key"
SEAL_VERSION = "v1"


class SealPurpose(StrEnum):
    """What a seal is for; each purpose has its own derived key, so one seal cannot stand for another."""

    SIGNATURE = "labapp signature seal v1"
    CHECKPOINT = "labapp audit checkpoint v1"


@dataclass(frozen=True)
class RecordKey:
    """The secret and where it came from (the folder, for messages)."""

    secret: bytes
    path: Path

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"labapp record key id\0" + self.secret).hexdigest()[:16]

    def _derived(self, purpose: SealPurpose) -> bytes:
        return hmac.new(self.secret, purpose.value.encode(), hashlib.sha256).digest()

    def seal(self, purpose: SealPurpose, content: Any) -> str:
        """`v1:<key id>:<HMAC-SHA256 hex>` over the canonical JSON of `content`."""
        mac = hmac.new(self._derived(purpose), canonical_json(content), hashlib.sha256).hexdigest()
        return f"{SEAL_VERSION}:{self.key_id}:{mac}"

    def check(self, purpose: SealPurpose, content: Any, seal: str | None) -> str | None:
        """None when `seal` is this key's seal of `content`, else why not (one phrase)."""
        if not seal:
            return "it has no seal"
        parts = seal.split(":")
        if len(parts) != 3 or parts[0] != SEAL_VERSION:
            return "its seal is not a labapp seal"
        if parts[1] != self.key_id:
            return f"it was sealed with record key {parts[1]}, not this laboratory's key {self.key_id}"
        if not hmac.compare_digest(self.seal(purpose, content), seal):
            return "its seal does not match its content (changed without the laboratory's record key)"
        return None


def key_path(folder: str | Path) -> Path:
    return Path(folder) / FILE_NAME


def load_record_key(folder: str | Path) -> RecordKey | None:
    """The key in `folder`, or None when there is none; a damaged file is one clear error."""
    path = key_path(folder)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise LabappError(f"cannot read the record key {path}: {exc}") from exc
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != 32:
        raise LabappError(f"the record key {path} is damaged (64 hex digits expected)")
    return RecordKey(secret, path)


def create_record_key(folder: str | Path) -> RecordKey:
    """Create the key (0600) unless one exists; returns whichever key is in place afterwards."""
    path = key_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".record.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32) + "\n")
            os.chmod(temporary, 0o600)
            with contextlib.suppress(FileExistsError):  # never replace a key made meanwhile
                os.link(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as exc:
        raise LabappError(f"cannot create the record key in {path.parent}: {exc.strerror or exc}") from exc
    key = load_record_key(folder)
    assert key is not None
    return key
