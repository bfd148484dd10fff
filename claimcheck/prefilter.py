"""Whole-text pre-filters for regexes that are searched sentence by sentence.

A regex searched in each sentence's text can only match somewhere if a *relaxed* form of it, with
its word-boundary assertions (`\\b`, `\\B`) left out, matches the whole text: the relaxed form
accepts everything the regex does and looks at no context, so a match inside a sentence is a
match inside the text. One search of the text therefore rules out every sentence at once for most
articles. A regex that looks at context in other ways (`^`, `$`, lookarounds, backreferences) gets
no pre-filter (None), so a pre-filter never changes an answer, only the work.
A relaxed regex is itself screened first by the literal text every match must hold (`LiteralScreen`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
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


# ----- literal screens: a substring test before a regex search ------------------------------------

# The only characters, besides ASCII letters, that an ASCII letter matches under IGNORECASE and whose
# lower case does not hold that letter (İ lower-cases to i + a combining dot; 'K', the Kelvin sign,
# lower-cases to k). A text holding one is searched with the regex alone.
_FOLD_BREAKERS = ("İ", "ı", "ſ")
Needs = str | tuple[str, tuple["Needs", ...]] | None  # a literal; ("all"|"any", parts); None: nothing known


def folded(text: str) -> str | None:
    """The text lower-cased for `LiteralScreen.passes`, or None when a literal test could miss a match."""
    return None if any(breaker in text for breaker in _FOLD_BREAKERS) else text.lower()


@dataclass(frozen=True, slots=True)
class LiteralScreen:
    """The literal text any match of a regex must contain, as substrings joined by all/any
    (`(tecelra|afami-cel)` needs "tecelra" or "afami-cel"), lower-cased when the regex ignores case.
    A case-insensitive regex with no literal prefix is tried at every character; `in` is not."""

    needs: Needs
    ignorecase: bool

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> LiteralScreen:
        ignorecase = bool(pattern.flags & re.IGNORECASE)
        if not isinstance(pattern.pattern, str):
            return cls(None, ignorecase)
        try:
            parsed = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
        except re.error:
            return cls(None, ignorecase)
        return cls(_sequence_needs(parsed, ignorecase), ignorecase)

    def passes(self, text: str, lowered: str | None) -> bool:
        """False only when the text lacks what every match needs (`lowered`: `folded(text)`)."""
        if self.needs is None:
            return True
        if not self.ignorecase:
            return _holds(self.needs, text)
        return lowered is None or _holds(self.needs, lowered)


def _holds(needs: Needs, haystack: str) -> bool:
    if needs is None:
        return True
    if isinstance(needs, str):
        return needs in haystack
    mode, parts = needs
    return all(_holds(p, haystack) for p in parts) if mode == "all" else any(_holds(p, haystack) for p in parts)


def _sequence_needs(items: Any, ignorecase: bool) -> Needs:
    """What a sequence of regex items needs: each item's needs, runs of ASCII literals joined."""
    parts: list[Needs] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            parts.append("".join(run))
            run.clear()

    for op, value in items:
        name = str(op)
        if name == "LITERAL" and value < 128:
            run.append(chr(value).lower() if ignorecase else chr(value))
            continue
        flush()
        if name == "SUBPATTERN" and not value[1] and not value[2]:  # a group that changes no flag
            parts.append(_sequence_needs(value[3], ignorecase))
        elif name == "ATOMIC_GROUP":
            parts.append(_sequence_needs(value, ignorecase))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and value[0] >= 1:
            parts.append(_sequence_needs(value[2], ignorecase))
        elif name == "BRANCH":
            options = [_sequence_needs(branch, ignorecase) for branch in value[1]]
            if all(option is not None for option in options):
                parts.append(("any", tuple(options)))
    flush()
    kept = tuple(p for p in parts if p is not None)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else ("all", kept)
