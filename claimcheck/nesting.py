"""Where markdown-it gives up: lines nested deeper than its limit, which it drops without a word.

markdown-it stops parsing blocks nested deeper than `maxNesting` (20 in CommonMark mode: `>` inside
`>` … or lists in lists) and skips to the end of the range it was given, which for a list item is
the end of the document, so 21 nested list items would hide everything after them. `watch_nesting`
wraps a parser's block tokenizer so that only the deep container's own lines are skipped and each
skipped range is recorded in the parse's `env`; `skipped_lines` reads them back as 1-based line
ranges, so the file can say what was not linted.
"""
from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_ENV_KEY = "claimcheck_skipped_lines"


def watch_nesting(md: MarkdownIt) -> MarkdownIt:
    """Record in `env` the lines the block parser skips at its nesting limit (once per parser)."""
    original: Callable[[StateBlock, int, int], None] = md.block.tokenize
    if getattr(original, "_claimcheck_watch", False):
        return md

    def tokenize(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level < state.md.options.maxNesting:
            original(state, start_line, end_line)
            return
        # markdown-it would skip to `end_line`, which for a list item is the end of the document;
        # skip only the lines that belong to this container (indented at least `blkIndent`).
        line = first = state.skipEmptyLines(start_line)
        last = None
        while line < end_line and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
            if not state.isEmpty(line):
                last = line
            line += 1
        state.line = line
        if last is not None:
            state.env.setdefault(_ENV_KEY, []).append((first + 1, last + 1))

    tokenize._claimcheck_watch = True  # type: ignore[attr-defined]
    md.block.tokenize = tokenize  # type: ignore[method-assign]
    return md


def skipped_lines(env: MutableMapping[str, Any]) -> tuple[tuple[int, int], ...]:
    """The (first, last) 1-based line ranges skipped in one parse, merged and sorted."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(env.get(_ENV_KEY, ())):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def describe_skipped(ranges: tuple[tuple[int, int], ...], limit: int) -> str | None:
    """One note naming the lines not linted, or None."""
    if not ranges:
        return None
    shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges[:10])
    more = f" and {len(ranges) - 10} more ranges" if len(ranges) > 10 else ""
    plural = "s" if len(ranges) > 1 or ranges[0][0] != ranges[0][1] else ""
    return (f"line{plural} {shown}{more} not linted: Markdown nested more than {limit} levels deep "
            "(quotes or lists inside each other); the parser skips what is deeper")
