"""pieces.py: very large articles in bounded pieces, cut where it changes nothing, offsets exact."""
from __future__ import annotations

import pytest

import claimcheck.pieces as pieces
from claimcheck.finding import Category, Finding, Severity
from claimcheck.pieces import iter_pieces, merge_findings, piece_bounds

PARAGRAPH = ("Nivolumab is a checkpoint inhibitor. This miracle drug cures cancer in every patient. "
             "Some people in the trial had long remissions.")


def test_a_text_within_the_size_is_one_piece() -> None:
    assert piece_bounds("short text", "a.md", size=100) == [(0, 10)]


def test_cuts_fall_at_blank_lines_before_a_paragraph() -> None:
    text = "\n\n".join(f"Paragraph {i} is here. It has two sentences." for i in range(40))
    bounds = piece_bounds(text, "a.md", size=200)
    assert len(bounds) > 5
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_s1, end), (start, _e2) in zip(bounds, bounds[1:]):
        assert end == start
        assert text[start - 2:start] == "\n\n" and text[start:].startswith("Paragraph")
    assert all(end - start <= 200 for start, end in bounds[:-1])


def test_no_cut_inside_fenced_code_or_a_comment() -> None:
    code = "```\n" + "\n\n".join(f"Line {i} of code." for i in range(30)) + "\n```"
    comment = "<!--\n" + "\n\n".join(f"Note {i} hidden." for i in range(30)) + "\n-->"
    text = "Intro text here.\n\n" + code + "\n\nMiddle text.\n\n" + comment + "\n\nLast words here."
    for start, _end in piece_bounds(text, "a.md", size=120)[1:]:
        assert not (text.index("```") < start < text.rindex("```"))
        assert not (text.index("<!--") < start < text.index("-->"))
    # In plain text there is no fence: any blank line will do.
    assert len(piece_bounds(text, "a.txt", size=120)) > len(piece_bounds(text, "a.md", size=120))


def test_one_long_line_is_cut_at_sentence_ends() -> None:
    text = " ".join([PARAGRAPH] * 30)
    bounds = piece_bounds(text, "a.md", size=500)
    assert len(bounds) > 3
    for start, _end in bounds[1:]:
        assert text[start].isupper() and text[start - 2] == "."


def test_a_list_item_line_is_not_cut_in_the_middle() -> None:
    text = "- " + " ".join([PARAGRAPH] * 30)
    assert piece_bounds(text, "a.md", size=500) == [(0, len(text))]


def test_pieces_keep_offsets_into_the_whole_file() -> None:
    text = "\n\n".join(f"Paragraph {i} talks about nivolumab." for i in range(50))
    blocks = [block for piece in iter_pieces(text, "a.md", size=300) for block in piece.blocks]
    assert len(blocks) == 50
    for block in blocks:
        prose, source, length = block.segments[0]
        assert text[source:source + length] == block.text[prose:prose + length]


@pytest.mark.parametrize("path", ["long.md", "long.txt"])
def test_findings_in_pieces_equal_the_whole_text(linter, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                 path: str) -> None:
    directive = "<!-- claimcheck-disable-next-line overclaim -->" if path.endswith(".md") else \
        "# claimcheck-disable-next-line overclaim"
    text = "# Long page\n\n" + "\n\n".join(f"{PARAGRAPH} Item {i}." for i in range(40)) + \
        f"\n\n{directive}\nThis vaccine cures cancer.\n"
    whole = linter.check_text(text, path)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1500)
    assert len(piece_bounds(text, path)) > 3
    cut = linter.check_text(text, path)
    span = [f for f in whole.findings if f.offset is not None]
    assert [f for f in cut.findings if f.offset is not None] == span
    assert any(f.rule == "overclaim.cure" for f in span)
    assert not any(f.text == "cures" and f.start and f.start.line == text.count("\n") for f in cut.findings)


def _document(rule: str) -> Finding:
    return Finding(rule, Category.DISCLAIMER, Severity.WARNING, f"{rule} missing")


def _span(rule: str, offset: int) -> Finding:
    return Finding(rule, Category.HYPE, Severity.WARNING, "m", offset=offset, end_offset=offset + 1)


def test_a_document_finding_needs_every_piece() -> None:
    merged = merge_findings([[_document("disclaimer.a"), _document("safety.b"), _span("hype.x", 5)],
                             [_document("disclaimer.a"), _span("hype.x", 50)]])
    assert [(f.rule, f.offset) for f in merged] == [("disclaimer.a", None), ("hype.x", 5), ("hype.x", 50)]
