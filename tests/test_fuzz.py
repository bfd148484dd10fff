"""Property-based tests (a small profile; benchmarks/fuzz.py runs 10,000+ cases): whatever the article,
no exception, and every finding's offsets, text and line:column agree with the file."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from strategies import encoded_document, expected_position, markdown_document, plain_document, problems

from claimcheck.api import Linter
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.finding import FileReport, Finding, Position
from claimcheck.source import decode

FAST = settings(max_examples=80, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(linter: Linter, text: str, path: str) -> None:
    try:
        report = linter.check_text(text, path)
    except ClaimcheckError:  # bad front matter settings: reported for that file, as designed
        return
    assert list(problems(text, report)) == []


@FAST
@given(text=markdown_document())
def test_markdown_never_raises_and_offsets_agree(linter: Linter, text: str) -> None:
    _check(linter, text, "fuzz.md")


@settings(FAST, max_examples=60)
@given(text=plain_document())
def test_plain_text_never_raises_and_offsets_agree(linter: Linter, text: str) -> None:
    _check(linter, text, "fuzz.txt")


@settings(FAST, max_examples=30)
@given(data=encoded_document())
def test_any_bytes_decode_or_give_one_input_error(linter: Linter, data: bytes) -> None:
    try:
        text = decode(data, "fuzz.md")
    except InputError as exc:
        assert exc.problem and "\n" not in exc.problem
        return
    _check(linter, text, "fuzz.md")


def test_the_properties_catch_a_wrong_finding() -> None:
    """The checker itself: a finding whose text or position is off is reported."""
    text = "one\r\ntwo cures\n"
    good = Finding("r.x", "overclaim", 3, "m", offset=9, end_offset=14, start=Position(2, 5), end=Position(2, 10),
                   text="cures")  # type: ignore[arg-type]
    assert list(problems(text, FileReport("a.md", (good,)))) == []
    bad = Finding("r.x", "overclaim", 3, "m", offset=9, end_offset=14, start=Position(2, 4), end=Position(2, 10),
                  text="cure")  # type: ignore[arg-type]
    assert len(list(problems(text, FileReport("a.md", (bad,))))) == 2
    assert expected_position("a\rb\r\nc", 5) == (3, 1)
