"""Sentence segmentation for prose blocks, without a trained model.

Blocks are joined with a blank line; a sentence never crosses one. Inside a block a sentence ends
at `.`, `!`, `?` (plus closing quotes and brackets) when the next word starts like a sentence.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.pipeline.extensions import SENTENCE_STARTS_KEY, register_extensions

_ENDERS = frozenset({".", "!", "?", "…", "?!", "!?", "...", "!!", "??"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
_NOT_AFTER = frozenset({"al", "approx", "fig", "vs", "no", "nos", "ca", "cf", "st", "inc", "ltd", "co", "jr",
                        "sr", "dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "etc", "u.s", "u.k"})


@Language.factory("cc_sentences", assigns=["token.is_sent_start"], default_config={})
def make_sentence_segmenter(nlp: Language, name: str) -> SentenceSegmenter:
    return SentenceSegmenter()


class SentenceSegmenter:
    """Marks sentence starts; block separators (blank lines) always end a sentence.

    Works on token arrays and looks at token text only where a sentence could end, so it costs
    little more than the tokenizer.
    """

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
        count = len(doc)
        if not count:
            return doc
        strings = doc.vocab.strings
        arrays = doc.to_array([ORTH, IS_SPACE])
        orths, spaces = arrays[:, 0], arrays[:, 1]
        enders = numpy.array([strings.add(t) for t in _ENDERS], dtype="uint64")
        starts = numpy.full(count, -1, dtype="int64")
        starts[0] = 1

        def text(i: int) -> str:
            return strings[int(orths[i])]

        for index in numpy.flatnonzero(numpy.isin(orths, enders) | (spaces == 1)).tolist():
            if spaces[index]:
                if "\n\n" in text(index) and index + 1 < count:
                    starts[index + 1] = 1
                continue
            if text(index) == "." and index and text(index - 1).lower() in _NOT_AFTER:
                continue
            after = index + 1
            while after < count and text(after) in _CLOSERS:
                after += 1
            while after < count and spaces[after] and "\n\n" not in text(after):
                after += 1
            if after < count and not spaces[after] and _starts_sentence(text(after)):
                starts[after] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        doc.user_data[SENTENCE_STARTS_KEY] = numpy.flatnonzero(starts == 1).tolist()
        return doc


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"“‘'([*-–—•"
