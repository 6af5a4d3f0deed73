"""Paragraph markup parsed once per process for each text and style (issue 24: certificates < 100 ms).

reportlab parses every paragraph's markup with an HTML parser into fragments (text runs with their
font, size and colour): a fifth of a bilingual certificate's CPU time, most of it for the Japanese
cells (`<font>` runs). Most of those paragraphs repeat: the labels, headings, statements, units and
method names are the same on every certificate, and within one certificate the units and element
names repeat row by row (over the 14 demo certificates, 8 in 10 parses had parsed the same text with
the same style before). The fragments depend only on the markup and the style's values (and on the
fonts registered once per process), so the parse is kept, and each paragraph gets its own copies
(reportlab marks fragments while it lays them out). The PDF is the same, byte for byte
(tests/certificates/test_paragraph_layout.py).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle

LIMIT = 20_000
"""Texts kept (first in, first out); a certificate has a few hundred paragraphs."""

_parsed: dict[tuple[str, Hashable], tuple[str, list[dict[str, Any]]]] = {}
_lock = threading.Lock()


def style_key(style: ParagraphStyle) -> Hashable | None:
    """Everything of a style the parse may read (all its values but its name and parent, whose values
    it already holds); None when a value cannot be a key."""
    key = tuple((name, value) for name, value in vars(style).items() if name not in ("name", "parent"))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def lookup(text: str, key: Hashable) -> tuple[str, list[dict[str, Any]]] | None:
    """The cleaned text and each fragment's attributes parsed before for (text, style), if any."""
    return _parsed.get((text, key))


def keep(text: str, key: Hashable, cleaned: str, frags: list[Any]) -> None:
    """Keep a fresh parse: the cleaned text and a copy of each fragment's attributes. Fragments that
    hold objects (images, links, underlines: none in a certificate today) are not kept."""
    if not all(_plain(value) for frag in frags for value in vars(frag).values()):
        return
    attributes = [_copy(vars(frag)) for frag in frags]
    with _lock:
        if len(_parsed) >= LIMIT:
            del _parsed[next(iter(_parsed))]
        _parsed[(text, key)] = (cleaned, attributes)


def fragments(kept: list[dict[str, Any]], frag_class: type) -> list[Any]:
    """New fragment objects with the kept attributes (lists copied: reportlab may extend them)."""
    out = []
    for attributes in kept:
        frag = frag_class()
        frag.__dict__.update(_copy(attributes))
        out.append(frag)
    return out


def _plain(value: object) -> bool:
    return (
        value is None or type(value) in (str, int, float, bool, Color) or (type(value) is list and not value)
    )


def _copy(attributes: dict[str, Any]) -> dict[str, Any]:
    return {name: value[:] if type(value) is list else value for name, value in attributes.items()}
