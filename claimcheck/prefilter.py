"""Whole-text pre-filters for regexes that are searched sentence by sentence.

A regex searched in each sentence's text can only match somewhere if a *relaxed* form of it, with
its word-boundary assertions (`\\b`, `\\B`) left out, matches the whole text: the relaxed form
accepts everything the regex does and looks at no context, so a match inside a sentence is a
match inside the text. One search of the text therefore rules out every sentence at once for most
articles. A regex that looks at context in other ways (`^`, `$`, lookarounds, backreferences) gets
no pre-filter (None), so a pre-filter never changes an answer, only the work.
"""
from __future__ import annotations

import re
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_CONTEXT_OPS = frozenset({"AT", "ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS"})
_BOUNDARIES = frozenset({"AT_BOUNDARY", "AT_NON_BOUNDARY"})


def relaxed(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`pattern` without its `\\b` and `\\B`, or None when it depends on context otherwise.

    The result is checked against the parse of `pattern`: it must be the same regex with only the
    boundary assertions gone, so a slip in the textual edit can only mean no pre-filter."""
    source = pattern.pattern
    if not isinstance(source, str):
        return None
    try:
        loose = re.compile(_without_boundaries(source), pattern.flags)
        original = _shape(sre_parse.parse(source, pattern.flags & ~re.UNICODE), drop_boundaries=True)
        edited = _shape(sre_parse.parse(loose.pattern, loose.flags & ~re.UNICODE), drop_boundaries=False)
    except re.error:
        return None
    if original != edited or _mentions_context(edited):
        return None
    return loose


def _without_boundaries(source: str) -> str:
    """The regex text with `\\b`/`\\B` outside character classes removed."""
    kept: list[str] = []
    index, in_class = 0, False
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            pair = source[index:index + 2]
            if in_class or pair not in ("\\b", "\\B"):
                kept.append(pair)
            index += 2
            continue
        if in_class and char == "]":
            in_class = False
        elif not in_class and char == "[":
            in_class = True
            kept.append(char)
            index += 1
            for literal in ("^", "]"):  # "[^]…]" and "[]…]": a leading ']' is a literal
                if source.startswith(literal, index):
                    kept.append(literal)
                    index += 1
            continue
        kept.append(char)
        index += 1
    return "".join(kept)


def _shape(parsed: Any, drop_boundaries: bool) -> tuple[Any, ...]:
    """A parse tree as nested tuples of op names and values (boundary assertions left out)."""
    items = []
    for op, value in parsed:
        if drop_boundaries and str(op) == "AT" and str(value) in _BOUNDARIES:
            continue
        items.append((str(op), _value_shape(value, drop_boundaries)))
    return tuple(items)


def _value_shape(value: Any, drop_boundaries: bool) -> Any:
    if isinstance(value, sre_parse.SubPattern):
        return _shape(value, drop_boundaries)
    if isinstance(value, tuple | list):
        return tuple(_value_shape(item, drop_boundaries) for item in value)
    return str(value)


def _mentions_context(shape: Any) -> bool:
    if isinstance(shape, tuple):
        if len(shape) == 2 and shape[0] in _CONTEXT_OPS:
            return True
        return any(_mentions_context(item) for item in shape)
    return False
