"""`frame` rules: the shape of a claim as a sequence of slots with bounded gaps.

A frame is written as one line, e.g. ``TREATMENT ... ^CURE_VERB ..3 DISEASE``:

- ``NAME`` (upper case) is a word class from `rules/lexicon.yaml` (its inflected forms and entities);
- ``@LABEL`` is an entity label from the reference (AGENT, CLASS, CANCER …); ``@AGENT:class_id`` (or
  ``@CLASS:class_id``) only a drug (or class) that the reference puts in that class or under it
  (``@AGENT:checkpoint_inhibitor`` matches "Keytruda", not "imatinib");
- ``#NUM`` is a number (digits, "twelve", "1,200");
- a lower-case word or a "quoted phrase" is a literal, matched case-insensitively as written;
- ``...`` allows up to 6 words between two slots, ``..N`` up to N; slots written side by side are
  adjacent. A gap never crosses a clause boundary (`clause_boundaries` in the lexicon) or a sentence;
- ``^`` marks the slot whose words context is judged on ("does not ^cure": negated); without a mark
  the whole match is judged (so a quantifier inside the frame, "no side effects", is its own word).

`unless_frames` are antipatterns (as in LanguageTool): frames that, found in the same sentence,
make a match fine — a count of patients makes "cancer disappeared" a trial's report.
A frame runs only in sentences that hold its rarest slot, so a rule with many frames stays cheap.
"""
from __future__ import annotations

import bisect
import functools
import shlex
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from claimcheck.errors import DataError
from claimcheck.kinds import register
from claimcheck.kinds.base import Article, CompileContext, new_phrase_matcher
from claimcheck.kinds.phrase import COMMON_MATCH_KEYS, MatchKind
from claimcheck.pipeline.extensions import CLASS_GROUP, ENTITY_GROUP
from claimcheck.rules import Rule
from claimcheck.wordclasses import ENTITY_LABELS, WordClasses
from claimcheck.yamlio import error_at

DEFAULT_GAP = 6
MAX_GAP = 20
MEMBER_LABELS = frozenset({"AGENT", "CLASS"})  # entities whose reference id has classes


@dataclass(frozen=True, slots=True)
class Slot:
    kind: str      # "class" | "entity" | "number" | "literal"
    value: str     # class name, entity label, or lower-cased literal
    judged: bool = False
    member_of: str = ""  # entity slots: a reference class the entity must belong to ("" = any)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}" + (f":{self.member_of}" if self.member_of else "")


@dataclass(frozen=True, slots=True)
class Frame:
    text: str
    slots: tuple[Slot, ...]
    gaps: tuple[int, ...]  # gaps[i]: most words between slot i and slot i + 1

    @property
    def judged_index(self) -> int | None:
        return next((i for i, slot in enumerate(self.slots) if slot.judged), None)


def parse_frame(text: str) -> Frame:
    """Parse a frame line; ValueError says what is wrong with it."""
    try:
        items = shlex.split(text)
    except ValueError as exc:
        raise ValueError(f"cannot read frame {text!r}: {exc}") from None
    slots: list[Slot] = []
    gaps: list[int] = []
    pending_gap: int | None = None
    for item in items:
        if item == "..." or (item.startswith("..") and item[2:].isdigit()):
            if not slots or pending_gap is not None:
                raise ValueError(f"frame {text!r}: a gap must stand between two slots")
            pending_gap = DEFAULT_GAP if item == "..." else int(item[2:])
            if not 0 <= pending_gap <= MAX_GAP:
                raise ValueError(f"frame {text!r}: a gap may be at most {MAX_GAP} words")
            continue
        judged = item.startswith("^") and len(item) > 1
        word = item[1:] if judged else item
        if word == "#NUM":
            slot = Slot("number", "NUM", judged)
        elif word.startswith("@"):
            label, colon, member_of = word[1:].partition(":")
            if label not in ENTITY_LABELS:
                raise ValueError(f"frame {text!r}: unknown entity label {word!r} "
                                 f"(expected one of {', '.join(ENTITY_LABELS)})")
            if colon and (label not in MEMBER_LABELS or not member_of):
                raise ValueError(f"frame {text!r}: {word!r}: only @AGENT:class_id and @CLASS:class_id "
                                 "name a class the entity must belong to")
            slot = Slot("entity", label, judged, member_of)
        elif word.isupper() and word.replace("_", "").isalnum() and len(word) > 1:
            slot = Slot("class", word, judged)
        else:
            slot = Slot("literal", " ".join(word.lower().split()), judged)
        if slots:
            gaps.append(pending_gap or 0)
        pending_gap = None
        slots.append(slot)
    if pending_gap is not None:
        raise ValueError(f"frame {text!r} ends with a gap")
    if not slots:
        raise ValueError("a frame needs at least one slot")
    if sum(slot.judged for slot in slots) > 1:
        raise ValueError(f"frame {text!r}: at most one slot may be marked with ^")
    return Frame(text, tuple(slots), tuple(gaps))


