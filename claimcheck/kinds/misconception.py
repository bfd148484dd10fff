"""`misconception` rules: a recurring wrong statement from `reference/misconceptions.yaml`.

Each misconception names its category; the rule in that category's folder reports the ones of its
category. A sentence matches when every `all_of` pattern is found in it and no `none_of` pattern
is, and, when it lists the classes it is `about`, the sentence names a drug or class of one of them
(or the article's featured drug is one); the rule's `unless` contexts (negated, debunked …) over the match silence it.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from claimcheck.kinds import register
from claimcheck.kinds.base import Article, Hit, RuleKind, format_message, guards_pass
from claimcheck.pipeline.extensions import doc_text
from claimcheck.pipeline.triples import featured_agent


@register
class MisconceptionKind(RuleKind):
    name = "misconception"
    keys = {}

    def check(self, article: Article) -> Iterator[Hit]:
        reference = self.context.reference
        doc = article.doc
        text = doc_text(doc)
        featured = featured_agent(article.all_entities)
        for rule in self.rules:
            wanted = [m for m in reference.facts.misconceptions if m.category == rule.category.value]
            if not wanted:
                continue
            for sentence in doc.sents:
                chunk = text[sentence.start_char:sentence.end_char]
                for misconception in wanted:
                    first = misconception.all_of[0].search(chunk)
                    if first is None or not all(p.search(chunk) for p in misconception.all_of[1:]):
                        continue
                    if any(p.search(chunk) for p in misconception.none_of):
                        continue
                    if misconception.about and not self._about(article, sentence, misconception.about, featured):
                        continue
                    span = doc.char_span(sentence.start_char + first.start(), sentence.start_char + first.end(),
                                         alignment_mode="expand")
                    if span is None or not len(span) or not guards_pass(rule, span, article, terms_of_art=False):
                        continue
                    values = {"statement": misconception.statement, "correction": misconception.correction,
                              "text": span.text}
                    yield Hit(rule, span.start, span.end, format_message(rule.message, **values),
                              reference.source_urls(misconception.sources),
                              suggestion=format_message(rule.suggestion, **values) if rule.suggestion else None)

    def _about(self, article: Article, sentence: Span, classes: tuple[str, ...], featured: str | None) -> bool:
        reference = self.context.reference
        named = [s.kb_id_ for s in article.entities({"AGENT", "CLASS"}, sentence.start, sentence.end) if s.kb_id_]
        if featured is not None:  # "a drug that blocks …" in an article about one drug
            named.append(featured)
        return any(reference.is_a(entry_id, class_id) for entry_id in named for class_id in classes)
