"""A fast path for markdown-it's inline parse of prose with no inline markup.

Most paragraphs, headings and table cells hold no `*`, `_`, `` ` ``, `[`, `!`, `<`, `&` or `\\`,
the only characters at which CommonMark's inline rules (other than plain text and line breaks) can
start. markdown-it still runs every rule at every other punctuation mark of such a text; for it the
inline tokens are known without parsing: one text token per line, with a soft break between lines
(a hard break after two or more trailing spaces), the next line's leading spaces and tabs dropped.
`use_plain_inline` puts this in front of markdown-it's core `inline` rule; texts with any of those
characters are parsed by markdown-it as before, so the tokens are the same either way.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Characters at which an inline rule other than `text` and `newline` can match ("]", "~" to spare).
_MARKUP = re.compile(r"[\\`*_\[\]!<&~]")
# The inline rules this fast path stands in for; with any other set, markdown-it parses everything.
_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline", "entity"]
_POST_RULES = ["balance_pairs", "emphasis", "fragments_join"]


def plain_inline_tokens(src: str) -> list[Token]:
    """The tokens markdown-it's inline parser makes of `src`, a text with no inline markup."""
    tokens: list[Token] = []
    pending = ""
    position, length = 0, len(src)
    while True:
        newline = src.find("\n", position)
        if newline < 0:
            pending += src[position:]
            break
        pending += src[position:newline]
        kind = "softbreak"
        if pending.endswith(" "):  # markdown-it's newline rule: "  \n" is a hard break
            if len(pending) >= 2 and pending[-2] == " ":
                cut = len(pending) - 2
                while cut >= 1 and pending[cut - 1] == " ":
                    cut -= 1
                pending, kind = pending[:cut], "hardbreak"
            else:
                pending = pending[:-1]
        if pending:
            tokens.append(_text(pending))
            pending = ""
        tokens.append(Token(kind, "br", 0))
        position = newline + 1
        while position < length and src[position] in " \t":
            position += 1
    if pending:
        tokens.append(_text(pending))
    return tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def use_plain_inline(md: MarkdownIt) -> MarkdownIt:
    """Replace `md`'s core inline rule by one that takes the fast path for texts without inline
    markup; a parser with other inline rules (plugins, typographer) is left as it is."""
    if md.inline.ruler.get_active_rules() != _RULES or md.inline.ruler2.get_active_rules() != _POST_RULES:
        return md

    def inline(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline":
                if token.children is None:
                    token.children = []
                if _MARKUP.search(token.content) is None:
                    token.children.extend(plain_inline_tokens(token.content))
                else:
                    state.md.inline.parse(token.content, state.md, state.env, token.children)

    md.core.ruler.at("inline", inline)
    return md
