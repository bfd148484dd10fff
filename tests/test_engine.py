"""engine.py: findings placed at the exact words in the original Markdown, sorted, document scope."""
from __future__ import annotations

import pytest

from claimcheck.engine import prose_text
from claimcheck.finding import Position, Scope
from claimcheck.markup import parse_markdown

LIST_ARTICLE = (
    "# Notes\n"                              # line 1
    "\n"                                     # line 2
    "Intro sentence here.\n"                 # line 3
    "\n"                                     # line 4
    "- A **miracle** for our patients.\n"    # line 5
)


def test_prose_text_joins_blocks_with_blank_lines() -> None:
    prose = parse_markdown("# Title\n\nFirst *para*.\n\n- item\n")
    joined, spans, placement = prose_text(prose)
    assert joined == "Title\n\nFirst para.\n\nitem"
    assert spans == [(0, 5, "heading"), (7, 18, "paragraph"), (20, 24, "list_item")]
    assert placement.starts == (0, 7, 20)
    source = prose.source
    assert source[placement.to_source(joined.index("para"))] == "p"
    assert source[placement.to_source(joined.index("item"))] == "i"


def test_span_in_bold_inside_a_list_item(findings) -> None:  # type: ignore[no-untyped-def]
    (finding,) = [f for f in findings(LIST_ARTICLE) if f.rule == "hype.miracle"]
    assert finding.scope is Scope.SPAN
    assert finding.start == Position(5, 7)
    assert finding.end == Position(5, 14)
    assert LIST_ARTICLE[finding.offset:finding.end_offset] == "miracle"
    assert finding.text == "miracle"
    assert finding.sentence == "A miracle for our patients."
    assert finding.sentence_offset == LIST_ARTICLE.index("A **miracle**")


def test_offsets_survive_links_entities_crlf_and_non_ascii(findings) -> None:  # type: ignore[no-untyped-def]
    text = ("Caf\u00e9 news &amp; views \u2014 see [our page](https://example.org/miracle).\r\n"
            "\r\n"
            "Na\u00efve readers call it a *wonder drug* today.\r\n")
    (finding,) = [f for f in findings(text) if f.rule == "hype.miracle"]
    assert finding.text == "wonder drug"
    assert text[finding.offset:finding.end_offset] == "wonder drug"
    assert finding.start == Position(3, text.split("\r\n")[2].index("wonder") + 1)
    assert finding.end.line == 3


def test_plain_text_positions(findings) -> None:  # type: ignore[no-untyped-def]
    text = "Clinic news\n\nOur staff are proud.\nThis miracle\ntreatment is new.\n"
    (finding,) = [f for f in findings(text, "notes.txt") if f.rule == "hype.miracle"]
    assert finding.start == Position(4, 6)
    assert finding.text == "miracle"


def test_findings_are_sorted_with_document_findings_first(findings, rule_ids) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Pembrolizumab shrinks tumours in people with advanced melanoma, and doctors at the city hospital "
        "now offer it to more of their patients every month. The drug is given as an infusion every three "
        "weeks in the clinic. Nurses explain the schedule, and families plan visits around it. This miracle "
        "drug is a breakthrough. The hospital hopes to open a second clinic next spring so that patients "
        "from the countryside can travel less for each dose of the drug.\n"
    )
    result = findings(text)
    keys = [f.sort_key for f in result]
    assert keys == sorted(keys)
    document = [f for f in result if f.scope is Scope.DOCUMENT]
    assert document, "a long article with claims and no disclaimer gets document findings"
    assert result[:len(document)] == tuple(document)
    for finding in document:
        assert finding.offset is None and finding.end_offset is None
        assert finding.start is None and finding.end is None and finding.text is None
    spans = [f for f in result if f.scope is Scope.SPAN]
    assert [f.offset for f in spans] == sorted(f.offset for f in spans)
    assert {"hype.miracle", "hype.breakthrough"} <= set(rule_ids(text))


