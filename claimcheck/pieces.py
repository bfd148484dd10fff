"""Very large articles in bounded pieces, so time and memory grow linearly with the input.

An article longer than `PIECE_CHARS` is cut into pieces of at most about that size, and each piece
is parsed, annotated and checked on its own (one spaCy Doc per piece, freed before the next), with
offsets kept in the whole file. A cut is made where it changes the least:

1. at a blank line before a line that starts with a letter or `#` (a new paragraph or heading at the
   top level), never inside fenced code or an HTML comment;
2. failing that, inside a long top-level paragraph line, after `.`, `!` or `?` and a space, before
   a capital letter (where the sentence splitter ends a sentence anyway);
3. failing that, at a space before a letter.

What a piece cannot see: cue windows wider than a piece (`section`, `document`) and Markdown link
reference definitions stay within it, and a document-level finding (a missing disclaimer) is
reported only when every piece with prose reports it, so a cut never invents one.
Articles up to `PIECE_CHARS` (1 M characters, far above any real article) are one piece: their
results are exactly those of the whole-file path.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from claimcheck.finding import Finding
from claimcheck.markup import TEXT_SUFFIXES, Block, Directive, ProseDocument, parse

PIECE_CHARS = 1_000_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n(?=[A-Za-z#])")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]* (?=[A-Z])")
_SPACE = re.compile(r" (?=[A-Za-z])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _protected(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks and HTML comments, merged into sorted disjoint spans: no cut inside."""
    spans = [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
    opening: tuple[str, int, int] | None = None
    for match in _FENCE.finditer(text):
        fence = match.group(1)
        if opening is None:
            opening = (fence[0], len(fence), match.start())
        elif fence[0] == opening[0] and len(fence) >= opening[1]:
            spans.append((opening[2], match.end()))
            opening = None
    if opening is not None:  # an unclosed fence runs to the end of the file
        spans.append((opening[2], len(text)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cut(text: str, lo: int, hi: int, markdown: bool, spans: list[tuple[int, int]], first: bool = False) -> int | None:
    """The last (or `first`) good cut in text[lo:hi], by the preferences in the module docstring."""
    starts = [s for s, _e in spans]

    def protected(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and spans[index][0] < position < spans[index][1]

    for pattern, mid_line in ((_BLANK_LINE, False), (_SENTENCE_END, True), (_SPACE, True)):
        best = None
        # A mid-line cut needs its line to start with a letter (a plain paragraph line, not a list,
        # quote, table or indented code). Line starts are tracked as the matches advance, so one
        # huge line costs one backward search per window, not one per match.
        line_start = text.rfind("\n", 0, lo) + 1 if mid_line and markdown else 0
        previous = lo
        for match in pattern.finditer(text, lo, hi):
            position = match.end()
            if markdown and mid_line:
                newline = text.rfind("\n", previous, position)
                line_start = newline + 1 if newline >= 0 else line_start
                previous = position
            if position <= lo or (markdown and (protected(position) or (mid_line and not text[line_start].isalpha()))):
                continue
            best = position
            if first:
                break
        if best is not None:
            return best
    return None


def piece_bounds(text: str, path: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each piece; one piece when the text is at most `size` characters."""
    size = size or PIECE_CHARS
    if len(text) <= size:
        return [(0, len(text))]
    markdown = not any(path.lower().endswith(suffix) for suffix in TEXT_SUFFIXES)
    spans = _protected(text) if markdown else []
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        cut = _cut(text, start + size // 2, start + size, markdown, spans)
        if cut is None:  # nothing in the window: the first good cut after it, or none at all
            cut = _cut(text, start + size, len(text), markdown, spans, first=True)
            if cut is None:
                break
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _shifted(prose: ProseDocument, text: str, by: int) -> ProseDocument:
    blocks = []
    for block in prose.blocks:
        moved = Block(block.kind, block.text, [(p, s + by, n) for p, s, n in block.segments], block.links,
                      block.level)
        blocks.append(moved)
    directives = tuple(Directive(d.name, d.argument, d.offset + by, d.end_offset + by) for d in prose.directives)
    return ProseDocument(text, tuple(blocks), prose.front_matter, prose.front_matter_problem, directives,
                         prose.is_markdown)


def iter_pieces(text: str, path: str, size: int | None = None) -> Iterator[ProseDocument]:
    """Each piece parsed on its own, with offsets into `text` (parsed as it is needed)."""
    bounds = piece_bounds(text, path, size)
    if len(bounds) == 1:
        yield parse(text, path)
        return
    for start, end in bounds:
        yield _shifted(parse(text[start:end], path), text, start)


def merge_findings(per_piece: Iterable[list[Finding]]) -> list[Finding]:
    """All span findings; a document-level finding only if every piece reported it."""
    spans: list[Finding] = []
    document: dict[tuple[str, str], Finding] | None = None
    for findings in per_piece:
        spans.extend(f for f in findings if f.offset is not None)
        here = {(f.rule, f.message): f for f in findings if f.offset is None}
        document = here if document is None else {k: v for k, v in document.items() if k in here}
    return sorted(spans + list((document or {}).values()), key=lambda f: f.sort_key)
