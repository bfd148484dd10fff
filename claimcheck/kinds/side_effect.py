"""`side_effect` rules: a side effect pinned on a therapy against what the reference says.

When a sentence ties a side effect to a drug or class ("X causes Y", "Y from X", "side effects of
X include Y"), the effect is looked up: marked not typical for that class → the rule's severity;
not listed at all (for the class, its ancestors or the classes under it) → `info`, if enabled.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spacy.tokens import Span

from claimcheck.finding import Severity
from claimcheck.kinds import register
from claimcheck.kinds.base import Article, Hit, RuleKind, format_message, guards_pass, phrase_list
from claimcheck.kinds.mechanism import subject_before
from claimcheck.rules import Rule
from claimcheck.yamlio import error_at

_DEFAULT_LINKS = ["cause", "causes", "caused", "causing", "lead", "leads", "led", "result", "results",
                  "side", "effect", "effects", "make", "makes", "made", "trigger", "triggers", "triggered",
                  "include", "includes", "including", "bring", "brings", "associated", "linked", "from",
                  "after", "with", "lose", "fall"]
_DEFAULT_RARITY = ["rarely", "rare", "seldom", "uncommon", "unusual", "occasionally", "unlikely", "few",
                   "small", "minority", "unlike", "not"]


@register
class SideEffectKind(RuleKind):
    name = "side_effect"
    keys = {
        "link_words": "words that tie a side effect to a therapy in a sentence",
        "rarity_words": "words that show the writer already says the effect is rare",
        "report_unlisted": "true: also report (as info) effects the reference does not list for the therapy",
    }

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        unlisted = data.get("report_unlisted", False)
        if not isinstance(unlisted, bool):
            raise error_at(path, data, "'report_unlisted' must be true or false", "report_unlisted")
        return {"link_words": frozenset(w.lower() for w in phrase_list(data, "link_words", path) or _DEFAULT_LINKS),
                "rarity_words": frozenset(w.lower() for w in phrase_list(data, "rarity_words", path) or _DEFAULT_RARITY),
                "report_unlisted": unlisted}

    def check(self, article: Article) -> Iterator[Hit]:
        effects = article.entities({"SIDE_EFFECT"})
        for rule in self.rules:
            for effect in effects:
                lo, hi = article.sentence_bounds(effect.start)
                words = {t.lower_ for t in article.doc[lo:hi]}
                if not words & rule.options["link_words"] or words & rule.options["rarity_words"]:
                    continue
                therapy = (subject_before(article, effect) or _therapy_after(article, effect, hi)
                           or _therapy_whose_effect(article, effect, lo))
                if therapy is None or not therapy.kb_id_ or not guards_pass(rule, effect, article):
                    continue
                hit = self._judge(rule, article, therapy, effect)
                if hit is not None:
                    yield hit

    def _judge(self, rule: Rule, article: Article, therapy: Span, effect: Span) -> Hit | None:
        reference = self.context.reference
        therapy_id, effect_id = therapy.kb_id_, effect.kb_id_
        atypical = reference.atypical_side_effects(therapy_id)
        known = set(reference.known_side_effects(therapy_id))
        if effect_id in atypical and effect_id not in known:
            note = atypical[effect_id]
            message = format_message(rule.message, therapy=therapy.text, effect=effect.text,
                                     note=note.note or "the sources do not list it as typical")
            return Hit(rule, min(therapy.start, effect.start), max(therapy.end, effect.end), message,
                       reference.source_urls(note.sources))
        if not rule.options["report_unlisted"] or effect_id in known:
            return None
        if any(effect_id in reference.known_side_effects(d) for d in reference.descendants(therapy_id)):
            return None
        name = reference.entries[therapy_id].name
        message = (f"The reference does not list {effect.text!s} as a side effect of {name}; "
                   "check the claim against the drug's label or a patient guide.")
        return Hit(rule, effect.start, effect.end, message, reference.source_urls(reference.entries[therapy_id].sources),
                   Severity.INFO)


_EFFECT_OF = frozenset({"is", "are", "was", "one", "of", "the", "most", "common", "commonest", "frequent", "usual",
                        "typical", "main", "biggest", "known", "well-known", "a", "an", "side", "effect", "effects",
                        "side-effect", "side-effects", "classic", "major", "key", "big", "among", "best-known"})


_NAMES_EFFECT = frozenset({"is", "are", "was", "were", "include", "includes", "included", "being", ":", "-", "–", "—",
                           "usually", "typically", "often", "probably", "always", "definitely"})


def _therapy_whose_effect(article: Article, effect: Any, lo: int) -> Any:
    """'the main side effect of CAR-T is hair loss', 'common side effects of Keytruda include hair loss': the
    therapy named in 'side effect(s) of X' just before the effect, linked to it by a copula or 'include'."""
    before = article.entities({"AGENT", "CLASS"}, lo, effect.start)
    if not before:
        return None
    therapy = before[-1]
    doc = article.doc
    link = [t.lower_ for t in doc[therapy.end:effect.start]]
    lead = [t.lower_ for t in doc[max(lo, therapy.start - 3):therapy.start]]
    if not link or len(link) > 3 or not all(w in _NAMES_EFFECT for w in link):
        return None
    return therapy if lead[-1:] == ["of"] and {"effect", "effects", "side-effect", "side-effects"} & set(lead) else None


def _therapy_after(article: Article, effect: Any, hi: int) -> Any:
    """'hair loss from chemotherapy': the therapy named right after 'from'/'of'/'with'; and 'hair loss is
    one of the most common side effects of checkpoint inhibitors': the therapy whose side effect it is said to be."""
    after = article.entities({"AGENT", "CLASS"}, effect.end, hi)
    if not after:
        return None
    gap = [t.lower_ for t in article.doc[effect.end:after[0].start]]
    if len(gap) <= 3 and set(gap) & {"from", "of", "with", "after", "by"}:
        return after[0]
    if len(gap) <= 10 and gap[-1:] == ["of"] and {"effect", "effects"} & set(gap) and all(w in _EFFECT_OF for w in gap):
        return after[0]
    return None
