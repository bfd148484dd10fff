"""What the reference-backed rule kinds share: a claim triple the reference contradicts, as a hit.

Each kind names one relation of the claims component (`claimcheck.pipeline.triples`); a triple
whose verdict is *contradicted* becomes a hit, with the reference's fact and sources in the
message, unless its context (negated, hedged, in a question …, from the rule's `unless`) or the
rule's scope and cues silence it. An unverified fact never raises an error on its own.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from claimcheck.finding import Severity
from claimcheck.kinds.base import Article, Hit, RuleKind, format_message, guards_pass
from claimcheck.rules import Rule
from claimcheck.verdicts import CONTRADICTED, Verdict, judge


class TripleKind(RuleKind):
    """Subclasses set `name` and `relation`, and may refine `accept`."""

    relation: ClassVar[str] = ""
    ignore_context: ClassVar[frozenset[str]] = frozenset()

    def accept(self, rule: Rule, article: Article, triple: Any, verdict: Verdict) -> bool:
        return True

    def values(self, triple: Any, verdict: Verdict) -> dict[str, str]:
        reference = self.context.reference
        subject = reference.entries.get(triple.subject_id or "")
        return {"subject": triple.subject.text if triple.subject is not None else (subject.name if subject else ""),
                "object": triple.object.text, "fact": verdict.fact.rstrip("."),
                "word": triple.cue.text}

    def check(self, article: Article) -> Iterator[Hit]:
        reference = self.context.reference
        doc = article.doc
        triples = [t for t in doc._.cc_triples or () if t.relation == self.relation]
        for rule in self.rules:
            for triple in triples:
                verdict = judge(reference, triple.relation, triple.subject_id, triple.object_id, triple.scope)
                if verdict.status != CONTRADICTED:
                    continue
                if (triple.context - self.ignore_context) & rule.unless:
                    continue
                if not guards_pass(rule, triple.object, article, terms_of_art=False):
                    continue
                if not self.accept(rule, article, triple, verdict):
                    continue
                severity = rule.severity
                if not verdict.verified and severity is Severity.ERROR:
                    severity = Severity.WARNING
                values = self.values(triple, verdict)
                suggestion = format_message(rule.suggestion, **values) if rule.suggestion else None
                yield Hit(rule, triple.start, triple.end, format_message(rule.message, **values),
                          reference.source_urls(verdict.sources), severity, suggestion)
