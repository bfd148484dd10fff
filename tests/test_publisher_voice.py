"""Publisher voice (rules/context.yaml `publisher_voice`): on a page selling its own treatment, the
testimonials it prints are its own claims; elsewhere a first-person quotation is one person's story."""
from __future__ import annotations

import pytest

from claimcheck.errors import DataError
from claimcheck.lexicon import parse_lexicon
from claimcheck.yamlio import load_yaml_text

TESTIMONIAL = 'Patients tell us about their experience.\n\n"The drops cured my cancer in six weeks," says Maria, 54.\n'


@pytest.mark.parametrize("kind", ["commercial", "alternative"])
def test_a_testimonial_on_a_selling_page_is_the_sellers_claim(rule_ids, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert "overclaim.cure" in rule_ids(TESTIMONIAL, kind=kind)


@pytest.mark.parametrize("kind", ["reputable", "blog", "article"])
def test_the_same_testimonial_elsewhere_is_one_persons_story(rule_ids, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert "overclaim.cure" not in rule_ids(TESTIMONIAL, kind=kind)


CASE_STORY = "Our clinic treats people from all over Europe.\n\nAfter three infusions her tumour disappeared completely.\n"


def test_a_case_story_told_by_the_clinic_is_the_clinics_claim(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert "overclaim.cure" in rule_ids(CASE_STORY, kind="commercial")
    assert "overclaim.cure" not in rule_ids(CASE_STORY, kind="blog")


def test_publisher_voice_is_read_per_kind() -> None:
    data = load_yaml_text("publisher_voice:\n  kinds: [commercial]\n  contexts: [quoted, testimony]\n", "c.yaml")
    lexicon = parse_lexicon(data, "c.yaml")
    assert lexicon.publisher_voice == {"commercial": frozenset({"quoted", "testimony"})}


@pytest.mark.parametrize("text, problem", [
    ("publisher_voice:\n  kinds: [commercial]\n  contexts: [gossip]\n", "unknown context 'gossip'"),
    ("publisher_voice:\n  kinds: [shop]\n  contexts: [quoted]\n", "unknown article kind 'shop'"),
    ("publisher_voice:\n  kinds: [commercial]\n  voices: [quoted]\n", "unknown key 'voices'"),
])
def test_a_bad_publisher_voice_names_the_file_line_and_problem(text: str, problem: str) -> None:
    with pytest.raises(DataError) as error:
        parse_lexicon(load_yaml_text(text, "c.yaml"), "c.yaml")
    assert problem in str(error.value)
    assert "c.yaml" in str(error.value) and error.value.line is not None


RELEASE = ("Halvard Bio (NASDAQ: HLVB) today announced early results for its vaccine HV-12.\n\n"
           '"HV-12 is a revolutionary medicine for people with lung cancer," said the chief medical officer.\n')


def test_a_press_release_speaks_for_its_issuer_even_as_news(rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert "hype.revolutionary" in rule_ids(RELEASE, kind="news")


def test_a_news_story_quoting_someone_is_reporting(rule_ids) -> None:  # type: ignore[no-untyped-def]
    story = ('Early results for a lung cancer vaccine were presented on Monday.\n\n'
             '"HV-12 is a revolutionary medicine for people with lung cancer," said one of the investigators.\n')
    assert "hype.revolutionary" not in rule_ids(story, kind="news")


def test_press_release_cues_are_read_and_checked() -> None:
    text = ("publisher_voice:\n  kinds: [commercial]\n  contexts: [quoted]\n  press_release:\n"
            "    min_cues: 2\n    cues: [today announced, media contact]\n    contexts: [quoted, reported]\n")
    release = parse_lexicon(load_yaml_text(text, "c.yaml"), "c.yaml").press_release
    assert release is not None
    assert release.voice("Acme today announced a trial. Media contact: Jo.") == {"quoted", "reported"}
    assert release.voice("Acme today announced a trial.") == frozenset()
    bad = text.replace("min_cues: 2", "min_cues: 0")
    with pytest.raises(DataError, match="min_cues"):
        parse_lexicon(load_yaml_text(bad, "c.yaml"), "c.yaml")
