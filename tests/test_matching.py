"""The anchored matcher: same matches as spaCy's Matcher, computed only where they can occur."""
from __future__ import annotations

import spacy
from spacy.matcher import Matcher

from claimcheck.matching import AnchoredMatcher, pattern_anchor, plain

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
