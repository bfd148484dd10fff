"""Frames inside the reference-backed kinds (kinds/framesets.py, mechanism and misconception frames):
which wording of a mechanism counts, whose claim it is, and where the finding sits."""
from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy

from claimcheck.errors import DataError
from claimcheck.finding import Finding
from claimcheck.kinds.framesets import FrameSet
from claimcheck.wordclasses import WordClasses, load_wordclasses

Lint = Callable[..., tuple[Finding, ...]]


def only(findings: Lint, text: str, rule: str) -> list[Finding]:
    return [f for f in findings(text) if f.rule == rule]


@pytest.fixture(scope="module")
def wordclasses() -> WordClasses:
    from claimcheck.data import lexicon_file

    return load_wordclasses(str(lexicon_file()))


def test_a_frame_naming_an_unknown_word_class_is_an_error_at_its_entry(wordclasses: WordClasses) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(DataError) as info:
        FrameSet(nlp, wordclasses, [("kills", ["NO_SUCH_CLASS ..3 KILL_TARGET"], [], "ref/mine.yaml", 12)])
    assert info.value.path == "ref/mine.yaml" and info.value.line == 12
    assert "unknown word class 'NO_SUCH_CLASS'" in str(info.value)
    with pytest.raises(DataError, match="a gap must stand between two slots"):
        FrameSet(nlp, wordclasses, [("kills", ["... KILL_TARGET"], [], "ref/mine.yaml", 3)])


@pytest.mark.parametrize("text", [
    "Immunotherapy kills the cancer cells directly.",
    "Immunotherapy drugs attack tumours directly.",
    "Checkpoint inhibitors destroyed cancer cells on their own.",
    "Immunotherapy works by directly attacking cancer cells.",
    "Cancer cells are killed directly by immunotherapy.",
    "Unlike chemotherapy, immunotherapy destroys the cancer cells directly.",
])
def test_direct_killing_is_one_claim_in_many_wordings(findings: Lint, text: str) -> None:
    hits = only(findings, text, "mechanism.class-mechanism")
    assert len(hits) == 1, text
    assert "is said to work by" in hits[0].message and "kill" in hits[0].message.split("reference says:")[1]


@pytest.mark.parametrize("text", [
    "Chemotherapy kills cancer cells directly, along with some healthy cells.",
    "The T cells then destroy the tumour cells directly.",
    "CAR T cells attack the cancer directly once they are infused.",
    "With immunotherapy, cancer cells are killed directly by T cells.",
    "Unlike immunotherapy, chemotherapy destroys cancer cells directly.",
    "Immunotherapy does not kill cancer cells directly.",
])
def test_direct_killing_is_left_alone_where_the_class_does_it_or_it_is_denied(findings: Lint, text: str) -> None:
    assert not only(findings, text, "mechanism.class-mechanism"), text


def test_a_frame_finding_covers_the_subject_and_the_claim(findings: Lint) -> None:
    text = "For most people, checkpoint inhibitors switch on the checkpoints."
    hits = only(findings, text, "mechanism.class-mechanism")
    assert [h.text for h in hits] == ["checkpoint inhibitors switch on the checkpoints"]
    assert (hits[0].start.line, hits[0].start.column) == (1, 18)
    assert "'switch on the checkpoints'" in hits[0].message


def test_a_generic_drug_stands_for_the_featured_drug_only_without_a_named_subject(findings: Lint) -> None:
    article = ("Keytruda is given every three weeks. Keytruda is an antibody.\n\n"
               "The drug activates immune checkpoints on T cells.\n")
    hits = only(findings, article, "mechanism.class-mechanism")
    assert [h.text for h in hits] == ["activates immune checkpoints"]
    lone = "The drug activates immune checkpoints on T cells.\n"
    assert not only(findings, lone, "mechanism.class-mechanism")


