"""Which kind of article a text is, when nobody said: a clinic selling its treatment, an
alternative-medicine page, a news story, a personal blog, a patient-information page.

The kind changes how claims are read ("can help prevent recurrence" is a fair hedge in a patient
leaflet and a promise on a page selling the treatment), so it is inferred from cues kept as data
in `rules/article-kinds.yaml`. A kind given by flag, front matter or config always wins.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimcheck.errors import DataError
from claimcheck.yamlio import error_at, load_yaml_file

DEFAULT_KIND = "article"
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|myself)\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class KindCues:
    kind: str
    pattern: re.Pattern[str] | None   # any cue phrase
    min_cues: int = 1
    first_person: float | None = None  # per 100 words


@dataclass(frozen=True, slots=True)
class KindGuess:
    kind: str
    inferred: bool
    cues: tuple[str, ...] = ()   # what made the guess, for the JSON report and `claims`


@dataclass(frozen=True, slots=True)
class KindModel:
    kinds: tuple[KindCues, ...]

    def infer(self, text: str) -> KindGuess:
        """The first kind, in the data's order, whose cues the text shows; else a plain article."""
        words = 0
        for cues in self.kinds:
            if cues.first_person is not None:
                words = words or max(1, len(_WORD.findall(text)))
                count = len(_FIRST_PERSON.findall(text))
                if count * 100 / words >= cues.first_person and count >= 3:
                    return KindGuess(cues.kind, True, (f"first person {count}× in {words} words",))
                continue
            assert cues.pattern is not None
            found = sorted(cues_found(cues.pattern, text))
            if len(found) >= cues.min_cues:
                return KindGuess(cues.kind, True, tuple(found[:8]))
        return KindGuess(DEFAULT_KIND, True)


def cues_found(pattern: re.Pattern[str], text: str) -> set[str]:
    """The distinct cue phrases (lower-cased) a `cue_pattern` finds in the text."""
    return {m.group(0).lower() for m in pattern.finditer(text)}


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """Any of the cue phrases, case-insensitively, on word boundaries; where cues overlap at one
    place, the longest wins.

    The alternatives are written as a trie ("our(?: clinic| team)?" rather than "our clinic|our
    team|our"), so the regex engine tries a handful of branches at each word, not every cue. A
    trie tries longer continuations first and at most one child can match the next character, so
    it finds what the flat, longest-first alternation finds. When two branches of one node could
    match the same character (letters equal under case folding), the flat alternation is kept."""
    flat = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    trie: dict[str, Any] = {}
    for cue in cues:
        node = trie
        for char in cue:
            node = node.setdefault(char, {})
        node[""] = {}  # a cue ends here
    body = _trie_regex(trie)
    return re.compile(rf"(?<!\w)(?:{body if body is not None else flat})(?!\w)", re.IGNORECASE)


def _trie_regex(node: dict[str, Any]) -> str | None:
    """The regex for a trie node's continuations (children first, then the end); None when two
    children fold to the same character."""
    children = [char for char in node if char]
    for index, char in enumerate(children):
        if any(re.fullmatch(re.escape(other), char, re.IGNORECASE) for other in children[index + 1:]):
            return None
    branches = []
    for char in children:
        rest = _trie_regex(node[char])
        if rest is None:
            return None
        branches.append(re.escape(char) + rest)
    ends = "" in node
    if not branches:
        return ""
    if len(branches) == 1:  # one way on: a plain sequence, optional where a cue also ends here
        return f"(?:{branches[0]})?" if ends else branches[0]
    return f"(?:{'|'.join(branches)}{'|' if ends else ''})"


def parse_kind_model(data: Any, path: str, known_kinds: tuple[str, ...]) -> KindModel:
    if not isinstance(data, dict) or set(data) - {"order", "kinds"} or "kinds" not in data:
        raise DataError("an article-kinds file must be a mapping with 'order' and 'kinds'", path=path, line=1)
    kinds = data["kinds"]
    order = data.get("order") or list(kinds)
    if not isinstance(kinds, dict) or not isinstance(order, list):
        raise error_at(path, data, "'kinds' must be a mapping and 'order' a list of kinds")
    model = []
    for kind in order:
        if kind not in kinds:
            raise error_at(path, data, f"'order' names {kind!r}, which 'kinds' does not define", "order")
        if kind not in known_kinds:
            raise error_at(path, kinds, f"unknown article kind {kind!r} (expected one of {', '.join(known_kinds)})",
                           kind)
        node = kinds[kind]
        if not isinstance(node, dict) or set(node) - {"cues", "min_cues", "first_person"}:
            raise error_at(path, kinds, f"kind {kind!r} takes 'cues' and 'min_cues', or 'first_person'", kind)
        if "first_person" in node:
            rate = node["first_person"]
            if not isinstance(rate, int | float) or isinstance(rate, bool) or rate <= 0:
                raise error_at(path, node, "'first_person' must be a positive number (per 100 words)",
                               "first_person")
            model.append(KindCues(kind, None, 1, float(rate)))
            continue
        cues = node.get("cues")
        if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip() for c in cues):
            raise error_at(path, node, f"kind {kind!r} needs a list of cue phrases", "cues")
        minimum = node.get("min_cues", 1)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
            raise error_at(path, node, "'min_cues' must be a whole number of at least 1", "min_cues")
        model.append(KindCues(kind, cue_pattern([c.strip() for c in cues]), minimum))
    return KindModel(tuple(model))


@functools.lru_cache(maxsize=4)
def load_kind_model(path: str) -> KindModel:
    from claimcheck.rules import KINDS_OF_ARTICLE

    file = Path(path)
    if not file.is_file():
        raise DataError("article-kinds file not found", path=path)
    return parse_kind_model(load_yaml_file(file), path, KINDS_OF_ARTICLE)
