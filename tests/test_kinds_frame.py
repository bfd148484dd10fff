"""kinds/frame.py: frame syntax, matching with bounded gaps inside a clause, judged slots, antiframes."""
from __future__ import annotations

import pytest

from claimcheck.api import get_linter
from claimcheck.kinds.frame import DEFAULT_GAP, describe_frame, parse_frame


def test_a_frame_line_parses_into_slots_and_gaps() -> None:
    frame = parse_frame('TREATMENT ... ^CURE_VERB ..3 DISEASE "for good" #NUM @CANCER')
    assert [(s.kind, s.value, s.judged) for s in frame.slots] == [
        ("class", "TREATMENT", False), ("class", "CURE_VERB", True), ("class", "DISEASE", False),
        ("literal", "for good", False), ("number", "NUM", False), ("entity", "CANCER", False)]
    assert frame.gaps == (DEFAULT_GAP, 3, 0, 0, 0)
    assert frame.judged_index == 1


@pytest.mark.parametrize(("line", "problem"), [
    ("... CURE_VERB", "between two slots"),
    ("CURE_VERB ...", "ends with a gap"),
    ("CURE_VERB ..99 DISEASE", "at most"),
    ("^CURE_VERB ^DISEASE", "at most one slot"),
    ("@DRUG", "unknown entity label"),
    ('CURE_VERB "unclosed', "cannot read frame"),
])
def test_bad_frames_say_what_is_wrong(line: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_frame(line)


def _rules(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in get_linter().check_text(text, "a.md").findings if f.offset is not None]


def test_inflections_and_word_orders_of_one_claim_all_match() -> None:
    for text in ("The vaccine eradicated her tumour.", "Tumours were eradicated by the vaccine.",
                 "The protocol gets rid of cancer.", "Within weeks the cancer had vanished."):
        assert any(rule == "overclaim.cure" for rule, _ in _rules(text)), text


def test_a_gap_never_crosses_a_clause_boundary_or_its_bound() -> None:
    assert _rules("It cures; cancer research goes on.") == []
    assert _rules("It eradicates, after many long and difficult months of treatment, the cancer.") == []


def test_context_is_judged_on_the_marked_slot() -> None:
    assert _rules("Immunotherapy does not cure cancer.") == []  # "not" before the judged cure verb
    assert ("safety.no-side-effects", "no side effects") in _rules("This drug has no side effects.")


def test_an_antiframe_in_the_sentence_silences_the_match() -> None:
    assert _rules("The cancer disappeared in 9 of 38 patients.") == []
    assert ("overclaim.cure", "cancer disappeared") in _rules("The cancer disappeared.")


def test_explain_renders_a_frame_in_words() -> None:
    linter = get_linter()
    frame = parse_frame("^CURE_VERB ..4 DISEASE")
    text = describe_frame(frame, linter.ruleset.context.wordclasses)
    assert "CURE_VERB: cure" in text and "within 4 words" in text and "[context judged here]" in text


def test_an_unknown_class_in_a_rule_is_a_located_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.errors import DataError
    from claimcheck.rules import load_rules

    folder = tmp_path / "rules" / "hype"
    folder.mkdir(parents=True)
    (folder / "odd.yaml").write_text(
        "kind: frame\nseverity: warning\nmessage: m\ndescription: d\nsources: [HONCODE]\n"
        "frames: [\"NO_SUCH_CLASS ..2 DISEASE\"]\nexamples: {fail: [a], pass: [b]}\n", encoding="utf-8")
    rules = load_rules([tmp_path / "rules"])
    linter = get_linter()
    from claimcheck.engine import RuleSet

    with pytest.raises(DataError) as info:
        RuleSet(rules, linter.nlp, linter.reference, linter.lexicon)
    assert "unknown word class 'NO_SUCH_CLASS'" in info.value.problem and info.value.path.endswith("odd.yaml")


def test_an_entity_slot_may_name_a_reference_class_its_members_must_belong_to() -> None:
    frame = parse_frame("@AGENT:checkpoint_inhibitor ..3 ^KILL_VERB")
    slot = frame.slots[0]
    assert (slot.kind, slot.value, slot.member_of, slot.key) == (
        "entity", "AGENT", "checkpoint_inhibitor", "entity:AGENT:checkpoint_inhibitor")
    for line in ("@CANCER:melanoma", "@AGENT:"):
        with pytest.raises(ValueError, match="only @AGENT:class_id and @CLASS:class_id"):
            parse_frame(line)


def _member_rule(tmp_path, frame: str) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path / "rules" / "mechanism"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "members.yaml").write_text(
        "kind: frame\nseverity: warning\nmessage: m\ndescription: d\nsources: [NCI_ICI]\n"
        f"frames: [{frame!r}]\nexamples: {{fail: [a], pass: [b]}}\n", encoding="utf-8")
    return str(tmp_path / "rules")