def test_code_and_html_comments_are_never_linted(rule_ids) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A calm introduction.\n\n"
        "```\nThis miracle drug cures cancer.\n```\n\n"
        "    This miracle drug cures cancer.\n\n"
        "<!-- This miracle drug cures cancer. -->\n\n"
        "Inline `miracle cure` code and [a link](https://example.org/miracle-cure).\n"
    )
    assert rule_ids(text) == []


def test_empty_and_whitespace_only_files(linter) -> None:  # type: ignore[no-untyped-def]
    for text in ("", "   \n\n", "---\ntitle: x\n---\n", "```\nmiracle\n```\n"):
        report = linter.check_text(text, "a.md")
        assert report.findings == () and report.error is None


def test_finding_carries_rule_metadata(findings, linter) -> None:  # type: ignore[no-untyped-def]
    (finding,) = [f for f in findings("This miracle treatment is here.") if f.rule == "hype.miracle"]
    info = linter.rule_infos()["hype.miracle"]
    assert finding.category == info.category
    assert finding.severity == info.severity
    assert finding.suggestion == info.suggestion
    assert finding.sources and finding.sources[0].startswith("http")
    assert "miracle" in finding.message


def test_a_references_heading_counts_as_a_source_for_statistics(rule_ids) -> None:  # type: ignore[no-untyped-def]
    text = "About 40% of patients respond to pembrolizumab.\n\n"
    assert rule_ids(text) == ["evidence.unsourced-statistic"]
    assert rule_ids(text + "## References\n\n1. A trial report.\n") == []
    assert rule_ids(text + "The sources of the figures vary.\n") == ["evidence.unsourced-statistic"]


def test_neighbouring_sentences_count_only_within_the_paragraph(rule_ids) -> None:  # type: ignore[no-untyped-def]
    claim = "Immunotherapy is gentler than chemotherapy."
    assert rule_ids(claim) == ["safety.safer-than"]
    assert rule_ids(claim + " The study of 300 patients found this.") == []
    assert rule_ids(claim + "\n\nThe study of 300 patients found this.") == ["safety.safer-than"]


