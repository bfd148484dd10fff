"""The classification kind (kinds/classification.py): how a drug is put in a class, by whom, and where
the finding sits. The paraphrase probes check many wordings; these tests pin spans, messages and options."""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.errors import DataError
from claimcheck.finding import Finding
from claimcheck.rules import load_rules

Lint = Callable[..., tuple[Finding, ...]]


def only(findings: Lint, text: str, rule: str = "classification.drug-class") -> list[Finding]:
    return [f for f in findings(text) if f.rule == rule]


def test_a_drug_put_in_a_named_drugs_family_is_graded_against_that_drugs_class(findings: Lint) -> None:
    (hit,) = only(findings, "Low-dose naltrexone belongs to the same family of treatments as Keytruda and Opdivo.")
    assert hit.text == "Low-dose naltrexone belongs to the same family of treatments as Keytruda"
    assert "'the same family of treatments as Keytruda'" in hit.message
    assert "unproven remedy" in (hit.suggestion or "")
    (cousin,) = only(findings, "Frequency therapy is a drug-free cousin of Opdivo.")
    assert cousin.text.endswith("cousin of Opdivo")
    # two drugs that share a class may be likened; the comparison must be a family word, not any "as"
    assert not only(findings, "Tecentriq is in the same class as Keytruda.")
    assert not only(findings, "Turkey tail is as popular as Keytruda.")


def test_a_drug_put_in_the_same_category_as_a_class_is_graded_as_that_class(findings: Lint) -> None:
    (hit,) = only(findings, "Mistletoe is a form of immunotherapy, in the same category as the checkpoint inhibitors.")
    assert "checkpoint inhibitor" in hit.message
    (kinase,) = only(findings, "Imatinib belongs to the same class of drugs as the immunotherapies.")
    assert kinase.text.startswith("Imatinib")
    # a negation or a contrast keeps it apart; a drug of that class may be likened to it
    assert not only(findings, "Mistletoe is not in the same category as the checkpoint inhibitors.")
    assert not only(findings, "Imatinib is a pill, but not in the same family as the immunotherapies.")
    assert not only(findings, "Nivolumab belongs to the same class as the other checkpoint inhibitors.")


def test_a_pair_called_two_of_a_class_puts_each_drug_in_it(findings: Lint) -> None:
    (hit,) = only(findings, "She had pembrolizumab with lenvatinib, a pairing of two immunotherapies.")
    assert hit.text.startswith("lenvatinib") and "lenvatinib" in hit.message
    assert not only(findings, "Durvalumab and tremelimumab, a pairing of two immunotherapies, is used in liver cancer.")
    assert not only(findings, "She had pembrolizumab, then lenvatinib, a pairing of two immunotherapies.")


def test_a_one_patient_products_own_words_do_not_hide_the_class(findings: Lint) -> None:
    (hit,) = only(findings, "Kymriah is made for each patient.\nThink of it as a one-off living vaccine made from your blood.")
    assert "vaccine" in hit.message
    (til,) = only(findings, "TIL is basically a personalised vaccine made from your tumour.")
    assert til.text.startswith("TIL")
    assert not only(findings, "Sipuleucel-T is a personalised vaccine made from your own immune cells.")


def test_an_aside_between_the_drug_and_its_copula_keeps_the_drug_as_subject(findings: Lint) -> None:
    (hit,) = only(findings, "Gleevec, which is taken daily, is a checkpoint inhibitor.")
    assert hit.text == "Gleevec, which is taken daily, is a checkpoint inhibitor"
    (chemo,) = only(findings, "Oxaliplatin, a standard chemotherapy drug, turns out to be an immunotherapy.")
    assert chemo.text.startswith("Oxaliplatin") and "'immunotherapy'" in chemo.message
    # an aside that contrasts is no apposition
    assert not only(findings, "Keytruda, unlike chemotherapy, is an immunotherapy.")


def test_an_owners_possessive_and_a_seeing_verb_give_the_class(findings: Lint) -> None:
    (owned,) = only(findings, "Tagrisso, AstraZeneca's other immunotherapy, sold well.")
    assert owned.text == "Tagrisso, AstraZeneca's other immunotherapy"
    (seen,) = only(findings, "Tagrisso is a daily pill. Some doctors see it as a kind of immunotherapy.")
    assert seen.text == "it as a kind of immunotherapy" and "Kinase" in seen.message  # graded as Tagrisso
    assert not only(findings, "Keytruda is given every three weeks. I think of it as a marathon.")


def test_a_first_between_two_families_is_left_to_first_of(findings: Lint) -> None:
    rules = {f.rule for f in findings("Photodynamic therapy was the first immunotherapy.")}
    assert "classification.first-of" in rules and "mechanism.family-confusion" not in rules
    assert {f.rule for f in findings("Hyperthermia is a form of immunotherapy.")} >= {"mechanism.family-confusion"}


def test_leave_firsts_must_be_a_boolean(tmp_path: Path) -> None:
    folder = tmp_path / "rules" / "mechanism"
    folder.mkdir(parents=True)
    file = folder / "families.yaml"
    file.write_text(textwrap.dedent("""\
        kind: classification
        severity: error
        message: "{subject} is described as '{described_as}'."
        description: Families confused.
        sources: [NCI_IMMUNO]
        subjects: [families]
        leave_firsts: sometimes
        examples:
          fail: ["Chemotherapy is a type of immunotherapy."]
          pass: ["Chemotherapy is not a type of immunotherapy."]
        """), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_rules([tmp_path / "rules"])
    assert info.value.path == str(file) and info.value.line == 7
    assert "'leave_firsts' must be true or false" in str(info.value)
