"""Hypothesis strategies for articles, and the properties every report must have (shared by the
fuzz tests and benchmarks/fuzz.py).

The generated Markdown mixes what real articles hold (front matter, nested lists and quotes, tables,
code, HTML, links, suppression comments) with what breaks offset arithmetic (CR and CRLF line ends,
byte-order marks, lone surrogates, zero-width and right-to-left characters, combining marks).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import strategies as st

from claimcheck.finding import FileReport, Finding

# Words that make the rules fire, hedge, negate or quote, so findings (and their offsets) happen often.
WORDS = ("pembrolizumab", "Keytruda", "nivolumab", "CAR-T", "immunotherapy", "checkpoint", "inhibitor",
         "cures", "cure", "cancer", "miracle", "breakthrough", "guaranteed", "100%", "always", "never",
         "no", "side", "effects", "safe", "natural", "may", "might", "some", "patients", "studies", "show",
         "doctor", "talk", "to", "your", "risk", "not", "is", "a", "the", "and", "works", "for", "everyone",
         "Myth:", "\"cures\"", "“miracle”", "PD-1", "CTLA-4", "blocks", "kills", "tumours", "revolutionary")
ODD_CHARS = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200f", "\u202e", "\u202c", "\u061c",
             "\u0301", "\u00a0", "\t", "\ud800", "\udfff", "\U0001f600", "\u05d0\u05d1", "\u0627\u0644",
             "\x0b", "\x0c", "\u2028", "\u2029", "\u0085", "\\", "*", "_", "`", "<", ">", "&", "[", "]", "|", "#")
ENTITIES = ("&amp;", "&nbsp;", "&#x41;", "&#65;", "&lt;", "&copy;", "&bogus;")

word = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD_CHARS),
                 st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6))


# Inline markup around a word ({w}); one in three words is left plain.
INLINE_FORMS = ("{w}", "{w}", "{w}", "{w}", "*{w}*", "**{w}**", "`{w}`", "<span>{w}</span>", "![{w}](img.png)",
                "<https://example.org/cures>", "\\{w}", "[{w}][ref]", '[{w}](https://example.org/a "t")',
                "[{w}](https://example.org/x)y)", "[{w}](<https://example.org/b c>)")


@st.composite
def inline(draw: st.DrawFn) -> str:
    """A run of prose with inline markup."""
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        form = draw(st.sampled_from(INLINE_FORMS + ENTITIES))
        pieces.append(form.format(w=draw(word)) if "{w}" in form else form)
    ending = draw(st.sampled_from(("", ".", "!", "?", ":", "  \n", "\\\n", "\n")))
    return " ".join(pieces) + ending


SUPPRESSIONS = ("<!-- claimcheck-disable overclaim -->", "<!-- claimcheck-enable -->",
                "<!-- claimcheck-disable-next-line overclaim.cure -->", "<!-- claimcheck-disable -->",
                "<!-- claimcheck-disable-next-line nosuch.rule -->", "<!-- claimcheck-bogus -->",
                "<!-- a comment\nover lines -->")


def block(depth: int = 0) -> st.SearchStrategy[str]:
    leaves = st.one_of(
        inline(),
        st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 7), inline()),
        st.builds(lambda text, under: f"{text}\n{under}", inline(), st.sampled_from(("===", "---"))),
        st.builds(lambda lang, text: f"```{lang}\n{text}\n```", st.sampled_from(("", "python", "md")), inline()),
        st.builds(lambda text: "    " + text, inline()),
        st.builds(lambda text: f"<div>\n{text}\n</div>", inline()),
        st.sampled_from(SUPPRESSIONS),
        st.builds(_table, st.lists(st.lists(inline(), min_size=1, max_size=3), min_size=1, max_size=4)),
        st.just("---"), st.just("***"), st.just(""),
    )
    if depth >= 3:
        return leaves
    nested = st.deferred(lambda: block(depth + 1))
    return st.one_of(
        leaves,
        st.builds(_list_of, st.lists(nested, min_size=1, max_size=4), st.sampled_from(("- ", "* ", "1. ", "2) "))),
        st.builds(_quoted, nested, st.integers(1, 4)),
    )


def _table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(cell.replace("\n", " ").replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def _list_of(items: list[str], marker: str) -> str:
    indent = " " * len(marker)
    return "\n".join(marker + item.replace("\n", "\n" + indent) for item in items)


def _quoted(text: str, depth: int) -> str:
    prefix = "> " * depth
    return "\n".join(prefix + line for line in text.split("\n"))


FRONT_MATTER = ("", "---\ntitle: A test\n---\n", "---\nclaimcheck: {kind: news}\n---\n",
                "---\nclaimcheck: {disable: [hype]}\n---\n", "---\nclaimcheck: {kind: bogus}\n---\n",
                "---\n: bad: [yaml\n---\n", "---\n- a list\n---\n", "---\nclaimcheck: [1, 2]\n---\n")


@st.composite
def line_ends(draw: st.DrawFn, text: str) -> str:
    style = draw(st.sampled_from(("\n", "\n", "\r\n", "\r", "mixed")))
    if style == "mixed":
        return "".join(part + (draw(st.sampled_from(("\n", "\r\n", "\r"))) if index < text.count("\n") else "")
                       for index, part in enumerate(text.split("\n")))
    return text.replace("\n", style)


@st.composite
def markdown_document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=0, max_size=8))
    separator = draw(st.sampled_from(("\n\n", "\n", "\n\n\n")))
    text = draw(st.sampled_from(FRONT_MATTER)) + separator.join(blocks) + draw(st.sampled_from(("", "\n")))
    text = draw(line_ends(text))
    return draw(st.sampled_from(("", "", "\ufeff"))) + text


@st.composite
def plain_document(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(inline(), st.just(""), st.sampled_from(
        ("# claimcheck-disable overclaim", "# claimcheck-enable", "# claimcheck-disable-next-line hype",
         "  # claimcheck-disable")), st.text(max_size=30)), max_size=12))
    return draw(line_ends("\n".join(lines)))


@st.composite
def encoded_document(draw: st.DrawFn) -> bytes:
    """Bytes as they might sit on disk: any encoding claimcheck reads, right or wrong BOMs, or noise."""
    text = draw(markdown_document()).encode("utf-8", "replace").decode("utf-8")
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    choice = draw(st.integers(0, 6))
    if choice == 0:
        return text.encode("utf-8")
    if choice == 1:
        return text.lstrip("\ufeff").encode("utf-8-sig")
    if choice == 2:
        return text.encode(draw(st.sampled_from(("utf-16", "utf-32"))))
    if choice == 3:  # a BOM that lies about the rest
        return draw(st.sampled_from((b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\xef\xbb\xbf"))) + \
            text.encode("utf-8")
    return draw(st.binary(max_size=200))


# ----- the properties -------------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\r|\n")


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of `offset`, worked out afresh (CRLF, CR and LF each end a line)."""
    line, start = 1, 0
    for match in _LINE_END.finditer(text, 0, offset):
        if match.end() > offset:
            break
        line, start = line + 1, match.end()
    return line, offset - start + 1


def problems(text: str, report: FileReport) -> Iterator[str]:
    """Every way a report disagrees with its text (nothing, for a correct report)."""
    for finding in report.findings:
        yield from _finding_problems(text, finding)


def _finding_problems(text: str, finding: Finding) -> Iterator[str]:
    if finding.offset is None:
        if finding.end_offset is not None or finding.start is not None or finding.text is not None:
            yield f"{finding.rule}: a document-level finding with a position"
        return
    start, end = finding.offset, finding.end_offset
    if end is None or not 0 <= start < end <= len(text):
        yield f"{finding.rule}: offsets {start}..{end} outside the text (length {len(text)})"
        return
    if text[start:end] != finding.text:
        yield f"{finding.rule}: text[{start}:{end}] is {text[start:end]!r}, the finding says {finding.text!r}"
    for label, offset, position in (("start", start, finding.start), ("end", end, finding.end)):
        expected = expected_position(text, offset)
        if position is None or (position.line, position.column) != expected:
            yield f"{finding.rule}: {label} offset {offset} is line:column {expected}, the finding says {position}"
    if finding.sentence_offset is not None and not 0 <= finding.sentence_offset <= start:
        yield f"{finding.rule}: sentence offset {finding.sentence_offset} after the finding's offset {start}"
