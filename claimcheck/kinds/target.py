"""`target` rules: a drug said to block or target a molecule that is not its target.

The molecule names come from the reference's agent `target` fields (PD-1, CTLA-4, HER2, EGFR, CD19 …),
so every agent added to the reference is checked too. "Pembrolizumab blocks CTLA-4" is flagged;
"pembrolizumab blocks PD-1" is not, and neither is a molecule the reference does not know. The noun
form counts too: "Keytruda, a CTLA-4 blocker", "the CTLA-4 inhibitor Keytruda" (a molecule followed
by a blocker noun, next to the drug through an apposition or copula). A wrong target is a mechanism
error also when it comes as a class name ("ipilimumab, another PD-1 antibody"): classification rules
leave such a class to this kind (`names_a_target`). "A, B and C, which all block PD-1" checks every
drug of the list.
A blocker noun with no apposition or copula between it and the drug ("Keytruda is used with a CTLA-4
inhibitor") names another drug, not this one; "removes the PD-1 brake" names the drug's target.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from claimcheck.kinds import register
from claimcheck.kinds.base import (
    Article,
    CompileContext,
    Hit,
    RuleKind,
    format_message,
    guards_pass,
    new_phrase_matcher,
    phrase_list,
)
from claimcheck.kinds.mechanism import subject_before
from claimcheck.rules import Rule
from claimcheck.yamlio import error_at

_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?$")
_SPLIT = re.compile(r"\s*(?:,|/|\+|\band\b|\bx\b|\bincluding\b|\bon\b)\s*")
_DEFAULT_VERBS = ["block", "blocks", "blocking", "blocked", "target", "targets", "targeting", "targeted",
                  "inhibit", "inhibits", "inhibiting", "bind", "binds", "binding", "attack", "attacks",
                  "against", "anti", "off", "disable", "disables", "disabling", "disabled", "neutralise",
                  "neutralises", "neutralize", "neutralizes", "suppress", "suppresses", "silence", "silences",
                  # "goes after PD-1", "latches onto CTLA-4", "attaches to PD-L1", "hits PD-1"
                  "goes", "go", "going", "went", "latches", "latch", "latching", "locks", "lock", "locking",
                  "attaches", "attach", "attaching", "hits", "hit", "hitting", "grabs", "grab", "sticks",
                  # "works by grabbing PD-L1", "links T cells to CD19", "is aimed at BCMA", "recognises CD19"
                  "grabbing", "grabbed", "links", "link", "linking", "connects", "connect", "connecting", "aimed",
                  "aims", "recognises", "recognizes", "recognise", "recognize", "seizes", "hooks", "clamps"]
# "removes the PD-1 brake": verbs of release that name the drug's target only before "<molecule> brake"
_BRAKE_VERBS = frozenset({"remove", "removes", "removing", "removed", "lift", "lifts", "lifting", "release", "releases",
                          "releasing", "released", "take", "takes", "taking", "took", "ease", "eases", "easing"})
_BRAKES = frozenset({"brake", "brakes"})
# "a CTLA-4 blocker": the noun after the molecule, and the words that may join it to the drug
_BLOCKER_NOUNS = frozenset({"blocker", "blockers", "inhibitor", "inhibitors", "antagonist", "antagonists",
                            "blocking", "targeting", "targeted", "directed", "antibody", "antibodies", "drug", "drugs"})
_APPOSITION = frozenset({",", "a", "an", "the", "is", "was", "are", "were", "as", "(", "-", "–", "—", "anti",
                         "also", "known", "called", "new", "type", "of", "kind", "form", "monoclonal", "drug",
                         # "ipilimumab (Yervoy), another PD-1 blocker", "a second PD-1 antibody"
                         ")", "another", "second", "third", "other", "newer", "older", "newest", "latest",
                         # a house's own choice: "nivolumab, our preferred CTLA-4 blocker"
                         "our", "their", "my", "your", "preferred", "favourite", "favorite", "usual", "chosen",
                         "go-to", "recommended", "main"})


_EVERY_MEMBER = frozenset({"all", "both", "each"})
_NOUN_LINKS = _APPOSITION | _EVERY_MEMBER | {"works", "acts", "really", "actually", "just", "simply", "basically"}
_LIST_GLUE = frozenset({",", "and", "or", "(", ")", "&"})
# a verb says how the drug acts (a mechanism claim); a blocker noun puts the drug in a class named
# after the molecule ("ipilimumab, a PD-1 inhibitor": a classification claim)
_FORMS = frozenset({"verb", "noun"})


def names_a_target(class_name: str, molecules: set[str]) -> bool:
    """"PD-1 inhibitor", "anti-CTLA-4 antibody": a class named after a molecule in `molecules`."""
    return any(normalise(word) in molecules for word in re.split(r"[\s/]+|(?<=anti)-", class_name))


def target_names(target: str) -> set[str]:
    """Molecule names in a reference `target` field: "BCR-ABL, KIT, PDGFR" -> {BCR-ABL, KIT, PDGFR}."""
    names = set()
    for part in _SPLIT.split(re.sub(r"\([^)]*\)", " ", target)):
        word = part.strip().split(" ")[0] if part.strip() else ""
        if word and _NAME.match(word) and any(c.isupper() for c in word[1:] + word[:1]) and len(word) > 1:
            names.add(word)
    return names


def _pair_groups(doc: Any, mentions: list[tuple[int, int]]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Molecules written together ("PD-1/PD-L1", "CD19 and CD3") form one group."""
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] = []
    for mention in mentions:
        if current:
            gap = [t.text.lower() for t in doc[current[-1][1]:mention[0]]]
            if len(gap) > 2 or any(word not in {"/", "-", "and", "or", ","} for word in gap):
                for member in current:
                    groups[member] = current
                current = []
        current.append(mention)
    for member in current:
        groups[member] = current
    return groups


