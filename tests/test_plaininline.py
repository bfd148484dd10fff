"""The fast inline path gives exactly the tokens markdown-it's own inline parser gives."""
from __future__ import annotations

import itertools

import pytest
from markdown_it import MarkdownIt

from claimcheck.markup import _MD
from claimcheck.plaininline import plain_inline_tokens, use_plain_inline


def _reference() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _tokens(md: MarkdownIt, source: str) -> list[dict[str, object]]:
    return [token.as_dict() for token in md.parse(source, {})]


LINES = ["The drug cut the risk: 40% (n = 12) - a #1 result.", "Ends with two spaces  ", "one space ",
         "  \tindented next line", "tab at end\t", "Q&A: see https://example.org/a_b", "math 3 * 4 = 12",
         "a [bracket] and `code`", "~approx~ 5 {braces} ^caret $dollar @at +plus =eq >gt", "trailing  \t  "]


@pytest.mark.parametrize("lines", [list(c) for c in itertools.permutations(LINES[:5], 3)] + [[line] for line in LINES])
def test_paragraphs_headings_and_cells_parse_to_the_same_tokens(lines: list[str]) -> None:
    paragraph = "\n".join(lines)
    heading = f"## {lines[0]}"
    table = f"| a | b |\n|---|---|\n| {lines[0].strip()} | {lines[-1].strip()} |"
    for source in (paragraph, heading, table, f"- {paragraph}", f"> {paragraph}"):
        assert _tokens(_MD, source) == _tokens(_reference(), source), source


def test_plain_tokens_are_text_and_breaks() -> None:
    found = [(t.type, t.content) for t in plain_inline_tokens("First line  \nsecond line \n  third")]
    assert found == [("text", "First line"), ("hardbreak", ""), ("text", "second line"), ("softbreak", ""),
                     ("text", "third")]


def test_a_parser_with_other_inline_rules_is_left_alone() -> None:
    md = MarkdownIt("commonmark").enable("strikethrough")
    rule = md.core.ruler.__rules__[md.core.ruler.__find__("inline")].fn
    use_plain_inline(md)
    assert md.core.ruler.__rules__[md.core.ruler.__find__("inline")].fn is rule