def test_targeted_therapy_said_to_spare_healthy_tissue(findings: Lint) -> None:
    for text in ("Targeted therapies attack only the cancer and leave healthy tissue untouched.",
                 "With targeted therapy, healthy cells are left unharmed.",
                 "Imatinib only attacks leukaemia cells."):
        assert only(findings, text, "mechanism.misconception"), text
    for text in ("Targeted therapy harms fewer healthy cells than chemotherapy.",
                 "Radiation is aimed so that it spares healthy tissue.",
                 "Chemotherapy does not spare healthy cells."):
        assert not only(findings, text, "mechanism.misconception"), text


def test_every_match_of_a_misconception_is_reported_whichever_frame_found_it(findings: Lint) -> None:
    # The second paragraph matches an earlier frame of the entry than the first; both are reported.
    article = ("Keytruda blocks a protein that helps the cancer grow.\n\n"
               "Opdivo blocks a growth signal in the tumour.\n")
    hits = only(findings, article, "mechanism.misconception")
    assert [h.start.line for h in hits] == [1, 3]


def test_a_generic_drug_in_a_misconception_is_the_featured_drug(findings: Lint) -> None:
    article = ("Keytruda is given every three weeks. Keytruda is an antibody.\n\n"
               "She had a cancer vaccine and a drug that blocks a cancer-promoting protein.\n")
    hits = only(findings, article, "mechanism.misconception")
    assert len(hits) == 1 and "cancer-promoting protein" in hits[0].text
    other = ("Imatinib is a pill. Imatinib is taken daily.\n\n"
             "She had a drug that blocks a cancer-promoting protein.\n")
    assert not only(findings, other, "mechanism.misconception")


def test_passive_and_noun_forms_of_target_and_cell_claims(findings: Lint) -> None:
    assert only(findings, "Natural killer cells are unleashed by Keytruda.", "mechanism.cell-type")
    assert not only(findings, "T cells are unleashed by Keytruda.", "mechanism.cell-type")
    # a class named after the wrong molecule ("a CTLA-4 blocker") is a wrong class, found once, by the
    # target kind's noun form; the verb form is the mechanism claim
    noun_form = "Keytruda, a CTLA-4 blocker, is given every three weeks."
    assert not only(findings, noun_form, "classification.drug-class")
    assert not only(findings, noun_form, "mechanism.wrong-target")
    hits = only(findings, noun_form, "classification.wrong-target-class")
    assert [h.text for h in hits] == ["Keytruda, a CTLA-4 blocker"]
    assert "PD-1" in hits[0].message and "reference show pembrolizumab" in (hits[0].suggestion or "")
    assert only(findings, "The CTLA-4 inhibitor pembrolizumab was approved.", "classification.wrong-target-class")
    assert not only(findings, "The CTLA-4 inhibitor pembrolizumab was approved.", "classification.drug-class")
    verb_form = "Keytruda works by blocking CTLA-4."
    assert only(findings, verb_form, "mechanism.wrong-target")
    assert not only(findings, verb_form, "classification.wrong-target-class")
    # a blocker beside the drug with no copula or apposition is another drug
    assert not only(findings, "Keytruda is often used with a CTLA-4 inhibitor.", "mechanism.wrong-target")
    # "removes the PD-1 brake": a verb of release before "<molecule> brake" names the drug's target
    brake = only(findings, "Tecentriq, which removes the PD-1 brake on T cells, is given by drip.",
                 "mechanism.wrong-target")
    assert [h.text for h in brake] == ["Tecentriq, which removes the PD-1"]
    assert not only(findings, "Keytruda lifts the PD-1 brake on T cells.", "mechanism.wrong-target")
    # a drug with no known target put in a target class is still a classification error
    assert only(findings, "Fenbendazole, a PD-1 blocker, is sold online.", "classification.drug-class")
    # "A, B and C, which all block PD-1": every drug of the list is judged, the wrong one reported
    listed = only(findings, "Yervoy, Keytruda and Opdivo, which all block PD-1, are antibodies.",
                  "mechanism.wrong-target")
    assert [h.text[:6] for h in listed] == ["Yervoy"]
    assert not only(findings, "Keytruda and Opdivo, which both block PD-1, are antibodies.", "mechanism.wrong-target")
    assert not only(findings, "Keytruda, which blocks PD-1, and Yervoy were combined.", "mechanism.wrong-target")
    assert only(findings, "Keytruda works by blocking CTLA-4.", "mechanism.wrong-target")
    assert not only(findings, "Keytruda and the CTLA-4 blocker ipilimumab were combined.", "mechanism.wrong-target")


