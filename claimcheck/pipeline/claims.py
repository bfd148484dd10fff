"""Claims: sentences where a treatment is said to work, to be safe, or to act in some way.

A claim is a treatment mention plus a predicate of one kind (efficacy, safety, mechanism) in the
same sentence; "it"/"they" at the start of a sentence stands for the last treatment named in the
same block. Editors see these through `claimcheck claims`; rules use them to require a treatment.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.lexicon import PREDICATE_KINDS, load_lexicon
from claimcheck.pipeline.extensions import ENTITY_GROUP, TREATMENT_LABELS, register_extensions, sentence_of
from claimcheck.pipeline.extensions import sentence_starts as sentence_starts_of


@dataclass(frozen=True, slots=True)
class Claim:
    sentence: Span
    treatment: Span
    predicate: Span
    kind: str            # efficacy | safety | mechanism
    via_pronoun: bool    # the treatment was named in an earlier sentence

    @property
    def context(self) -> frozenset[str]:
        return self.predicate._.cc_context


@Language.factory("cc_claims", assigns=["doc._.cc_claims"], default_config={"context_path": None})
def make_claims(nlp: Language, name: str, context_path: str | None) -> ClaimFinder:
    from claimcheck.data import context_file

    lexicon = load_lexicon(context_path or str(context_file()))
    return ClaimFinder(nlp, lexicon.predicates, lexicon.treatment_pronouns)


class ClaimFinder:
    def __init__(self, nlp: Language, predicates: dict[str, tuple[str, ...]], pronouns: frozenset[str]) -> None:
        register_extensions()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in PREDICATE_KINDS:
            if predicates.get(kind):
                self.matcher.add(kind, list(nlp.tokenizer.pipe(predicates[kind])))
        self.strings = nlp.vocab.strings
        self.pronouns = pronouns

    def __call__(self, doc: Doc) -> Doc:
        treatments = [s for s in doc.spans.get(ENTITY_GROUP, []) if s.label_ in TREATMENT_LABELS]
        starts = [s.start for s in treatments]
        sentence_starts = sentence_starts_of(doc)
        claims: list[Claim] = []
        for key, start, end in self.matcher(doc):
            sentence = sentence_of(doc, sentence_starts, start)
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end)
            in_sentence = [t for t in treatments[lo:hi] if not (t.start <= start < t.end)]
            predicate = doc[start:end]
            if in_sentence:
                before = [t for t in in_sentence if t.start < start]
                treatment = before[-1] if before else in_sentence[0]
                claims.append(Claim(sentence, treatment, predicate, self.strings[key], False))
                continue
            carried = self._antecedent(doc, sentence, treatments, starts, lo)
            if carried is not None:
                claims.append(Claim(sentence, carried, predicate, self.strings[key], True))
        doc._.cc_claims = claims
        return doc

    def _antecedent(self, doc: Doc, sentence: Span, treatments: list[Span], starts: list[int],
                    index: int) -> Span | None:
        """The treatment a sentence-initial pronoun refers to, if named earlier in the block."""
        words = [t for t in sentence[:3] if not t.is_punct]
        if not words or words[0].lower_ not in self.pronouns or index == 0:
            return None
        previous = treatments[index - 1]
        # A blank line (a block boundary) between them means another paragraph: no carry-over.
        between = doc[previous.end:sentence.start]
        return None if any("\n\n" in t.text_with_ws for t in between) else previous
