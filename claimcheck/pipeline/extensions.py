"""Every Doc/Span extension claimcheck uses, registered in one place with the `cc_` prefix."""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

ENTITY_GROUP = "cc_entities"  # doc.spans key: therapies, agents, side effects, cancers
CLASS_GROUP = "cc_classes"    # doc.user_data key: word-class members (rules/lexicon.yaml), (start, end) by class
TREATMENT_LABELS = frozenset({"AGENT", "CLASS", "TREATMENT"})
RELATIONS_KEY = "cc_relations"  # doc.user_data key: the triple relations the rules in use read (absent: all)


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory."""
    doc_defaults = {
        "cc_blocks": None,      # list[(start_char, end_char, kind)] of the prose blocks
        "cc_modifiers": None,   # list[Modifier] from the context component
        "cc_quotes": None,      # list[(start_char, end_char, testimony)] quoted regions
        "cc_claims": None,      # list[Claim] from the claims component
        "cc_triples": None,     # list[Triple] from the triples component
    }
    for name, default in doc_defaults.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("cc_class_spans"):
        from claimcheck.pipeline.classes import class_spans

        Doc.set_extension("cc_class_spans", getter=class_spans)
    if not Span.has_extension("cc_context"):
        from claimcheck.pipeline.context import span_context

        Span.set_extension("cc_context", getter=span_context)
    if not Span.has_extension("cc_block_kind"):
        Span.set_extension("cc_block_kind", getter=block_kind)


def doc_text(doc: Doc) -> str:
    """The doc's text; spaCy rebuilds `Doc.text` from every token on each access, so the text a
    doc was made from is kept in `user_data` by `annotate` and used when present."""
    text = doc.user_data.get("cc_text")
    return text if isinstance(text, str) else doc.text


SENTENCE_STARTS_KEY = "cc_sentence_starts"


def sentence_starts(doc: Doc) -> list[int]:
    """The token index where each sentence starts ([] for an empty doc). `cc_sentences` keeps
    them in `user_data` (each `Doc.sents` builds every sentence's Span again); a doc segmented
    otherwise has them read from `Doc.sents`. Callers must not change the list."""
    starts = doc.user_data.get(SENTENCE_STARTS_KEY)
    if starts is None:
        starts = [sentence.start for sentence in doc.sents] if len(doc) else []
    return starts


def sentence_of(doc: Doc, starts: list[int], token: int) -> Span:
    """The sentence holding `token`, as `Doc.sents` would give it; `starts`: `sentence_starts(doc)`."""
    index = bisect.bisect_right(starts, token) - 1
    return Span(doc, starts[index], starts[index + 1] if index + 1 < len(starts) else len(doc))


def block_kind(span: Span) -> str:
    """The kind of prose block (heading, paragraph, list_item …) a span starts in."""
    blocks = span.doc._.cc_blocks
    if not blocks:
        return "paragraph"
    index = bisect.bisect_right(blocks, (span.start_char, float("inf"), "")) - 1
    return blocks[index][2] if index >= 0 else "paragraph"