def test_a_member_slot_in_a_reference_frame_names_a_known_class(wordclasses: WordClasses) -> None:
    from claimcheck.api import get_linter

    reference = get_linter().reference
    nlp = spacy.blank("en")
    with pytest.raises(DataError, match="unknown reference class 'no_such_class'") as info:
        FrameSet(nlp, wordclasses, [("x", ["@AGENT:no_such_class ..3 KILL_TARGET"], [], "ref/mine.yaml", 7)], reference)
    assert info.value.line == 7
    assert FrameSet(nlp, wordclasses, [("x", ["@AGENT:checkpoint_inhibitor ..3 KILL_TARGET"], [], "r.yaml", 1)],
                    reference)


@pytest.mark.parametrize(("text", "fires"), [
    ("Tislelizumab targets CD47 on cancer cells.", True),    # any PD-1 drug in the reference, not a name list
    ("CD47 is switched off by Opdivo.", True),                # the passive
    ("PD-1 inhibitors shut down CD47.", True),                # a class under checkpoint inhibitors
    ("Imatinib blocks CD47.", False),                         # not a checkpoint inhibitor
    ("Magrolimab blocks CD47, unlike Keytruda.", False),
])
def test_cd47_claims_are_judged_by_class_membership(findings: Lint, text: str, fires: bool) -> None:
    assert bool(only(findings, text, "mechanism.misconception")) is fires


def test_a_remedy_likened_to_a_checkpoint_drug_is_one_mechanism_finding_on_the_remedy(findings: Lint) -> None:
    text = "Boswellia frees your T cells exactly the way Keytruda does."
    hits = only(findings, text, "mechanism.class-mechanism")
    assert [h.text for h in hits] == ["Boswellia frees your T cells exactly the way Keytruda does"]
    assert hits[0].message.startswith("Boswellia is said to work by 'the way Keytruda does'")
    # the brake wording and the comparison in one sentence are one claim
    both = only(findings, "Garlic takes the brakes off your T cells the same way Opdivo does.", "mechanism.class-mechanism")
    assert len(both) == 1 and "takes the brakes off your T cells" in both[0].message
    # "It … T cells …, the same way …": the pronoun is the remedy, the T cells are what it acts on
    pronoun = only(findings, "Fenbendazole is cheap. It arms your T cells the same way the hospital drugs do.",
                   "mechanism.class-mechanism")
    assert [h.message.split(" is said")[0] for h in pronoun] == ["fenbendazole"]
    assert not only(findings, "Opdivo works the same way Keytruda does.", "mechanism.class-mechanism")
    assert not only(findings, "Turkey tail does not free T cells the way Keytruda does.", "mechanism.class-mechanism")


def test_these_cells_after_a_sentence_naming_dendritic_cells_are_dendritic_cells(findings: Lint) -> None:
    text = "The dendritic cells are grown on your tumour. These trained cells then destroy the cancer cells."
    hits = only(findings, text, "mechanism.misconception")
    assert [h.text for h in hits] == ["These trained cells then destroy the cancer cells"]
    assert "Dendritic cells" in hits[0].message and "T cells do the killing" in hits[0].message
    # what "these cells" stands for is only read in the same paragraph, and not past other killer cells
    assert not only(findings, "The dendritic cells are grown.\n\nThese cells destroy the cancer cells.",
                    "mechanism.misconception")
    assert not only(findings, "Dendritic cells help grow NK cells. These cells destroy the cancer cells.",
                    "mechanism.misconception")
