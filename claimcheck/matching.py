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
from spacy.attrs import LIKE_NUM, LOWER
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
        if not _must_match(spec):
            continue
        words = _anchor_words(spec)
        if words is not None:
            candidates.append(words)
    if not candidates:
        return None
    # Prefer word sets without very common words, then the smallest set.
    return min(candidates, key=lambda words: (bool(words & _COMMON), _NUMBER in words, len(words)))


def _must_match(spec: dict[str, Any]) -> bool:
    """Whether every match holds at least one token matching this spec (not "?", "*", "{0,n}" or "!")."""
    op = spec.get("OP")
    return not (op in _OPTIONAL or op == "!" or (isinstance(op, str) and op.startswith("{0")))


def _anchor_words(spec: dict[str, Any]) -> frozenset[str] | None:
    """The words (or the number marker) one of which a token matching this spec must be."""
    words = _literal_words(spec)
    if words is None and spec.get("LIKE_NUM") is True:
        words = frozenset({_NUMBER})
    return words


def _literal_words(spec: dict[str, Any], attrs: Sequence[str] = _WORD_ATTRS) -> frozenset[str] | None:
    for attr in attrs:
        value = spec.get(attr)
        if isinstance(value, str):
            return frozenset({value.lower()})
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"] and \
                all(isinstance(v, str) for v in value["IN"]) and len(value) == 1:
            return frozenset(v.lower() for v in value["IN"])
    return None


def pattern_needs(pattern: Sequence[dict[str, Any]]) -> tuple[frozenset[str], ...]:
    """Every word set (lower-cased, or the number marker) that some token of a match must hold:
    one per token spec that must match at least once and names its words by LOWER, ORTH or TEXT
    (a token's lower-case form is its ORTH lower-cased), or is a LIKE_NUM spec with no word."""
    needs = []
    for spec in pattern:
        if not _must_match(spec):
            continue
        words = _lower_words(spec)
        if words is not None and words not in needs:
            needs.append(words)
    return tuple(needs)


def pattern_length(pattern: Sequence[dict[str, Any]]) -> int | None:
    """The most tokens a pattern can span, or None when it has no bound ('*', '+')."""
    return _widths(pattern)


def _spec_width(spec: dict[str, Any]) -> int | None:
    """The most tokens one token spec can match, or None when it has no bound."""
    op = spec.get("OP")
    if op in (None, "!", "?", "1"):
        return 1
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        upper = op[1:-1].split(",")[-1].strip()
        return int(upper) if upper else None
    return None


def anchor_reach(pattern: Sequence[dict[str, Any]],
                 anchor: frozenset[str]) -> tuple[int | None, int | None] | None:
    """How many tokens a match can hold before and after the token that matches its anchor spec
    (None: no bound), as far as the pattern's length on both sides when that spec may match more
    than one token. None when a token matching the anchor spec need not be one the anchor
    PhraseMatcher finds (the words are NORM values): then only the whole-length window is safe."""
    reliable = [(index, spec) for index, spec in enumerate(pattern)
                if _lower_words(spec) == anchor and _must_match(spec)]
    for index, spec in reliable:
        if spec.get("OP") in (None, "1"):
            return _widths(pattern[:index]), _widths(pattern[index + 1:])
    if not reliable:
        return None
    length = pattern_length(pattern)
    return (None, None) if length is None else (length - 1, length - 1)


def _lower_words(spec: dict[str, Any]) -> frozenset[str] | None:
    """The anchor words of a spec whose matching token must have one of them as its lower-case
    form (LOWER, ORTH, TEXT), or the number marker; None otherwise."""
    words = _literal_words(spec, ("LOWER", "ORTH", "TEXT"))
    if words is None and _literal_words(spec) is None and spec.get("LIKE_NUM") is True:
        words = frozenset({_NUMBER})
    return words


def _widths(specs: Sequence[dict[str, Any]]) -> int | None:
    total = 0
    for spec in specs:
        width = _spec_width(spec)
        if width is None:
            return None
        total += width
    return total


