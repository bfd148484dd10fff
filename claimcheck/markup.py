"""Markdown and plain text to prose blocks that keep their offsets in the source file.

Only prose is linted: code blocks, inline code, HTML, link URLs, images and front matter are
left out. Each block's text is aligned to the original file character by character, so a span
found in the prose can be put back at its exact line and column.
"""
from __future__ import annotations

import bisect
import functools
import html
import re
from dataclasses import dataclass, field, replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from claimcheck.errors import DataError
from claimcheck.longwords import blank_long_words
from claimcheck.nesting import skipped_lines, watch_nesting
from claimcheck.plaininline import use_plain_inline
from claimcheck.source import LineIndex
from claimcheck.yamlio import load_yaml_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})

BLOCK_SEPARATOR = "\n\n"
_DIRECTIVE_HTML = re.compile(r"<!--\s*(claimcheck-[a-z-]+)\b(.*?)-->", re.S)
_DIRECTIVE_TEXT = re.compile(r"^[ \t]*#[ \t]*(claimcheck-[a-z-]+)\b(.*)$", re.M)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline `claimcheck-…` comment: its name, argument text and place in the file."""

    name: str
    argument: str
    offset: int
    end_offset: int


@dataclass(slots=True)
class Block:
    """One prose block. `segments` map prose offsets to source offsets: (prose, source, length)."""

    kind: str  # heading | paragraph | list_item | blockquote | table_cell
    text: str = ""
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # prose spans that are link text or URLs
    level: int = 0
    unmapped: list[int] = field(default_factory=list)  # source offsets of text that could not be aligned


@dataclass(frozen=True, slots=True)
class ProseDocument:
    """Everything the linter needs from one article's markup."""

    source: str
    blocks: tuple[Block, ...]
    front_matter: dict[str, Any] | None = None
    front_matter_problem: str | None = None
    directives: tuple[Directive, ...] = ()
    is_markdown: bool = True
    unlinted: tuple[tuple[int, int], ...] = ()  # 1-based line ranges the parser skipped (nesting limit)
    long_words: tuple[int, ...] = ()  # 1-based lines holding a run too long to be prose (blanked)
    unaligned: tuple[int, ...] = ()  # 1-based lines holding text that could not be aligned (not linted)


class _BlockBuilder:
    """Appends aligned pieces of text to a block."""

    def __init__(self, block: Block, source: str) -> None:
        self.block = block
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.unmapped: list[int] = []  # source offsets of characters that could not be aligned

    def add(self, text: str, source_offset: int) -> None:
        if not text:
            return
        segments = self.block.segments
        last = segments[-1] if segments else None
        if last and last[0] + last[2] == self.length and last[1] + last[2] == source_offset:
            segments[-1] = (last[0], last[1], last[2] + len(text))
        else:
            segments.append((self.length, source_offset, len(text)))
        self.parts.append(text)
        self.length += len(text)

    def add_aligned(self, content: str, cursor: int, limit: int) -> int:
        """Add `content`, found in the source at or after `cursor`; return the new cursor."""
        at = self.source.find(content, cursor, limit)
        if at >= 0:
            self.add(content, at)
            return at + len(content)
        return self._add_unescaped(content, cursor, limit)

    def _add_unescaped(self, content: str, cursor: int, limit: int) -> int:
        """Align text holding escapes (`\\*`) and entities (`&amp;`) piece by piece: an entity's
        characters go to the entity's place, markup between pieces (up to 64 characters) is stepped
        over. A character found nowhere near is added as a space (so no finding can land on a wrong
        place) and its place recorded in `unmapped`."""
        index = 0
        while index < len(content):
            for at in range(cursor, min(limit, cursor + 64)):
                step = self._piece_at(content, index, at)
                if step:
                    cursor, index = step
                    break
            else:
                place = min(cursor, max(limit - 1, 0))
                self.add(" ", place)
                self.unmapped.append(place)
                index += 1
        return cursor

    def _piece_at(self, content: str, index: int, at: int) -> tuple[int, int] | None:
        """Add content[index…] if the source shows it at `at` (an entity, the character, or its escape);
        return the new (cursor, index), or None."""
        source = self.source
        char = content[index]
        if source.startswith("&", at):  # before the literal test: "&amp;" decodes to "&", which also starts it
            entity = _ENTITY.match(source, at)
            decoded = html.unescape(entity.group()) if entity else ""
            if entity and decoded != entity.group() and content.startswith(decoded, index):
                for offset, piece in enumerate(decoded):
                    self.add(piece, at + min(offset, len(entity.group()) - 1))
                return entity.end(), index + len(decoded)
        if source.startswith(char, at):
            self.add(char, at)
            return at + 1, index + 1
        if source.startswith("\\" + char, at):
            self.add(char, at + 1)
            return at + 2, index + 1
        return None

    def finish(self) -> Block:
        text = "".join(self.parts)
        # Trim surrounding whitespace while keeping segments consistent.
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if lead:
            self.block.segments = _shift_segments(self.block.segments, lead)
            self.block.links = [(max(0, s - lead), max(0, e - lead)) for s, e in self.block.links]
        self.block.text = text
        return self.block


