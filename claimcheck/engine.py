"""The rule engine: compile rules once, run them over an annotated article, return Findings.

Rules are grouped by kind and each kind compiles its rules together (one matcher per kind). Cues
(citations, risk words, disclaimers …) are found once per article for every rule that asks.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from claimcheck.data import lexicon_file
from claimcheck.finding import Finding, Scope
from claimcheck.kinds import KINDS
from claimcheck.kinds.base import Article, CompileContext, Hit, RuleKind, add_token_patterns
from claimcheck.lexicon import CueSet, Lexicon
from claimcheck.markup import Block, ProseDocument, source_offset
from claimcheck.matching import AnchoredMatcher, plain
from claimcheck.pipeline.extensions import doc_text
from claimcheck.reference import Reference
from claimcheck.rules import Rule
from claimcheck.source import LineIndex
from claimcheck.wordclasses import WordClasses, load_wordclasses


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each prose block starts in the doc text, to map doc offsets back to the file."""

    starts: tuple[int, ...]
    blocks: tuple[Block, ...]

    def to_source(self, doc_offset: int, end: bool = False) -> int:
        index = max(0, bisect.bisect_right(self.starts, doc_offset - (1 if end else 0)) - 1)
        block = self.blocks[index]
        local = doc_offset - self.starts[index]
        if end:
            local = max(1, min(local, len(block.text)))
            return source_offset(block, local - 1) + 1
        return source_offset(block, min(local, max(len(block.text) - 1, 0)))


def prose_text(prose: ProseDocument) -> tuple[str, list[tuple[int, int, str]], Placement]:
    """Join blocks with blank lines; return the text, block (start, end, kind) and placement."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    starts: list[int] = []
    offset = 0
    for block in prose.blocks:
        if parts:
            parts.append("\n\n")
            offset += 2
        starts.append(offset)
        spans.append((offset, offset + len(block.text), block.kind))
        parts.append(block.text)
        offset += len(block.text)
    return "".join(parts), spans, Placement(tuple(starts), prose.blocks)


class CueFinder:
    """Finds the lexicon's cues (citations, risk words, disclaimers …) in a doc.

    The phrases of every cue share one PhraseMatcher and the token patterns of every cue one
    AnchoredMatcher, each keyed by cue name, so a doc is scanned once for all cues' phrases and
    anchor words (on the first cue a rule asks for) rather than once per cue; an anchor group's
    Matcher runs when a cue with patterns in it is asked for. Regexes, links and the heading
    filter stay per cue."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.by_cue: dict[str, CueSet] = dict(lexicon.cues)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = AnchoredMatcher(nlp)
        for name, cue in lexicon.cues.items():
            if cue.phrases:
                self.phrases.add(name, list(nlp.tokenizer.pipe(cue.phrases)))
            if cue.patterns:
                add_token_patterns(self.patterns, name, [plain(p) for p in cue.patterns], path=lexicon.path)
        self.strings = nlp.vocab.strings

    def matched(self, doc: Doc, sentence_starts: list[int]) -> CueMatches:
        """The doc's phrase and token-pattern matches of every cue, worked out as cues are asked for."""
        return CueMatches(self, doc, sentence_starts)

    def find(self, name: str, doc: Doc, sentence_starts: list[int], link_chars: list[tuple[int, int]],
             matched: CueMatches | None = None) -> list[int]:
        """Sorted token positions where cue `name` occurs (`matched`: from `matched()`, if done)."""
        cue = self.by_cue[name]
        if matched is None:
            matched = self.matched(doc, sentence_starts)
        found: list[int] = matched.starts(name)
        if cue.regexes:
            text = doc_text(doc)
            token_starts = doc.to_array([IDX]).reshape(-1).tolist()
            for regex in cue.regexes:
                found.extend(max(bisect.bisect_right(token_starts, m.start()) - 1, 0) for m in regex.finditer(text))
        if name == "citation":  # a link is a citation
            for start_char, end_char in link_chars:
                span = doc.char_span(start_char, max(start_char + 1, end_char), alignment_mode="expand")
                if span is not None:
                    found.append(span.start)
        if cue.in_headings:
            found = [p for p in found if doc[p:p + 1]._.cc_block_kind == "heading"]
        return sorted(found)


class CueMatches:
    """One doc's phrase and token-pattern matches of the cues: every cue's phrases in one pass, a
    cue's token patterns only when that cue is asked for (many rules ask only when a match of
    theirs passed the other guards, so most articles never need some cues' patterns)."""

    def __init__(self, finder: CueFinder, doc: Doc, sentence_starts: list[int]) -> None:
        strings = finder.strings
        self.phrases: dict[str, list[int]] = {}
        for key, start, _end in finder.phrases(doc):
            self.phrases.setdefault(strings[key], []).append(start)
        self.patterns = finder.patterns.lazy(doc, sentence_starts) if len(finder.patterns) else None

    def starts(self, name: str) -> list[int]:
        """Where the cue's phrases and patterns match (token starts, in no particular order)."""
        found = list(self.phrases.get(name, ()))
        if self.patterns is not None:
            found.extend(start for start, _end in self.patterns.of(name))
        return found