class AnchoredMatcher:
    """Matcher-compatible: `add(key, patterns)`, then call with the doc and its sentence starts.

    Patterns with the same anchor share a Matcher. A group runs only around its anchor words,
    within the sentence: on a window reaching as far as a match can reach from the anchor's token
    on each side (`anchor_reach`), or as far as its longest pattern on either side when a pattern's
    anchor spec is a NORM or an anchor word is more than one token (on the whole sentence when a
    pattern has no length bound). The narrow window finds what the wide one finds: every match
    holds a token the anchor PhraseMatcher found, and lies within reach of it.
    """

    def __init__(self, nlp: Language, validate: bool = True) -> None:
        self.nlp = nlp
        self.validate = validate
        self.everywhere = Matcher(nlp.vocab, validate=validate)
        self.anchors = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.groups: dict[frozenset[str], Matcher] = {}
        self.reach: dict[frozenset[str], int | None] = {}  # longest pattern of each group
        # Tokens a match can hold before and after its anchor token, per group (None: use reach).
        self.sides: dict[frozenset[str], tuple[int | None, int | None] | None] = {}
        self.group_names: dict[int, frozenset[str]] = {}  # anchor key hash -> anchor set
        self.number_groups: list[frozenset[str]] = []
        # Per group, per pattern: the word sets (LOWER hashes; None = a number) a window must hold
        # for that pattern to match in it; a group is None when one of its patterns needs no word.
        self.needs: dict[frozenset[str], list[tuple[frozenset[int] | None, ...]] | None] = {}
        self.key_groups: dict[str, list[frozenset[str]]] = {}  # key -> the anchor groups holding its patterns
        self.everywhere_keys: set[str] = set()

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
                self.everywhere_keys.add(key)
                continue
            if anchor not in self.groups:
                self.groups[anchor] = Matcher(self.nlp.vocab, validate=self.validate)
                self.reach[anchor] = 0
                name = f"anchor-{len(self.groups)}"
                self.group_names[self.nlp.vocab.strings.add(name)] = anchor
                words = sorted(anchor - {_NUMBER})
                phrases = list(self.nlp.tokenizer.pipe(words))
                if words:
                    self.anchors.add(name, phrases)
                if _NUMBER in anchor:
                    self.number_groups.append(anchor)
                single = all(len(phrase) == 1 and phrase[0].lower_ == word for phrase, word in zip(phrases, words))
                self.sides[anchor] = (0, 0) if single else None
                self.needs[anchor] = []
            self.groups[anchor].add(key, group_patterns)
            if anchor not in self.key_groups.setdefault(key, []):
                self.key_groups[key].append(anchor)
            for pattern in group_patterns:
                needs = tuple(None if words == {_NUMBER} else frozenset(self.nlp.vocab.strings.add(w) for w in words)
                              for words in pattern_needs(pattern))
                group_needs = self.needs[anchor]
                self.needs[anchor] = None if group_needs is None or not needs else [*group_needs, needs]
            lengths = [pattern_length(p) for p in group_patterns]
            current = self.reach[anchor]
            self.reach[anchor] = None if current is None or None in lengths else max([current, *lengths])
            for pattern in group_patterns:
                self.sides[anchor] = _wider(self.sides[anchor], anchor_reach(pattern, anchor))

    def __call__(self, doc: Doc, sentence_starts: Sequence[int]) -> list[tuple[int, int, int]]:
        return AnchoredMatches(self, doc, sentence_starts).all()

    def lazy(self, doc: Doc, sentence_starts: Sequence[int]) -> AnchoredMatches:
        """The doc's matches, each anchor group run only when a key it holds is asked for."""
        return AnchoredMatches(self, doc, sentence_starts)


