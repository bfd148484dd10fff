"""Regexes pickled with their compiled code load as the very patterns re.compile makes."""
from __future__ import annotations

import pickle
import re

import pytest

from claimcheck import regexpickle

PATTERNS = [
    re.compile(r"(?<!\w)(?:our(?: clinic| team)?|price)(?!\w)", re.IGNORECASE),
    re.compile(r"(?P<drug>[A-Z][a-z]+mab)\s+(?:cures?|heals?)"),
    re.compile(r"\[\d+(?:[,–-]\d+)*\]"),
    re.compile(rb"^\x00(?:ab)+$", re.MULTILINE),
    re.compile(r"^[ \t]*#[ \t]*(claimcheck-[a-z-]+)\b(.*)$", re.M),
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: str(p.pattern)[:20])
def test_a_pattern_round_trips_to_an_equal_pattern(pattern: re.Pattern) -> None:
    loaded = pickle.loads(regexpickle.dumps(pattern))
    assert loaded == pattern
    assert loaded.groupindex == pattern.groupindex and loaded.groups == pattern.groups
    sample = "Our clinic: Keytruda cures [1,2] #  claimcheck-disable x" if isinstance(pattern.pattern, str) \
        else b"\x00abab"
    assert [m.span() for m in loaded.finditer(sample)] == [m.span() for m in pattern.finditer(sample)]


def test_the_stored_form_carries_the_compiled_code() -> None:
    pattern = PATTERNS[1]
    form = regexpickle._compiled_form(pattern)
    assert form is not None and form[0] == pattern.pattern and all(type(op) is int for op in form[2])


def test_patterns_inside_other_objects_are_stored_once_and_shared() -> None:
    pattern = PATTERNS[0]
    value = {"a": [pattern, pattern], "b": (pattern.search,)}
    loaded = pickle.loads(regexpickle.dumps(value))
    assert loaded["a"][0] is loaded["a"][1]
    assert loaded["b"][0]("see our team") is not None
    assert loaded["b"][0].__self__ is loaded["a"][0]


def test_code_from_another_interpreter_is_not_used() -> None:
    form = regexpickle._compiled_form(PATTERNS[1])
    broken = (form[0], form[1], [0, 1, 2], *form[3:])  # nonsense code, as another version might hold
    loaded = regexpickle.load_pattern(PATTERNS[1].pattern, PATTERNS[1].flags, ("another python", None), broken)
    assert loaded == PATTERNS[1]


def test_unusable_code_falls_back_to_compiling_the_source() -> None:
    form = regexpickle._compiled_form(PATTERNS[1])
    broken = (form[0], form[1], [999999], *form[3:])
    loaded = regexpickle.load_pattern(PATTERNS[1].pattern, PATTERNS[1].flags, regexpickle._STAMP, broken)
    assert loaded == PATTERNS[1]


def test_a_spacy_tokenizer_round_trips_and_tokenizes_the_same() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    tokenizer = pickle.loads(regexpickle.dumps(nlp.tokenizer))
    text = "Pembrolizumab (Keytruda) cut risk by 30%, e.g. in CAR-T trials… \"really?\" she asked."
    assert [t.text for t in tokenizer(text)] == [t.text for t in nlp.tokenizer(text)]
    assert tokenizer.prefix_search.__self__ == nlp.tokenizer.prefix_search.__self__
