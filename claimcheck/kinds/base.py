"""What every rule kind shares: the article it checks, the hits it returns, and the guards.

A span rule's match is kept only if its scope allows the block it is in, no context category in
the rule's `unless` covers it, a term of art does not contain it, its `requires` hold, and the
cues it must (or must not) have nearby are (or are not) there.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.errors import DataError
from claimcheck.finding import Severity
from claimcheck.lexicon import Lexicon
from claimcheck.matching import AnchoredMatcher
from claimcheck.pipeline.context import span_context
from claimcheck.pipeline.extensions import ENTITY_GROUP, TREATMENT_LABELS, block_kind
from claimcheck.pipeline.extensions import sentence_starts as sentence_starts_of
from claimcheck.reference import Reference
from claimcheck.wordclasses import WordClasses
from claimcheck.yamlio import error_at

if TYPE_CHECKING:
    from claimcheck.rules import Rule

WINDOWS = ("sentence", "adjacent", "paragraph", "section", "document")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule firing: on tokens [start, end) of the doc, or on the whole document (start None)."""

    rule: Rule
    start: int | None
    end: int | None
    message: str
    extra_sources: tuple[str, ...] = ()
    severity: Severity | None = None  # overrides the rule's, for graded findings
    suggestion: str | None = None  # the rule's suggestion with its placeholders filled


@dataclass(frozen=True)
class CompileContext:
    nlp: Language
    reference: Reference
    lexicon: Lexicon
    wordclasses: WordClasses


