"""`phrase` rules: lists of words or phrases, matched case-insensitively on tokens.

All phrase rules share one PhraseMatcher (keyed by rule id), so a hundred phrase lists cost one
pass over the text. Hits then go through the shared guards (context, scope, requires, cues); a rule
reports a sentence once, at its first match that passes them.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spacy.tokens import Span

from claimcheck.errors import DataError
from claimcheck.kinds import register
from claimcheck.kinds.base import (
    Article,
    CompileContext,
    Hit,
    RuleKind,
    cue_windows,
    format_message,
    guards_pass,
    nearest_treatment,
    new_phrase_matcher,
    phrase_list,
)
from claimcheck.rules import Rule

COMMON_MATCH_KEYS = {
    "exceptions": "phrases that contain a match and make it fine (e.g. a regulatory name)",
    "unless_near": "cue name -> window (sentence, adjacent, paragraph, document): no finding if the cue is there",
    "requires_near": "cue name -> window: a finding only if the cue is there",
    "unless_near_by_kind": "article kind -> (cue name -> window): more cues that silence the rule in that kind",
    "context_on": "which words context is judged on: match (default), first or last word of the match",
}


class MatchKind(RuleKind):
    """Shared machinery for kinds that find spans with spaCy matchers."""

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        nlp = context.nlp
        self.by_id = {rule.id: rule for rule in rules}
        for rule in rules:
            named = [("unless_near", rule.options.get("unless_near") or {}),
                     ("requires_near", rule.options.get("requires_near") or {})]
            named += [("unless_near_by_kind", cues) for cues in (rule.options.get("unless_near_by_kind") or {}).values()]
            for key, cues in named:
                for cue in cues:
                    if cue not in context.lexicon.cues:
                        raise DataError(f"'{key}' names unknown cue {cue!r} (defined cues: "
                                        f"{', '.join(sorted(context.lexicon.cues))})", path=rule.path, line=rule.line)
        self.exceptions = new_phrase_matcher(nlp)
        for rule in rules:
            if rule.options.get("exceptions"):
                self.exceptions.add(rule.id, list(nlp.tokenizer.pipe(rule.options["exceptions"])))
        self.strings = nlp.vocab.strings

    @classmethod
    def validate_common(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        from claimcheck.kinds.base import WINDOWS  # noqa: F401  (documented windows)

        context_on = data.get("context_on", "match")
        if context_on not in ("match", "first", "last"):
            from claimcheck.yamlio import error_at

            raise error_at(path, data, "'context_on' must be match, first or last", "context_on")
        by_kind = data.get("unless_near_by_kind") or {}
        if not isinstance(by_kind, dict):
            from claimcheck.yamlio import error_at

            raise error_at(path, data, "'unless_near_by_kind' must map article kinds to cue windows",
                           "unless_near_by_kind")
        return {
            "unless_near_by_kind": {str(kind): cue_windows(by_kind, kind, path) for kind in by_kind},
            "context_on": context_on,
            "exceptions": phrase_list(data, "exceptions", path),
            "unless_near": cue_windows(data, "unless_near", path),
            "requires_near": cue_windows(data, "requires_near", path),
        }

    def raw_matches(self, article: Article) -> Iterator[tuple[str, int, int] | tuple[str, int, int, int, int]]:
        """(rule id, start, end), optionally with the (start, end) of the words context is judged on."""
        raise NotImplementedError

    def check(self, article: Article) -> Iterator[Hit]:
        doc = article.doc
        exceptions: dict[str, list[tuple[int, int]]] = {}
        for key, start, end in self.exceptions(doc):
            exceptions.setdefault(self.strings[key], []).append((start, end))
        reported: set[tuple[str, int]] = set()  # (rule id, sentence start): one finding per sentence
        for match in sorted(self.raw_matches(article), key=lambda m: (m[1], -m[2])):
            rule_id, start, end = match[:3]
            rule = self.by_id[rule_id]
            sentence_start = article.sentence_bounds(start)[0]
            if (rule_id, sentence_start) in reported:
                continue
            span = doc[start:end]
            if len(match) == 5:  # the kind says which words context is judged on
                judged = doc[match[3]:match[4]]
            else:  # only the span context is judged on is built
                context_on = rule.options["context_on"]
                judged = doc[start:start + 1] if context_on == "first" else doc[end - 1:end] \
                    if context_on == "last" else span
            if not guards_pass(rule, judged, article, exceptions.get(rule_id, [])):
                continue
            reported.add((rule_id, sentence_start))
            message, sources = self.describe(rule, span, article)
            yield Hit(rule, start, end, message, sources)

    def describe(self, rule: Rule, span: Span, article: Article) -> tuple[str, tuple[str, ...]]:
        """The finding's message and, when it lists known side effects, the sources behind them."""
        treatment = nearest_treatment(article, span)
        values: dict[str, Any] = {"match": span.text, "treatment": treatment.text if treatment else "the treatment"}
        if "{known_side_effects}" not in rule.message:
            return format_message(rule.message, **values), ()
        entry_id = treatment.kb_id_ if treatment is not None and treatment.kb_id_ else "immunotherapy"
        values["known_side_effects"] = self.known_side_effects(entry_id)
        reference = self.context.reference
        sources: tuple[str, ...] = ()
        if entry_id in reference.entries:
            notes = list(reference.known_side_effects(entry_id).values())[:6]
            sources = reference.source_urls(s for note in notes for s in note.sources)
        return format_message(rule.message, **values), sources

    def known_side_effects(self, entry_id: str) -> str:
        reference = self.context.reference
        if entry_id not in reference.entries:
            return "side effects"
        effects = list(reference.known_side_effects(entry_id).items())
        if not effects:
            effects = [(e, n) for d in sorted(reference.descendants(entry_id))
                       for e, n in reference.known_side_effects(d).items()]
        names = list(dict.fromkeys(reference.entries[e].name for e, _ in effects if e in reference.entries))
        name = reference.entries[entry_id].name
        if not names:
            return f"the side effects sources list for {name}"
        return f"{name} has known side effects, including {', '.join(names[:6])}"


@register
class PhraseKind(MatchKind):
    name = "phrase"
    keys = {"phrases": "the words or phrases to find (case-insensitive)",
            "case_sensitive": "true to match the phrases only with their exact case", **COMMON_MATCH_KEYS}

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        options = cls.validate_common(data, path)
        options["phrases"] = phrase_list(data, "phrases", path, required=True)
        case = data.get("case_sensitive", False)
        if not isinstance(case, bool):
            from claimcheck.yamlio import error_at

            raise error_at(path, data, "'case_sensitive' must be true or false", "case_sensitive")
        options["case_sensitive"] = case
        return options

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        nlp = context.nlp
        self.lower = new_phrase_matcher(nlp, "LOWER")
        self.exact = new_phrase_matcher(nlp, "ORTH")
        for rule in rules:
            matcher = self.exact if rule.options["case_sensitive"] else self.lower
            matcher.add(rule.id, list(nlp.tokenizer.pipe(rule.options["phrases"])))

    def raw_matches(self, article: Article) -> Iterator[tuple[str, int, int]]:
        for matcher in (self.lower, self.exact):
            for key, start, end in matcher(article.doc):
                yield self.strings[key], start, end
