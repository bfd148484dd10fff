"""The reference-backed rule kinds (kinds/triple.py and the kinds built on it, plus misconception):
what fires, where, with which message and source, and what silences it."""
from __future__ import annotations

from collections.abc import Callable

from claimcheck.finding import Finding, Severity

Lint = Callable[..., tuple[Finding, ...]]


def only(findings: Lint, text: str, rule: str, **kw: object) -> list[Finding]:
    return [f for f in findings(text, **kw) if f.rule == rule]


def test_off_label_names_the_approved_indications_and_the_label(findings: Lint) -> None:
    text = "For patients, Opdivo is now approved for pancreatic cancer."
    hits = only(findings, text, "evidence.off-label")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.text == "Opdivo is now approved for pancreatic cancer"
    assert (hit.start.line, hit.start.column) == (1, 15)
    assert hit.severity is Severity.WARNING
    assert "not among its approved indications" in hit.message and "melanoma" in hit.message
    assert "dailymed.nlm.nih.gov" in hit.sources[0]


def test_off_label_is_silenced_by_research_hedges_and_combinations(findings: Lint) -> None:
    for text in ("Opdivo is being tested in pancreatic cancer trials.",
                 "Opdivo might one day treat pancreatic cancer.",
                 "Opdivo is not approved for pancreatic cancer.",
                 "Is Opdivo approved for pancreatic cancer?",
                 "In Europe, Opdivo is approved for pancreatic cancer.",
                 "Yervoy plus Keytruda is approved for melanoma."):
        assert not only(findings, text, "evidence.off-label"), text


def test_off_label_for_a_class_needs_an_approval_word(findings: Lint) -> None:
    assert only(findings, "CAR-T therapy is approved for lung cancer.", "evidence.off-label")
    assert not only(findings, "CAR-T therapy treats lung cancer in the lab.", "evidence.off-label")
    assert not only(findings, "Immunotherapy is approved for pancreatic cancer.", "evidence.off-label")


def test_cell_type(findings: Lint) -> None:
    hits = only(findings, "Keytruda lets natural killer cells attack the cancer.", "mechanism.cell-type")
    assert [h.text for h in hits] == ["Keytruda lets natural killer cells"]
    assert "works through T cells, not natural killer cells" in hits[0].message
    assert not only(findings, "Keytruda lets T cells attack the cancer.", "mechanism.cell-type")


def test_biomarker_kind(findings: Lint) -> None:
    hits = only(findings, "She was tested for the PD-L1 mutation.", "mechanism.biomarker-kind")
    assert [h.text for h in hits] == ["PD-L1 mutation"]
    assert "protein whose level is measured" in hits[0].message
    assert not only(findings, "She was tested for PD-L1 expression.", "mechanism.biomarker-kind")


def test_first_of_names_the_real_first_with_its_year(findings: Lint) -> None:
    hits = only(findings, "Opdivo was the first checkpoint inhibitor.", "classification.first-of")
    assert [h.text for h in hits] == ["Opdivo was the first checkpoint inhibitor"]
    assert "ipilimumab (FDA, 2011)" in hits[0].message
    assert not only(findings, "Yervoy was the first checkpoint inhibitor.", "classification.first-of")


def test_first_of_in_an_article_about_one_drug(findings: Lint) -> None:
    text = "# Amtagvi approved\n\nAmtagvi is made from a patient's tumour.\n\nIt is the first cell therapy for solid tumours.\n"
    hits = only(findings, text, "classification.first-of")
    assert len(hits) == 1 and hits[0].start.line == 5
    assert "sipuleucel-T" in hits[0].message


def test_misconceptions_report_in_their_own_category(findings: Lint) -> None:
    mech = only(findings, "The T-VEC cells burst the tumour.", "mechanism.misconception")
    assert [h.text for h in mech] == ["T-VEC cells"]
    assert "modified herpes simplex virus" in mech[0].message
    cls = only(findings, "Surgeons injected a polio vaccine into the brain tumour.", "classification.misconception")
    assert len(cls) == 1 and cls[0].category.value == "classification"
    assert not only(findings, "It is a myth that a polio vaccine treats brain tumours.", "classification.misconception")


def test_dont_eat_me_is_about_checkpoint_drugs_named_or_featured(findings: Lint) -> None:
    rule = "mechanism.misconception"
    assert only(findings, "Keytruda removes the tumour's don't eat me signal.", rule)
    assert not only(findings, "Magrolimab blocks CD47, a don't eat me signal.", rule)
    featured = "Opdivo is a drug.\n\nOpdivo works well.\n\nThe drug blocks a don't eat me signal.\n"
    assert only(findings, featured, rule)
    assert not only(findings, "Some experimental drugs block a don't eat me signal.", rule)
    assert only(findings, "Keytruda is a drug.\n\nKeytruda helps.\n\nIt pairs a vaccine and a drug that blocks a "
                          "tumour-promoting protein.\n", rule)