def _shift_segments(segments: list[tuple[int, int, int]], by: int) -> list[tuple[int, int, int]]:
    shifted = []
    for prose, src, length in segments:
        if prose + length <= by:
            continue
        if prose < by:
            cut = by - prose
            shifted.append((0, src + cut, length - cut))
        else:
            shifted.append((prose - by, src, length))
    return shifted


def _normalise_newlines(text: str) -> str:
    """Same-length copy with CR line ends made LF, so parser offsets equal file offsets."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", " \n").replace("\r", "\n")


def _parser() -> MarkdownIt:
    return _memoised_links(use_plain_inline(watch_nesting(
        MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).enable("table"))))


def _memoised_links(md: MarkdownIt) -> MarkdownIt:
    """Remember each URL's normal form: markdown-it percent-encodes and punycodes every link target
    anew (a tenth of its time on articles citing the same sources), and the result depends only on the URL."""
    md.normalizeLink = functools.lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = functools.lru_cache(maxsize=4096)(md.normalizeLinkText)  # type: ignore[method-assign]
    md.validateLink = functools.lru_cache(maxsize=4096)(md.validateLink)  # type: ignore[method-assign]
    return md


_MD = _parser()
NESTING_LIMIT: int = _MD.options.maxNesting


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    starts.append(len(text) + 1)
    return starts


def _directives_in(html: str, base: int, source: str, cursor: int) -> list[Directive]:
    found = []
    at = source.find(html.strip(), cursor)
    origin = at if at >= 0 else base
    for match in _DIRECTIVE_HTML.finditer(html.strip()):
        found.append(Directive(match.group(1), match.group(2).strip(), origin + match.start(),
                               origin + match.end()))
    return found


def parse_markdown(text: str) -> ProseDocument:
    """Parse CommonMark (with front matter and tables) into aligned prose blocks."""
    source = _normalise_newlines(text)
    env: dict[str, Any] = {}
    tokens = _MD.parse(source, env)
    starts = _line_starts(source)
    blocks: list[Block] = []
    directives: list[Directive] = []
    front_matter: dict[str, Any] | None = None
    front_problem: str | None = None
    containers: list[str] = []
    pending_kind = "paragraph"
    pending_level = 0
    cursor = 0
    for token in tokens:
        kind = token.type
        if kind == "front_matter":
            front_matter, front_problem = _front_matter(token.content, token.map)
            cursor = starts[token.map[1]] if token.map else cursor
        elif kind in ("bullet_list_open", "ordered_list_open"):
            containers.append("list_item")
        elif kind == "blockquote_open":
            containers.append("blockquote")
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            if containers:
                containers.pop()
        elif kind == "heading_open":
            pending_kind, pending_level = "heading", int(token.tag[1:])
        elif kind in ("th_open", "td_open"):
            pending_kind = "table_cell"
        elif kind == "paragraph_open":
            pending_kind = containers[-1] if containers else "paragraph"
        elif kind == "inline" and token.map:
            lo = max(cursor, starts[token.map[0]])
            hi = starts[min(token.map[1], len(starts) - 1)] - 1
            block, cursor, found = _inline_block(token, source, lo, max(hi, lo), pending_kind)
            directives.extend(found)
            block.level = pending_level if pending_kind == "heading" else 0
            if block.text:
                blocks.append(block)
            pending_kind, pending_level = "paragraph", 0
        elif kind == "html_block" and token.map:
            directives.extend(_directives_in(token.content, starts[token.map[0]], source,
                                             starts[token.map[0]]))
            cursor = max(cursor, starts[token.map[1]] - 1 if token.map[1] < len(starts) else cursor)
        elif kind in ("fence", "code_block", "hr") and token.map:
            cursor = max(cursor, starts[min(token.map[1], len(starts) - 1)] - 1)
    return ProseDocument(text, tuple(blocks), front_matter, front_problem, tuple(directives), True,
                         skipped_lines(env))


def _front_matter(content: str, line_map: list[int] | None) -> tuple[dict[str, Any] | None, str | None]:
    try:
        data = load_yaml_text(content, "front matter")
    except DataError as exc:
        line = (exc.line or 1) + (line_map[0] + 1 if line_map else 0)
        return None, f"front matter is not valid YAML (line {line}: {exc.problem}); ignored"
    if data is None:
        return None, None
    if not isinstance(data, dict):
        return None, "front matter is not a mapping; ignored"
    return data, None


def _inline_block(token: Token, source: str, lo: int, hi: int,
                  kind: str) -> tuple[Block, int, list[Directive]]:
    block = Block(kind)
    builder = _BlockBuilder(block, source)
    cursor = lo
    directives: list[Directive] = []
    link_start: int | None = None
    link_target = ("", "")
    skip_autolink = False
    for child in token.children or []:
        ctype = child.type
        if ctype == "text":
            if skip_autolink:
                at = source.find(child.content, cursor, hi + 1)
                if at >= 0:
                    cursor = at + len(child.content)
                continue
            if child.content:
                cursor = builder.add_aligned(child.content, cursor, hi + 1)
        elif ctype in ("softbreak", "hardbreak"):
            at = source.find("\n", cursor, hi + 1)
            builder.add(" ", at if at >= 0 else cursor)
            cursor = at + 1 if at >= 0 else cursor
        elif ctype == "code_inline":
            at = source.find(child.content, cursor, hi + 1)
            if at >= 0:
                builder.add(" ", at)
                cursor = at + len(child.content)
        elif ctype == "html_inline":
            at = source.find(child.content, cursor, hi + 1)
            if at >= 0:
                directives.extend(_directives_in(child.content, at, source, at))
                builder.add(" ", at)  # "drug<br>cures" must not become one word
                cursor = at + len(child.content)
        elif ctype == "link_open":
            if child.markup == "autolink":
                skip_autolink = True
                builder.add(" ", cursor)
                block.links.append((builder.length - 1, builder.length))
            else:
                link_start = builder.length
                link_target = (str(child.attrs.get("href") or ""), str(child.attrs.get("title") or ""))
        elif ctype == "link_close":
            if skip_autolink:
                skip_autolink = False
            elif link_start is not None:
                block.links.append((link_start, builder.length))
                link_start = None
                cursor = _after_link_target(source, cursor, hi + 1, link_target)
        elif ctype == "image":
            end = source.find(")", cursor, hi + 1)
            cursor = end + 1 if end >= 0 else cursor
    finished = builder.finish()
    finished.unmapped = builder.unmapped
    _mark_bare_urls(finished)
    return finished, cursor, directives


def _after_link_target(source: str, cursor: int, limit: int, target: tuple[str, str]) -> int:
    """Step over `](url "title")` after a link's text; the title may itself contain ')'."""
    if not source.startswith("](", cursor):
        return cursor  # a reference link [text][ref] or [text]: nothing inline to skip
    position = cursor + 2
    for part in target:
        if part:
            at = source.find(part, position, limit)
            if at >= 0:
                position = at + len(part)
    close = source.find(")", position, limit)
    return close + 1 if close >= 0 else cursor


