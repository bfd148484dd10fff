"""`document` rules: what an article as a whole must contain, e.g. a disclaimer or a word on risks.

A document rule applies when the article makes claims of the given sort (treatment claims, or
efficacy claims not negated or debunked) and is long enough to judge, and fires when the named cue
appears nowhere in it (cue matches right after words like "cut" — "cut the risk" — don't count).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spacy.attrs import IS_ALPHA
from spacy.tokens import Doc, Span

from claimcheck.errors import DataError
from claimcheck.kinds import register
from claimcheck.kinds.base import Article, CompileContext, Hit, RuleKind, format_message, phrase_list
from claimcheck.reference import Entry
from claimcheck.rules import Rule
from claimcheck.yamlio import error_at

_WHEN = ("always", "treatment_claims", "efficacy_claims")
_SILENCING = frozenset({"negated", "question", "debunked", "conditional"})


@register
class DocumentKind(RuleKind):
    name = "document"
    document_level = True
    keys = {
        "requires_cue": "the cue (from rules/context.yaml) that must appear somewhere in the article",
        "when": "always | treatment_claims | efficacy_claims: when the requirement applies",
        "ignore_after": "words that, just before a cue match, make it not count (e.g. cut, reduce)",
        "min_words": "shorter articles are not judged",
        "weak_cue": "a cue that counts only in a sentence about an immunotherapy or an unnamed treatment",
        "only_if_cue": "the rule applies only to articles where this cue appears (e.g. a supplement is sold)",
        "skip_comparators": "in an article naming an immunotherapy, a cue in a sentence naming only other "
                            "treatments does not count (chemotherapy's side effects are not the vaccine's)",
    }

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        cue = data.get("requires_cue")
        if not isinstance(cue, str) or not cue:
            raise error_at(path, data, "a document rule needs 'requires_cue'", "requires_cue" if "requires_cue" in data else None)
        when = data.get("when", "treatment_claims")
        if when not in _WHEN:
            raise error_at(path, data, f"'when' must be one of {', '.join(_WHEN)}", "when")
        min_words = data.get("min_words", 60)
        if not isinstance(min_words, int) or min_words < 0:
            raise error_at(path, data, "'min_words' must be a whole number", "min_words")
        weak = data.get("weak_cue")
        if weak is not None and not isinstance(weak, str):
            raise error_at(path, data, "'weak_cue' must be a cue name", "weak_cue")
        only_if = data.get("only_if_cue")
        if only_if is not None and not isinstance(only_if, str):
            raise error_at(path, data, "'only_if_cue' must be a cue name", "only_if_cue")
        skip = data.get("skip_comparators", False)
        if not isinstance(skip, bool):
            raise error_at(path, data, "'skip_comparators' must be true or false", "skip_comparators")
        return {"requires_cue": cue, "when": when, "skip_comparators": skip, "min_words": min_words,
                "weak_cue": weak, "only_if_cue": only_if, "ignore_after": frozenset(w.lower() for w in phrase_list(data, "ignore_after", path))}

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        for rule in rules:
            for key in ("requires_cue", "weak_cue", "only_if_cue"):
                cue = rule.options.get(key)
                if cue and cue not in context.lexicon.cues:
                    raise DataError(f"'{key}' names unknown cue {cue!r} (defined cues: "
                                    f"{', '.join(sorted(context.lexicon.cues))})", path=rule.path, line=rule.line)

    def check(self, article: Article) -> Iterator[Hit]:
        doc = article.doc
        words = int(doc.to_array([IS_ALPHA]).sum()) if len(doc) else 0
        claims = doc._.cc_claims or []
        for rule in self.rules:
            options = rule.options
            if words < options["min_words"]:
                continue
            if options["only_if_cue"] and not article.cues.get(options["only_if_cue"]):
                continue
            if options["when"] == "treatment_claims" and not claims:
                continue
            if options["when"] == "efficacy_claims" and not any(
                    c.kind == "efficacy" and not (c.context & _SILENCING) for c in claims):
                continue
            if self._cue_present(article, options["requires_cue"], options["ignore_after"],
                                 options["skip_comparators"]):
                continue
            if options["weak_cue"] and self._weak_cue_present(article, options["weak_cue"], options["ignore_after"]):
                continue
            yield Hit(rule, None, None, format_message(rule.message), ())

    def _weak_cue_present(self, article: Article, cue: str, ignore_after: frozenset[str]) -> bool:
        """A weak cue counts when the treatment nearest to it in its sentence is an immunotherapy
        (or an unnamed treatment): "chemotherapy harms healthy cells" is no word on the risks of
        the immunotherapy an article promotes."""
        doc = article.doc
        for start in article.cues.get(cue, ()):
            lo, hi = article.sentence_bounds(start)
            if _denied(doc, start, ignore_after, reach=min(6, start - lo)):
                continue
            treatments = article.treatments(lo, hi)
            if not treatments:
                continue
            nearest = min(treatments, key=lambda t: abs(t.start - start))
            entry = self._entry(nearest)
            if entry is None or entry.immunotherapy in ("yes", "both"):
                return True
        return False

    def _cue_present(self, article: Article, cue: str, ignore_after: frozenset[str],
                     skip_comparators: bool = False) -> bool:
        about_immunotherapy = skip_comparators and self._names_immunotherapy(article)
        for start in article.cues.get(cue, ()):
            if _denied(article.doc, start, ignore_after):
                continue
            if about_immunotherapy and self._only_other_treatments(article, start):
                continue
            return True
        return False

    def _entry(self, treatment: Span) -> Entry | None:
        """The reference entry of a named treatment; None for an unnamed one ("the vaccine")."""
        return self.context.reference.entries.get(treatment.kb_id_) if treatment.kb_id_ else None

    def _names_immunotherapy(self, article: Article) -> bool:
        return any((entry := self._entry(t)) is not None and entry.immunotherapy in ("yes", "both")
                   for t in article.treatments(0, len(article.doc)))

    def _only_other_treatments(self, article: Article, start: int) -> bool:
        """True when the cue's sentence names treatments and none is an immunotherapy: in an article
        about an immunotherapy, "unlike chemotherapy, which has severe side effects" is a word about
        the comparator's harms, not the promoted treatment's."""
        lo, hi = article.sentence_bounds(start)
        named = [entry for t in article.treatments(lo, hi) if (entry := self._entry(t)) is not None]
        return bool(named) and all(entry.immunotherapy == "no" for entry in named)


_NP_STOPS = frozenset({",", ";", ":", ".", "and", "but", "or", "while", "although", "though", "whereas", "(", ")"})


def _denied(doc: Doc, start: int, ignore_after: frozenset[str], reach: int = 6) -> bool:
    """True when a word of `ignore_after` ("no", "cut") opens the noun phrase the cue ends:
    "no serious vaccine-related adverse events" denies harm, "cut the risk" names a benefit.
    The look-back stops at punctuation and conjunctions ("no deaths, but side effects…" counts)."""
    for index in range(start - 1, max(-1, start - 1 - reach), -1):
        word = doc[index].lower_
        if word in _NP_STOPS:
            return False
        if word in ignore_after:
            return True
    return False
