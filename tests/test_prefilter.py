"""prefilter.py: a relaxed regex (word boundaries left out) matches a whole text whenever the
original matches any slice of it, and regexes that look at context otherwise get no pre-filter."""
from __future__ import annotations

import random
import re

import pytest

from claimcheck.prefilter import _FOLD_BREAKERS, LiteralScreen, folded, relaxed


@pytest.mark.parametrize(("pattern", "loose"), [
    (r"\bpolio(?:virus)? vaccines?\b", r"polio(?:virus)? vaccines?"),
    (r"(?:don[’']?t|do not)[- ]eat[- ]me", r"(?:don[’']?t|do not)[- ]eat[- ]me"),
    (r"[\b]x\b", r"[\b]x"),           # inside a class \b is a backspace, and stays
    (r"[]\b]y\B", r"[]\b]y"),         # a leading ']' is a literal of the class
    (r"a\\b", r"a\\b"),               # an escaped backslash and a letter b
    (r"\bpd-?l1\b(?:\s+[\w-]+){0,3}", r"pd-?l1(?:\s+[\w-]+){0,3}"),
])
def test_word_boundaries_are_left_out_and_nothing_else(pattern: str, loose: str) -> None:
    found = relaxed(re.compile(pattern, re.IGNORECASE))
    assert found is not None and found.pattern == loose and found.flags == re.compile(pattern, re.I).flags


@pytest.mark.parametrize("pattern", [r"^cure\b", r"cures$", r"(?<!no )cure", r"cure(?= all)", r"(a)\1",
                                     r"\Acure", r"cure\Z"])
def test_other_context_means_no_prefilter(pattern: str) -> None:
    assert relaxed(re.compile(pattern)) is None


def test_a_match_in_any_slice_implies_a_match_of_the_relaxed_form_in_the_whole_text() -> None:
    words = ["cd47", "cd-47", "pd-l1", "pdl1", "x", "blocks", "blocked", "the", "a", "_", "-", ".", "polio",
             "vaccine", "vaccines", "tumour"]
    patterns = [re.compile(p, re.IGNORECASE) for p in (
        r"\bcd47\b", r"\bpd-?l1\b\s+\w+", r"\bblock\w*\s+(?:a|the)?\s*tumou?r", r"\bpolio vaccines?\b",
        r"\B-47\b")]
    rng = random.Random(20261203)
    checked = 0
    for _case in range(400):
        text = "".join(rng.choice(words) + rng.choice([" ", "", "  ", ". "]) for _ in range(rng.randint(1, 12)))
        cuts = sorted(rng.sample(range(len(text) + 1), k=min(3, len(text) + 1)))
        for pattern in patterns:
            loose = relaxed(pattern)
            assert loose is not None
            for lo, hi in zip(cuts, cuts[1:], strict=False):
                if pattern.search(text[lo:hi]):
                    checked += 1
                    assert loose.search(text)
    assert checked > 50  # the property was exercised, not vacuously true


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"(tecelra|afamitresgene(?: autoleucel)?|afami-cel)", ("any", ("tecelra", "afamitresgene", "afami-cel"))),
    (r"Polio(?:virus)? vaccines?", ("all", ("polio", " vaccine"))),
    (r"a(?:b)*c|x{2,3}", ("any", (("all", ("a", "c")), "x"))),
    (r"ab(?-i:CD)", "ab"),     # a group that changes the flags tells nothing
    (r"[ab]c?", None),
])
def test_literal_screen_needs(pattern: str, needs: object) -> None:
    assert LiteralScreen.of(re.compile(pattern, re.IGNORECASE)).needs == needs


def test_a_case_sensitive_screen_reads_the_text_as_written() -> None:
    screen = LiteralScreen.of(re.compile(r"CAR-T"))
    assert screen.needs == "CAR-T" and not screen.ignorecase
    assert screen.passes("CAR-T cells", folded("CAR-T cells")) and not screen.passes("car-t cells", "car-t cells")


def test_the_fold_breakers_are_every_character_an_ascii_letter_matches_that_lower_cases_to_no_such_letter() -> None:
    letter = re.compile(r"[a-z]", re.IGNORECASE)
    found = [c for c in map(chr, range(128, 0x110000)) if letter.fullmatch(c)
             and not (len(c.lower()) == 1 and c.lower().isascii() and re.fullmatch(c.lower(), c, re.IGNORECASE))]
    assert sorted(found) == sorted(_FOLD_BREAKERS)
    assert folded("Straße İstanbul") is None and folded("Straße") == "straße"


def test_a_failing_literal_screen_means_no_match() -> None:
    words = ["T-VEC", "tvec", "Imlygic", "the virus", "herpes", "cells", "ſ", "K", "afami-cel", "x", " ", "-"]
    patterns = [re.compile(p, re.IGNORECASE) for p in (
        r"(t-?vec|imlygic|oncolytic (?:herpes )?virus(?:es)?|the virus)(?:es)? cells", r"afami-cel|tecelra",
        r"k?cells+")]
    rng = random.Random(20261204)
    screened = 0
    for _case in range(600):
        text = "".join(rng.choice(words) + rng.choice([" ", ""]) for _ in range(rng.randint(1, 10)))
        for pattern in patterns:
            screen = LiteralScreen.of(pattern)
            if not screen.passes(text, folded(text)):
                screened += 1
                assert pattern.search(text) is None
    assert screened > 50
