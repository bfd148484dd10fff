"""Reading an article: bytes to text, and character offsets to line/column.

Offsets everywhere in claimcheck are character offsets into the decoded text returned here,
so a finding can always be placed exactly in the original file.
"""
from __future__ import annotations

import bisect
import codecs
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.finding import Position
from claimcheck.safefile import read_regular, size_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_LINE_END = re.compile(r"\r\n|\r|\n")
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded article and where it came from (`path` as the user gave it)."""

    path: str
    text: str


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/UTF-32; refuse binary data.

    A byte-order mark is a claim about the encoding: when the bytes behind it do not decode cleanly,
    or decode to text that is not text (control or unassigned characters, no ASCII at all), the file
    is an error rather than garbage reported clean."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            label = encoding.upper()
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {label} byte-order mark but is not valid {label} "
                                 f"(byte {exc.start}); not linted", path=path) from None
            problem = bom_text_problem(text)
            if problem:
                raise InputError(f"starts with a {label} byte-order mark but {problem}; not linted", path=path)
            return text
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("looks like a binary file (it contains NUL bytes); not linted", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
            "save the file as UTF-8 to lint it", path=path) from None


_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_NOT_TEXT = frozenset({"Cc", "Cn", "Co", "Cs"})  # control, unassigned, private use, surrogate


def bom_text_problem(text: str, sample: int = 4096) -> str | None:
    """Why text decoded under a byte-order mark is not really text, or None.

    UTF-8 bytes read as UTF-16 turn into CJK-looking characters with no ASCII at all (not even a
    space or a line end); other mismatches give control or unassigned characters."""
    head = text[:sample].lstrip("\ufeff")
    if not head:
        return None
    bad = sum(1 for char in head if char not in _TEXT_CONTROLS and unicodedata.category(char) in _NOT_TEXT)
    if bad * 10 > len(head):  # more than 10%
        return f"decodes to mostly control or unassigned characters ({bad} of the first {len(head)})"
    if len(head) >= 16 and not any(char < "\x80" for char in head):
        return ("decodes to text with no ASCII character at all, not even a space or a line end "
                "(is it UTF-8 with a stray byte-order mark?)")
    return None


def read_source(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a regular file without blocking, refusing it (before reading) when over `max_bytes`."""
    shown = display if display is not None else str(path)
    return SourceText(shown, decode(read_regular(path, shown, max_bytes), shown))


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES, display: str = "-") -> SourceText:
    stream = sys.stdin.buffer
    data = stream.read(max_bytes + 1) if max_bytes else stream.read()
    if max_bytes and len(data) > max_bytes:
        raise InputError(f"standard input is over the {size_text(max_bytes)} limit; not linted", path=display)
    return SourceText(display, decode(data, display))


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (possible in a str from the API, never in a decoded file) as U+FFFD, one for one,
    so offsets stay the same and spaCy, which encodes to UTF-8, can take the text."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class LineIndex:
    """Maps character offsets to 1-based (line, column) in one text."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        starts = [0]
        if "\r" in text:  # CRLF is one line end, and so is an old-Mac bare CR
            starts.extend(m.end() for m in _LINE_END.finditer(text))
        else:
            find = text.find
            at = find("\n")
            while at != -1:
                starts.append(at + 1)
                at = find("\n", at + 1)
        self._starts = starts
        self._length = len(text)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._starts[max(0, min(line - 1, len(self._starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._starts)
