"""Menu and button texts carry mnemonics ("&File", Japanese "ファイル(&F)"); anywhere else the
ampersand would show as a literal character, so a text reused outside a menu or button goes
through `plain_text` first."""

from __future__ import annotations

import re

_JAPANESE_MNEMONIC = re.compile(r"\(&[^&]\)")  # "(&F)" after a Japanese word: drop it whole
_SINGLE_AMPERSAND = re.compile(r"&(?!&)")


def plain_text(text: str) -> str:
    """The text without its mnemonic marks; a doubled "&&" (a real ampersand) becomes one "&"."""
    text = _JAPANESE_MNEMONIC.sub("", text)
    return _SINGLE_AMPERSAND.sub("", text.replace("&&", "\0")).replace("\0", "&")
