"""`pattern` rules: spaCy token patterns (LOWER, IN, OP …), for phrasings a word list can't hold.

Every pattern rule is added to one matcher keyed by rule id; authors fold alternatives into `IN`
lists rather than writing one pattern per word. The matcher runs a pattern only on sentences that
hold one of its required words (claimcheck.matching), which keeps forty patterns cheap.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from claimcheck.kinds import register
from claimcheck.kinds.base import Article, CompileContext, add_token_patterns
from claimcheck.kinds.phrase import COMMON_MATCH_KEYS, MatchKind
from claimcheck.matching import AnchoredMatcher, plain
from claimcheck.rules import Rule
from claimcheck.yamlio import error_at

# Token attributes only a statistical component would fill in; the pipeline is spacy.blank("en") plus
# claimcheck's own components, so a pattern asking for one would fail on the first article it meets.
UNSET_ATTRIBUTES = frozenset({"LEMMA", "POS", "TAG", "MORPH", "DEP", "HEAD"})


@register
class PatternKind(MatchKind):
    name = "pattern"
    keys = {"patterns": "a list of spaCy token patterns (each a list of token dicts)", **COMMON_MATCH_KEYS}

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        options = cls.validate_common(data, path)
        patterns = data.get("patterns")
        if not isinstance(patterns, list) or not patterns or not all(
                isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns):
            raise error_at(path, data, "'patterns' must be a list of token patterns, each a list of mappings",
                           "patterns" if "patterns" in data else None)
        for pattern in patterns:
            for token in pattern:
                missing = sorted(UNSET_ATTRIBUTES & {str(key).upper() for key in token})
                if missing:
                    raise error_at(path, data, f"token attribute {missing[0]} is never set: claimcheck's pipeline has "
                                   "no tagger, parser or lemmatizer; match LOWER with IN (or write a frame over a "
                                   "word class, whose forms are inflected for you)", "patterns")
        options["patterns"] = patterns
        return options

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        self.matcher = AnchoredMatcher(context.nlp)
        for rule in rules:
            add_token_patterns(self.matcher, rule.id, [plain(p) for p in rule.options["patterns"]], rule)

    def raw_matches(self, article: Article) -> Iterator[tuple[str, int, int]]:
        for key, start, end in self.matcher(article.doc, article.sentence_starts):
            yield self.strings[key], start, end
