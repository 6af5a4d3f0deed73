"""The laboratory's record key and the checkpoint log's file format (labapp.security.record_key,
labapp.security.checkpoints): seals that name why they fail, a key that is never replaced."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from labapp.core.errors import LabappError
from labapp.security import checkpoints as cp
from labapp.security.record_key import SealPurpose, create_record_key, load_record_key


def test_the_key_is_created_once_private_and_never_replaced(tmp_path: Path) -> None:
    assert load_record_key(tmp_path / "archive") is None
    first = create_record_key(tmp_path / "archive")
    again = create_record_key(tmp_path / "archive")  # a second workstation at the same moment
    assert again.secret == first.secret and len(first.secret) == 32 and len(first.key_id) == 16
    assert load_record_key(tmp_path / "archive") == first
    if os.name == "posix":
        assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert list((tmp_path / "archive").iterdir()) == [first.path]  # no temporary file left


def test_a_seal_names_why_it_fails(tmp_path: Path) -> None:
    key = create_record_key(tmp_path / "a")
    other = create_record_key(tmp_path / "b")
    content = {"content_sha256": "ab" * 32, "meaning": "approved"}
    seal = key.seal(SealPurpose.SIGNATURE, content)
    assert seal.startswith(f"v1:{key.key_id}:") and key.check(SealPurpose.SIGNATURE, content, seal) is None
    changed = {**content, "content_sha256": "cd" * 32}
    assert "does not match its content" in key.check(SealPurpose.SIGNATURE, changed, seal)
    assert key.check(SealPurpose.CHECKPOINT, content, seal) is not None  # one purpose, one derived key
    assert key.check(SealPurpose.SIGNATURE, content, None) == "it has no seal"
    assert other.check(SealPurpose.SIGNATURE, content, seal) == (
        f"it was sealed with record key {key.key_id}, not this laboratory's key {other.key_id}"
    )


def test_a_damaged_key_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "record.key").write_text("not hex\n", encoding="ascii")
    with pytest.raises(LabappError, match=r"record key .*record.key is damaged"):
        load_record_key(tmp_path)


def test_log_lines_are_read_back_and_a_bad_line_is_named(tmp_path: Path) -> None:
    key = create_record_key(tmp_path)
    log = tmp_path / "archive" / cp.LOG_NAME
    marks = [cp.new_database_marker(f"sqlite:/lab{i}.sqlite", key) for i in range(3)]
    for mark in marks:
        cp.append(log, mark)
    read = cp.read(log)
    assert [c.database for c in read] == [m.database for m in marks]
    assert read[1].source == f"{log}, line 2" and read[1].seal == marks[1].seal
    assert cp.last_in_log(log, "sqlite:/lab1.sqlite").seal == marks[1].seal
    assert cp.last_in_log(log, "sqlite:/lab1.sqlite", tail_bytes=10).seal == marks[1].seal  # whole file
    assert cp.last_in_log(log, "sqlite:/elsewhere.sqlite") is None
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
    with log.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"seq": 3}) + "\n")
    with pytest.raises(LabappError, match=r"checkpoints.jsonl, line 4: not an audit checkpoint"):
        cp.read(log)