class AnchoredMatches:
    """One doc's matches of an AnchoredMatcher. The anchor words are found in one pass; a group's
    Matcher runs on its windows the first time a key with patterns in that group is asked for, so
    a caller that needs only some keys (the cues a rule asks about) does not pay for the others."""

    def __init__(self, matcher: AnchoredMatcher, doc: Doc, sentence_starts: Sequence[int]) -> None:
        self.matcher, self.doc = matcher, doc
        self.starts = list(sentence_starts) or [0]
        self.hits: dict[frozenset[str], list[tuple[int, int]]] = {}  # anchor places, by group
        self.results: set[tuple[int, int, int]] = set()
        self.done: set[frozenset[str]] = set()
        self._everywhere: list[tuple[int, int, int]] | None = None
        self.lowers: list[int] = []
        self.numbers: list[int] = []
        if not matcher.groups or not len(doc):
            return
        for key, start, end in matcher.anchors(doc):
            self.hits.setdefault(matcher.group_names[key], []).append((start, end))
        arrays = doc.to_array([LOWER, LIKE_NUM])
        self.lowers, self.numbers = arrays[:, 0].tolist(), arrays[:, 1].tolist()
        if matcher.number_groups:
            places = [(int(i), int(i) + 1) for i in numpy.flatnonzero(arrays[:, 1])]
            for group in matcher.number_groups:
                self.hits.setdefault(group, []).extend(places)

    def all(self) -> list[tuple[int, int, int]]:
        """Every (key, start, end): the unanchored patterns' first, then the groups' in text order."""
        for group in self.hits:
            self._run(group)
        return self.everywhere() + sorted(self.results, key=lambda m: (m[1], m[2], m[0]))

    def of(self, key: str) -> list[tuple[int, int]]:
        """(start, end) of every match of `key`'s patterns, in no particular order."""
        for group in self.matcher.key_groups.get(key, ()):
            self._run(group)
        key_hash = self.doc.vocab.strings.add(key)
        found = [(start, end) for k, start, end in self.everywhere() if k == key_hash] \
            if key in self.matcher.everywhere_keys else []
        found.extend((start, end) for k, start, end in self.results if k == key_hash)
        return found

    def everywhere(self) -> list[tuple[int, int, int]]:
        if self._everywhere is None:
            everywhere = self.matcher.everywhere
            self._everywhere = list(everywhere(self.doc)) if len(everywhere) else []
        return list(self._everywhere)

    def _run(self, group: frozenset[str]) -> None:
        if group in self.done or group not in self.hits:
            return
        self.done.add(group)
        matcher = self.matcher
        doc, lowers, numbers, results = self.doc, self.lowers, self.numbers, self.results
        group_matcher, reach, needs = matcher.groups[group], matcher.reach[group], matcher.needs[group]
        for lo, hi in _windows(self.hits[group], self.starts, len(doc), reach, matcher.sides[group]):
            # The Matcher costs far more than checking that the window holds the words a match needs.
            if needs is None or _may_match(needs, lowers[lo:hi], numbers[lo:hi]):
                results.update((key, lo + start, lo + end) for key, start, end in group_matcher(doc[lo:hi]))


def _may_match(needs: list[tuple[frozenset[int] | None, ...]], lowers: list[int], numbers: list[int]) -> bool:
    """Whether some pattern's needs all hold in a window (its tokens' LOWER hashes and LIKE_NUM flags)."""
    for pattern_needs in needs:
        for words in pattern_needs:
            if (1 not in numbers) if words is None else words.isdisjoint(lowers):
                break
        else:
            return True
    return False


def _wider(sides: tuple[int | None, int | None] | None,
           other: tuple[int | None, int | None] | None) -> tuple[int | None, int | None] | None:
    """The reach on each side that covers both (None for either: no narrow window at all)."""
    if sides is None or other is None:
        return None
    return (None if sides[0] is None or other[0] is None else max(sides[0], other[0]),
            None if sides[1] is None or other[1] is None else max(sides[1], other[1]))


def _windows(places: list[tuple[int, int]], starts: list[int], length: int, reach: int | None,
             sides: tuple[int | None, int | None] | None = None) -> list[tuple[int, int]]:
    """Merged token windows around anchor places, each kept inside its sentence: `sides` tokens
    before and after a place, else `reach` tokens from its end back and from its start on."""
    windows: list[tuple[int, int]] = []
    for start, end in sorted(places):
        index = bisect.bisect_right(starts, start) - 1
        sent_lo = starts[index]
        sent_hi = starts[index + 1] if index + 1 < len(starts) else length
        if sides is not None:
            before, after = sides
            lo = sent_lo if before is None else max(sent_lo, start - before)
            hi = sent_hi if after is None else min(sent_hi, end + after)
        elif reach is None:
            lo, hi = sent_lo, sent_hi
        else:
            lo, hi = max(sent_lo, end - reach), min(sent_hi, start + reach)
        if windows and lo <= windows[-1][1] and windows[-1][0] >= sent_lo:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows
