"""The triples component: each relation from sentences of our own, with context flags."""
from __future__ import annotations

import pytest

from claimcheck.api import Linter


def triples(linter: Linter, text: str) -> list[tuple[str, str | None, str, str | None]]:
    doc, _prose = linter.annotate(text)
    return [(t.relation, t.subject_id, t.object_id, t.scope) for t in doc._.cc_triples]


def contexts(linter: Linter, text: str, relation: str) -> list[frozenset[str]]:
    doc, _prose = linter.annotate(text)
    return [t.context for t in doc._.cc_triples if t.relation == relation]


@pytest.mark.parametrize(("text", "expected"), [
    ("Keytruda is approved for melanoma.", ("treats", "pembrolizumab", "melanoma", None)),
    ("Opdivo treats kidney cancer.", ("treats", "nivolumab", "kidney_cancer", None)),
    ("Yervoy for advanced melanoma is given by drip.", ("treats", "ipilimumab", "melanoma", None)),
    ("Her lymphoma was treated with Kymriah.", ("treats", "tisagenlecleucel", "lymphoma", None)),
    ("Doctors give Yervoy to people with melanoma.", ("treats", "ipilimumab", "melanoma", None)),
    ("Patients with melanoma can get Opdivo here.", ("treats", "nivolumab", "melanoma", None)),
    ("Pembrolizumab blocks PD-1.", ("targets", "pembrolizumab", "PD-1", None)),
    ("Checkpoint inhibitors unleash T cells.", ("acts_through", "checkpoint_inhibitor", "t_cell", None)),
    ("Ipilimumab, a checkpoint inhibitor, came first.", ("is_a", "ipilimumab", "checkpoint_inhibitor", None)),
    ("Yescarta was the first CAR-T therapy.", ("first_of", "axicabtagene_ciloleucel", "car_t_cell_therapy", None)),
    # a place named in a later clause is another claim, not where the first was
    ("Yescarta was the first CAR-T therapy approved by the FDA, and our centre is one of three in the state to give it.",
     ("first_of", "axicabtagene_ciloleucel", "car_t_cell_therapy", None)),
    ("Tebentafusp is the first T-cell engager approved for solid tumours.",
     ("first_of", "tebentafusp", "t_cell_engager", "solid_tumour")),
    ("A PD-L1 mutation was found.", ("biomarker_kind", "mutation", "pd_l1", None)),
    ("They found mutations in PD-L1.", ("biomarker_kind", "mutations", "pd_l1", None)),
])
def test_each_relation(linter: Linter, text: str, expected: tuple[str, str | None, str, str | None]) -> None:
    assert expected in triples(linter, text)


@pytest.mark.parametrize(("text", "relation"), [
    ("Unlike nivolumab, chemotherapy is used for sarcoma.", "treats"),     # a contrast
    ("Nivolumab is now a first-line treatment for lung cancer.", "first_of"),  # first-line is not 'the first'
    ("Keytruda was the first immunotherapy she received.", "first_of"),    # her history, not the class's
    ("The first CAR-T therapy in the UK was approved in 2018.", "first_of"),  # another country
    ("Kymriah was the first CAR-T therapy offered in the state, and demand has grown.", "first_of"),
    ("Melanoma is a skin cancer and Keytruda is a drug.", "treats"),     # no treat cue
    ("Keytruda costs less with melanoma charities' help.", "treats"),   # "with" after no patient word
    ("Unlike CAR-T, which uses T cells, some therapies use NK cells.", "acts_through"),
])
def test_look_alikes_give_no_triple_of_that_kind(linter: Linter, text: str, relation: str) -> None:
    found = triples(linter, text)
    assert not [t for t in found if t[0] == relation], found


def test_context_flags_are_carried(linter: Linter) -> None:
    assert "negated" in contexts(linter, "Keytruda is not approved for leukaemia.", "treats")[0]
    assert "hedged" in contexts(linter, "Keytruda may be used for leukaemia.", "treats")[0]
    assert contexts(linter, "Keytruda is approved for leukaemia.", "treats")[0] == frozenset()


def test_a_first_claim_without_a_drug_is_about_the_featured_drug(linter: Linter) -> None:
    doc, _prose = linter.annotate("Amtagvi was approved today.\n\nIt is the first cell therapy for solid tumors.")
    first = [t for t in doc._.cc_triples if t.relation == "first_of"]
    assert [(t.subject_id, t.featured, t.scope) for t in first] == [("lifileucel", True, "solid_tumour")]


def test_a_pronoun_subject_of_acts_through_is_the_featured_drug(linter: Linter) -> None:
    doc, _prose = linter.annotate("Opdivo is given every two weeks. It frees NK cells to fight the tumour.")
    found = [(t.subject_id, t.object_id, t.featured) for t in doc._.cc_triples if t.relation == "acts_through"]
    assert found == [("nivolumab", "nk_cell", True)]


def test_positions_cover_subject_and_object(linter: Linter) -> None:
    text = "Sadly, Keytruda is approved for leukaemia."
    doc, _prose = linter.annotate(text)
    triple = next(t for t in doc._.cc_triples if t.relation == "treats")
    assert doc[triple.start:triple.end].text == "Keytruda is approved for leukaemia"
