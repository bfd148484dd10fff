"""pipeline/: sentences, entity ruler, context (ConText-style scopes) and claims, on short fixtures."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from claimcheck.api import Linter
from claimcheck.pipeline.extensions import ENTITY_GROUP


@pytest.fixture(scope="module")
def annotate(linter: Linter):  # type: ignore[no-untyped-def]
    def run(text: str, path: str = "a.md") -> Doc:
        doc, _prose = linter.annotate(text, path)
        return doc

    return run


def sentences(doc: Doc) -> list[str]:
    return [s.text.strip() for s in doc.sents]


def entities(doc: Doc) -> list[tuple[str, str, str]]:
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[ENTITY_GROUP]]


def phrase(doc: Doc, text: str) -> Span:
    """The span of the first occurrence of `text` (whole tokens)."""
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    assert span is not None, text
    return span


def context(doc: Doc, text: str) -> frozenset[str]:
    return phrase(doc, text)._.cc_context


# ----- sentences ------------------------------------------------------------------------------------

def test_abbreviations_do_not_end_sentences(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Dr. Lee and Smith et al. studied it in the U.S. last year. Then it worked.")
    assert sentences(doc) == ["Dr. Lee and Smith et al. studied it in the U.S. last year.", "Then it worked."]


def test_closing_quote_stays_with_its_sentence(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate('She said "It works." Then she left. Really? Yes!')
    assert sentences(doc) == ['She said "It works."', "Then she left.", "Really?", "Yes!"]


def test_lower_case_after_a_full_stop_continues_the_sentence(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("The dose was 2.5 mg. per kg in the trial.")
    assert len(sentences(doc)) == 1


def test_sentences_never_cross_blocks(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("# A heading without a stop\n\nA paragraph without a stop\n\n- an item without a stop\n")
    assert sentences(doc) == ["A heading without a stop", "A paragraph without a stop", "an item without a stop"]
    kinds = [s._.cc_block_kind for s in doc.sents]
    assert kinds == ["heading", "paragraph", "list_item"]


def test_sentence_starts_kept_by_the_segmenter_are_those_of_doc_sents(annotate) -> None:  # type: ignore[no-untyped-def]
    import spacy

    from claimcheck.pipeline.extensions import SENTENCE_STARTS_KEY, sentence_starts

    doc = annotate("# A heading\n\nIt works. Dr. Lee said so. Really?\n\n- an item\n")
    assert doc.user_data[SENTENCE_STARTS_KEY] == [s.start for s in doc.sents] == sentence_starts(doc)
    assert len(sentence_starts(doc)) == 5
    plain = spacy.blank("en")("One. Two.")  # not segmented by cc_sentences: read from Doc.sents
    plain[2].is_sent_start = True  # "Two"
    assert sentence_starts(plain) == [0, 2]
    assert sentence_starts(spacy.blank("en")("")) == []


# ----- entities -------------------------------------------------------------------------------------

def test_generic_brand_and_code_names(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Pembrolizumab (Keytruda, also called MK-3475) is given by infusion.")
    assert entities(doc) == [
        ("Pembrolizumab", "AGENT", "pembrolizumab"),
        ("Keytruda", "AGENT", "pembrolizumab"),
        ("MK-3475", "AGENT", "pembrolizumab"),
    ]


def test_brand_is_case_insensitive(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("She was given keytruda and NIVOLUMAB.")
    assert [(t, kb) for t, _label, kb in entities(doc)] == [("keytruda", "pembrolizumab"), ("NIVOLUMAB", "nivolumab")]


def test_plural_class_name(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Checkpoint inhibitors are antibodies.")
    assert ("Checkpoint inhibitors", "CLASS", "checkpoint_inhibitor") in entities(doc)


def test_hyphen_and_space_variants(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("CAR T-cell therapy is one option and CAR-T is another.")
    found = [(t, kb) for t, label, kb in entities(doc) if label == "CLASS"]
    assert found == [("CAR T-cell therapy", "car_t_cell_therapy"), ("CAR-T", "car_t_cell_therapy")]
    doc = annotate("CAR T cell therapy is one option.")
    assert ("CAR T cell therapy", "CLASS", "car_t_cell_therapy") in entities(doc)


def test_case_sensitive_name_at_the_end_of_a_sentence(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Her doctors offered CAR-T.")
    assert ("CAR-T", "CLASS", "car_t_cell_therapy") in entities(doc)


def test_case_sensitive_abbreviation(annotate) -> None:  # type: ignore[no-untyped-def]
    assert ("ICI", "CLASS", "checkpoint_inhibitor") in entities(annotate("An ICI was given."))
    assert not [e for e in entities(annotate("An ici was given.")) if e[2] == "checkpoint_inhibitor"]


def test_side_effects_and_cancers(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Colitis is a known risk in melanoma treatment.")
    found = {(t, label, kb) for t, label, kb in entities(doc)}
    assert ("Colitis", "SIDE_EFFECT", "colitis") in found
    assert ("melanoma", "CANCER", "melanoma") in found


def test_generic_treatment_phrase(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Doctors say the drug helped.")
    assert ("the drug", "TREATMENT", "") in entities(doc)
    # a clinic selling a cell treatment often calls it "the procedure"
    assert ("The procedure", "TREATMENT", "") in entities(annotate("The procedure is safe and easy."))


# ----- context --------------------------------------------------------------------------------------

def test_negation(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "negated" in context(annotate("Immunotherapy does not cure cancer."), "cure")
    assert "negated" not in context(annotate("Immunotherapy cures cancer."), "cures")


def test_hedging(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "hedged" in context(annotate("Immunotherapy may help some patients."), "help")
    assert "hedged" not in context(annotate("Immunotherapy helps patients."), "helps")


def test_frequency_is_its_own_context_apart_from_hedging(annotate) -> None:  # type: ignore[no-untyped-def]
    found = context(annotate("Side effects are usually mild."), "mild")
    assert "frequency" in found and "hedged" not in found
    assert "frequency" not in context(annotate("Side effects are mild."), "mild")


def test_how_often_excuses_a_side_effect_figure_but_not_an_absolute(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert rule_ids("Immunotherapy often leaves patients cancer-free.") == ["overclaim.cancer-free"]
    assert rule_ids("Immunotherapy may leave some patients cancer-free.") == []
    assert "safety.side-effects-minimised" in rule_ids("The side effects of immunotherapy are always mild.")
    assert rule_ids("The side effects of immunotherapy are usually mild.") == []


def test_question_mark(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "question" in context(annotate("Does immunotherapy cure cancer?"), "cure")
    assert "question" not in context(annotate("Immunotherapy cures cancer."), "cures")


def test_question_heading_without_a_mark(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("# Does immunotherapy cure cancer\n\nSome text.\n")
    assert {"question", "heading"} <= context(doc, "cure")
    doc = annotate("# Immunotherapy cures cancer\n\nSome text.\n")
    found = context(doc, "cures")
    assert "heading" in found and "question" not in found


def test_debunking(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "debunked" in context(annotate("Myth: immunotherapy cures every cancer."), "cures")
    assert "debunked" not in context(annotate("Fact: immunotherapy helps some people."), "helps")


def test_first_person_quote_is_testimony(annotate) -> None:  # type: ignore[no-untyped-def]
    found = context(annotate('"I was cured by immunotherapy," she said.'), "cured")
    assert {"quoted", "testimony"} <= found
    found = context(annotate('"Immunotherapy cures cancer," the advert said.'), "cures")
    assert "quoted" in found and "testimony" not in found


def test_reported_belief(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "reported" in context(annotate("Many people think immunotherapy cures cancer."), "cures")
    assert "reported" not in context(annotate("Immunotherapy cures cancer."), "cures")
    assert "reported" in context(annotate("They often picture a jab that cures cancer for good."), "cures")


def test_conditional(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "conditional" in context(annotate("If the trial succeeds, the vaccine will cure cancer."), "cure")
    assert "conditional" not in context(annotate("The vaccine will cure cancer."), "cure")


def test_terms_of_art(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "term_of_art" in context(annotate("The drug received Breakthrough Therapy designation."), "Breakthrough")
    assert "term_of_art" in context(annotate("Natural killer cells attack tumours."), "Natural")
    assert "term_of_art" not in context(annotate("A breakthrough for patients."), "breakthrough")
    assert "term_of_art" not in context(annotate("A natural remedy."), "natural")


def test_scope_is_per_predicate_and_ends_at_a_terminator(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Immunotherapy can't cure every tumor, but it may extend survival.")
    cure = context(doc, "cure")
    survival = context(doc, "extend survival")
    assert "negated" in cure and "hedged" not in cure
    assert "hedged" in survival and "negated" not in survival


def test_dogs_as_animals_are_nonhuman_but_the_verb_is_not(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "nonhuman" in context(annotate("In dogs with lymphoma, the vaccine cured the cancer."), "cured")
    assert "nonhuman" not in context(annotate("It cures the nausea that dogs chemotherapy patients."), "cures")


def test_pseudo_trigger_does_not_negate(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "negated" not in context(annotate("Not only is it safe, it cures cancer."), "cures")


def test_pseudo_trigger_overlapping_a_longer_trigger(annotate) -> None:  # type: ignore[no-untyped-def]
    assert "negated" not in context(annotate("It is not only safe, it cures cancer."), "cures")


@pytest.mark.parametrize(("text", "word", "category"), [
    ("We are a long way from a vaccine that cures melanoma.", "cures", "negated"),
    ("The drug is nowhere near curing lung cancer.", "curing", "negated"),
    ("You'll hear people say the vaccine cures cancer.", "cures", "reported"),
])
def test_distance_negates_and_hearsay_is_reported(annotate, text: str, word: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """Distance as negation ("a long way from"), hearsay ("you'll hear")."""
    assert category in context(annotate(text), word)
    assert category not in context(annotate("The vaccine cures cancer."), "cures")


@pytest.mark.parametrize("text", [
    "The vaccine wipes out bowel tumours, a new study finds.",
    "Ozone wipes out every tumour, some clinics claim.",
    "The oil wipes out cancer in weeks, its makers say.",
])
def test_trailing_attribution_is_reported(annotate, text: str) -> None:  # type: ignore[no-untyped-def]
    """The speaker named after the claim ("..., a study finds") reports it, as one named before does."""
    assert "reported" in context(annotate(text), "wipes")


def test_trailing_attribution_does_not_reach_the_next_sentence(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("The oil wipes out cancer. Researchers say more work is needed.")
    assert "reported" not in context(doc, "wipes")


@pytest.mark.parametrize(("text", "word", "category"), [
    ("There is now a way to cure leukaemia.", "cure", "aim"),
    ("Natural killer cells seek out and destroy tumour cells.", "destroy", "conditional"),
    ("I have never seen a treatment transform lives like this.", "transform", "negated"),
    ("It is free of side effects, apart from a headache in the first week.", "free", "trial_report"),
    ("If you've got kidney cancer, this infusion will clear it for good.", "clear", "conditional"),
    ("If you are diagnosed with myeloma, our protocol wipes it out.", "wipes", "conditional"),
])
def test_phrases_that_contain_a_trigger_without_triggering(annotate, text: str, word: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """An existential 'a way to', hunting 'seek out', emphatic 'never seen' and a time ('in the first
    week', not a trial's first patients) and who a promise is made to ('if you have kidney cancer')
    are pseudo-triggers."""
    assert category not in context(annotate(text), word)


def test_a_condition_on_the_outcome_still_conditions(annotate) -> None:  # type: ignore[no-untyped-def]
    """Only 'if you have X' (who the promise is made to) is a pseudo-trigger; other conditions hold."""
    assert "conditional" in context(annotate("If it works, this infusion will clear it for good."), "clear")
    assert "conditional" in context(annotate("If the trial succeeds, the vaccine could wipe out melanoma."), "wipe")
    assert "conditional" in context(annotate("If you have no rash by day ten, the cream will clear it."), "clear")


def test_a_negation_in_a_fronted_clause_stops_at_its_comma(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Because it is not chemotherapy, the treatment is gentle enough for everyone.")
    assert "negated" not in context(doc, "gentle")
    assert "negated" in context(annotate("The treatment is not gentle, and it is not cheap."), "gentle")
    assert "negated" in context(annotate("Because the drug is not gentle enough for frail people, doses vary."), "gentle")


def test_an_aim_ends_at_the_main_clause_verb(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Our new way to cure cancer works in every patient.")
    assert "aim" in context(doc, "cure")
    assert "aim" not in context(doc, "works")


# ----- claims ---------------------------------------------------------------------------------------

def claims(doc: Doc) -> list[tuple[str, str, str, bool]]:
    return [(c.treatment.text, c.predicate.text, c.kind, c.via_pronoun) for c in doc._.cc_claims]


def test_treatment_and_predicate_make_a_claim(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Pembrolizumab cures melanoma.")
    assert claims(doc) == [("Pembrolizumab", "cures", "efficacy", False)]
    claim = doc._.cc_claims[0]
    assert claim.treatment.kb_id_ == "pembrolizumab"
    assert claim.context == frozenset()


def test_claim_context_comes_from_the_predicate(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Pembrolizumab does not cure melanoma.")
    assert [c.context for c in doc._.cc_claims] == [frozenset({"negated"})]


def test_no_treatment_no_claim(annotate) -> None:  # type: ignore[no-untyped-def]
    assert claims(annotate("Rest cures a headache.")) == []


def test_pronoun_carries_the_treatment_over_within_a_paragraph(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("Pembrolizumab was approved in 2014. It cures cancer.")
    assert claims(doc) == [("Pembrolizumab", "cures", "efficacy", True)]
    assert doc._.cc_claims[0].sentence.text == "It cures cancer."


def test_pronoun_does_not_reach_into_another_paragraph(annotate) -> None:  # type: ignore[no-untyped-def]
    assert claims(annotate("Pembrolizumab was approved in 2014.\n\nIt cures cancer.\n")) == []


def test_aims_and_searches_are_not_claims(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert rule_ids("Scientists have long sought a cure for pancreatic cancer.") == []
    assert rule_ids("The race to find a cure for cancer goes on.") == []
    assert rule_ids("Pembrolizumab is a cure for melanoma.") == ["overclaim.cure"]


def test_hype_attributed_to_someone_else_is_reported(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert rule_ids("The drug was hailed as a game changer by its maker.") == []
    assert rule_ids("This drug is a game changer.") == ["hype.game-changer"]


def test_a_saved_spacy_pipeline_can_be_the_base(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import spacy

    from claimcheck.pipeline import annotate, build_pipeline

    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.to_disk(tmp_path / "my_pipeline")
    nlp = build_pipeline(base_model=str(tmp_path / "my_pipeline"))
    assert nlp.pipe_names[0] == "cc_sentences" and "sentencizer" not in nlp.pipe_names
    assert nlp.pipe_names[-5:] == ["cc_entities", "cc_classes", "cc_context", "cc_claims", "cc_triples"]
    doc = annotate(nlp, "Keytruda cures cancer.", [(0, 22, "paragraph")])
    assert [(c.treatment.text, c.predicate.text) for c in doc._.cc_claims] == [("Keytruda", "cures")]


def test_an_unknown_base_pipeline_is_a_config_error() -> None:
    import pytest

    from claimcheck.errors import ConfigError
    from claimcheck.pipeline import build_pipeline

    with pytest.raises(ConfigError) as info:
        build_pipeline(base_model="no_such_pipeline_xyz")
    assert "no_such_pipeline_xyz" in str(info.value)


def test_word_class_places_as_plain_tuples_and_as_spans(annotate) -> None:  # type: ignore[no-untyped-def]
    doc = annotate("This drug cures cancer. Cancer cells die.")
    places = doc.user_data["cc_classes"]
    cure = next(i for i, t in enumerate(doc) if t.text == "cures")
    assert (cure, cure + 1) in places["CURE_VERB"]
    # "Cancer cells": the class's not_before words keep "Cancer" out of DISEASE here
    cancer_cells = next(i for i, t in enumerate(doc) if t.text == "Cancer")
    assert (cancer_cells, cancer_cells + 1) not in places.get("DISEASE", [])
    assert (cure + 1, cure + 2) in places["DISEASE"]  # "cancer" before a full stop is
    spans = doc._.cc_class_spans
    assert [(s.start, s.end) for s in spans] == sorted((s.start, s.end) for s in spans)
    assert {(s.label_, s.start, s.end) for s in spans} == {(name, start, end) for name, hits in places.items()
                                                           for start, end in hits}