def test_no_side_effects_is_excused_for_a_minority_only(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert rule_ids("With pembrolizumab, some patients have no side effects at all.") == []
    assert rule_ids("With pembrolizumab, most patients have no side effects at all.") == ["safety.no-side-effects"]


def test_supplement_statement_only_when_a_supplement_is_sold(rule_ids) -> None:  # type: ignore[no-untyped-def]
    body = ("Our mushroom extract helps your immune system fight tumors, and readers say the capsules gave "
            "them energy during chemotherapy. The blend is grown on our own farm in the mountains and "
            "tested for purity in our lab every season. ")
    assert "disclaimer.supplement-statement" in rule_ids(body + "Order today and save on your first bottle.")
    assert "disclaimer.supplement-statement" not in rule_ids(body)


def test_mechanism_in_a_relative_clause(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert rule_ids("They all had the genetic mutation that pembrolizumab is designed to target.") == [
        "mechanism.class-mechanism"]
    assert rule_ids("They all had the mutation that erlotinib is designed to target.") == []


def test_a_denial_of_side_effects_is_no_word_on_risks(rule_ids) -> None:  # type: ignore[no-untyped-def]
    body = ("Our immune protocol helped hundreds of patients beat their cancer, and many are still in remission "
            "years later. It strengthens the immune system with vitamins and mushroom extracts chosen for each "
            "patient by our team, and each course lasts six weeks at our clinic by the sea, where patients "
            "rest, walk and eat fresh food every day. ")
    found = rule_ids(body + "It has no harmful side effects.")
    assert "disclaimer.missing-risks" in found and "safety.no-side-effects" in found
    assert "disclaimer.missing-risks" not in rule_ids(body + "Side effects include tiredness and fever.")


def test_wrong_target_uses_the_reference_targets(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert rule_ids("Pembrolizumab blocks CTLA-4 on T cells.") == ["mechanism.wrong-target"]
    assert rule_ids("Pembrolizumab blocks PD-1 on T cells.") == []
    assert rule_ids("Atezolizumab targets the PD-1/PD-L1 pathway.") == []
    assert rule_ids("Nivolumab blocks PD-1, while ipilimumab blocks CTLA-4.") == []


_PROMOTED_VACCINE = ("The new vaccine shrank tumours in most of the men who received it, and many of them are still "
                     "in remission two years later. Doctors at the centre say the vaccine works better than anything "
                     "they have used before, and they plan to offer it to hundreds more people with prostate cancer "
                     "next year, once the funding is in place and the new laboratory has opened. ")


def _about(drug: str) -> str:
    return _PROMOTED_VACCINE.replace("The new vaccine", drug).replace("the vaccine", "it")


@pytest.mark.parametrize(("body", "no_word_on_risks", "a_word_on_risks"), [
    # a denial opening the noun phrase denies harm, whatever modifiers sit between
    (_PROMOTED_VACCINE, "No serious treatment-related adverse events have been seen so far.",
     "There were no deaths, but adverse events included fever and a rash."),
    # in an article about an immunotherapy, chemotherapy's side effects do not balance its benefits
    (_about("Pembrolizumab"), "Unlike chemotherapy, which can have severe side effects, it is given once every three weeks.",
     "Its side effects can include colitis and thyroid problems."),
    # deaths from the disease and relapses are the cancer's course, not a harm of the drug
    (_about("Nivolumab"), "Melanoma causes most skin cancer deaths, and before nivolumab many patients relapsed and died.",
     "Nivolumab can cause inflammation of the bowel, and it was fatal in a few patients."),
])
def test_what_counts_as_a_word_about_risks(rule_ids, body: str, no_word_on_risks: str,  # type: ignore[no-untyped-def]
                                           a_word_on_risks: str) -> None:
    assert "disclaimer.missing-risks" in rule_ids(body + no_word_on_risks)
    assert "disclaimer.missing-risks" not in rule_ids(body + a_word_on_risks)


TRIPLE_TEXT = ("Keytruda is approved for melanoma. Pembrolizumab blocks PD-1. Ipilimumab, a checkpoint inhibitor, "
               "was the first checkpoint inhibitor. Checkpoint inhibitors unleash T cells.")


def test_the_rule_set_names_the_triple_relations_its_rules_read(linter) -> None:  # type: ignore[no-untyped-def]
    ruleset = linter.ruleset
    read = {kind.relation for kind in ruleset.kinds if getattr(kind, "relation", "")}
    assert ruleset.triple_relations == read and "treats" in read
    no_triples = ruleset.subset([r for r in ruleset.rules if ruleset.rules[r].kind == "phrase"])
    assert no_triples.triple_relations == frozenset()


def test_the_triples_component_finds_only_the_relations_asked_for(linter) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.pipeline import annotate

    joined, blocks, _placement = prose_text(parse_markdown(TRIPLE_TEXT))
    every = annotate(linter.nlp, joined, blocks)._.cc_triples
    assert {"treats", "targets", "is_a", "first_of", "acts_through"} <= {t.relation for t in every}
    treats = annotate(linter.nlp, joined, blocks, frozenset({"treats"}))._.cc_triples
    assert [(t.relation, t.start, t.end) for t in treats] == [(t.relation, t.start, t.end) for t in every
                                                             if t.relation == "treats"]
    assert annotate(linter.nlp, joined, blocks, frozenset())._.cc_triples == []


def test_findings_do_not_change_when_triples_are_limited(linter) -> None:  # type: ignore[no-untyped-def]
    """check_text finds only the relations its rules read; the findings are those of a doc with all."""
    from claimcheck.engine import link_chars, to_findings
    from claimcheck.pipeline import annotate
    from claimcheck.source import LineIndex

    text = TRIPLE_TEXT + " Opdivo is approved for pancreatic cancer."
    prose = parse_markdown(text)
    joined, blocks, placement = prose_text(prose)
    doc = annotate(linter.nlp, joined, blocks)
    hits = linter.ruleset.check(doc, "article", link_chars(prose, placement))
    expected = to_findings(hits, doc, placement, text, LineIndex(text), linter.reference)
    assert "evidence.off-label" in {f.rule for f in expected}  # a finding that needs a triple
    assert list(linter.check_text(text, "a.md", kind="article").findings) == expected

