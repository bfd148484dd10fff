"""markup.py: Markdown and plain text to prose blocks aligned with the source, character by character."""
from __future__ import annotations

from claimcheck.markup import ProseDocument, parse, parse_markdown, parse_plain_text, source_offset

ARTICLE = (
    "# Immunotherapy *today*\n"
    "\n"
    "Checkpoint inhibitors help some patients.\n"
    "\n"
    "- first point\n"
    "- second point\n"
    "\n"
    "| drug | target |\n"
    "|------|--------|\n"
    "| nivolumab | PD-1 |\n"
)


def texts(doc: ProseDocument) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def all_prose(doc: ProseDocument) -> str:
    return "\n".join(b.text for b in doc.blocks)


def test_block_kinds() -> None:
    doc = parse_markdown(ARTICLE)
    assert texts(doc) == [
        ("heading", "Immunotherapy today"),
        ("paragraph", "Checkpoint inhibitors help some patients."),
        ("list_item", "first point"),
        ("list_item", "second point"),
        ("table_cell", "drug"), ("table_cell", "target"),
        ("table_cell", "nivolumab"), ("table_cell", "PD-1"),
    ]
    assert doc.blocks[0].level == 1
    assert doc.is_markdown


def test_blockquote_and_heading_level() -> None:
    doc = parse_markdown("## Second level\n\n> A quoted line.\n")
    assert texts(doc) == [("heading", "Second level"), ("blockquote", "A quoted line.")]
    assert doc.blocks[0].level == 2


def test_code_html_urls_images_and_front_matter_are_not_prose() -> None:
    text = (
        "---\n"
        "title: Frontmatterword\n"
        "---\n"
        "\n"
        "Before `inlinecodeword` after.\n"
        "\n"
        "```\n"
        "fencedcodeword\n"
        "```\n"
        "\n"
        "    indentedcodeword\n"
        "\n"
        "<!-- htmlcommentword -->\n"
        "\n"
        "See [the label](https://example.org/urlword) and ![altword](imageword.png) now.\n"
    )
    doc = parse_markdown(text)
    prose = all_prose(doc)
    for hidden in ("Frontmatterword", "inlinecodeword", "fencedcodeword", "indentedcodeword",
                   "htmlcommentword", "urlword", "imageword", "altword"):
        assert hidden not in prose, hidden
    assert "Before" in prose and "after." in prose
    assert "the label" in prose and "now." in prose


def test_link_text_is_marked_as_link() -> None:
    doc = parse_markdown("See [the label](https://example.org/x) now.\n")
    block = doc.blocks[0]
    start, end = block.links[0]
    assert block.text[start:end] == "the label"


def test_bare_url_is_marked_as_link() -> None:
    block = parse_markdown("Read https://example.org/page today.\n").blocks[0]
    assert [block.text[s:e] for s, e in block.links] == ["https://example.org/page"]


def test_every_prose_character_maps_back_to_the_same_source_character() -> None:
    text = (
        "# Caf\u00e9 *emphasis* heading\r\n"
        "\r\n"
        "A **bold** word, a [link text](https://example.org/a_b) and R&amp;D \\*escaped\\* na\u00efve\r\n"
        "second line with _underscore_ \u2014 done.\r\n"
        "\r\n"
        "- list **item** with \u00fcmlaut\r\n"
    )
    doc = parse_markdown(text)
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "list_item"]
    assert doc.blocks[1].text.startswith("A bold word, a link text and R&D *escaped* na\u00efve")
    checked = 0
    for block in doc.blocks:
        for index, char in enumerate(block.text):
            if char.isspace():
                continue  # a soft line break reads as a space where the file has a line end
            assert text[source_offset(block, index)] == char, (block.text, index)
            checked += 1
    assert checked > 80


def test_source_offsets_are_increasing_within_a_block() -> None:
    text = "Some **bold** and *em* text with [a link](http://x.org) end.\n"
    block = parse_markdown(text).blocks[0]
    offsets = [source_offset(block, i) for i in range(len(block.text))]
    assert offsets == sorted(offsets)
    assert text[offsets[block.text.index("end")]:].startswith("end.")


def test_directives_are_collected_with_offsets() -> None:
    text = (
        "Intro.\n"
        "\n"
        "<!-- claimcheck-disable hype -->\n"
        "\n"
        "Middle <!-- claimcheck-disable-next-line overclaim.cure --> text.\n"
        "\n"
        "<!-- claimcheck-enable -->\n"
    )
    doc = parse_markdown(text)
    assert [(d.name, d.argument) for d in doc.directives] == [
        ("claimcheck-disable", "hype"),
        ("claimcheck-disable-next-line", "overclaim.cure"),
        ("claimcheck-enable", ""),
    ]
    for directive in doc.directives:
        assert text[directive.offset:directive.end_offset].startswith("<!--")
        assert text[directive.offset:directive.end_offset].endswith("-->")
    assert "claimcheck" not in all_prose(doc)


