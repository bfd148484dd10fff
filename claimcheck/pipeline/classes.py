"""Word classes in the text: every span whose words belong to a lexicon class, labelled by class.

One PhraseMatcher holds the inflected forms of every class (`rules/lexicon.yaml`); a class that
takes entity labels (DISEASE takes CANCER) also gets the entity ruler's spans with that label.
Frame rules read `doc.spans["cc_classes"]`; nothing here decides what is a claim.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.pipeline.entities import pattern_docs
from claimcheck.pipeline.extensions import CLASS_GROUP, ENTITY_GROUP, register_extensions
from claimcheck.wordclasses import WordClasses, load_wordclasses


@Language.factory("cc_classes", assigns=["doc.spans"], default_config={"lexicon_path": None})
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
        self.by_label: dict[str, list[str]] = {}
        for name, word_class in wordclasses.classes.items():
            for label in word_class.entities:
                self.by_label.setdefault(label, []).append(name)
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        strings = self.strings
        spans = [Span(doc, start, end, label=strings[key]) for key, start, end in self.matcher(doc)]
        for entity in doc.spans.get(ENTITY_GROUP, []):
            for name in self.by_label.get(entity.label_, ()):
                spans.append(Span(doc, entity.start, entity.end, label=name, kb_id=entity.kb_id))
        if self.not_before:
            spans = [s for s in spans if not self._blocked(doc, s)]
        doc.spans[CLASS_GROUP] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def _blocked(self, doc: Doc, span: Span) -> bool:
        """'cancer' in 'cancer cells' is not the disease: the class's `not_before` words say so."""
        words = self.not_before.get(span.label_)
        return bool(words) and span.end < len(doc) and doc[span.end].lower_ in words