def _mark_bare_urls(block: Block) -> None:
    for match in _BARE_URL.finditer(block.text):
        block.links.append((match.start(), match.end()))


def parse_plain_text(text: str) -> ProseDocument:
    """Plain text: paragraphs are separated by blank lines; `# claimcheck-…` lines are directives."""
    source = _normalise_newlines(text)
    directives = [Directive(m.group(1), m.group(2).strip(), m.start(), m.end())
                  for m in _DIRECTIVE_TEXT.finditer(source)]
    directive_lines = {source.count("\n", 0, d.offset) for d in directives}
    blocks: list[Block] = []
    lines = source.split("\n")
    offset = 0
    current: _BlockBuilder | None = None
    line_count = 0

    def close() -> None:
        nonlocal current
        if current is not None:
            block = current.finish()
            if block.text:
                if line_count == 1 and _looks_like_heading(block.text):
                    block.kind = "heading"
                blocks.append(block)
            current = None

    for number, line in enumerate(lines):
        if not line.strip() or number in directive_lines:
            close()
            line_count = 0
        else:
            if current is None:
                current = _BlockBuilder(Block("paragraph"), source)
            elif current.length:
                current.add(" ", offset - 1)
            current.add(line, offset)
            line_count += 1
        offset += len(line) + 1
    close()
    for block in blocks:
        _mark_bare_urls(block)
    return ProseDocument(text, tuple(blocks), None, None, tuple(directives), False)


def _looks_like_heading(line: str) -> bool:
    """A short single line with no sentence-final full stop reads as a heading."""
    words = line.split()
    return 0 < len(words) <= 14 and not line.rstrip().endswith((".", ":", ";", ","))


def parse(text: str, path: str) -> ProseDocument:
    """Choose the parser from the file name; anything not plain text is read as Markdown."""
    lowered = path.lower()
    if any(lowered.endswith(suffix) for suffix in TEXT_SUFFIXES):
        prose = parse_plain_text(text)
    else:
        prose = parse_markdown(text)
    offsets = blank_long_words(prose.blocks, source_offset)
    unmapped = [offset for block in prose.blocks for offset in block.unmapped]
    if not offsets and not unmapped:
        return prose
    lines = LineIndex(text)
    return replace(prose, long_words=tuple(sorted({lines.position(offset).line for offset in offsets})),
                   unaligned=tuple(sorted({lines.position(offset).line for offset in unmapped})))


def source_offset(block: Block, prose_offset: int) -> int:
    """Map an offset in a block's prose text to the source file."""
    segments = block.segments
    if not segments:
        return 0
    index = bisect.bisect_right(segments, (prose_offset, float("inf"), 0)) - 1
    if index < 0:
        return segments[0][1]
    prose, src, length = segments[index]
    if prose_offset < prose + length:
        return src + (prose_offset - prose)
    return src + length  # in a gap (or past the end): just after the previous piece
