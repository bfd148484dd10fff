"""nesting.py: what markdown-it skips at its nesting limit is named in a note, and nothing more is skipped."""
from __future__ import annotations

from claimcheck.api import Linter
from claimcheck.markup import NESTING_LIMIT, parse_markdown
from claimcheck.nesting import describe_skipped

CLAIM = "Pembrolizumab cures cancer."


def _nested_list(depth: int) -> str:
    return "".join("  " * level + "- item\n" for level in range(depth))


def test_a_deep_blockquote_is_reported_by_line(linter: Linter) -> None:
    text = "Intro line.\n\n" + ">" * 300 + " " + CLAIM + "\n\nAfter the quote.\n"
    report = linter.check_text(text, "a.md")
    assert report.findings == ()  # the claim sits past the limit: not linted ...
    assert report.notes == (f"line 3 not linted: Markdown nested more than {NESTING_LIMIT} levels deep "
                            "(quotes or lists inside each other); the parser skips what is deeper",)  # ... and said


def test_a_deep_list_skips_only_its_own_lines_not_the_rest_of_the_file(linter: Linter) -> None:
    """Left alone, markdown-it drops everything after a too-deep list item, to the end of the file."""
    text = _nested_list(30) + "\n" + CLAIM + "\n"
    prose = parse_markdown(text)
    assert prose.unlinted == ((NESTING_LIMIT // 2, 30),)  # a list level is two nesting levels
    report = linter.check_text(text, "a.md")
    assert [(f.rule, f.start.line, f.start.column) for f in report.findings] == [("overclaim.cure", 32, 15)]
    assert report.notes[0].startswith(f"lines {NESTING_LIMIT // 2}-30 not linted")


def test_two_deep_regions_are_named_separately() -> None:
    text = _nested_list(25) + CLAIM + "\n" + _nested_list(25)
    assert parse_markdown(text).unlinted == ((10, 25), (36, 51))


def test_ordinary_nesting_has_no_note(linter: Linter) -> None:
    text = "> quote\n> > inner quote\n\n- a\n  - b\n    - c\n"
    assert parse_markdown(text).unlinted == ()
    assert linter.check_text(text, "a.md").notes == ()


def test_describe_skipped_shortens_long_lists() -> None:
    ranges = tuple((n * 10, n * 10 + 1) for n in range(1, 13))
    note = describe_skipped(ranges, 20) or ""
    assert note.startswith("lines 10-11, 20-21, ") and "and 2 more ranges not linted" in note
    assert describe_skipped((), 20) is None
