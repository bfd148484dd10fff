"""Words too long to be prose are blanked before the NLP pipeline, and named in a note.

spaCy's tokenizer strips prefix punctuation one character at a time and searches the rest of the
word for a suffix each time, so a "word" of n punctuation characters (`[[[[…`) costs n² steps:
50,000 of them took over ten minutes. No English word or sentence holds a run of more than
`LONG_WORD` characters without a space, so such runs are replaced by spaces of the same length
(offsets do not move) and the lines they sit on are reported as not linted. Runs inside link text
or URLs are blanked without a note: links are not linted as claims anyway.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

LONG_WORD = 200
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")


class _Block(Protocol):
    text: str
    links: list[tuple[int, int]]


def blank_long_words(blocks: Iterable[_Block], to_source: Callable[[_Block, int], int]) -> list[int]:
    """Blank every over-long run in the blocks' text in place; return the source offsets of those not in links."""
    offsets: list[int] = []
    for block in blocks:
        if len(block.text) <= LONG_WORD:
            continue
        runs = list(_LONG_RUN.finditer(block.text))
        if not runs:
            continue
        block.text = _LONG_RUN.sub(lambda match: " " * len(match.group()), block.text)
        for run in runs:
            if not any(start <= run.start() and run.end() <= end for start, end in block.links):
                offsets.append(to_source(block, run.start()))
    return offsets


def describe_long_words(lines: tuple[int, ...]) -> str | None:
    """One note naming the lines whose over-long words were not linted, or None."""
    if not lines:
        return None
    shown = ", ".join(str(line) for line in lines[:10]) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
    return (f"line{'s' if len(lines) > 1 else ''} {shown}: a run of more than {LONG_WORD} characters without a "
            "space is not prose and was not linted")


def describe_unaligned(lines: tuple[int, ...]) -> str | None:
    """One note naming the lines holding text the Markdown parser returned but the file does not show
    as such (so it could not be placed, and was not linted), or None."""
    if not lines:
        return None
    shown = ", ".join(str(line) for line in lines[:10]) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
    return (f"line{'s' if len(lines) > 1 else ''} {shown}: some text could not be aligned to the file "
            "(escapes or entities) and was not linted")