def describe_frame(frame: Frame, wordclasses: WordClasses | None = None, examples: int = 5) -> str:
    """A frame in words, for `claimcheck explain`."""
    parts = []
    for index, slot in enumerate(frame.slots):
        if index:
            gap = frame.gaps[index - 1]
            parts.append("then" if gap == 0 else f"then, within {gap} words,")
        if slot.kind == "class":
            word_class = wordclasses.classes.get(slot.value) if wordclasses else None
            if word_class is not None:
                sample = ", ".join(word_class.lemmas[:examples])
                more = " …" if len(word_class.lemmas) > examples else ""
                label = word_class.description or slot.value
                parts.append(f"{label} ({slot.value}: {sample}{more})")
            else:
                parts.append(slot.value)
        elif slot.kind == "number":
            parts.append("a number")
        elif slot.kind == "entity":
            parts.append(f"a {slot.value.lower().replace('_', ' ')} named in the reference"
                         + (f", a member of reference class {slot.member_of}" if slot.member_of else ""))
        else:
            parts.append(f"'{slot.value}'")
        if slot.judged:
            parts[-1] += " [context judged here]"
    return " ".join(parts)


class SlotIndex:
    """Where each slot of any frame occurs in one doc: sorted (start, end) lists, each built the
    first time a frame asks for its slot (most slots of most frames never occur in a given doc)."""

    def __init__(self, doc: Doc, literal_hits: Mapping[str, list[tuple[int, int]]],
                 entities: Sequence[Span] | None = None, is_a: Callable[[str, str], bool] | None = None,
                 base: SlotIndex | None = None) -> None:
        """`base`: an index of the same doc (and `is_a`) without literals, whose class, entity and
        number places this one shares instead of building them again."""
        self.doc = doc
        self._base = base
        self._sentences: dict[str, tuple[Sequence[int], int]] = {}  # by key: (starts, sentence mask)
        if base is not None:
            self._raw = {f"literal:{literal}": hits for literal, hits in literal_hits.items()}
            self._ids, self._is_a, self.places = base._ids, base._is_a, {}
            return
        raw: dict[str, list[tuple[int, int]]] = {}
        self._ids: dict[str, list[tuple[int, int, str]]] = {}  # label -> (start, end, reference id)
        for name, hits in (doc.user_data.get(CLASS_GROUP) or {}).items():  # from the cc_classes component
            raw[f"class:{name}"] = hits
        for span in (entities if entities is not None else doc.spans.get(ENTITY_GROUP, [])):
            raw.setdefault(f"entity:{span.label_}", []).append((span.start, span.end))
            if is_a is not None and span.kb_id_:
                self._ids.setdefault(span.label_, []).append((span.start, span.end, span.kb_id_))
        self._is_a = is_a
        for literal, hits in literal_hits.items():
            raw[f"literal:{literal}"] = hits
        self._raw = raw
        self.places: dict[str, list[tuple[int, int]]] = {}

    @classmethod
    def for_article(cls, article: Article, literal_hits: Mapping[str, list[tuple[int, int]]],
                    is_a: Callable[[str, str], bool] | None) -> SlotIndex:
        """An index with these literals over the article's class, entity and number places, which
        every frame kind run on the article shares (built by the first)."""
        key = ("slot-index", is_a)
        base = article.shared.get(key)
        if base is None:
            base = article.shared[key] = cls(article.doc, {}, article.all_entities, is_a)
        return cls(article.doc, literal_hits, base=base)

    def get(self, slot: Slot) -> list[tuple[int, int]]:
        return self.at(slot.key)

    def present(self, keys: Iterable[str]) -> frozenset[str]:
        """Which of `keys` have at least one place in this doc, found without sorting any list
        (a frame with a slot outside this set cannot match, so it need not be tried)."""
        keys = keys if isinstance(keys, frozenset) else frozenset(keys)
        base = self._base
        if base is not None:  # literals are this index's own; every other slot is the base's
            return base.present(keys) | frozenset(k for k, hits in self._raw.items() if hits and k in keys)
        # The doc's own keys (a few dozen), not every key asked about (hundreds, most absent).
        found = {key for key, hits in self._raw.items() if hits and key in keys}
        found.update(key for key in _computed_keys(keys) if self.at(key))
        return frozenset(found)

    def sentence_mask(self, key: str, starts: Sequence[int]) -> int:
        """The sentences (indexes into `starts`) in which a place of this slot starts, as the bits
        of an int: the sentences that can hold a frame are then one AND of its slots' masks."""
        found = self._sentences.get(key)
        if found is None or found[0] is not starts:
            mask = 0
            if self._base is not None and not key.startswith("literal:"):
                mask = self._base.sentence_mask(key, starts)
            elif key in self._raw or key == NUMBER_KEY or key.count(":") == 2:  # else: no place at all
                for start, _end in self.at(key):
                    mask |= 1 << (bisect.bisect_right(starts, start) - 1)
            found = self._sentences[key] = (starts, mask)
        return found[1]

    def at(self, key: str) -> list[tuple[int, int]]:
        """The sorted, distinct places of the slot with this key (`Slot.key`)."""
        places = self.places.get(key)
        if places is not None:
            return places
        if self._base is not None and not key.startswith("literal:"):
            places = self._base.at(key)
        elif key == NUMBER_KEY:
            import numpy
            from spacy.attrs import LIKE_NUM

            flags = self.doc.to_array([LIKE_NUM]).reshape(-1) if len(self.doc) else []
            places = [(int(i), int(i) + 1) for i in numpy.flatnonzero(flags)]
        elif key.count(":") == 2:  # "entity:AGENT:checkpoint_inhibitor": members of a reference class
            _entity, label, member_of = key.split(":")
            is_a = self._is_a
            places = sorted({(s, e) for s, e, entry_id in self._ids.get(label, ())
                             if is_a is not None and is_a(entry_id, member_of)})
        else:
            raw = self._raw.get(key)
            places = sorted(set(raw)) if raw else []
        self.places[key] = places
        return places


