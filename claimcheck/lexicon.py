"""The context lexicon (`rules/context.yaml`): triggers, cues and claim vocabulary, validated."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.article_kind import cue_pattern, cues_found
from claimcheck.errors import DataError
from claimcheck.yamlio import Located, error_at, load_yaml_file

CONTEXT_CATEGORIES = ("negated", "hedged", "frequency", "conditional", "debunked", "reported", "aim", "appearance", "nonhuman",
                      "trial_report", "individual", "test_result")
SENTENCE_CATEGORIES = ("question", "quoted", "testimony", "heading")
ALL_CONTEXT = CONTEXT_CATEGORIES + SENTENCE_CATEGORIES + ("term_of_art",)
DIRECTIONS = ("forward", "backward", "both")
PREDICATE_KINDS = ("efficacy", "safety", "mechanism")


@dataclass(frozen=True, slots=True)
class TriggerGroup:
    category: str
    direction: str
    window: int
    phrases: tuple[str, ...]
    # words that end a forward scope of this group only: the main clause's verb after an aim's
    # infinitive ("a new way to cure cancer | works in every patient")
    ends_at: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CueSet:
    name: str
    description: str
    phrases: tuple[str, ...]
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    regexes: tuple[re.Pattern[str], ...] = ()
    in_headings: bool = False  # count only matches inside headings


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[TriggerGroup, ...]
    pseudo: tuple[str, ...]
    terminators: frozenset[str]
    terms_of_art: tuple[str, ...]
    cues: dict[str, CueSet]
    treatment_nouns: tuple[str, ...]
    treatment_determiners: frozenset[str]
    treatment_pronouns: frozenset[str]
    predicates: dict[str, tuple[str, ...]]
    path: str
    # article kind -> contexts that do not silence a rule there: on a page selling a treatment, the
    # testimonials and staff quotes it chose to print are its own claims (FTC endorsement guides)
    publisher_voice: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # a press release speaks for whoever issues it, in any kind: its officers' quotes are its claims
    press_release: PressRelease | None = None
    # words that open a clause before the main one ("because", "since"): a trigger inside it stops at its comma
    fronted_clauses: frozenset[str] = frozenset()
    # "if you have", "if you've been diagnosed with": followed by a cancer, they say who a promise is
    # made to, not what its outcome depends on, so they block the conditional trigger they contain
    population_openers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PressRelease:
    """How a press release shows itself (`cues`, at least `min_cues` distinct ones) and which
    contexts then speak for the publisher."""
    pattern: re.Pattern[str]
    min_cues: int
    contexts: frozenset[str]

    def voice(self, text: str) -> frozenset[str]:
        return self.contexts if len(cues_found(self.pattern, text)) >= self.min_cues else frozenset()


_TOP_KEYS = {"triggers", "pseudo", "terminators", "terms_of_art", "cues", "treatment_words", "predicates",
             "publisher_voice", "fronted_clauses", "population_openers"}


def _string_list(path: str, node: Located, key: str, required: bool = True) -> tuple[str, ...]:
    value = node.get(key)
    if value is None:
        if required:
            raise error_at(path, node, f"missing key '{key}'")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise error_at(path, node, f"'{key}' must be a list of non-empty strings", key)
    return tuple(value)


def _check_keys(path: str, node: Any, allowed: set[str], what: str) -> None:
    if not isinstance(node, dict):
        raise error_at(path, node, f"{what} must be a mapping")
    for key in node:
        if key not in allowed:
            raise error_at(path, node, f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})",
                           key)


def parse_lexicon(data: Any, path: str) -> Lexicon:
    _check_keys(path, data, _TOP_KEYS, "the context file")
    triggers = []
    for group in data.get("triggers") or []:
        _check_keys(path, group, {"category", "direction", "window", "phrases", "ends_at"}, "a trigger group")
        category = group.get("category")
        if category not in CONTEXT_CATEGORIES:
            raise error_at(path, group, f"unknown context category {category!r} "
                           f"(expected one of {', '.join(CONTEXT_CATEGORIES)})", "category")
        direction = group.get("direction", "forward")
        if direction not in DIRECTIONS:
            raise error_at(path, group, f"unknown direction {direction!r} (forward, backward or both)",
                           "direction")
        window = group.get("window", 8)
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 100:
            raise error_at(path, group, "'window' must be a whole number from 1 to 100", "window")
        triggers.append(TriggerGroup(category, direction, window, _string_list(path, group, "phrases"),
                                     frozenset(w.lower() for w in _string_list(path, group, "ends_at", False))))
    cues = {}
    for name, cue in (data.get("cues") or {}).items():
        _check_keys(path, cue, {"description", "phrases", "patterns", "regexes", "in_headings"}, f"cue '{name}'")
        regexes = []
        for source in _string_list(path, cue, "regexes", False):
            try:
                regexes.append(re.compile(source))
            except re.error as exc:
                raise error_at(path, cue, f"bad regex {source!r} in cue '{name}': {exc}", "regexes") from None
        patterns = cue.get("patterns") or []
        if not isinstance(patterns, list) or not all(isinstance(p, list) and p for p in patterns):
            raise error_at(path, cue, "'patterns' must be a list of token patterns", "patterns")
        cues[name] = CueSet(name, str(cue.get("description", "")), _string_list(path, cue, "phrases", False),
                            tuple(tuple(p) for p in patterns), tuple(regexes), cue.get("in_headings") is True)
    words = data.get("treatment_words") or {}
    _check_keys(path, words, {"nouns", "determiners", "pronouns"}, "treatment_words")
    predicates = data.get("predicates") or {}
    _check_keys(path, predicates, set(PREDICATE_KINDS), "predicates")
    voice = data.get("publisher_voice") or {}
    _check_keys(path, voice, {"kinds", "contexts", "press_release"}, "publisher_voice")
    voice_contexts = _voice_contexts(path, voice, "publisher_voice")
    voice_kinds = _string_list(path, voice, "kinds", False)
    from claimcheck.rules import KINDS_OF_ARTICLE  # (rules imports this module)

    for kind in set(voice_kinds) - set(KINDS_OF_ARTICLE):
        raise error_at(path, voice, f"unknown article kind {kind!r} in publisher_voice "
                       f"(expected one of {', '.join(KINDS_OF_ARTICLE)})", "kinds")
    return Lexicon(
        triggers=tuple(triggers),
        pseudo=_string_list(path, data, "pseudo", False),
        terminators=frozenset(t.lower() for t in _string_list(path, data, "terminators", False)),
        terms_of_art=_string_list(path, data, "terms_of_art", False),
        cues=cues,
        treatment_nouns=_string_list(path, words, "nouns", False),
        treatment_determiners=frozenset(w.lower() for w in _string_list(path, words, "determiners", False)),
        treatment_pronouns=frozenset(w.lower() for w in _string_list(path, words, "pronouns", False)),
        predicates={kind: _string_list(path, predicates, kind, False) for kind in PREDICATE_KINDS},
        path=path,
        publisher_voice={kind: voice_contexts for kind in voice_kinds},
        press_release=_press_release(path, voice.get("press_release")),
        fronted_clauses=frozenset(w.lower() for w in _string_list(path, data, "fronted_clauses", False)),
        population_openers=_string_list(path, data, "population_openers", False),
    )


def _voice_contexts(path: str, node: Located, what: str) -> frozenset[str]:
    contexts = frozenset(_string_list(path, node, "contexts", False))
    for context in sorted(contexts - set(ALL_CONTEXT)):
        raise error_at(path, node, f"unknown context {context!r} in {what} "
                       f"(expected one of {', '.join(ALL_CONTEXT)})", "contexts")
    return contexts


def _press_release(path: str, node: Any) -> PressRelease | None:
    if node is None:
        return None
    _check_keys(path, node, {"cues", "min_cues", "contexts"}, "publisher_voice.press_release")
    minimum = node.get("min_cues", 1)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise error_at(path, node, "'min_cues' must be a whole number of at least 1", "min_cues")
    cues = [c.strip() for c in _string_list(path, node, "cues")]
    return PressRelease(cue_pattern(cues), minimum, _voice_contexts(path, node, "publisher_voice.press_release"))


@functools.lru_cache(maxsize=8)
def load_lexicon(path: str) -> Lexicon:
    file = Path(path)
    if not file.is_file():
        raise DataError("context file not found", path=path)
    return parse_lexicon(load_yaml_file(file), path)
