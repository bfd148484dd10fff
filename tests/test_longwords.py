"""longwords.py: runs too long to be prose are blanked (offsets kept) and named, so spaCy's tokenizer stays linear."""
from __future__ import annotations

from claimcheck.api import Linter
from claimcheck.longwords import LONG_WORD, describe_long_words
from claimcheck.markup import parse


def test_a_long_punctuation_run_is_blanked_and_the_prose_around_it_still_linted(linter: Linter) -> None:
    text = "Intro.\n\nPembrolizumab cures cancer. " + "[" * 5000 + " Nivolumab is a miracle.\n"
    report = linter.check_text(text, "a.md")  # (quadratic before: minutes for 50,000 brackets)
    assert [(f.rule, f.start.line, f.start.column, f.text) for f in report.findings] == [
        ("overclaim.cure", 3, 15, "cures cancer"), ("hype.miracle", 3, 5045, "miracle")]
    assert report.notes == (f"line 3: a run of more than {LONG_WORD} characters without a space is not prose "
                            "and was not linted",)


def test_blanking_keeps_the_text_length_and_marks_the_lines() -> None:
    text = "ok\n" + "x" * 300 + "\n\nfine " + "y" * 201 + "\n"
    prose = parse(text, "a.txt")
    assert prose.long_words == (2, 4)
    assert [len(b.text) for b in prose.blocks] == [len("ok " + "x" * 300), len("fine " + "y" * 201)]
    assert prose.blocks[0].text.strip() == "ok"


def test_a_long_url_is_blanked_without_a_note() -> None:
    prose = parse("See https://example.org/" + "a" * 400 + " now.\n", "a.md")
    assert prose.long_words == ()
    assert "aaaa" not in prose.blocks[0].text


def test_words_of_ordinary_length_are_untouched() -> None:
    text = "A " + "z" * LONG_WORD + " word.\n"
    assert parse(text, "a.md").blocks[0].text == text.strip()
    assert describe_long_words(()) is None
