"""Recognises therapies, agents, side effects and cancer types named in the reference.

Every name in the reference (generic, brand, code, synonym) becomes a phrase pattern, with its
hyphen/space and plural variants; names marked case-sensitive (ICI, CAR) match only as written.
Generic treatment phrases ("the drug", "this therapy") are recognised too, as TREATMENT, where
they do not overlap a named entity ("an immunotherapy drug" stays a CLASS mention).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimcheck.lexicon import load_lexicon
from claimcheck.matching import AnchoredMatcher
from claimcheck.pipeline.extensions import ENTITY_GROUP, register_extensions
from claimcheck.pipeline.extensions import sentence_starts as sentence_starts_of
from claimcheck.reference import Reference, cached_reference

_PLURAL_LABELS = frozenset({"CLASS", "SIDE_EFFECT", "CANCER"})


@Language.factory("cc_entities", assigns=["doc.spans"],
                  default_config={"reference_paths": [], "context_path": None})
def make_entity_ruler(nlp: Language, name: str, reference_paths: list[str],
                      context_path: str | None) -> EntityRuler:
    from claimcheck.data import context_file, reference_dir

    folders = tuple(reference_paths) or (str(reference_dir()),)
    lexicon = load_lexicon(context_path or str(context_file()))
    return EntityRuler(nlp, cached_reference(folders), lexicon.treatment_determiners, lexicon.treatment_nouns)


def name_variants(name: str, pluralise: bool) -> set[str]:
    """A name as written, with hyphens and spaces swapped, and its plural."""
    variants = {name}
    if "-" in name:
        variants.add(name.replace("-", " "))
    if " " in name and len(name.split()) <= 3:
        variants.add(name.replace(" ", "-"))
    if pluralise:
        for variant in list(variants):
            variants.add(_plural(variant))
    return variants


def _plural(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "ch", "sh")):
        plural = last + "es" if not lower.endswith(("ss", "is", "us")) else last
        if lower.endswith("us"):
            plural = last + "es"
    elif lower.endswith("y") and not lower.endswith(("ay", "ey", "oy", "uy")):
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


_PLAIN_WORDS = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)*$")


def pattern_docs(nlp: Language, names: list[str]) -> list[Doc]:
    """Docs for phrase patterns. Names of plain words are split on spaces (what the tokenizer would
    do, at a fraction of the start-up cost); anything else goes through the tokenizer."""
    special = nlp.tokenizer.rules or {}
    docs = []
    for name in names:
        words = name.split(" ")
        if _PLAIN_WORDS.match(name) and not any(w in special or w.lower() in special for w in words):
            docs.append(Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False]))
        else:
            docs.append(nlp.make_doc(name))
    return docs


class EntityRuler:
    def __init__(self, nlp: Language, reference: Reference, determiners: frozenset[str],
                 nouns: tuple[str, ...]) -> None:
        register_extensions()
        self.reference = reference
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_patterns: dict[str, set[str]] = {}
        exact_patterns: dict[str, set[str]] = {}
        for label, entry_id, name, case_sensitive in reference.recognisable_names():
            key = f"{label}|{entry_id}"
            target = exact_patterns if case_sensitive else lower_patterns
            target.setdefault(key, set()).update(name_variants(name, label in _PLURAL_LABELS))
        for key, names in lower_patterns.items():
            self.lower_matcher.add(key, pattern_docs(nlp, sorted(names)))
        for key, names in exact_patterns.items():
            self.exact_matcher.add(key, pattern_docs(nlp, sorted(names)))
        self.generic = AnchoredMatcher(nlp)
        single = [n for n in nouns if " " not in n and "-" not in n]
        multi = [n for n in nouns if n not in single]
        plurals = sorted(n for n in single if n.endswith("s") and n[:-1] in single)
        self.generic.add("TREATMENT", [
            # up to two modifiers, hyphenated ones included ("our new anti-cancer drug")
            [{"LOWER": {"IN": sorted(determiners)}}, {"IS_ALPHA": True, "OP": "{0,2}"},
             {"LOWER": {"IN": sorted(single)}}],
            [{"LOWER": {"IN": sorted(determiners)}}, {"IS_ALPHA": True, "OP": "?"}, {"IS_ALPHA": True},
             {"ORTH": "-"}, {"IS_ALPHA": True}, {"LOWER": {"IN": sorted(single)}}],
            [{"LOWER": {"IN": plurals}}],  # "two personalised vaccines", "these drugs"
        ])
        self.generic_multi = PhraseMatcher(nlp.vocab, attr="LOWER")
        if multi:
            self.generic_multi.add("TREATMENT", list(nlp.tokenizer.pipe(multi)))
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        strings = self.strings
        named = []
        for matcher in (self.lower_matcher, self.exact_matcher):
            for key, start, end in matcher(doc):
                label, _, entry_id = strings[key].partition("|")
                named.append(Span(doc, start, end, label=label, kb_id=entry_id))
        named = filter_spans(named)
        taken = {i for span in named for i in range(span.start, span.end)}
        generic = []
        sentence_starts = sentence_starts_of(doc)
        for _key, start, end in list(self.generic(doc, sentence_starts)) + list(self.generic_multi(doc)):
            if not taken.intersection(range(start, end)):
                generic.append(Span(doc, start, end, label="TREATMENT"))
        doc.spans[ENTITY_GROUP] = sorted(named + filter_spans(generic), key=lambda s: (s.start, s.end))
        return doc