def normalise(name: str) -> str:
    return name.upper().replace("-", "")


@register
class TargetKind(RuleKind):
    name = "target"
    keys = {"verbs": "words that say what a drug acts on (blocks, targets, inhibits …)",
            "forms": "which wordings the rule judges: `verb` (\"X blocks PD-1\"), `noun` (\"X, a PD-1 blocker\"); both by default"}

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        forms = frozenset(phrase_list(data, "forms", path) or _FORMS)
        if not forms <= _FORMS:
            raise error_at(path, data, f"'forms' must be among {sorted(_FORMS)}, not {sorted(forms - _FORMS)}", "forms")
        return {"verbs": frozenset(w.lower() for w in phrase_list(data, "verbs", path) or _DEFAULT_VERBS),
                "forms": forms}

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        self.targets_of: dict[str, set[str]] = {}
        known: set[str] = set()
        for agent in context.reference.section("agents"):
            names = target_names(agent.target or "")
            if names:
                self.targets_of[agent.id] = {normalise(n) for n in names}
                known |= names
        self.matcher = new_phrase_matcher(context.nlp, "ORTH")
        variants = known | {n.replace("-", "") for n in known}
        self.matcher.add("target", list(context.nlp.tokenizer.pipe(sorted(variants))))

    @staticmethod
    def _is_blocker_noun(doc: Any, end: int) -> bool:
        following = [t.lower_ for t in doc[end:end + 2]]
        return bool(following) and (following[0] in _BLOCKER_NOUNS
                                    or following[:1] == ["-"] and following[1:] and following[1] in _BLOCKER_NOUNS)

    def _noun_form(self, article: Article, start: int, end: int) -> Any:
        """The drug a noun form names: "Keytruda, a CTLA-4 blocker" or "the CTLA-4 blocker Keytruda"."""
        doc = article.doc
        if not self._is_blocker_noun(doc, end):
            return None
        lo, hi = article.sentence_bounds(start)
        agents = article.entities(frozenset({"AGENT"}), lo, hi)
        after = end + 1 + (doc[end].lower_ == "-")
        following = [a for a in agents if after <= a.start <= after + 2]
        if following:
            return following[0]
        preceding = [a for a in agents if a.end <= start and all(t.lower_ in _APPOSITION for t in doc[a.end:start])]
        return preceding[-1] if preceding else None

    def check(self, article: Article) -> Iterator[Hit]:
        doc = article.doc
        reference = self.context.reference
        mentions = sorted((start, end) for _key, start, end in self.matcher(doc))
        groups = _pair_groups(doc, mentions)
        for rule in self.rules:
            verbs = rule.options["verbs"]
            for start, end in mentions:
                molecule = doc[start:end]
                noun = self._is_blocker_noun(doc, end)
                named = self._noun_form(article, start, end)
                if ("noun" if noun else "verb") not in rule.options["forms"]:
                    continue
                agent = named or subject_before(article, molecule, frozenset({"AGENT"}))
                if agent is None or agent.kb_id_ not in self.targets_of or abs(start - agent.end) > 10:
                    continue
                braked = end < len(doc) and doc[end].lower_ in _BRAKES
                if agent.end <= start and not noun and not any(
                        t.lower_ in verbs or braked and t.lower_ in _BRAKE_VERBS for t in doc[agent.end:start]):
                    continue
                if noun and named is None and agent.end <= start \
                        and not all(t.lower_ in _NOUN_LINKS for t in doc[agent.end:start]):
                    continue  # "Keytruda is used with a CTLA-4 inhibitor": the blocker is another drug
                written = {normalise(doc[s:e].text) for s, e in groups[(start, end)]}
                if not guards_pass(rule, molecule, article):
                    continue
                for listed in self._listed_subjects(article, agent, start):
                    if listed.kb_id_ not in self.targets_of or written & self.targets_of[listed.kb_id_]:
                        continue  # "the PD-1/PD-L1 pathway": one of the pair is the drug's target
                    entry = reference.entries[listed.kb_id_]
                    values = {"subject": listed.text, "molecule": molecule.text, "target": entry.target or "",
                              "name": entry.name}
                    suggestion = format_message(rule.suggestion, **values) if rule.suggestion else None
                    noun_end = end + 1 + (doc[end].lower_ == "-") if self._is_blocker_noun(doc, end) else end
                    yield Hit(rule, min(listed.start, agent.start, start), max(agent.end, noun_end),
                              format_message(rule.message, **values), reference.source_urls(entry.sources),
                              suggestion=suggestion)
                    break  # one finding per molecule mention

    @staticmethod
    def _listed_subjects(article: Article, agent: Any, start: int) -> list[Any]:
        """The drug a claim is about, or every drug of the list before it when the claim says so
        ("ipilimumab, pembrolizumab and nivolumab, which all block PD-1"): nearest first."""
        doc = article.doc
        if agent.end > start or not any(t.lower_ in _EVERY_MEMBER for t in doc[agent.end:start]):
            return [agent]
        lo, _hi = article.sentence_bounds(agent.start)
        listed = [agent]
        for other in reversed(article.entities(frozenset({"AGENT"}), lo, agent.start)):
            if not all(t.lower_ in _LIST_GLUE or t.i in article.agent_tokens for t in doc[other.end:listed[-1].start]):
                break
            listed.append(other)
        return listed
