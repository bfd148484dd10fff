"""`misconception` rules: a recurring wrong statement from `reference/misconceptions.yaml`.

Each misconception names its category; the rule in that category's folder reports the ones of its
category. A misconception is recognised by `frames` over the word classes of `rules/lexicon.yaml`
(any frame may match; an `unless_frames` match in the sentence excuses it) or, for fixed names, by
regular expressions (`all_of` must all be found). No `none_of` pattern may be found in the sentence.
With `antecedent`, the match
stands for something named in the sentence before, in the same paragraph ("The dendritic cells are
grown on your tumour. These trained cells then destroy it"): one `antecedent` pattern must be found
there and no `antecedent_none_of` pattern. With `about`, the statement is wrong only of members of those classes: the drug or class the
sentence is about (the nearest named before the match, else the first after it; the article's
featured drug for "a drug that …", or when the sentence names no drug, or a class it belongs to)
must be one, and must not be one of `not_about`. The
rule's `unless` contexts (negated, debunked …) over the match silence it.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from claimcheck.facts import Misconception
from claimcheck.kinds import register
from claimcheck.kinds.base import Article, CompileContext, Hit, RuleKind, format_message, guards_pass
from claimcheck.kinds.classification import _is_copula_or_apposition
from claimcheck.kinds.framesets import FrameSet
from claimcheck.kinds.mechanism import GENERIC_DRUGS, stand_in_subject, subject_before
from claimcheck.pipeline.extensions import doc_text
from claimcheck.pipeline.triples import featured_agent
from claimcheck.prefilter import LiteralScreen, folded, relaxed
from claimcheck.rules import Rule

_SUBJECTS = frozenset({"AGENT", "CLASS"})


@register
class MisconceptionKind(RuleKind):
    name = "misconception"
    keys = {}

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        categories = {rule.category.value for rule in rules}
        self.by_id = {m.id: m for m in context.reference.facts.misconceptions}
        self.frames = FrameSet(context.nlp, context.wordclasses, (
            (m.id, m.frames, m.unless_frames, m.path, m.line)
            for m in context.reference.facts.misconceptions if m.frames and m.category in categories),
            context.reference)
        # Whole-text pre-filters of the `all_of` regexes: one search rules out every sentence.
        # Each with a substring test that, failing, spares the search.
        self.prefilters = {_regex_key(m): [(r, LiteralScreen.of(r)) for r in map(relaxed, m.all_of) if r is not None]
                           for m in context.reference.facts.misconceptions if not m.frames}

    def check(self, article: Article) -> Iterator[Hit]:
        doc = article.doc
        text = doc_text(doc)
        lowered = folded(text)
        featured = featured_agent(article.all_entities)
        framed: dict[str, list[Span]] = {}
        for match in self.frames.matches(article):
            framed.setdefault(match.name, []).append(doc[match.start:match.end])
        for rule in self.rules:
            wanted = [m for m in self.context.reference.facts.misconceptions if m.category == rule.category.value]
            for misconception in wanted:
                # frames match in frame order, so a later frame's match may come earlier in the text
                spans = sorted(framed.get(misconception.id, []), key=lambda s: (s.start, -s.end)) \
                    if misconception.frames else self._pattern_spans(article, text, lowered, misconception)
                last_end = -1
                for span in spans:
                    if span.start < last_end:
                        continue
                    lo, hi = article.sentence_bounds(span.start)
                    chunk = _sentence_text(doc, text, lo, hi)
                    if any(p.search(chunk) for p in misconception.none_of):
                        continue
                    if misconception.antecedent and not self._antecedent_found(article, text, lo, misconception):
                        continue
                    if misconception.about and not self._about(article, span, misconception, featured):
                        continue
                    if not misconception.about and misconception.not_about and self._excluded(article, span, misconception):
                        continue
                    if not guards_pass(rule, span, article, terms_of_art=False):
                        continue
                    last_end = span.end
                    yield self._hit(rule, misconception, span)

    @staticmethod
    def _antecedent_found(article: Article, text: str, sentence_start: int, misconception: Misconception) -> bool:
        """The sentence before `sentence_start`, in the same paragraph, names what the match stands for."""
        doc = article.doc
        if sentence_start == 0 or "\n\n" in doc[sentence_start - 1].text_with_ws:
            return False
        before = _sentence_text(doc, text, *article.sentence_bounds(sentence_start - 1))
        return any(p.search(before) for p in misconception.antecedent) \
            and not any(p.search(before) for p in misconception.antecedent_none_of)

    def _pattern_spans(self, article: Article, text: str, lowered: str | None,
                       misconception: Misconception) -> Iterator[Span]:
        doc = article.doc
        if any(not screen.passes(text, lowered) or loose.search(text) is None
               for loose, screen in self.prefilters.get(_regex_key(misconception), ())):
            return
        for sentence in doc.sents:
            chunk = text[sentence.start_char:sentence.end_char]
            first = misconception.all_of[0].search(chunk)
            if first is None or not all(p.search(chunk) for p in misconception.all_of[1:]):
                continue
            span = doc.char_span(sentence.start_char + first.start(), sentence.start_char + first.end(),
                                 alignment_mode="expand")
            if span is not None and len(span):
                yield span

    def _hit(self, rule: Rule, misconception: Misconception, span: Span) -> Hit:
        values = {"statement": misconception.statement, "correction": misconception.correction, "text": span.text}
        return Hit(rule, span.start, span.end, format_message(rule.message, **values),
                   self.context.reference.source_urls(misconception.sources),
                   suggestion=format_message(rule.suggestion, **values) if rule.suggestion else None)

    def _about(self, article: Article, span: Span, misconception: Misconception, featured: str | None) -> bool:
        """The sentence's subject is a member of the misconception's classes (and of none it excludes)."""
        reference = self.context.reference
        lo, hi = article.sentence_bounds(span.start)
        subject = subject_before(article, span)
        stand_in = subject_before(article, span, frozenset({"TREATMENT"}))
        if stand_in is not None and stand_in[-1].lower_ in GENERIC_DRUGS and (subject is None or stand_in.start >= subject.end) \
                and not (subject is not None and (stand_in.start == subject.end or _is_copula_or_apposition(
                    [t.lower_ for t in article.doc[subject.end:stand_in.start]]))):
            # "a vaccine and a drug that blocks …": the generic drug nearest the claim is the featured drug
            # (but "targeted therapy is a treatment that …" and "targeted therapy drugs …" stay about
            # targeted therapy; "These drugs …"
            # under a heading that names a class are that class)
            meant = featured or (stand_in_subject(article, span) if subject is None else None)
            return meant is not None and self._member(meant, misconception)
        if subject is None:
            after = [s for s in article.entities(_SUBJECTS, span.start, hi) if s.kb_id_]
            subject = after[0] if after else None
        named = [subject.kb_id_] if subject is not None and subject.kb_id_ else []
        if subject is None and (meant := stand_in_subject(article, span)) is not None:
            named.append(meant)  # "They block a 'don't eat me' signal" after a sentence naming the drug
        if featured is not None and (not article.entities(_SUBJECTS, lo, hi)
                                     or (named and reference.is_a(featured, named[0]))):
            named.append(featured)  # "a drug that blocks …", "this immunotherapy …" in an article about one drug
        return any(self._member(entry_id, misconception) for entry_id in named)

    def _excluded(self, article: Article, span: Span, misconception: Misconception) -> bool:
        """A statement wrong of anyone but `not_about` (no `about`): the drug or class named before the match
        is one of those (another rule judges it there); one named after it ("… the way Keytruda does") is a
        comparison, not the subject."""
        subject = subject_before(article, span)
        return subject is not None and bool(subject.kb_id_) and any(
            self.context.reference.is_a(subject.kb_id_, c) for c in misconception.not_about)

    def _member(self, entry_id: str, misconception: Misconception) -> bool:
        reference = self.context.reference
        return any(reference.is_a(entry_id, c) for c in misconception.about) \
            and not any(reference.is_a(entry_id, c) for c in misconception.not_about)


def _regex_key(misconception: Misconception) -> tuple[tuple[str, int], ...]:
    return tuple((p.pattern, p.flags) for p in misconception.all_of)


def _sentence_text(doc: Doc, text: str, lo: int, hi: int) -> str:
    """The text of tokens [lo, hi), without the whitespace after the last."""
    return text[doc[lo].idx:doc[hi - 1].idx + len(doc[hi - 1])]
