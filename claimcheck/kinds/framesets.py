"""Named groups of frames that a reference-backed kind matches before it judges the claim.

The `frame` rule kind reports every match itself; the mechanism and misconception kinds instead
need to know *which* reference entry a match stands for (a mechanism id, a misconception id) and
then ask the reference whether the sentence's subject may be described that way. A `FrameSet`
compiles frame lines (the syntax of `claimcheck/kinds/frame.py`) under such names, checks that
every word class they use exists, and finds them in an article with the frame kind's own matcher.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from claimcheck.errors import DataError
from claimcheck.kinds.base import Article, new_phrase_matcher
from claimcheck.kinds.frame import (
    CompiledFrame,
    Frame,
    SlotIndex,
    article_boundaries,
    grouped_matches,
    literal_places,
    parse_frame,
)
from claimcheck.reference import Reference
from claimcheck.wordclasses import WordClasses


@dataclass(frozen=True, slots=True)
class FrameMatch:
    name: str          # the entry the frame belongs to
    start: int
    end: int
    judged_start: int  # the ^-marked slot (or the whole match)
    judged_end: int


class FrameSet:
    """Frames by name; `entries` gives (name, frame lines, unless lines, path, line) per entry."""

    def __init__(self, nlp: Language, wordclasses: WordClasses,
                 entries: Iterable[tuple[str, Iterable[str], Iterable[str], str, int]],
                 reference: Reference | None = None) -> None:
        """`reference`: what `@AGENT:class_id` slots are checked against (without it they match nothing)."""
        # Compiled once here, not on every match_frame call.
        self.frames: list[tuple[str, tuple[CompiledFrame, ...], tuple[CompiledFrame, ...]]] = []
        self.is_a = reference.is_a if reference is not None else None
        literals: set[str] = set()
        for name, lines, unless_lines, path, line in entries:
            frames = tuple(_parse(text, wordclasses, path, line, reference) for text in lines)
            unless = tuple(_parse(text, wordclasses, path, line, reference) for text in unless_lines)
            if frames:
                self.frames.append((name, tuple(map(CompiledFrame.of, frames)), tuple(map(CompiledFrame.of, unless))))
            literals |= {slot.value for frame in frames + unless for slot in frame.slots if slot.kind == "literal"}
        self.boundary_hashes = sorted(nlp.vocab.strings.add(w) for w in wordclasses.clause_boundaries)
        self.literals = new_phrase_matcher(nlp)
        for literal in sorted(literals):
            self.literals.add(literal, [nlp.make_doc(literal)])
        self.strings = nlp.vocab.strings
        self.slot_keys = frozenset(key for _name, frames, unless in self.frames for frame in (*frames, *unless)
                                   for key in frame.needs)

    def __bool__(self) -> bool:
        return bool(self.frames)

    def matches(self, article: Article) -> Iterator[FrameMatch]:
        """Every match, in frame order per entry; a sentence where an `unless` frame matches is skipped."""
        if not self.frames:
            return
        index = SlotIndex.for_article(article, literal_places(self.literals, self.strings, article.doc), self.is_a)
        for match in grouped_matches(self.frames, self.slot_keys, index, article,
                                     article_boundaries(article, self.boundary_hashes)):
            yield FrameMatch(*match)


def _parse(text: str, wordclasses: WordClasses, path: str, line: int, reference: Reference | None) -> Frame:
    try:
        frame = parse_frame(text)
    except ValueError as exc:
        raise DataError(str(exc), path=path, line=line) from None
    for slot in frame.slots:
        if slot.kind == "class" and slot.value not in wordclasses:
            raise DataError(f"frame {text!r} names unknown word class {slot.value!r} (defined in {wordclasses.path})",
                            path=path, line=line)
        if slot.member_of and (reference is None or getattr(reference.entries.get(slot.member_of), "section", "")
                               != "classes"):
            raise DataError(f"frame {text!r} names unknown reference class {slot.member_of!r}", path=path, line=line)
    return frame