NUMBER_KEY = Slot("number", "NUM").key


@functools.lru_cache(maxsize=64)
def _computed_keys(keys: frozenset[str]) -> tuple[str, ...]:
    """The keys whose places are worked out from the doc rather than read from the pipeline
    (numbers, members of a reference class); a frame kind asks with the same keys for every doc."""
    return tuple(sorted(key for key in keys if key == NUMBER_KEY or key.count(":") == 2))


@dataclass(frozen=True, slots=True)
class CompiledFrame:
    """A frame with what matching needs worked out once: its slots' keys and the judged slot."""

    frame: Frame
    keys: tuple[str, ...]
    gaps: tuple[int, ...]
    judged: int | None
    needs: frozenset[str] = frozenset()  # the distinct keys: each must occur in a doc for a match

    @classmethod
    def of(cls, frame: Frame) -> CompiledFrame:
        keys = tuple(slot.key for slot in frame.slots)
        return cls(frame, keys, frame.gaps, frame.judged_index, frozenset(keys))


class SentenceMasks(dict[str, int]):
    """`SlotIndex.sentence_mask` by slot key, each worked out the first time a frame asks."""

    def __init__(self, index: SlotIndex, starts: Sequence[int]) -> None:
        super().__init__()
        self.index, self.starts = index, starts or [0]

    def __missing__(self, key: str) -> int:
        mask = self[key] = self.index.sentence_mask(key, self.starts)
        return mask


