"""The anchored matcher: same matches as spaCy's Matcher, computed only where they can occur."""
from __future__ import annotations

import spacy
from spacy.matcher import Matcher

from claimcheck.matching import AnchoredMatcher, anchor_reach, pattern_anchor, pattern_needs, plain

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


def _sentencized(text: str) -> tuple[spacy.language.Language, spacy.tokens.Doc]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp, nlp(text)


def _both_matchers(nlp: spacy.language.Language, patterns: dict[str, list]) -> tuple[Matcher, AnchoredMatcher]:  # type: ignore[type-arg]
    plain_matcher, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp)
    for key, group in patterns.items():
        plain_matcher.add(key, group)
        anchored.add(key, group)
    return plain_matcher, anchored


def test_same_matches_as_spacy_matcher_and_none_across_sentences() -> None:
    nlp, doc = _sentencized("The drug cut the risk of death by 40%. Risk is not mentioned here. 12 of 30 patients responded.")
    patterns = {
        "relative": [[{"LOWER": "cut"}, {"OP": "{0,4}"}, {"LOWER": "risk"}, {"OP": "{0,3}"}, {"LOWER": "by"},
                      {"LIKE_NUM": True}, {"LOWER": "%"}]],
        "count": [[{"LIKE_NUM": True}, {"LOWER": "of"}, {"LIKE_NUM": True}]],
        "anything": [[{"IS_ALPHA": True, "OP": "+"}, {"LOWER": "responded"}]],
    }
    plain_matcher, anchored = _both_matchers(nlp, patterns)
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
    nlp, doc = _sentencized("Risk risk of harm fell. Of 12 people, 3 of 12 saw the risk of the risk of harm. The drug isn't "
              "safe and is not safe for 9 in 10 people, with a lifelong risk. Risk.")
    patterns = {
        "repeat": [[{"LOWER": "risk", "OP": "+"}, {"LOWER": "of"}, {"IS_ALPHA": True, "OP": "?"}]],
        "before": [[{"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "risk"}]],
        "after": [[{"LOWER": "risk"}, {"OP": "*"}, {"LOWER": "harm"}]],
        "count": [[{"LIKE_NUM": True}, {"LOWER": {"IN": ["of", "in"]}}, {"LIKE_NUM": True}]],
        "norm": [[{"NORM": "not"}, {"LOWER": "safe"}]],
        "edge": [[{"IS_PUNCT": True, "OP": "?"}, {"LOWER": "risk"}, {"IS_PUNCT": True, "OP": "?"}]],
    }
    plain_matcher, anchored = _both_matchers(nlp, patterns)
    sentences = [(s.start, s.end) for s in doc.sents]
    expected = sorted((nlp.vocab.strings[k], s, e) for k, s, e in plain_matcher(doc)
                      if any(lo <= s and e <= hi for lo, hi in sentences))
    found = sorted((nlp.vocab.strings[k], s, e) for k, s, e in anchored(doc, [lo for lo, _hi in sentences]))
    assert found == expected
    assert {key for key, _s, _e in found} == set(patterns)  # every pattern matches somewhere


def test_pattern_needs_lists_the_words_every_match_must_hold() -> None:
    pattern = [{"LIKE_NUM": True}, {"ORTH": "Of", "OP": "+"}, {"LOWER": "the", "OP": "?"},
               {"NORM": "not"}, {"LOWER": {"IN": ["Patients", "people"]}}, {"TEXT": "x", "OP": "!"}]
    # ORTH "Of" needs a token whose lower-case form is "of"; optional, negated and NORM specs need nothing.
    assert pattern_needs(pattern) == (frozenset({NUMBER}), frozenset({"of"}), frozenset({"patients", "people"}))
    assert pattern_needs([{"LOWER": "risk", "OP": "{0,2}"}, {"IS_ALPHA": True}]) == ()


def test_windows_without_the_words_a_pattern_needs_are_skipped_with_the_same_matches() -> None:
    nlp, doc = _sentencized("In 2019, 12 of 30 patients responded. Of the 40 people, 3 out of 4 did. About 5 did. "
              "Then 7 OUT of 9 and 8 per cent versus 2 per cent.")
    patterns = {
        "out_of": [[{"LIKE_NUM": True}, {"LOWER": "out"}, {"LOWER": "of"}, {"LIKE_NUM": True}]],
        "of_the": [[{"LIKE_NUM": True}, {"LOWER": "of"}, {"LOWER": {"IN": ["the", "those"]}}],
                   [{"LOWER": "of"}, {"LOWER": "the", "OP": "?"}, {"LIKE_NUM": True}]],
        "per_cent": [[{"LIKE_NUM": True}, {"LOWER": "per"}, {"ORTH": "cent"}, {"OP": "{0,3}"},
                      {"LOWER": "versus"}]],
    }
    plain_matcher, anchored = _both_matchers(nlp, patterns)
    calls = []
    for group, matcher in anchored.groups.items():
        anchored.groups[group] = lambda span, matcher=matcher: calls.append(span.start) or matcher(span)
    starts = [s.start for s in doc.sents]
    expected = sorted((nlp.vocab.strings[k], s, e) for k, s, e in plain_matcher(doc))
    found = sorted((nlp.vocab.strings[k], s, e) for k, s, e in anchored(doc, starts))
    assert found == expected
    assert ("out_of", 14, 18) in found and ("out_of", 25, 29) in found and ("per_cent", 30, 34) in found
    # "About 5 did." holds a number but none of the words: its window is never handed to a Matcher.
    about = next(t.i for t in doc if t.text == "5")
    assert all(not (start <= about < start + 4) for start in calls if doc[start].sent.start == doc[about].sent.start)
