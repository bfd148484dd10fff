"""source.py: decoding, refusing unreadable input, and offsets to 1-based line/column."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.finding import Position
from claimcheck.source import LineIndex, decode, read_source


def test_decode_utf8_plain_and_with_bom() -> None:
    text = "Caf\u00e9 \u2014 na\u00efve\n"
    assert decode(text.encode("utf-8"), "a.md") == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), "a.md") == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(encoding: str) -> None:
    text = "Immunotherapy \u2014 caf\u00e9\n"
    data = text.encode(encoding)
    if encoding != "utf-16":  # the explicit-endian codecs do not write a BOM
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode(data, "a.md") == text


def test_binary_data_is_refused() -> None:
    with pytest.raises(InputError) as info:
        decode(b"PNG\x00\x01\x02 some bytes", "picture.md")
    assert info.value.path == "picture.md"
    assert "binary" in info.value.problem


def test_invalid_utf8_names_the_line() -> None:
    data = b"line one\nline two\n" + b"caf\xe9 on line three\n"
    with pytest.raises(InputError) as info:
        decode(data, "latin1.md")
    assert "line 3" in info.value.problem
    assert "0xe9" in info.value.problem
    assert str(info.value).startswith("latin1.md: ")


def test_read_source_reads_and_keeps_the_display_path(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_bytes(codecs.BOM_UTF8 + "Hello \u00e9.\n".encode())
    source = read_source(file, display="docs/a.md")
    assert source.path == "docs/a.md"
    assert source.text == "Hello \u00e9.\n"


def test_read_source_refuses_a_large_file_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "big.md"
    file.write_text("x" * 101, encoding="utf-8")

    def no_reading(handle: int, limit: int | None) -> bytes:  # pragma: no cover - must not be called
        raise AssertionError("the file was read")

    monkeypatch.setattr("claimcheck.safefile._read_at_most", no_reading)
    with pytest.raises(InputError) as info:
        read_source(file, max_bytes=100)
    assert "limit" in info.value.problem
    assert info.value.path == str(file)


def test_read_source_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_source(tmp_path / "nope.md", display="nope.md")
    assert info.value.path == "nope.md"
    assert "no such file" in info.value.problem


def test_line_index_positions_count_characters() -> None:
    text = "caf\u00e9 \u00fcber\nna\u00efve \u2014 x\n\nlast"
    index = LineIndex(text)
    assert index.position(0) == Position(1, 1)
    assert index.position(text.index("\u00fc")) == Position(1, 6)
    assert index.position(text.index("\u2014")) == Position(2, 7)
    assert index.position(text.index("last")) == Position(4, 1)
    assert index.position(len(text)) == Position(4, 5)
    assert index.line_count == 4
    assert index.line_start(2) == text.index("na")


def test_line_index_clamps_out_of_range_offsets() -> None:
    index = LineIndex("ab\ncd")
    assert index.position(-5) == Position(1, 1)
    assert index.position(99) == Position(2, 3)


def test_line_index_with_crlf_line_ends() -> None:
    text = "first\r\nsecond word\r\nthird"
    index = LineIndex(text)
    assert index.position(text.index("second")) == Position(2, 1)
    assert index.position(text.index("word")) == Position(2, 8)
    assert index.position(text.index("third")) == Position(3, 1)


def test_bare_carriage_returns_end_lines() -> None:
    index = LineIndex("one\rtwo\r\nthree\nfour")
    assert index.position(4) == Position(2, 1)
    assert index.position(9) == Position(3, 1)
    assert index.position(15) == Position(4, 1)
    assert index.line_count == 4


def test_small_size_limits_are_shown_in_bytes(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text("x" * 50, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_source(file, max_bytes=10)
    assert "50 bytes, over the 10 bytes limit" in str(info.value)


# ----- a byte-order mark is a claim about the encoding --------------------------------------------

def test_utf8_text_behind_a_utf16_bom_is_an_error_not_garbage() -> None:
    text = "Pembrolizumab cures every cancer, says the clinic.\n"
    data = codecs.BOM_UTF16_LE + (text + " " * (len(text) % 2)).encode("utf-8")  # even: decodes cleanly
    with pytest.raises(InputError) as info:
        decode(data, "a.md")
    assert "UTF-16 byte-order mark" in info.value.problem
    assert "no ASCII character" in info.value.problem


def test_odd_length_utf16_is_an_error_naming_the_byte() -> None:
    with pytest.raises(InputError) as info:
        decode(codecs.BOM_UTF16_BE + "abc".encode("utf-16-be") + b"x", "a.md")
    assert "not valid UTF-16 (byte 8)" in info.value.problem


def test_bom_text_that_decodes_to_control_characters_is_an_error() -> None:
    data = codecs.BOM_UTF16_BE + "".join(chr(c) for c in range(1, 9)).encode("utf-16-be") * 4
    with pytest.raises(InputError) as info:
        decode(data, "a.md")
    assert "control or unassigned characters" in info.value.problem


def test_utf32_with_bom_is_decoded_as_utf32() -> None:
    text = "Nivolumab is a PD-1 inhibitor.\n"
    assert decode(text.encode("utf-32"), "a.md") == text


def test_real_utf16_text_with_some_non_ascii_still_decodes() -> None:
    text = "Caf\u00e9 \u2014 \u00bfs\u00ed? Nivolumab \u4e2d\u6587.\n"
    assert decode(text.encode("utf-16"), "a.md") == text