def frame_mask(frame: CompiledFrame, masks: Mapping[str, int]) -> int:
    """The sentences that can hold a match of the frame, from its slots' `sentence_mask`s (by key):
    a match lies in one sentence, and each of its places starts there."""
    sentences = -1
    for key in frame.needs:
        sentences &= masks[key]
        if not sentences:
            return 0
    return sentences


def match_frame(frame: Frame | CompiledFrame, index: SlotIndex, sentence_starts: Sequence[int], length: int,
                boundary_counts: Sequence[int], sentences: int | None = None,
                joins: Sequence[int] | None = None) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, judged_start, judged_end) of every place the frame matches, one per start.
    `sentences`: its `frame_mask`, when the caller has it (a frame is tried only in those sentences).
    `joins`: `join_prefix` of the doc, so that a hyphenated word in a gap counts as one word."""
    compiled = frame if isinstance(frame, CompiledFrame) else CompiledFrame.of(frame)
    starts = sentence_starts or [0]
    if sentences is None:  # a slot with no place at all has an empty mask
        sentences = frame_mask(compiled, SentenceMasks(index, starts))
    candidates = [index.at(key) for key in compiled.keys]
    judged = compiled.judged
    gaps = compiled.gaps
    firsts = candidates[0]
    while sentences:
        lowest = sentences & -sentences
        sentences ^= lowest
        sentence = lowest.bit_length() - 1
        sentence_start = starts[sentence]
        sentence_end = starts[sentence + 1] if sentence + 1 < len(starts) else length
        for position in range(bisect.bisect_left(firsts, (sentence_start, -1)), len(firsts)):
            first_start, first_end = firsts[position]
            if first_start >= sentence_end:
                break
            path = _extend(gaps, candidates, 1, [(first_start, first_end)], sentence_end, boundary_counts, joins)
            if path is None:
                continue
            judged_start, judged_end = (path[judged] if judged is not None else (path[0][0], path[-1][1]))
            yield path[0][0], path[-1][1], judged_start, judged_end


def _extend(gaps: tuple[int, ...], candidates: list[list[tuple[int, int]]], slot: int, path: list[tuple[int, int]],
            sentence_end: int, boundary_counts: Sequence[int],
            joins: Sequence[int] | None = None) -> list[tuple[int, int]] | None:
    if slot == len(candidates):
        return path
    previous_end = path[-1][1]
    gap = gaps[slot - 1]
    limit = previous_end + gap
    places = candidates[slot]
    for position in range(bisect.bisect_left(places, (previous_end, -1)), len(places)):
        start, end = places[position]
        if start > limit and (joins is None or start - previous_end - (joins[start] - joins[previous_end]) > gap):
            break  # words between the slots, a hyphenated word ("immune-related") counting once
        if end > sentence_end:
            continue
        if boundary_counts[start] - boundary_counts[previous_end]:
            break  # every later candidate is behind the same boundary
        found = _extend(gaps, candidates, slot + 1, [*path, (start, end)], sentence_end, boundary_counts, joins)
        if found is not None:
            return found
    return None


def literal_places(matcher: Any, strings: Any, doc: Doc) -> dict[str, list[tuple[int, int]]]:
    """The places of a frame kind's literal slots, by literal, from its phrase matcher."""
    places: dict[str, list[tuple[int, int]]] = {}
    for key, start, end in matcher(doc):
        places.setdefault(strings[key], []).append((start, end))
    return places