def test_a_member_slot_matches_members_of_the_class_and_of_its_subclasses_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.api import Linter

    linter = Linter(extra_rules=[_member_rule(tmp_path, "@AGENT:checkpoint_inhibitor ..3 ^KILL_VERB ..3 KILL_TARGET")])

    def fired(text: str) -> list[str]:
        return [f.text for f in linter.check_text(text, "a.md").findings if f.rule == "mechanism.members"]

    assert fired("Keytruda kills cancer cells.") == ["Keytruda kills cancer cells"]  # a PD-1 inhibitor
    assert fired("Yervoy destroys tumours.") == ["Yervoy destroys tumours"]          # a CTLA-4 inhibitor
    assert fired("Imatinib kills cancer cells.") == []                               # a kinase inhibitor
    assert fired("Chemotherapy kills cancer cells.") == []                           # a class, not an agent


def test_a_member_slot_naming_an_unknown_class_is_a_located_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.api import Linter
    from claimcheck.errors import DataError

    with pytest.raises(DataError) as info:
        Linter(extra_rules=[_member_rule(tmp_path, "@AGENT:no_such_class ..3 KILL_VERB")])
    assert "unknown reference class 'no_such_class'" in info.value.problem
    assert info.value.path.endswith("members.yaml")


def test_explain_names_the_class_a_member_slot_requires() -> None:
    assert "named in the reference, a member of reference class checkpoint_inhibitor" in describe_frame(
        parse_frame("@AGENT:checkpoint_inhibitor ..3 KILL_VERB"))


def test_slot_index_present_names_the_slots_that_occur_including_numbers_and_class_members() -> None:
    import spacy

    from claimcheck.kinds.frame import NUMBER_KEY, SlotIndex

    doc = spacy.blank("en")("Drug X helped 12 people.")
    doc.user_data.clear()
    index = SlotIndex(doc, {"helped": [(2, 3)], "cured": []}, entities=[doc[0:2]],
                      is_a=lambda entry, cls: cls == "checkpoint_inhibitor")
    keys = ["literal:helped", "literal:cured", "literal:never", NUMBER_KEY, "entity:",
            "entity::checkpoint_inhibitor", "entity::other"]
    # doc[0:2] is a Span without a label or reference id: it is an entity of label "", not a member.
    assert index.present(keys) == {"literal:helped", NUMBER_KEY, "entity:"}
    assert SlotIndex(spacy.blank("en")("No figures here."), {}).present([NUMBER_KEY]) == frozenset()


def test_frame_kinds_on_one_article_share_its_slot_places_and_find_what_a_fresh_index_finds() -> None:
    from claimcheck.kinds.base import Article
    from claimcheck.kinds.frame import NUMBER_KEY, SlotIndex, article_boundaries, boundary_prefix

    linter = get_linter()
    doc, _prose = linter.annotate("Pembrolizumab cured 12 patients. Nothing else helped.\n\nIt cured nobody.")
    article = Article(doc, "article")
    is_a = linter.reference.is_a
    first = SlotIndex.for_article(article, {"cured": [(1, 2), (11, 12)]}, is_a)
    second = SlotIndex.for_article(article, {"helped": [(7, 8)]}, is_a)
    fresh = SlotIndex(doc, {"cured": [(1, 2), (11, 12)]}, article.all_entities, is_a)
    assert first._base is second._base  # class, entity and number places built once
    keys = [NUMBER_KEY, "entity:AGENT", "literal:cured", "literal:helped"]
    assert first.present(keys) == fresh.present(keys) == {NUMBER_KEY, "entity:AGENT", "literal:cured"}
    assert second.present(keys) == {NUMBER_KEY, "entity:AGENT", "literal:helped"}
    for key in keys[:3]:
        assert first.at(key) == fresh.at(key)
    starts = article.sentence_starts
    assert first.sentence_mask("literal:cured", starts) == 0b101  # sentences 0 and 2
    assert second.sentence_mask("literal:helped", starts) == 0b010
    assert first.sentence_mask(NUMBER_KEY, starts) == 0b001
    assert first.sentence_mask("literal:helped", starts) == 0  # not among this index's literals
    assert article_boundaries(article, [1, 2]) is article_boundaries(article, [1, 2])
    assert article_boundaries(article, [1, 2]) == boundary_prefix(doc, [1, 2])


def test_a_hyphenated_word_in_a_gap_counts_as_one_word(rule_ids) -> None:  # type: ignore[no-untyped-def]
    import spacy

    from claimcheck.kinds.frame import join_prefix

    doc = spacy.blank("en")("free of the immune-related toxicities, well - known")
    # "immune - related": the hyphen and "related" are glued to "immune"; a spaced dash joins nothing
    assert join_prefix(doc) == [0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2]
    assert join_prefix(spacy.blank("en")("")) == [0]
    # "NEGATIVE_QUANTIFIER ..3 HARM": three words, although "immune-related" is three tokens
    assert "safety.no-side-effects" in rule_ids("The vaccine is free of the immune-related toxicities of chemo.")
    assert "safety.no-side-effects" not in rule_ids("It is free of the cost of the long hospital stays and toxicities.")
