"""The characters a regex's matches can start with, as a lookahead to put in front of it.

A profile's label patterns are searched in each of 100,000 distinct labels; the engine tries every
pattern at every position. A lookahead on the characters any match can start with rejects most
positions in one test (`(?i)\\b(ICV|CCV)` can only start at an i or a c), 3x faster. The set is read
from the pattern's parse tree (the standard library's `re._parser`); a construct the analysis does
not know, or a pattern that can match the empty string, gives no lookahead (the patterns are then
searched as they are), so the lookahead never rejects a position where a pattern matches.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CLASS_FLAGS = ((re.ASCII, "a"), (re.IGNORECASE, "i"))  # the flags that change what a class matches


class _Unknown(Exception):
    """A construct the analysis does not handle."""


def start_lookahead(patterns: list[str]) -> str:
    """`(?=...)` holding at every position where one of the patterns can match, "" when unknown."""
    literals: dict[int, list[str]] = {}  # flags -> single characters (one class per flags)
    classes: dict[str, None] = {}
    try:
        for pattern in patterns:
            parsed = sre_parse.parse(pattern)
            if _first(list(parsed.data), parsed.state.flags, literals, classes):
                return ""  # can match the empty string: at any position
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return ""  # unknown construct, or re's internals changed shape: search without lookahead
    for flags, chars in literals.items():
        classes[_scoped(flags, "[" + "".join(dict.fromkeys(chars)) + "]")] = None
    return "(?=" + "|".join(classes) + ")" if classes else ""


def _first(
    items: list[tuple[object, object]], flags: int, literals: dict[int, list[str]], classes: dict[str, None]
) -> bool:
    """Add the characters a match of the sequence can start with; True when it can match empty."""
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: the next item starts the match
            continue
        if op is sre.LITERAL:
            literals.setdefault(_class_flags(flags), []).append(_char(av))
            return False
        if op is sre.NOT_LITERAL:
            classes[_scoped(flags, "[^" + _char(av) + "]")] = None
            return False
        if op is sre.IN:
            classes[_scoped(flags, _class(av))] = None
            return False
        if not _optional(op, av, flags, literals, classes):
            return False
    return True


def _optional(op: object, av: object, flags: int, literals: dict, classes: dict) -> bool:
    """Add the start characters of a group, alternation or repeat; True when it can match empty."""
    if op is sre.SUBPATTERN:
        _, add, remove, sub = av
        return _first(list(sub.data), (flags | add) & ~remove, literals, classes)
    if op is sre.ATOMIC_GROUP:
        return _first(list(av.data), flags, literals, classes)
    if op is sre.BRANCH:
        empty = [_first(list(b.data), flags, literals, classes) for b in av[1]]
        return any(empty)
    if op in _REPEATS:
        low, _, sub = av
        return _first(list(sub.data), flags, literals, classes) or low == 0
    raise _Unknown(op)


def _class(items: list[tuple[object, object]]) -> str:
    """A parsed character class written back as `[...]`."""
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(_char(av))
        elif op is sre.RANGE:
            parts.append(_char(av[0]) + "-" + _char(av[1]))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Unknown(op)
    return "[" + "".join(parts) + "]"


def _char(code: object) -> str:
    if not isinstance(code, int):
        raise _Unknown(code)
    return f"\\U{code:08x}"


def _class_flags(flags: int) -> int:
    return flags & (re.ASCII | re.IGNORECASE)


def _scoped(flags: int, text: str) -> str:
    letters = "".join(letter for flag, letter in _CLASS_FLAGS if flags & flag)
    return f"(?{letters}:{text})" if letters else text
