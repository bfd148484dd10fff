"""A token-pattern matcher that only looks where a pattern could match.

spaCy's Matcher pays for every pattern at every token. Most rule patterns need a particular word
("risk", "safe", "best" …) somewhere, so each pattern's rarest required word set becomes its
*anchor*: a PhraseMatcher (one pass, cheap) finds the sentences holding an anchor, and the Matcher
runs only on those. Patterns that need a number are anchored on sentences with a number; patterns
with no literal word at all run on the whole text.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

import numpy
from spacy.attrs import LIKE_NUM
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

_OPTIONAL = {"?", "*"}
_WORD_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM")
_NUMBER = "\x00number"
# Words too common to narrow anything down: a pattern is anchored on another of its words if it can.
_COMMON = frozenset("""a an the this that these those our your their its his her my of in on at to for from
by with and or but is are was were be been being has have had do does did it they we you i he she not no
as than then so if when which who what will would can could may might should must all any some more most
very just only also""".split())


def plain(value: Any) -> Any:
    """YAML's located dicts back to plain dicts and lists, as spaCy's pattern validator expects."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def pattern_anchor(pattern: Sequence[dict[str, Any]]) -> frozenset[str] | None:
    """The smallest set of lower-cased words one of which must occur for the pattern to match
    (or the number marker), or None when the pattern requires no literal word."""
    candidates: list[frozenset[str]] = []
    for spec in pattern:
        op = spec.get("OP")
        if op in _OPTIONAL or (isinstance(op, str) and op.startswith("{0")) or op == "!":
            continue
        words = _literal_words(spec)
        if words is None and spec.get("LIKE_NUM") is True:
            words = frozenset({_NUMBER})
        if words is not None:
            candidates.append(words)
    if not candidates:
        return None
    # Prefer word sets without very common words, then the smallest set.
    return min(candidates, key=lambda words: (bool(words & _COMMON), _NUMBER in words, len(words)))


def _literal_words(spec: dict[str, Any]) -> frozenset[str] | None:
    for attr in _WORD_ATTRS:
        value = spec.get(attr)
        if isinstance(value, str):
            return frozenset({value.lower()})
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"] and \
                all(isinstance(v, str) for v in value["IN"]) and len(value) == 1:
            return frozenset(v.lower() for v in value["IN"])
    return None


def pattern_length(pattern: Sequence[dict[str, Any]]) -> int | None:
    """The most tokens a pattern can span, or None when it has no bound ('*', '+')."""
    total = 0
    for spec in pattern:
        op = spec.get("OP")
        if op in (None, "!", "?", "1"):
            total += 1
        elif isinstance(op, str) and op.startswith("{") and op.endswith("}"):
            bounds = op[1:-1].split(",")
            upper = bounds[-1].strip()
            if not upper:
                return None
            total += int(upper)
        else:
            return None
    return total


class AnchoredMatcher:
    """Matcher-compatible: `add(key, patterns)`, then call with the doc and its sentence starts.

    Patterns with the same anchor share a Matcher. A group runs only around its anchor words: on a
    window reaching as far as its longest pattern on either side, within the sentence (on the
    whole sentence when a pattern has no length bound).
    """

    def __init__(self, nlp: Language, validate: bool = True) -> None:
        self.nlp = nlp
        self.validate = validate
        self.everywhere = Matcher(nlp.vocab, validate=validate)
        self.anchors = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.groups: dict[frozenset[str], Matcher] = {}
        self.reach: dict[frozenset[str], int | None] = {}  # longest pattern of each group
        self.group_names: dict[int, frozenset[str]] = {}  # anchor key hash -> anchor set
        self.number_groups: list[frozenset[str]] = []

    def __len__(self) -> int:
        return len(self.everywhere) + sum(len(m) for m in self.groups.values())

    def add(self, key: str, patterns: Iterable[Sequence[dict[str, Any]]]) -> None:
        """Add patterns under `key`; spaCy validates them (ValueError on a bad pattern)."""
        by_anchor: dict[frozenset[str] | None, list[list[dict[str, Any]]]] = {}
        for pattern in patterns:
            by_anchor.setdefault(pattern_anchor(pattern), []).append(list(pattern))
        for anchor, group_patterns in by_anchor.items():
            if anchor is None:
                self.everywhere.add(key, group_patterns)
                continue
            if anchor not in self.groups:
                self.groups[anchor] = Matcher(self.nlp.vocab, validate=self.validate)
                self.reach[anchor] = 0
                name = f"anchor-{len(self.groups)}"
                self.group_names[self.nlp.vocab.strings.add(name)] = anchor
                words = sorted(anchor - {_NUMBER})
                if words:
                    self.anchors.add(name, list(self.nlp.tokenizer.pipe(words)))
                if _NUMBER in anchor:
                    self.number_groups.append(anchor)
            self.groups[anchor].add(key, group_patterns)
            lengths = [pattern_length(p) for p in group_patterns]
            current = self.reach[anchor]
            self.reach[anchor] = None if current is None or None in lengths else max([current, *lengths])

    def __call__(self, doc: Doc, sentence_starts: Sequence[int]) -> list[tuple[int, int, int]]:
        found = list(self.everywhere(doc)) if len(self.everywhere) else []
        if not self.groups or not len(doc):
            return found
        starts = list(sentence_starts) or [0]
        hits: dict[frozenset[str], list[tuple[int, int]]] = {}
        for key, start, end in self.anchors(doc):
            hits.setdefault(self.group_names[key], []).append((start, end))
        if self.number_groups:
            numbers = [(int(i), int(i) + 1) for i in numpy.flatnonzero(doc.to_array([LIKE_NUM]).reshape(-1))]
            for group in self.number_groups:
                hits.setdefault(group, []).extend(numbers)
        results: set[tuple[int, int, int]] = set()
        for group, places in hits.items():
            matcher, reach = self.groups[group], self.reach[group]
            for lo, hi in _windows(places, starts, len(doc), reach):
                results.update((key, lo + start, lo + end) for key, start, end in matcher(doc[lo:hi]))
        found.extend(sorted(results, key=lambda m: (m[1], m[2], m[0])))
        return found


def _windows(places: list[tuple[int, int]], starts: list[int], length: int,
             reach: int | None) -> list[tuple[int, int]]:
    """Merged token windows around anchor places, each kept inside its sentence."""
    windows: list[tuple[int, int]] = []
    for start, end in sorted(places):
        index = bisect.bisect_right(starts, start) - 1
        sent_lo = starts[index]
        sent_hi = starts[index + 1] if index + 1 < len(starts) else length
        lo, hi = (sent_lo, sent_hi) if reach is None else (max(sent_lo, end - reach), min(sent_hi, start + reach))
        if windows and lo <= windows[-1][1] and windows[-1][0] >= sent_lo:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows
