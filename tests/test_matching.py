"""The anchored matcher: same matches as spaCy's Matcher, computed only where they can occur."""
from __future__ import annotations

import spacy
from spacy.matcher import Matcher

from claimcheck.matching import AnchoredMatcher, anchor_reach, pattern_anchor, plain

NUMBER = "\x00number"


def test_anchor_prefers_rare_required_words_over_common_ones() -> None:
    pattern = [{"LOWER": {"IN": ["the", "our"]}}, {"LOWER": {"IN": ["best", "safest"]}}, {"OP": "?"}]
    assert pattern_anchor(pattern) == frozenset({"best", "safest"})


def test_optional_tokens_never_anchor_and_numbers_are_a_last_resort() -> None:
    assert pattern_anchor([{"LOWER": "cure", "OP": "?"}, {"IS_ALPHA": True}]) is None
    assert pattern_anchor([{"LIKE_NUM": True}, {"LOWER": {"IN": ["%", "percent"]}}]) == frozenset({"%", "percent"})
    assert pattern_anchor([{"LOWER": "of"}, {"LIKE_NUM": True}]) == frozenset({NUMBER})


def test_plain_turns_mappings_and_tuples_into_plain_types() -> None:
    class Located(dict):
        pass

    value = plain((Located(LOWER=Located(IN=("a", "b"))),))
    assert value == [{"LOWER": {"IN": ["a", "b"]}}]
    assert type(value[0]) is dict


def test_same_matches_as_spacy_matcher_and_none_across_sentences() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("The drug cut the risk of death by 40%. Risk is not mentioned here. 12 of 30 patients responded.")
    patterns = {
        "relative": [[{"LOWER": "cut"}, {"OP": "{0,4}"}, {"LOWER": "risk"}, {"OP": "{0,3}"}, {"LOWER": "by"},
                      {"LIKE_NUM": True}, {"LOWER": "%"}]],
        "count": [[{"LIKE_NUM": True}, {"LOWER": "of"}, {"LIKE_NUM": True}]],
        "anything": [[{"IS_ALPHA": True, "OP": "+"}, {"LOWER": "responded"}]],
    }
    plain_matcher, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp)
    for key, group in patterns.items():
        plain_matcher.add(key, group)
        anchored.add(key, group)
    starts = [s.start for s in doc.sents]
    expected = sorted((nlp.vocab.strings[k], s, e) for k, s, e in plain_matcher(doc))
    found = sorted((nlp.vocab.strings[k], s, e) for k, s, e in anchored(doc, starts))
    assert found == expected
    assert ("relative", 2, 10) in found and ("count", 17, 20) in found


def test_anchor_reach_counts_the_tokens_a_match_can_hold_around_its_anchor_token() -> None:
    anchor = frozenset({"risk"})
    assert anchor_reach([{"LOWER": "cut"}, {"OP": "{0,4}"}, {"LOWER": "risk"}, {"OP": "?"}], anchor) == (5, 1)
    assert anchor_reach([{"IS_ALPHA": True, "OP": "+"}, {"LOWER": "risk"}], anchor) == (None, 0)
    # An anchor spec that may repeat: as far as the pattern's length on both sides.
    assert anchor_reach([{"LOWER": "risk", "OP": "+"}, {"LOWER": "of"}], anchor) is not None
    assert anchor_reach([{"LOWER": "risk", "OP": "{1,2}"}, {"LOWER": "of"}], anchor) == (2, 2)
    # A NORM value need not be the token's lower-case form ("n't" has the norm "not"): no narrow window.
    assert anchor_reach([{"NORM": "not"}, {"LOWER": "safe"}], frozenset({"not"})) is None
    assert anchor_reach([{"LIKE_NUM": True}, {"LOWER": "of"}], frozenset({NUMBER})) == (0, 1)


def test_narrow_windows_find_what_spacy_finds_near_sentence_ends_and_with_repeats() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Risk risk of harm fell. Of 12 people, 3 of 12 saw the risk of the risk of harm. The drug isn't "
              "safe and is not safe for 9 in 10 people, with a lifelong risk. Risk.")
    patterns = {
        "repeat": [[{"LOWER": "risk", "OP": "+"}, {"LOWER": "of"}, {"IS_ALPHA": True, "OP": "?"}]],
        "before": [[{"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "risk"}]],
        "after": [[{"LOWER": "risk"}, {"OP": "*"}, {"LOWER": "harm"}]],
        "count": [[{"LIKE_NUM": True}, {"LOWER": {"IN": ["of", "in"]}}, {"LIKE_NUM": True}]],
        "norm": [[{"NORM": "not"}, {"LOWER": "safe"}]],
        "edge": [[{"IS_PUNCT": True, "OP": "?"}, {"LOWER": "risk"}, {"IS_PUNCT": True, "OP": "?"}]],
    }
    plain_matcher, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp)
    for key, group in patterns.items():
        plain_matcher.add(key, group)
        anchored.add(key, group)
    sentences = [(s.start, s.end) for s in doc.sents]
    expected = sorted((nlp.vocab.strings[k], s, e) for k, s, e in plain_matcher(doc)
                      if any(lo <= s and e <= hi for lo, hi in sentences))
    found = sorted((nlp.vocab.strings[k], s, e) for k, s, e in anchored(doc, [lo for lo, _hi in sentences]))
    assert found == expected
    assert {key for key, _s, _e in found} == set(patterns)  # every pattern matches somewhere
