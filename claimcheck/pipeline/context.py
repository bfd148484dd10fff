"""Context: negation, hedging, conditionals, debunking, reported speech, questions and quotes.

ConText/NegEx in spirit: each trigger (kept as data in `rules/context.yaml`) opens a scope in one
direction that ends at a terminator ("but", "however"), the sentence end, or the trigger's window.
A rule then asks which categories cover the words it matched, so in "X can't cure every tumour,
but it may extend survival" the cure is negated and the survival hedged.
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.lexicon import Lexicon, load_lexicon
from claimcheck.pipeline.extensions import CLASS_GROUP, doc_text, register_extensions
from claimcheck.pipeline.extensions import sentence_starts as sentence_starts_of

MAX_SCOPE = 128  # tokens; longer than any trigger window (validated at most 100) plus its trigger


class Modifier(NamedTuple):
    """A trigger and the token range it governs (end exclusive). Sorted by scope start."""

    scope_start: int
    scope_end: int
    category: str
    trigger_start: int
    trigger_end: int


_QUOTED = re.compile(r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|(?<![\w’'])‘[^’\n]{1,300}’(?![\w‘])"
                     r"|(?<![\w'’])'[^'\n]{1,60}'(?![\w'])")
_FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|I’d|I'd|I’ll|I'll|me|my|myself|mine)\b")
_QUESTION_OPENERS = frozenset({"is", "are", "does", "do", "can", "could", "will", "would", "should", "was",
                               "were", "has", "have", "did", "what", "why", "how", "which", "who", "when",
                               "where", "myth", "fact", "true", "truth"})


@Language.factory("cc_context", assigns=["doc._.cc_modifiers", "doc._.cc_quotes"],
                  default_config={"context_path": None})
def make_context(nlp: Language, name: str, context_path: str | None) -> ContextComponent:
    from claimcheck.data import context_file

    return ContextComponent(nlp, load_lexicon(context_path or str(context_file())))


class ContextComponent:
    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        register_extensions()
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.groups = lexicon.triggers
        for index, group in enumerate(lexicon.triggers):
            self.matcher.add(f"cc_trigger_{index}", list(nlp.tokenizer.pipe(group.phrases)))
        if lexicon.pseudo:
            self.matcher.add("cc_pseudo", list(nlp.tokenizer.pipe(lexicon.pseudo)))
        if lexicon.terms_of_art:
            self.matcher.add("cc_term_of_art", list(nlp.tokenizer.pipe(lexicon.terms_of_art)))
        if lexicon.population_openers:
            self.matcher.add("cc_population", list(nlp.tokenizer.pipe(lexicon.population_openers)))
        strings = nlp.vocab.strings
        self.group_by_key = {strings[f"cc_trigger_{i}"]: g for i, g in enumerate(self.groups)}
        self.pseudo_key = strings["cc_pseudo"]
        self.term_key = strings["cc_term_of_art"]
        self.population_key = strings["cc_population"]
        self.terminators = lexicon.terminators
        # The terminators as LOWER hashes: a doc's terminator tokens are found on its LOWER column
        # once, not by building a Token for each word a scope walks over.
        self.terminator_hashes = sorted(strings.add(word) for word in self.terminators)
        self.fronted_clauses = lexicon.fronted_clauses

    def __call__(self, doc: Doc) -> Doc:
        sentence_starts = sentence_starts_of(doc) or [0]
        sentence_ends = sentence_starts[1:] + [len(doc)]
        pseudo_spans: list[tuple[int, int]] = []
        raw: list[tuple[int, int, int]] = []
        modifiers: list[Modifier] = []
        for key, start, end in self.matcher(doc):
            if key == self.pseudo_key:
                pseudo_spans.append((start, end))
            elif key == self.term_key:
                modifiers.append(Modifier(start, end, "term_of_art", start, end))
            elif key == self.population_key:
                if _disease_follows(doc, end):
                    pseudo_spans.append((start, end))
            else:
                raw.append((key, start, end))
        marks = self._terminator_marks(doc) if raw else []
        for key, start, end in raw:
            if pseudo_spans and _blocked_by_pseudo(start, end, pseudo_spans):
                continue  # a pseudo-trigger ("not only") overlaps it
            group = self.group_by_key[key]
            sentence = bisect.bisect_right(sentence_starts, start) - 1
            sent_start, sent_end = sentence_starts[sentence], sentence_ends[sentence]
            if group.direction in ("forward", "both"):
                limit = self._fronted_clause_end(doc, sent_start, end, min(sent_end, end + group.window))
                if group.ends_at:
                    limit = next((i for i in range(end, limit) if doc[i].lower_ in group.ends_at), limit)
                scope_end = _forward(marks, end, limit)
                modifiers.append(Modifier(end, scope_end, group.category, start, end))
            if group.direction in ("backward", "both"):
                scope_start = _backward(marks, start, max(sent_start, start - group.window))
                modifiers.append(Modifier(scope_start, start, group.category, start, end))
        modifiers.sort()
        doc._.cc_modifiers = modifiers
        doc._.cc_quotes = _quoted_regions(doc_text(doc))
        # Sentence-level flags are worked out lazily, once per sentence (see _sentence_flags).
        doc.user_data["cc_sentence_flags"] = (sentence_starts, {})
        return doc

    def _fronted_clause_end(self, doc: Doc, sent_start: int, end: int, limit: int) -> int:
        """A trigger inside a clause that opens the sentence ("Because it is not chemotherapy, ...")
        reaches no further than the comma that closes that clause: the main clause after it is
        not in its scope."""
        if doc[sent_start].lower_ not in self.fronted_clauses:
            return limit
        for index in range(sent_start + 1, limit):
            if doc[index].text == ",":
                return index if index >= end else limit
        return limit

    def _terminator_marks(self, doc: Doc) -> list[bool]:
        """marks[i]: token i is a scope terminator."""
        lowers = doc.to_array([LOWER]).reshape(-1)
        return numpy.isin(lowers, numpy.array(self.terminator_hashes, dtype=lowers.dtype)).tolist()


def _forward(marks: list[bool], start: int, limit: int) -> int:
    """The first terminator in [start, limit), else limit."""
    try:
        return marks.index(True, start, limit)
    except ValueError:
        return limit


def _backward(marks: list[bool], end: int, limit: int) -> int:
    """Just after the last terminator in [limit, end), else limit."""
    for index in range(end - 1, limit - 1, -1):
        if marks[index]:
            return index + 1
    return limit


_POPULATION_REACH = 4  # "if you have [advanced, stage 4] lung cancer"


def _disease_follows(doc: Doc, end: int) -> bool:
    """A cancer (the DISEASE word class: a cancer entity or a generic cancer word) starts within a few
    words of `end`."""
    places = (doc.user_data.get(CLASS_GROUP) or {}).get("DISEASE", ())
    return any(end <= start < end + _POPULATION_REACH for start, _ in places)


def _blocked_by_pseudo(start: int, end: int, pseudo_spans: list[tuple[int, int]]) -> bool:
    """A pseudo-trigger ("no other") blocks the triggers it overlaps ("no"), but not a trigger that
    holds the whole of it, which is the more specific reading ("no other" as a window-1 negation)."""
    return any(p_start < end and start < p_end and not (start <= p_start and p_end <= end)
               for p_start, p_end in pseudo_spans)


def _quoted_regions(text: str) -> list[tuple[int, int, bool]]:
    """Quoted passages as (start_char, end_char, is_first_person_testimony)."""
    return [(m.start(), m.end(), bool(_FIRST_PERSON.search(m.group(0)))) for m in _QUOTED.finditer(text)]


def is_question(sentence: Span) -> bool:
    """A sentence ending in '?', or a heading phrased as a question without the mark."""
    doc, tail = sentence.doc, []  # the last two tokens that are not spaces, read from the end
    index = sentence.end - 1
    while index >= sentence.start and len(tail) < 2:
        if not doc[index].is_space:
            tail.append(doc[index])
        index -= 1
    if not tail:
        return False
    last = tail[0].text
    if last == "?" or (last in {'"', "”", "’", ")"} and len(tail) > 1 and tail[1].text == "?"):
        return True
    return sentence._.cc_block_kind == "heading" and next(t for t in sentence if not t.is_space).lower_ in _QUESTION_OPENERS


def span_context(span: Span) -> frozenset[str]:
    """Every context category that covers any word of `span` (its own triggers excluded)."""
    doc = span.doc
    found: set[str] = set()
    start, end = span.start, span.end
    modifiers = doc._.cc_modifiers or []
    # Scopes never reach further than a trigger window, so skip those that start well before.
    for index in range(bisect.bisect_left(modifiers, (start - MAX_SCOPE,)), len(modifiers)):
        modifier = modifiers[index]
        if modifier.scope_start >= end:
            break
        if modifier.scope_end <= start:
            continue
        if modifier.category == "term_of_art":
            found.add("term_of_art")
        elif not (start <= modifier.trigger_start and modifier.trigger_end <= end):
            found.add(modifier.category)
    if len(span):
        found |= _sentence_flags(doc, start)
    if "heading" in found:  # quotation marks in a headline are the writer's framing, not speech
        return frozenset(found)
    quotes = doc._.cc_quotes or []
    index = bisect.bisect_right(quotes, (span.start_char, float("inf"), True)) - 1
    if index >= 0:  # quoted regions do not overlap: only the last one starting before can hold it
        q_start, q_end, testimony = quotes[index]
        if q_start <= span.start_char and span.end_char <= q_end:
            found.add("quoted")
            if testimony:
                found.add("testimony")
    return frozenset(found)


def _sentence_flags(doc: Doc, token: int) -> frozenset[str]:
    """'question'/'heading' for the sentence holding `token`, computed once per doc."""
    starts, cache = doc.user_data.get("cc_sentence_flags") or ([], {})
    index = bisect.bisect_right(starts, token) - 1 if starts else -1
    if index in cache:
        return cache[index]
    sentence = doc[token].sent
    flags = {"question"} if is_question(sentence) else set()
    if sentence._.cc_block_kind == "heading":
        flags.add("heading")
    if index >= 0:
        cache[index] = frozenset(flags)
    return frozenset(flags)
