"""Reading an article: bytes to text, and character offsets to line/column.

Offsets everywhere in claimcheck are character offsets into the decoded text returned here,
so a finding can always be placed exactly in the original file.
"""
from __future__ import annotations

import bisect
import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.finding import Position

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_LINE_END = re.compile(r"\r\n|\r|\n")
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded article and where it came from (`path` as the user gave it)."""

    path: str
    text: str


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary data."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 (byte {exc.start})", path=path) from None
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("looks like a binary file (it contains NUL bytes); not linted", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
            "save the file as UTF-8 to lint it", path=path) from None


def read_source(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a file, checking its size before reading it so a huge file costs no memory."""
    shown = display if display is not None else str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file or directory", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    if max_bytes and size > max_bytes:
        raise InputError(f"file is {_size(size)}, over the {_size(max_bytes)} limit (raise it with --max-size); "
                         "not linted", path=shown)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    return SourceText(shown, decode(data, shown))


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES, display: str = "-") -> SourceText:
    stream = sys.stdin.buffer
    data = stream.read(max_bytes + 1) if max_bytes else stream.read()
    if max_bytes and len(data) > max_bytes:
        raise InputError(f"standard input is over the {_size(max_bytes)} limit; not linted", path=display)
    return SourceText(display, decode(data, display))


def _size(count: int) -> str:
    return f"{count / 1048576:.1f} MiB" if count >= 1048576 else f"{count:,} bytes"


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