@dataclass
class Article:
    """One annotated article as the rule kinds see it."""

    doc: Doc
    kind: str
    link_chars: list[tuple[int, int]] = field(default_factory=list)  # prose char spans of links
    cues: Mapping[str, list[int]] = field(default_factory=dict)       # cue name -> token starts
    voice: frozenset[str] = frozenset()  # contexts that speak for the publisher here (never silence a rule)
    _sentence_starts: list[int] | None = None
    _block_starts: list[int] | None = None
    _entities: list[Span] | None = None
    _entity_starts: list[int] | None = None
    _agent_tokens: frozenset[int] | None = None
    _claims_by_sentence: dict[int, list[Any]] | None = None
    # What several kinds work out the same way for this article (slot places, clause-boundary counts),
    # by the computation's key: computed by the first kind that needs it.
    shared: dict[Any, Any] = field(default_factory=dict)

    @property
    def all_entities(self) -> list[Span]:
        """Entity spans, sorted, built once (iterating a SpanGroup makes new Span objects)."""
        if self._entities is None:
            self._entities = sorted(self.doc.spans.get(ENTITY_GROUP, []), key=lambda s: (s.start, s.end))
            self._entity_starts = [s.start for s in self._entities]
        return self._entities

    def claims_in(self, sentence_start: int) -> list[Any]:
        """The claims of the sentence starting at token `sentence_start` (indexed once)."""
        if self._claims_by_sentence is None:
            self._claims_by_sentence = {}
            for claim in self.doc._.cc_claims or ():
                self._claims_by_sentence.setdefault(claim.sentence.start, []).append(claim)
        return self._claims_by_sentence.get(sentence_start, [])

    @property
    def agent_tokens(self) -> frozenset[int]:
        if self._agent_tokens is None:
            self._agent_tokens = frozenset(i for s in self.all_entities if s.label_ == "AGENT"
                                           for i in range(s.start, s.end))
        return self._agent_tokens

    @property
    def sentence_starts(self) -> list[int]:
        if self._sentence_starts is None:
            self._sentence_starts = sentence_starts_of(self.doc)
        return self._sentence_starts

    def sentence_bounds(self, token: int, extra: int = 0) -> tuple[int, int]:
        """Token range of the sentence holding `token`, widened by `extra` sentences each way."""
        starts = self.sentence_starts
        if not starts:
            return 0, len(self.doc)
        index = bisect.bisect_right(starts, token) - 1
        lo = starts[max(0, index - extra)]
        hi_index = index + 1 + extra
        hi = starts[hi_index] if hi_index < len(starts) else len(self.doc)
        return lo, hi

    def block_bounds(self, token: int) -> tuple[int, int]:
        blocks = self.doc._.cc_blocks or []
        if not blocks:
            return 0, len(self.doc)
        char = self.doc[token].idx
        if self._block_starts is None:
            self._block_starts = [b[0] for b in blocks]
        index = max(0, bisect.bisect_right(self._block_starts, char) - 1)
        start_char, end_char, _kind = blocks[index]
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, len(self.doc))

    def section_bounds(self, token: int) -> tuple[int, int]:
        """Tokens from the heading before `token` up to the next heading (the whole text if none)."""
        blocks = self.doc._.cc_blocks or []
        char = self.doc[token].idx if len(self.doc) else 0
        # (Doc.text is rebuilt from every token on each access: use the last token's end instead.)
        last = self.doc[-1] if len(self.doc) else None
        start_char, end_char = 0, (last.idx + len(last.text_with_ws)) if last is not None else 0
        for block_start, _block_end, kind in blocks:
            if kind != "heading":
                continue
            if block_start <= char:
                start_char = block_start
            elif block_start > char:
                end_char = block_start
                break
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, len(self.doc))

    def window(self, token: int, window: str) -> tuple[int, int]:
        if window == "section":
            return self.section_bounds(token)
        if window == "sentence":
            return self.sentence_bounds(token)
        if window == "adjacent":  # the sentence and its neighbours within the same block
            lo, hi = self.sentence_bounds(token, 1)
            block_lo, block_hi = self.block_bounds(token)
            return max(lo, block_lo), min(hi, block_hi)
        if window == "paragraph":
            return self.block_bounds(token)
        return 0, len(self.doc)

    def has_cue(self, cue: str, lo: int, hi: int) -> bool:
        positions = self.cues.get(cue, ())
        index = bisect.bisect_left(positions, lo)
        return index < len(positions) and positions[index] < hi

    def treatments(self, lo: int, hi: int) -> list[Span]:
        return self.entities(TREATMENT_LABELS, lo, hi)

    def entities(self, labels: frozenset[str] | set[str], lo: int = 0, hi: int | None = None) -> list[Span]:
        """Entities with one of `labels` that start in tokens [lo, hi)."""
        hi = len(self.doc) if hi is None else hi
        entities = self.all_entities
        starts = self._entity_starts or []
        first, last = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
        return [s for s in entities[first:last] if s.label_ in labels]


class RuleKind:
    """Base class: subclasses set `name`, `keys`, and implement `check`."""

    name: ClassVar[str] = ""
    keys: ClassVar[dict[str, str]] = {}   # kind-specific key -> what it means (for docs)
    document_level: ClassVar[bool] = False

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        self.rules = rules
        self.context = context

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        return {key: data[key] for key in cls.keys if key in data}

    def check(self, article: Article) -> Iterator[Hit]:
        raise NotImplementedError

    @classmethod
    def explain_lines(cls, rule: Rule, wordclasses: WordClasses | None) -> list[str]:
        """Kind-specific lines for `claimcheck explain` (what the rule looks for), if any."""
        return []


# ----- shared option validation -----------------------------------------------------------------

def phrase_list(data: Mapping[str, Any], key: str, path: str, required: bool = False) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            raise error_at(path, data, f"missing '{key}'")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise error_at(path, data, f"'{key}' must be a list of non-empty strings", key)
    return list(value)


def cue_windows(data: Mapping[str, Any], key: str, path: str, cues: tuple[str, ...] | None = None) -> dict[str, str]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise error_at(path, data, f"'{key}' must map cue names to a window ({', '.join(WINDOWS)})", key)
    for cue, window in value.items():
        if window not in WINDOWS:
            raise error_at(path, data, f"window for cue '{cue}' must be one of {', '.join(WINDOWS)}", key)
        if cues is not None and cue not in cues:
            raise error_at(path, data, f"unknown cue '{cue}' (defined cues: {', '.join(cues)})", key)
    return dict(value)


