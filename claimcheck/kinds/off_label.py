"""`off_label` rules: a drug presented as treating, or approved for, a cancer outside its indications.

Only a claim in the writer's own voice counts: hedges, negation, questions, reported speech and any
word of research in the sentence ("in trials", "being studied", "investigational") silence it, and
so does another drug in the sentence that is approved for that cancer (a combination). The
message lists the indications the reference gives.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimcheck.kinds import register
from claimcheck.kinds.base import Article, phrase_list
from claimcheck.kinds.triple import TripleKind
from claimcheck.rules import Rule
from claimcheck.verdicts import Verdict, covers, indications_of

_RESEARCH = ["trial", "trials", "study", "studies", "studied", "studying", "investigational", "experimental",
             "research", "researchers", "investigated", "investigating", "tested", "testing", "evaluated",
             "evaluating", "phase", "off-label", "compassionate", "preliminary", "early", "explore", "exploring",
             "promise", "promising", "potential", "hope", "hopes", "could", "might", "may", "would", "should",
             "candidate", "pilot", "data", "results", "found", "shown", "showed", "scientists", "announced",
             "reported", "reports", "cohort", "participants", "enrolled", "ema", "europe",
             "european", "uk", "nhs", "nice", "canada", "australia", "china", "japan"]


_APPROVAL = frozenset({"approved", "approval", "approves", "approve", "indicated", "licensed", "cleared"})
# established use, as a class is said to be in for a cancer ("CAR-T is now a standard treatment for lung cancer")
_STANDARD_USE = frozenset({"standard", "routine", "routinely", "first-line", "established", "mainstream"})


@register
class OffLabelKind(TripleKind):
    name = "off_label"
    relation = "treats"
    keys = {"silenced_by": "words that, anywhere in the sentence, make it about research, not approved use"}

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        words = phrase_list(data, "silenced_by", path) or _RESEARCH
        return {"silenced_by": frozenset(w.lower() for w in words)}

    def accept(self, rule: Rule, article: Article, triple: Any, verdict: Verdict) -> bool:
        reference = self.context.reference
        subject = reference.entries[triple.subject_id]
        sentence = triple.sentence
        words = {t.lower_ for t in sentence}
        if subject.section == "classes" and (not subject.parents or (
                triple.cue.text.lower() not in _APPROVAL and not words & _STANDARD_USE)):
            return False  # a class has unlisted experimental members: only "approved for" or "standard" is checked
        if words & rule.options["silenced_by"]:
            return False
        lo, hi = sentence.start, sentence.end
        for other in article.entities({"AGENT", "CLASS"}, lo, hi):
            if other.kb_id_ and other.kb_id_ != triple.subject_id and any(
                    covers(reference, triple.object_id, i.cancer) for i in indications_of(reference, other.kb_id_)):
                return False  # a combination: the other drug is approved for it
        return True