def grouped_matches(groups: Iterable[tuple[str, Sequence[CompiledFrame], Sequence[CompiledFrame]]],
                    slot_keys: frozenset[str], index: SlotIndex, article: Article,
                    boundary_counts: Sequence[int]) -> Iterator[tuple[str, int, int, int, int]]:
    """(name, start, end, judged_start, judged_end) of every match of each group's frames, in frame
    order per group, outside the sentences where one of the group's unless-frames matches. Most
    frames miss a slot in a given doc (one subset test against `slot_keys`, every slot the groups
    use) or have no sentence with all their slots (a few ANDs of sentence masks): neither is tried."""
    starts = article.sentence_starts or [0]
    length = len(article.doc)
    present = index.present(slot_keys)
    joins = article_joins(article)
    masks = SentenceMasks(index, starts)

    def tried(frame: CompiledFrame) -> int:
        return frame_mask(frame, masks) if frame.needs <= present else 0

    for name, frames, unless in groups:
        viable = [(frame, mask) for frame in frames if (mask := tried(frame))]
        if not viable:  # nothing to excuse: the unless-frames need not be tried
            continue
        excused = {bisect.bisect_right(starts, start) - 1 for frame in unless if (mask := tried(frame))
                   for start, *_rest in match_frame(frame, index, starts, length, boundary_counts, mask, joins)}
        for frame, mask in viable:
            for start, end, judged_start, judged_end in match_frame(frame, index, starts, length,
                                                                    boundary_counts, mask, joins):
                if bisect.bisect_right(starts, start) - 1 not in excused:
                    yield name, start, end, judged_start, judged_end


def article_boundaries(article: Article, boundary_hashes: Sequence[int]) -> Sequence[int]:
    """`boundary_prefix` of the article's doc, worked out once for every kind that asks."""
    key = ("boundary-prefix", tuple(boundary_hashes))
    counts = article.shared.get(key)
    if counts is None:
        counts = article.shared[key] = boundary_prefix(article.doc, boundary_hashes)
    return counts


def article_joins(article: Article) -> Sequence[int]:
    """`join_prefix` of the article's doc, worked out once for every kind that asks."""
    counts = article.shared.get("join-prefix")
    if counts is None:
        counts = article.shared["join-prefix"] = join_prefix(article.doc)
    return counts


def join_prefix(doc: Doc) -> Sequence[int]:
    """counts[i] = tokens among doc[0:i] glued to the word before them by an infix hyphen ("immune - related":
    the hyphen and "related"), so a gap measured in words counts "immune-related" once."""
    import numpy
    from spacy.attrs import ORTH, SPACY

    if len(doc) < 3:
        return [0] * (len(doc) + 1)
    arrays = doc.to_array([ORTH, SPACY]).reshape(-1, 2)
    hyphen = doc.vocab.strings["-"]
    glued = (arrays[1:-1, 0] == hyphen) & (arrays[:-2, 1] == 0) & (arrays[1:-1, 1] == 0)
    joined = numpy.zeros(len(doc), dtype=numpy.int64)
    joined[1:-1] |= glued
    joined[2:] |= glued
    return numpy.concatenate(([0], numpy.cumsum(joined))).tolist()


def boundary_prefix(doc: Doc, boundary_hashes: Sequence[int]) -> Sequence[int]:
    """counts[i] = clause-boundary tokens (or line breaks) among doc[0:i], so any gap is checked in
    O(1); computed on token arrays, not token by token. `boundary_hashes`: the boundary words' hashes."""
    import numpy
    from spacy.attrs import IS_SPACE, LOWER

    if not len(doc):
        return [0]
    arrays = doc.to_array([LOWER, IS_SPACE]).reshape(-1, 2)
    hashes = numpy.array(boundary_hashes, dtype=arrays.dtype)
    marks = numpy.isin(arrays[:, 0], hashes) | (arrays[:, 1] == 1)
    return numpy.concatenate(([0], numpy.cumsum(marks))).tolist()