def test_front_matter_is_parsed_into_a_dict() -> None:
    doc = parse_markdown("---\ntitle: A page\nclaimcheck:\n  kind: news\n  disable: [hype.breakthrough]\n---\n\nBody.\n")
    assert doc.front_matter == {"title": "A page", "claimcheck": {"kind": "news", "disable": ["hype.breakthrough"]}}
    assert doc.front_matter_problem is None
    assert texts(doc) == [("paragraph", "Body.")]


def test_invalid_front_matter_is_a_problem_not_an_exception() -> None:
    doc = parse_markdown("---\ntitle: [unclosed\n---\n\nBody.\n")
    assert doc.front_matter is None
    assert doc.front_matter_problem is not None
    assert "front matter" in doc.front_matter_problem
    assert texts(doc) == [("paragraph", "Body.")]


def test_front_matter_that_is_not_a_mapping() -> None:
    doc = parse_markdown("---\n- a\n- b\n---\n\nBody.\n")
    assert doc.front_matter is None
    assert "not a mapping" in (doc.front_matter_problem or "")


def test_plain_text_paragraphs_headings_and_directives() -> None:
    text = (
        "Short title line\n"
        "\n"
        "First line of a paragraph.\n"
        "second line of it.\n"
        "# claimcheck-disable-next-line hype\n"
        "A miracle happened.\n"
        "\n"
        "A last sentence that ends.\n"
    )
    doc = parse_plain_text(text)
    assert not doc.is_markdown
    assert texts(doc) == [
        ("heading", "Short title line"),
        ("paragraph", "First line of a paragraph. second line of it."),
        ("paragraph", "A miracle happened."),
        ("paragraph", "A last sentence that ends."),
    ]
    assert [(d.name, d.argument) for d in doc.directives] == [("claimcheck-disable-next-line", "hype")]
    directive = doc.directives[0]
    assert text[directive.offset:directive.end_offset] == "# claimcheck-disable-next-line hype"
    for block in doc.blocks:
        for index, char in enumerate(block.text):
            if not char.isspace():
                assert text[source_offset(block, index)] == char


def test_plain_text_long_or_punctuated_single_line_is_a_paragraph() -> None:
    doc = parse_plain_text("One line that ends with a full stop.\n\n" + " ".join(["word"] * 20) + "\n")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_parse_picks_the_parser_from_the_suffix() -> None:
    text = "# not a heading in text\n\nBody **x**.\n"
    assert parse(text, "notes.txt").is_markdown is False
    assert parse(text, "NOTES.TXT").is_markdown is False
    assert parse(text, "page.md").is_markdown is True
    assert parse(text, "page.html").is_markdown is True
    assert parse(text, "page.md").blocks[0].kind == "heading"


def test_inline_html_separates_words() -> None:
    doc = parse_markdown("Keytruda<br>cures cancer.\n")
    assert doc.blocks[0].text == "Keytruda cures cancer."


def test_link_title_with_a_parenthesis_is_skipped() -> None:
    source = 'See [x](http://a.com "a) miracle cure") then text\n'
    doc = parse_markdown(source)
    block = doc.blocks[0]
    assert block.text == "See x then text"
    at = block.text.index("then")
    assert source[source_offset(block, at):source_offset(block, at) + 4] == "then"


# ----- entities and escapes are aligned exactly; what cannot be aligned is named, never misplaced -----

def test_entities_and_escapes_map_to_their_own_place() -> None:
    from claimcheck.markup import source_offset

    text = "Tom &amp; Jerry \\* &copy; cures &#x41; cancer.\n"
    (block,) = parse_markdown(text).blocks
    assert block.text == "Tom & Jerry * © cures A cancer."
    for prose_at, expected in ((4, text.index("&amp;")), (12, text.index("*")), (14, text.index("&copy;")),
                               (16, text.index("cures")), (22, text.index("&#x41;"))):
        assert source_offset(block, prose_at) == expected


def test_text_that_cannot_be_aligned_is_blanked_and_named(linter) -> None:  # type: ignore[no-untyped-def]
    """A table in a list item with CRLF ends and entities: markdown-it hands back cell text the
    aligner cannot place; it must not become a finding at a wrong place."""
    text = ("2) | &nbsp; *x* &lt;  | **not** [a<b](https://example.org/x)y) cures &bogus; [e][ref] &lt; 100% |"
            " [c](<https://example.org/b c>) <span>d</span> cures &lt; &nbsp; \\effects: |\r\n   |---|---|---|\r\n")
    report = linter.check_text(text, "a.md")
    for finding in report.findings:
        assert text[finding.offset:finding.end_offset] == finding.text and finding.text.strip() == finding.text
    prose = parse_markdown(text)
    if any(block.unmapped for block in prose.blocks):
        assert report.notes[-1].startswith("line 1: some text could not be aligned to the file")
