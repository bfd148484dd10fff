"""article_kind.py: a kind inferred from cues when none is given; the given kind always wins."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.api import get_linter
from claimcheck.article_kind import cue_pattern, load_kind_model, parse_kind_model
from claimcheck.data import article_kinds_file
from claimcheck.errors import DataError
from claimcheck.rules import KINDS_OF_ARTICLE
from claimcheck.yamlio import load_yaml_file

CLINIC = ("Our clinic offers dendritic cell vaccines. Book a free consultation with our doctors today; "
          "we use the latest methods. Contact us for prices.")
HERBAL = "A naturopathic guide: herbal supplements, medicinal mushrooms and a gentle detox for your immune system."
BLOG = "I started my infusions in May. My husband drove me. I was tired, and I slept a lot; my nurse was kind to me."
LEAFLET = "Talk to your doctor about side effects. Your care team will check your blood. Ask your nurse if unsure."


@pytest.mark.parametrize(("text", "kind"), [(CLINIC, "commercial"), (HERBAL, "alternative"), (BLOG, "blog"),
                                            (LEAFLET, "reputable"), ("Immunotherapy uses the immune system.",
                                                                     "article")])
def test_kinds_are_inferred_from_their_cues(text: str, kind: str) -> None:
    guess = load_kind_model(str(article_kinds_file())).infer(text)
    assert guess.kind == kind and guess.inferred


def test_the_report_says_which_kind_and_whether_inferred() -> None:
    linter = get_linter()
    inferred = linter.check_text(CLINIC, "a.md")
    assert (inferred.kind, inferred.kind_inferred) == ("commercial", True)
    given = linter.check_text(CLINIC, "a.md", kind="news")
    assert (given.kind, given.kind_inferred) == ("news", False)
    front = linter.check_text("---\nclaimcheck: {kind: blog}\n---\n" + CLINIC, "a.md")
    assert (front.kind, front.kind_inferred) == ("blog", False)


def test_a_hedge_on_a_selling_page_is_a_promise_and_in_a_leaflet_a_hedge() -> None:
    linter = get_linter()
    sentence = " Our dendritic cell therapy can help prevent recurrence."
    selling = [f.rule for f in linter.check_text(CLINIC + sentence, "a.md").findings]
    leaflet = [f.rule for f in linter.check_text(LEAFLET + sentence, "a.md").findings]
    assert "evidence.selling-hedge" in selling and "evidence.selling-hedge" not in leaflet


def test_a_bad_kinds_file_names_the_line(tmp_path: Path) -> None:
    file = tmp_path / "kinds.yaml"
    file.write_text("order: [clinic]\nkinds:\n  clinic: {cues: [our clinic]}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        parse_kind_model(load_yaml_file(file), str(file), KINDS_OF_ARTICLE)
    assert "unknown article kind 'clinic'" in info.value.problem and info.value.line == 3


def _flat(cues: list[str]) -> re.Pattern[str]:
    """The plain longest-first alternation that `cue_pattern`'s trie must agree with."""
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@pytest.mark.parametrize(("cues", "text"), [
    (["our", "our clinic", "our team"], "Our clinicians; our clinic. OUR TEAM, ours and our."),
    (["a", "ab", "abc"], "abcd ab abc a abca"),
    (["we’ve been", "we've", "we"], "We’ve been there; we've seen it; we’ve not."),
    (["(reuters)", "said", "said in a statement"], "(Reuters) - The firm said in a statements, she said."),
])
def test_the_cue_trie_finds_what_the_flat_alternation_finds(cues: list[str], text: str) -> None:
    found = [(m.span(), m.group(0)) for m in cue_pattern(cues).finditer(text)]
    assert found == [(m.span(), m.group(0)) for m in _flat(cues).finditer(text)]
    assert found  # each case has matches to compare


def test_the_shipped_cues_match_as_a_flat_alternation_would() -> None:
    data = load_yaml_file(article_kinds_file())
    text = " ".join([CLINIC, HERBAL, BLOG, LEAFLET, "Our clinic's price: the study, published in May, said so."])
    for kind in load_kind_model(str(article_kinds_file())).kinds:
        if kind.pattern is None:
            continue
        cues = [c.strip() for c in data["kinds"][kind.kind]["cues"]]
        assert [m.span() for m in kind.pattern.finditer(text)] == [m.span() for m in _flat(cues).finditer(text)]