@register
class FrameKind(MatchKind):
    name = "frame"
    keys = {"frames": "one or more frames: slots (CLASS, @LABEL, @AGENT:class_id, #NUM, literal) with gaps "
                      "(... or ..N); ^ marks the slot whose context is judged",
            "unless_frames": "frames that, found in the same sentence, make a match fine (antipatterns)",
            **COMMON_MATCH_KEYS}

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        options = cls.validate_common(data, path)
        frames = data.get("frames")
        if not isinstance(frames, list) or not frames or not all(isinstance(f, str) and f.strip() for f in frames):
            raise error_at(path, data, "'frames' must be a list of frame lines", "frames" if "frames" in data else None)
        options["frames"] = _parse_frames(data, "frames", frames, path)
        antiframes = data.get("unless_frames", [])
        if not isinstance(antiframes, list) or not all(isinstance(f, str) and f.strip() for f in antiframes):
            raise error_at(path, data, "'unless_frames' must be a list of frame lines", "unless_frames")
        options["unless_frames"] = _parse_frames(data, "unless_frames", antiframes, path)
        return options

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        wordclasses = context.wordclasses
        strings = context.nlp.vocab.strings
        self.boundary_hashes = sorted(strings.add(word) for word in wordclasses.clause_boundaries)
        self.literals = new_phrase_matcher(context.nlp)
        literals: set[str] = set()
        for rule in rules:
            for frame in (*rule.options["frames"], *rule.options["unless_frames"]):
                for slot in frame.slots:
                    if slot.kind == "class" and slot.value not in wordclasses:
                        raise DataError(f"frame {frame.text!r} names unknown word class {slot.value!r} "
                                        f"(defined in {wordclasses.path})", path=rule.path, line=rule.line)
                    if slot.kind == "literal":
                        literals.add(slot.value)
                    if slot.member_of and getattr(context.reference.entries.get(slot.member_of), "section", "") != "classes":
                        raise DataError(f"frame {frame.text!r} names unknown reference class {slot.member_of!r}",
                                        path=rule.path, line=rule.line)
        for literal in sorted(literals):
            self.literals.add(literal, [context.nlp.make_doc(literal)])
        self.is_a = context.reference.is_a
        # Per rule: (rule id, its frames, its unless_frames), compiled once.
        self.compiled = [(rule.id, tuple(CompiledFrame.of(f) for f in rule.options["frames"]),
                          tuple(CompiledFrame.of(f) for f in rule.options["unless_frames"])) for rule in rules]
        self.slot_keys = frozenset(key for _id, frames, antiframes in self.compiled
                                   for frame in (*frames, *antiframes) for key in frame.needs)

    def raw_matches(self, article: Article) -> Iterator[tuple[str, int, int] | tuple[str, int, int, int, int]]:
        index = SlotIndex.for_article(article, literal_places(self.literals, self.strings, article.doc), self.is_a)
        yield from grouped_matches(self.compiled, self.slot_keys, index, article,
                                   article_boundaries(article, self.boundary_hashes))

    @classmethod
    def explain_lines(cls, rule: Rule, wordclasses: WordClasses | None) -> list[str]:
        lines = ["Matches when a sentence has:"]
        for frame in rule.options["frames"]:
            lines.append(f"  - {frame.text}")
            lines.append(f"    {describe_frame(frame, wordclasses)}")
        if rule.options["unless_frames"]:
            lines.append("Unless the same sentence has:")
            for frame in rule.options["unless_frames"]:
                lines.append(f"  - {frame.text}")
                lines.append(f"    {describe_frame(frame, wordclasses)}")
        return lines


def _parse_frames(data: Mapping[str, Any], key: str, lines: list[str], path: str) -> tuple[Frame, ...]:
    parsed = []
    for line in lines:
        try:
            parsed.append(parse_frame(line))
        except ValueError as exc:
            raise error_at(path, data, str(exc), key) from None
    return tuple(parsed)