class LazyCues(Mapping[str, list[int]]):
    """Cue positions for one article, each cue found the first time a rule asks for it."""

    def __init__(self, finder: CueFinder, doc: Doc, sentence_starts: list[int],
                 link_chars: list[tuple[int, int]]) -> None:
        self.finder, self.doc, self.sentence_starts, self.link_chars = finder, doc, sentence_starts, link_chars
        self.found: dict[str, list[int]] = {}
        self._matched: CueMatches | None = None

    def __getitem__(self, name: str) -> list[int]:
        if name not in self.found:
            if name not in self.finder.by_cue:
                raise KeyError(name)
            if self._matched is None:
                self._matched = self.finder.matched(self.doc, self.sentence_starts)
            self.found[name] = self.finder.find(name, self.doc, self.sentence_starts, self.link_chars, self._matched)
        return self.found[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.finder.by_cue)

    def __len__(self) -> int:
        return len(self.finder.by_cue)


class RuleSet:
    """Rules compiled against one pipeline, reference and lexicon."""

    def __init__(self, rules: Iterable[Rule], nlp: Language, reference: Reference, lexicon: Lexicon,
                 cue_finder: CueFinder | None = None, wordclasses: WordClasses | None = None) -> None:
        self.rules = {rule.id: rule for rule in rules}
        if wordclasses is None:
            wordclasses = load_wordclasses(str(lexicon_file()))
        self.context = CompileContext(nlp, reference, lexicon, wordclasses)
        by_kind: dict[str, list[Rule]] = {}
        for rule in self.rules.values():
            by_kind.setdefault(rule.kind, []).append(rule)
        self.kinds: list[RuleKind] = [KINDS[name](group, self.context) for name, group in sorted(by_kind.items())]
        # The claim-triple relations these rules read (a triple kind names its `relation`), so the
        # triples component finds only those, and none at all when no selected rule reads one.
        self.triple_relations = frozenset(relation for kind in self.kinds
                                          if (relation := getattr(kind, "relation", "")))
        self.cue_finder = cue_finder or CueFinder(nlp, lexicon)

    def subset(self, keep: Iterable[str]) -> RuleSet:
        """The same compiled context with fewer rules (for --select/--ignore and per-file config)."""
        context = self.context
        return RuleSet((self.rules[rule_id] for rule_id in keep), context.nlp, context.reference, context.lexicon,
                       self.cue_finder, context.wordclasses)

    def check(self, doc: Doc, article_kind: str, link_chars: list[tuple[int, int]]) -> list[Hit]:
        lexicon = self.context.lexicon
        voice = lexicon.publisher_voice.get(article_kind, frozenset())
        if lexicon.press_release is not None:
            voice |= lexicon.press_release.voice(doc_text(doc))
        article = Article(doc, article_kind, link_chars, voice=voice)
        article.cues = LazyCues(self.cue_finder, doc, article.sentence_starts, link_chars)
        hits: list[Hit] = []
        for kind in self.kinds:
            for hit in kind.check(article):
                if hit.rule.applies_to(article_kind):
                    hits.append(hit)
        return hits


def link_chars(prose: ProseDocument, placement: Placement) -> list[tuple[int, int]]:
    """Link spans of every block, in doc character offsets."""
    spans = []
    for start, block in zip(placement.starts, prose.blocks, strict=True):
        spans.extend((start + s, start + e) for s, e in block.links)
    return spans


def to_findings(hits: Iterable[Hit], doc: Doc, placement: Placement, source: str, lines: LineIndex,
                reference: Reference) -> list[Finding]:
    """Hits (doc tokens) to Findings (file offsets, lines and columns), sorted by position."""
    findings = []
    text = doc_text(doc)  # a sentence's text is this slice (Span.text joins its tokens on each access)
    for hit in hits:
        rule = hit.rule
        severity = hit.severity or rule.severity
        # The sources behind this particular finding (a grade, a mechanism) come before the rule's own.
        sources = tuple(dict.fromkeys(hit.extra_sources + reference.source_urls(rule.sources)))
        if hit.start is None:
            findings.append(Finding(rule.id, rule.category, severity, hit.message, hit.suggestion or rule.suggestion,
                                    sources, Scope.DOCUMENT))
            continue
        span = doc[hit.start:hit.end]
        offset = placement.to_source(span.start_char)
        end_offset = max(offset + 1, placement.to_source(span.end_char, end=True))
        sentence = doc[hit.start].sent
        sentence_text = text[sentence.start_char:sentence.end_char]
        before = sentence_text[:span.start_char - sentence.start_char]
        column = len(" ".join(before.split())) + (1 if before.strip() and before[-1].isspace() else 0)
        findings.append(Finding(
            rule.id, rule.category, severity, hit.message, hit.suggestion or rule.suggestion, sources, Scope.SPAN,
            offset, end_offset, lines.position(offset), lines.position(end_offset), source[offset:end_offset],
            " ".join(sentence_text.split()), placement.to_source(sentence.start_char), column))
    return sorted(findings, key=lambda f: f.sort_key)
