"""Word classes in the text: every span whose words belong to a lexicon class, labelled by class.

One PhraseMatcher holds the inflected forms of every class (`rules/lexicon.yaml`); a class that
takes entity labels (DISEASE takes CANCER) also gets the entity ruler's spans with that label.
Frame rules read the places as plain (start, end) tuples by class (`doc.user_data["cc_classes"]`);
`doc._.cc_class_spans` builds the same places as labelled spans when something asks (building a
Span per place for every doc cost more than the matching). Nothing here decides what is a claim.
"""
from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.pipeline.entities import pattern_docs
from claimcheck.pipeline.extensions import CLASS_GROUP, ENTITY_GROUP, register_extensions
from claimcheck.wordclasses import WordClasses, load_wordclasses


@Language.factory("cc_classes", assigns=["doc._.cc_class_spans"], default_config={"lexicon_path": None})
def make_classes(nlp: Language, name: str, lexicon_path: str | None) -> ClassTagger:
    from claimcheck.data import lexicon_file

    return ClassTagger(nlp, load_wordclasses(lexicon_path or str(lexicon_file())))


class ClassTagger:
    def __init__(self, nlp: Language, wordclasses: WordClasses) -> None:
        register_extensions()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name, word_class in wordclasses.classes.items():
            if word_class.forms:
                self.matcher.add(name, pattern_docs(nlp, sorted(word_class.forms)))
        self.not_before = {name: c.not_before for name, c in wordclasses.classes.items() if c.not_before}
        # The same words as lexeme hashes, compared with the doc's LOWER column (no Token objects).
        self.not_before_hashes = {name: frozenset(nlp.vocab.strings.add(w) for w in words)
                                  for name, words in self.not_before.items()}
        self.by_label: dict[str, list[str]] = {}
        for name, word_class in wordclasses.classes.items():
            for label in word_class.entities:
                self.by_label.setdefault(label, []).append(name)
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        strings = self.strings
        places = [(strings[key], start, end) for key, start, end in self.matcher(doc)]
        for entity in doc.spans.get(ENTITY_GROUP, []):
            for name in self.by_label.get(entity.label_, ()):
                places.append((name, entity.start, entity.end))
        if self.not_before_hashes and places:
            blocked = self.not_before_hashes
            lowers = doc.to_array([LOWER]).reshape(-1).tolist()
            length = len(lowers)
            places = [p for p in places if not (p[0] in blocked and p[2] < length and lowers[p[2]] in blocked[p[0]])]
        places.sort(key=lambda p: (p[1], p[2]))
        by_class: dict[str, list[tuple[int, int]]] = {}
        for name, start, end in places:
            by_class.setdefault(name, []).append((start, end))
        doc.user_data[CLASS_GROUP] = by_class
        return doc


def class_spans(doc: Doc) -> list[Span]:
    """The word-class places of a doc as spans labelled by class, in text order."""
    places = sorted((start, end, name) for name, hits in (doc.user_data.get(CLASS_GROUP) or {}).items()
                    for start, end in hits)
    return [Span(doc, start, end, label=name) for start, end, name in places]
