"""A file that is not a text export (a screenshot or a report renamed .csv) is named for what it is,
with what to choose instead, never "not valid utf-16-be text" (issue 22)."""

from __future__ import annotations

import struct
import zlib

import pytest

from labapp.core.errors import InputFileError
from labapp.core.remedies import Remedy
from labapp.importers import read_export


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + b"\x00\x00\x00" * 32 for _ in range(32))  # mostly NUL: "looks like UTF-16"
    header = struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [(_png(), "a PNG image"), (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document")],
)
def test_an_image_or_a_pdf_renamed_csv_is_named_as_such(tmp_path, content, kind) -> None:
    path = tmp_path / "ICP run 17.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as raised:
        read_export(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and f"not a text export: the file is {kind}" in message
    assert "choose the instrument's text export" in message
    assert "utf-16" not in message and "utf-8" not in message


def test_an_unknown_format_names_the_fix_in_words_not_a_command_option(tmp_path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Shopping list\nmilk,2\nbread,1\n", encoding="utf-8")
    with pytest.raises(InputFileError) as raised:
        read_export(path)
    assert "choose an instrument profile for this kind of file" in str(raised.value)
    assert "--profile" not in str(raised.value) and raised.value.remedy is Remedy.CHOOSE_PROFILE
