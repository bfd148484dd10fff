"""Sentence segmentation for prose blocks, without a trained model.

Blocks are joined with a blank line; a sentence never crosses one. Inside a block a sentence ends
at `.`, `!`, `?` (plus closing quotes and brackets) when the next word starts like a sentence.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.pipeline.extensions import register_extensions

_ENDERS = frozenset({".", "!", "?", "…", "?!", "!?", "...", "!!", "??"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
_NOT_AFTER = frozenset({"al", "approx", "fig", "vs", "no", "nos", "ca", "cf", "st", "inc", "ltd", "co", "jr",
                        "sr", "dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "etc", "u.s", "u.k"})


@Language.factory("cc_sentences", assigns=["token.is_sent_start"], default_config={})
def make_sentence_segmenter(nlp: Language, name: str) -> SentenceSegmenter:
    return SentenceSegmenter()


class SentenceSegmenter:
    """Marks sentence starts; block separators (blank lines) always end a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
        count = len(doc)
        if not count:
            return doc
        starts = numpy.full(count, -1, dtype="int32")
        starts[0] = 1
        texts = [token.text for token in doc]
        index = 0
        while index < count:
            text = texts[index]
            if text.isspace():
                if "\n\n" in text and index + 1 < count:
                    starts[index + 1] = 1
                index += 1
                continue
            if text in _ENDERS and not (text == "." and index and texts[index - 1].lower() in _NOT_AFTER):
                after = index + 1
                while after < count and texts[after] in _CLOSERS:
                    after += 1
                while after < count and texts[after].isspace() and "\n\n" not in texts[after]:
                    after += 1
                if after < count and _starts_sentence(texts[after]):
                    starts[after] = 1
                index = after
                continue
            index += 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"“‘'([*-–—•"
