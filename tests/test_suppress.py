"""suppress.py: inline disable/enable regions, disable-next-line, selectors and unused suppressions."""
from __future__ import annotations

from claimcheck.finding import Position
from claimcheck.markup import Directive
from claimcheck.source import LineIndex
from claimcheck.suppress import regions


def lint(linter, text: str, path: str = "a.md"):  # type: ignore[no-untyped-def]
    report = linter.check_text(text, path)
    return [(f.rule, f.start.line) for f in report.findings if f.start], report.notes


def test_disable_and_enable_region(linter) -> None:  # type: ignore[no-untyped-def]
    text = (
        "This miracle treatment is one.\n"        # 1
        "\n"
        "<!-- claimcheck-disable -->\n"           # 3
        "\n"
        "This miracle treatment is two.\n"        # 5
        "\n"
        "<!-- claimcheck-enable -->\n"            # 7
        "\n"
        "This miracle treatment is three.\n"      # 9
    )
    found, notes = lint(linter, text)
    assert found == [("hype.miracle", 1), ("hype.miracle", 9)]
    assert notes == ()


def test_disable_with_a_rule_id_leaves_other_rules(linter) -> None:  # type: ignore[no-untyped-def]
    text = "<!-- claimcheck-disable hype.miracle -->\n\nThis miracle drug cures cancer.\n"
    found, _notes = lint(linter, text)
    assert ("hype.miracle", 3) not in found
    assert ("overclaim.cure", 3) in found


def test_disable_with_a_category(linter) -> None:  # type: ignore[no-untyped-def]
    text = "<!-- claimcheck-disable hype -->\n\nThis miracle drug is a breakthrough and cures cancer.\n"
    found, notes = lint(linter, text)
    assert [rule for rule, _line in found] == ["overclaim.cure"]
    assert notes == ()


def test_disable_next_line(linter) -> None:  # type: ignore[no-untyped-def]
    text = (
        "<!-- claimcheck-disable-next-line hype.miracle -->\n"  # 1
        "This miracle treatment is one.\n"                       # 2
        "This miracle treatment is two.\n"                       # 3
    )
    found, notes = lint(linter, text)
    assert found == [("hype.miracle", 3)]
    assert notes == ()


def test_unused_suppression_is_reported(linter) -> None:  # type: ignore[no-untyped-def]
    text = "Intro.\n\n<!-- claimcheck-disable-next-line overclaim -->\nA calm sentence about appointments.\n"
    found, notes = lint(linter, text)
    assert found == []
    assert notes == ("line 3: suppression of overclaim silenced nothing",)


def test_unknown_directive_is_reported(linter) -> None:  # type: ignore[no-untyped-def]
    _found, notes = lint(linter, "Intro.\n\n<!-- claimcheck-disabel hype -->\n\nText.\n")
    assert any("unknown directive 'claimcheck-disabel'" in n and n.startswith("line 3") for n in notes)


def test_plain_text_disable_next_line(linter) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Our clinic\n"                                 # 1
        "\n"
        "# claimcheck-disable-next-line hype\n"        # 3
        "This miracle treatment is one.\n"             # 4
        "\n"
        "This miracle treatment is two.\n"             # 6
    )
    found, notes = lint(linter, text, "notes.txt")
    assert found == [("hype.miracle", 6)]
    assert notes == ()


def test_comma_separated_selectors(linter) -> None:  # type: ignore[no-untyped-def]
    text = "<!-- claimcheck-disable hype.miracle, overclaim.cure -->\n\nThis miracle drug cures cancer.\n"
    found, _notes = lint(linter, text)
    assert not [r for r, _ in found if r in ("hype.miracle", "overclaim.cure")]


def test_regions_from_directives() -> None:
    text = "a\n<!-- claimcheck-disable hype -->\nb\n<!-- claimcheck-enable hype -->\nc\n"
    start = text.index("<!-- claimcheck-disable")
    enable = text.index("<!-- claimcheck-enable")
    directives = [
        Directive("claimcheck-disable", "hype", start, text.index("-->", start) + 3),
        Directive("claimcheck-enable", "hype", enable, text.index("-->", enable) + 3),
    ]
    lines = LineIndex(text)
    (region,), problems = regions(directives, lines, len(text))
    assert problems == []
    assert region.selectors == ("hype",)
    assert (region.start, region.end) == (directives[0].end_offset, enable)
    assert lines.position(region.start) == Position(2, len("<!-- claimcheck-disable hype -->") + 1)


def test_enabling_one_selector_keeps_the_others_disabled(linter) -> None:  # type: ignore[no-untyped-def]
    text = (
        "<!-- claimcheck-disable overclaim hype -->\n"   # 1
        "Keytruda cures cancer, a miracle.\n"            # 2
        "<!-- claimcheck-enable hype -->\n"              # 3
        "Keytruda cures cancer, a miracle.\n"            # 4
        "<!-- claimcheck-enable -->\n"                   # 5
        "Keytruda cures cancer, a miracle.\n"            # 6
        "\n"
        "<!-- claimcheck-disable -->\n"                  # 8
        "Keytruda cures cancer, a miracle.\n"            # 9
        "<!-- claimcheck-enable hype -->\n"              # 10
        "Keytruda cures cancer, a miracle.\n"            # 11
    )
    found, notes = lint(linter, text)
    assert found == [("hype.miracle", 4), ("overclaim.cure", 6), ("hype.miracle", 6), ("hype.miracle", 11)]
    assert notes == ()
