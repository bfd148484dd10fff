"""Word classes (`rules/lexicon.yaml`): named sets of lemmas that frame rules compose.

Authors write lemmas by part of speech ("cure" as a verb, "tumour" as a noun); every inflected
form comes from lemminflect, never from hand-written suffix rules, so a class written once covers
"cures", "cured" and "curing". In a phrase the head is inflected: the first word of a verb phrase
("wipe out" → "wiped out"), the last word of a noun phrase ("side effect" → "side effects").
A class may also include other classes and entity labels from the reference (CANCER, AGENT …).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimcheck.errors import DataError
from claimcheck.yamlio import Located, error_at, load_yaml_file

# Part-of-speech keys a class may use, with the universal tag lemminflect expects.
POS_KEYS = {"verbs": "VERB", "nouns": "NOUN", "adjectives": "ADJ", "adverbs": "ADV"}
CLASS_KEYS = {"description", "words", "include", "entities", "not_before", *POS_KEYS}
ENTITY_LABELS = ("AGENT", "CLASS", "TREATMENT", "CANCER", "SIDE_EFFECT", "MECHANISM")
CLASS_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class WordClass:
    name: str
    description: str
    lemmas: tuple[str, ...]        # as the author wrote them, for `explain`
    forms: frozenset[str]          # every lower-cased word or phrase the class matches
    entities: frozenset[str]       # entity labels that count as members
    not_before: frozenset[str] = frozenset()  # a member followed by one of these is not counted


@dataclass(frozen=True, slots=True)
class WordClasses:
    classes: Mapping[str, WordClass]
    clause_boundaries: frozenset[str]   # tokens a frame's gap may not cross
    path: str

    def __contains__(self, name: object) -> bool:
        return name in self.classes

    def __getitem__(self, name: str) -> WordClass:
        return self.classes[name]


def hyphen_variants(forms: set[str]) -> set[str]:
    """Two-word nouns written either way: "wonder drug" and "wonder-drug", "t-cell" and "t cell".
    Writers hyphenate compounds freely, and the tokenizer splits a hyphenated word into three tokens,
    so each spelling needs its own pattern."""
    variants = set(forms)
    for form in forms:
        words = form.split(" ")
        if len(words) == 2 and all(w.isalpha() for w in words):
            variants.add("-".join(words))
        elif " " not in form and form.count("-") == 1 and all(part.isalpha() for part in form.split("-")):
            variants.add(form.replace("-", " "))
    return variants


def inflections(lemma: str, upos: str) -> set[str]:
    """Every form of a lemma (or of the head of a phrase) for one part of speech, lower-cased.

    The head of a verb phrase is its first word; of a noun phrase its last word, or the word before
    "of" ("part of the body" → "parts of the body"). Adjectives are inflected only when lemminflect
    knows them ("safe" → safer, safest; "non-toxic" stays as written)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    words = lemma.split(" ")
    if upos == "VERB":
        head_index = 0
    elif "of" in words[1:]:
        head_index = words.index("of", 1) - 1
    else:
        head_index = len(words) - 1
    head = words[head_index]
    table = getAllInflections(head, upos=upos)
    if not table and upos != "ADJ" and not (upos == "NOUN" and head.endswith("s")):
        table = getAllInflectionsOOV(head, upos=upos)
    if upos == "ADJ" and len(words) > 1:
        table = {}
    forms = {head} | {form for group in table.values() for form in group}
    phrases = set()
    for form in forms:
        variant = list(words)
        variant[head_index] = form
        phrases.add(" ".join(variant).lower())
    return phrases


def _entries(path: str, node: Located, key: str) -> list[str]:
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise error_at(path, node, f"'{key}' must be a list of non-empty strings", key)
    return [v.strip() for v in value]


def parse_wordclasses(data: Any, path: str) -> WordClasses:
    if not isinstance(data, dict) or "classes" not in data:
        raise DataError("a lexicon file must be a mapping with 'classes'", path=path, line=1)
    for key in data:
        if key not in ("classes", "clause_boundaries"):
            raise error_at(path, data, f"unknown key '{key}' (allowed: classes, clause_boundaries)", key)
    raw = data["classes"]
    if not isinstance(raw, dict) or not raw:
        raise error_at(path, data, "'classes' must map class names to their words", "classes")
    own: dict[str, tuple[str, set[str], list[str], set[str], list[str], set[str]]] = {}
    for name, node in raw.items():
        if not isinstance(name, str) or not CLASS_NAME.match(name):
            raise error_at(path, raw, f"class name {name!r} must be upper case (A-Z, 0-9, _)", name)
        if not isinstance(node, dict):
            raise error_at(path, raw, f"class {name} must be a mapping", name)
        for key in node:
            if key not in CLASS_KEYS:
                raise error_at(path, node, f"unknown key '{key}' in class {name} "
                               f"(allowed: {', '.join(sorted(CLASS_KEYS))})", key)
        forms: set[str] = {w.lower() for w in _entries(path, node, "words")}
        lemmas = _entries(path, node, "words")
        for key, upos in POS_KEYS.items():
            for lemma in _entries(path, node, key):
                lemmas.append(lemma)
                inflected = inflections(lemma, upos)
                forms |= hyphen_variants(inflected) if upos == "NOUN" else inflected
        entities = set(_entries(path, node, "entities"))
        for label in entities:
            if label not in ENTITY_LABELS:
                raise error_at(path, node, f"unknown entity label {label!r} in class {name} "
                               f"(expected one of {', '.join(ENTITY_LABELS)})", "entities")
        includes = _entries(path, node, "include")
        if not forms and not entities and not includes:
            raise error_at(path, node, f"class {name} has no words, entities or included classes")
        own[name] = (str(node.get("description", "")).strip(), forms, lemmas, entities, includes,
                     {w.lower() for w in _entries(path, node, "not_before")})
        for included in includes:
            if included not in raw:
                raise error_at(path, node, f"class {name} includes unknown class {included!r}", "include")
    classes = {name: _resolve(name, own, (), path) for name in own}
    boundaries = frozenset(w.lower() for w in _entries(path, data, "clause_boundaries"))
    return WordClasses(classes, boundaries, path)


def _resolve(name: str, own: Mapping[str, tuple[str, set[str], list[str], set[str], list[str], set[str]]],
             seen: Iterable[str], path: str) -> WordClass:
    if name in seen:
        raise DataError(f"class {name} includes itself (through {' → '.join([*seen, name])})", path=path)
    description, forms, lemmas, entities, includes, not_before = own[name]
    all_forms, all_entities, all_lemmas, all_not_before = set(forms), set(entities), list(lemmas), set(not_before)
    for included in includes:
        member = _resolve(included, own, (*seen, name), path)
        all_forms |= member.forms
        all_entities |= member.entities
        all_not_before |= member.not_before
        all_lemmas.append(included)
    return WordClass(name, description, tuple(all_lemmas), frozenset(all_forms), frozenset(all_entities),
                     frozenset(all_not_before))


@functools.lru_cache(maxsize=8)
def load_wordclasses(path: str) -> WordClasses:
    file = Path(path)
    if not file.is_file():
        raise DataError("lexicon file not found", path=path)
    return parse_wordclasses(load_yaml_file(file), path)