def add_token_patterns(matcher: Matcher | AnchoredMatcher, key: str, patterns: list[Any], rule: Rule | None = None,
                       path: str = "") -> None:
    """Add spaCy token patterns, turning spaCy's complaint into a located DataError."""
    try:
        matcher.add(key, patterns)
    except (ValueError, KeyError, TypeError) as exc:
        details = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        message = "; ".join(details[1:4] if len(details) > 1 else details) or type(exc).__name__
        raise DataError(f"invalid token pattern: {message}", path=rule.path if rule else path,
                        line=rule.line if rule else None) from None


# ----- shared guards ----------------------------------------------------------------------------

_SCOPE_BLOCKS = {"heading": {"heading"}, "paragraph": {"paragraph", "list_item", "blockquote", "table_cell"}}


def scope_allows(rule: Rule, span: Span) -> bool:
    allowed = _SCOPE_BLOCKS.get(rule.scope)
    return allowed is None or block_kind(span) in allowed  # the `cc_block_kind` getter, without `span._`


def guards_pass(rule: Rule, span: Span, article: Article, exceptions: list[tuple[int, int]] = (),
                terms_of_art: bool = True) -> bool:
    """True when nothing silences this match. `terms_of_art=False` for checks whose own phrases
    may contain one (a mechanism naming natural killer cells)."""
    if not scope_allows(rule, span):
        return False
    for ex_start, ex_end in exceptions:
        if ex_start <= span.start and span.end <= ex_end:
            return False
    # span_context is the `cc_context` getter, called directly: each `span._` builds an Underscore.
    context = span_context(span) - article.voice if article.voice else span_context(span)
    if (terms_of_art and "term_of_art" in context) or (context & rule.unless):
        return False
    if context & rule.unless_by_kind.get(article.kind, frozenset()):
        return False
    if rule.requires:
        lo, hi = article.sentence_bounds(span.start)
        claims = article.claims_in(lo)
        for requirement in rule.requires:
            if requirement == "treatment" and not (article.treatments(lo, hi) or any(c.via_pronoun for c in claims)):
                return False
            if requirement == "claim" and not claims:
                return False
            if requirement == "efficacy_claim" and not any(c.kind == "efficacy" for c in claims):
                return False
    options = rule.options
    by_kind = (options.get("unless_near_by_kind") or {}).get(article.kind) or {}
    for cue, window in ((options.get("unless_near") or {}) | by_kind).items():
        lo, hi = article.window(span.start, window)
        if article.has_cue(cue, lo, hi):
            return False
    for cue, window in (options.get("requires_near") or {}).items():
        lo, hi = article.window(span.start, window)
        if not article.has_cue(cue, lo, hi):
            return False
    return True


class _Keep(dict[str, Any]):
    """Placeholder values; an unknown `{name}` stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, **values: Any) -> str:
    """Fill `{name}` placeholders that are known; leave the rest as written."""
    try:
        return template.format_map(_Keep(values))
    except (ValueError, IndexError):
        return template


def nearest_treatment(article: Article, span: Span) -> Span | None:
    """The treatment a match is about: the nearest one before it in its sentence, else after, else
    the one a sentence-initial pronoun points back to."""
    lo, hi = article.sentence_bounds(span.start)
    candidates = [t for t in article.treatments(lo, hi) if not (t.start <= span.start < t.end)]
    before = [t for t in candidates if t.start < span.start]
    if before:
        named = [t for t in before if t.label_ != "TREATMENT"]
        return named[-1] if named else before[-1]
    if candidates:
        return candidates[0]
    for claim in article.claims_in(lo):
        if claim.via_pronoun:
            return claim.treatment
    return None


def new_phrase_matcher(nlp: Language, attr: str = "LOWER") -> PhraseMatcher:
    return PhraseMatcher(nlp.vocab, attr=attr)
