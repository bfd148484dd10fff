"""`classification` rules: a drug or class called something the reference says it is not.

Finds "X is a Y", "X, a Y", "Y such as X", "Y like X", "Y including X", "X and other Ys" and
"the Y drug X", then grades "X is a Y" with the reference (correct, acceptable, imprecise, wrong).
In a headline that names no drug, a class word is read as describing the article's featured drug.
A class named after a molecule ("a PD-1 blocker") given to a drug with another known target is a wrong
target, which `target` rules report as a mechanism error; it is left to them here.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from claimcheck.finding import Severity
from claimcheck.kinds import register
from claimcheck.kinds.base import Article, CompileContext, Hit, RuleKind, format_message, guards_pass
from claimcheck.rules import Rule
from claimcheck.yamlio import error_at

# "nature's": how sellers give a remedy a drug's class ("Turkey tail: nature's checkpoint inhibitor")
_NATURES = frozenset({"nature's", "natures", "mother-nature's"})
_COPULAS = frozenset({"is", "are", "was", "were", "'s", "’s", "remains", "acts", "works", "becomes", "counts",
                      # "remedies act as a vaccine", "it serves as", "oxaliplatin turns out to be an immunotherapy"
                      "act", "serve", "serves", "functions", "turns", "turned",
                      # "belongs to a class of drugs called immunotherapies"
                      "belongs", "belong", "belonged"})
_FILLERS = frozenset({"a", "an", "the", "new", "novel", "newer", "type", "kind", "form", "class", "sort", "of",
                      "also", "considered", "called", "classified", "classed", "as", "known", "described",
                      "actually", "really", "essentially", "basically", "powerful", "experimental", "approved",
                      "oral", "cancer", "drug", "drugs", "medication", "medicine", "treatment", "therapy",
                      "another", "one", "first", "latest", "modern", "standard", "just", "simply", "itself",
                      "technically", "in", "fact", "own", "effectively",
                      # a class offered as the way to see it ("is best understood as a vaccine")
                      "best", "understood", "thought", "seen", "viewed", "regarded",
                      # one thing said to be another ("the same technology as CAR-T", "the same thing as")
                      "same", "thing", "technology", "approach", "idea", "principle",
                      # possessives and the adjectives of a house's own choice ("our preferred immunotherapy")
                      "our", "my", "your", "their", "his", "her", "its", "preferred", "favourite", "favorite",
                      "newest", "main", "usual", "recommended", "chosen", "leading", "go-to", "flagship",
                      # what a thing is a variant of ("a newer version of chemotherapy", "the next generation of")
                      "version", "generation", "next", "variant", "variety", "subtype", "branch", "offshoot",
                      "upgrade", "upgraded", "improved", "off-the-shelf", "ready-made",
                      # a list as the subject ("Kymriah and Yescarta are both vaccines")
                      "both", "all",
                      # a place in history ("the original immunotherapy", "one of the oldest immunotherapies")
                      "original", "oldest", "earliest", "true", "real", "genuine", "authentic",
                      # how it is seen ("is now recognised as an immune checkpoint agent", "turns out to be",
                      # "is, in effect, nature's own …", "AstraZeneca's other immunotherapy")
                      "now", "recognised", "recognized", "regarded", "seen", "viewed", "thought", "deemed",
                      "out", "to", "be", "effect", "essence", "other", "gentle", "mild", "quite",
                      # "is an example of an immunotherapy", "belongs to the family of checkpoint inhibitors"
                      "example", "instance", "member", "part", "group", "family", "category",
                      # "Avastin is already an immunotherapy", "a third checkpoint-type immunotherapy",
                      # "a newer, gentler kind of chemo"
                      "already", "second", "third", "fourth", "fifth", "gentler", "kinder", "milder", "softer",
                      "smarter", "safer", "better", "stronger", "cleaner",
                      # a one-patient product's own words ("a one-off living vaccine", "a personalised vaccine")
                      "one-off", "one-time", "living", "single", "personal", "personalised", "personalized",
                      "bespoke", "custom", "custom-made", "tailor-made", "individualised", "individualized"}) | _NATURES
_TYPE_SUFFIXES = ("-type", "-style", "-like", "-class")  # "a checkpoint-type immunotherapy"
_DETERMINERS = frozenset({"a", "an", "the", "another", "one", "our", "my", "your", "their", "his", "her", "its"}) | _NATURES
_RELATIVES = frozenset({"which", "that", "who"})
_LEADING_ADVERBS = frozenset({"instead", "too", "also", "now", "then"})  # "osimertinib instead, which is …"
_NOUNS_AFTER_CLASS = frozenset({"drug", "drugs", "medication", "medications", "medicine", "medicines", "agent",
                                "agents", "treatment", "treatments", "product", "products", "therapy", "therapies",
                                "pill", "pills", "tablet", "tablets"})
_APPOSITION_MARKS = frozenset({",", "-", "–", "—", ":"})  # "Yervoy - another PD-1 antibody"
_EXAMPLE_MARKERS = (("such", "as"), ("like",), ("including",), ("e.g.",), ("especially",), ("notably",),
                    ("include",), ("includes",))  # "immunotherapy drugs include …"
_LIST_GLUE = frozenset({",", "and", "or", "&", "(", ")"})
_GRADE_NAMES = ("wrong", "imprecise", "acceptable")
_SUBJECTS = ("agents", "classes", "families")
_MAX_GAP = 16  # tokens between two mentions that can still be one description ("Ys such as A, B and X")


@register
class ClassificationKind(RuleKind):
    name = "classification"
    keys = {
        "subjects": "which mentions are checked: agents, classes (with a parent class), families (root classes)",
        "grades": "grade -> severity (wrong, imprecise, acceptable); a grade not listed is not reported",
        "object_words": "extra words read as a class when they describe something, e.g. vaccine: cancer_vaccine",
        "featured_in_headings": "true: a class word in a headline that names no drug describes the featured drug",
        "describing_words": "modifiers that may stand between 'is a' and the class ('a living vaccine', 'a fancy vaccine')",
        "leave_firsts": "true: 'X was the first Y' is left to the first-of rule (a claim about history)",
    }

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        subjects = data.get("subjects", ["agents"])
        if not isinstance(subjects, list) or not set(subjects) <= set(_SUBJECTS) or not subjects:
            raise error_at(path, data, f"'subjects' must list some of {', '.join(_SUBJECTS)}", "subjects")
        grades = data.get("grades", {"wrong": "error", "imprecise": "info"})
        if not isinstance(grades, dict) or not set(grades) <= set(_GRADE_NAMES):
            raise error_at(path, data, f"'grades' must map {', '.join(_GRADE_NAMES)} to a severity", "grades")
        try:
            parsed = {grade: Severity.parse(str(level)) for grade, level in grades.items()}
        except ValueError as exc:
            raise error_at(path, data, str(exc), "grades") from None
        words = data.get("object_words", {})
        if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in words.items()):
            raise error_at(path, data, "'object_words' must map words to class ids", "object_words")
        featured = data.get("featured_in_headings", False)
        if not isinstance(featured, bool):
            raise error_at(path, data, "'featured_in_headings' must be true or false", "featured_in_headings")
        describing = data.get("describing_words", [])
        if not isinstance(describing, list) or not all(isinstance(w, str) and w and " " not in w for w in describing):
            raise error_at(path, data, "'describing_words' must list single words", "describing_words")
        leave_firsts = data.get("leave_firsts", False)
        if not isinstance(leave_firsts, bool):
            raise error_at(path, data, "'leave_firsts' must be true or false", "leave_firsts")
        return {"subjects": tuple(subjects), "grades": parsed, "object_words": dict(words),
                "featured_in_headings": featured, "leave_firsts": leave_firsts,
                "describing_words": frozenset(w.lower() for w in describing)}

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        reference = context.reference
        for rule in rules:
            for word, class_id in rule.options["object_words"].items():
                entry = reference.entries.get(class_id)
                if entry is None or entry.section != "classes":
                    from claimcheck.errors import DataError

                    raise DataError(f"object word {word!r} names unknown class {class_id!r}", path=rule.path,
                                    line=rule.line)
        from claimcheck.kinds.target import names_a_target, normalise, target_names

        molecules = {normalise(name) for agent in reference.section("agents") for name in target_names(agent.target or "")}
        self.with_target = frozenset(agent.id for agent in reference.section("agents") if target_names(agent.target or ""))
        self.target_classes = frozenset(entry.id for entry in reference.section("classes") if any(
            names_a_target(name, molecules) for name in entry.names))

    def check(self, article: Article) -> Iterator[Hit]:
        mentions = article.entities({"AGENT", "CLASS"})
        for rule in self.rules:
            objects = sorted(mentions + self._object_words(article, rule), key=lambda s: s.start)
            allowed = set(rule.options["subjects"])
            reported: set[int] = set()  # one finding per class word, also when a list shares it
            for subject, described in self._pairs(article, objects, rule.options["describing_words"]):
                if self._subject_type(subject) not in allowed or described.label_ != "CLASS":
                    continue
                if rule.options["leave_firsts"] and _FIRST_WORDS & {
                        t.lower_ for t in article.doc[min(subject.end, described.end):max(subject.start, described.start)]}:
                    continue  # "Photodynamic therapy was the first immunotherapy": classification.first-of judges it
                hit = self._grade(rule, article, subject, described, subject.text)
                if hit and described.start not in reported:
                    reported.add(described.start)
                    yield hit
            for subject, described in self._kin_pairs(article, mentions, rule.options["describing_words"]):
                if self._subject_type(subject) in allowed and described.start not in reported \
                        and (hit := self._grade(rule, article, subject, described, subject.text)):
                    reported.add(described.start)
                    yield hit
            if "agents" in allowed:
                for subject, described in self._stand_in_pairs(article, objects, rule.options["describing_words"]):
                    name = self.context.reference.entries[subject.kb_id_].name
                    subject_text = f"'{subject.text}' ({name})" if subject[0].lower_ in _PLURAL_STAND_INS else subject.text
                    hit = self._grade(rule, article, subject, described, subject_text)
                    if hit and described.start not in reported:
                        reported.add(described.start)
                        yield hit
            if rule.options["featured_in_headings"] and "agents" in allowed:
                yield from self._headline_hits(rule, article, objects, mentions)

    def _stand_in_pairs(self, article: Article, objects: list[Span],
                        describing: frozenset[str]) -> Iterator[tuple[Span, Span]]:
        """'It is a vaccine' after a sentence naming the drug, 'The drug works like X: it is a version of
        cell therapy': a pronoun or "the drug" opening a clause, linked to a class word by a copula,
        stands for the drug named before it in the sentence, else the first drug of the sentence before
        (same paragraph), else the article's featured drug when "the drug" opens the sentence."""
        doc = article.doc
        featured = None
        for described in objects:
            if described.label_ != "CLASS":
                continue
            lo, _hi = article.sentence_bounds(described.start)
            stand_in = _stand_in_before(doc, lo, described.start, describing)
            if stand_in is None:
                continue
            agents = [a for a in article.entities(frozenset({"AGENT"}), lo, stand_in.start) if a.kb_id_]
            if agents and stand_in[0].lower_ in _PLURAL_STAND_INS and doc[stand_in.start - 1].lower_ == "that":
                # "If you take Alecensa or another ALK drug, remember that these are immunotherapies": the drugs
                for agent in agents:
                    yield Span(doc, stand_in.start, stand_in.end, label="AGENT", kb_id=agent.kb_id_), described
                continue
            if agents:
                continue  # "Keytruda, … it is …": the copula or apposition pairs handle a named subject
            meant = None
            if lo > 0 and "\n\n" not in doc[lo - 1].text_with_ws:
                previous_lo, _ = article.sentence_bounds(lo - 1)
                before = [a for a in article.entities(frozenset({"AGENT"}), previous_lo, lo) if a.kb_id_]
                meant = before[0].kb_id_ if before else None
            if meant is None and (doc[lo].lower_ in ("the", "this") and doc[lo + 1].lower_ in _STAND_IN_NOUNS):
                if featured is None:
                    from claimcheck.pipeline.triples import featured_agent

                    featured = featured_agent(article.all_entities) or ""
                meant = featured or None
            if meant is not None:
                yield Span(doc, stand_in.start, stand_in.end, label="AGENT", kb_id=meant), described

    def _kin_pairs(self, article: Article, mentions: list[Span],
                   describing: frozenset[str]) -> Iterator[tuple[Span, Span]]:
        """"LDN belongs to the same family of treatments as Keytruda", "a drug-free cousin of Opdivo": a drug
        or class put in the class of a named drug it shares no class with (Tecentriq "in the same class as
        Keytruda" shares checkpoint inhibitors, so it passes). The described span runs from the kin words
        to the model drug and stands for the model's class."""
        reference = self.context.reference
        doc = article.doc
        for index, subject in enumerate(mentions):
            if not subject.kb_id_:
                continue
            sent_end = article.sentence_bounds(subject.start)[1]
            for model in mentions[index + 1:index + 4]:
                if model.start >= sent_end or model.start - subject.end > _MAX_GAP:
                    break
                if model.label_ != "AGENT" or not model.kb_id_:
                    continue
                kin_at = _kin_words_at(doc, subject.end, model.start, describing)
                if kin_at is None:
                    break  # only the first drug after the kin words is the model ("… as Keytruda and Opdivo")
                if set(reference.lineage(subject.kb_id_)) & set(reference.lineage(model.kb_id_)):
                    break
                model_class = reference.lineage(model.kb_id_)[1:2]
                if model_class:
                    yield subject, Span(doc, kin_at, model.end, label="CLASS", kb_id=model_class[0])
                break

    def _subject_type(self, span: Span) -> str:
        if span.label_ == "AGENT":
            return "agents"
        entry = self.context.reference.entries.get(span.kb_id_)
        return "classes" if entry is not None and entry.parents else "families"

    def _object_words(self, article: Article, rule: Rule) -> list[Span]:
        words = rule.options["object_words"]
        if not words:
            return []
        taken = {i for s in article.all_entities if s.label_ != "TREATMENT" for i in range(s.start, s.end)}
        strings = article.doc.vocab.strings
        wanted = {strings.add(word): class_id for word, class_id in words.items()}
        lowers = article.doc.to_array([LOWER]).reshape(-1)
        found = []
        for index in numpy.flatnonzero(numpy.isin(lowers, numpy.array(list(wanted), dtype="uint64"))):
            index = int(index)
            if index not in taken:
                found.append(Span(article.doc, index, index + 1, label="CLASS", kb_id=wanted[int(lowers[index])]))
        return found

    def _pairs(self, article: Article, mentions: list[Span],
               describing: frozenset[str] = frozenset()) -> Iterator[tuple[Span, Span]]:
        """(subject, described-as) pairs from copulas, appositions, examples and 'and other'."""
        doc = article.doc
        for index, first in enumerate(mentions):
            sent_end = article.sentence_bounds(first.start)[1]
            for second in mentions[index + 1:index + 6]:
                if second.start >= sent_end or second.start - first.end > _MAX_GAP:
                    break
                gap = [t.lower_ for t in doc[first.end:second.start]]
                if (rest := _past_aside(gap)) is not None and first.label_ == "AGENT" \
                        and not _has_mention(mentions, first.end, second.start) and rest[:1] and rest[0] in _COPULAS \
                        and _is_copula_or_apposition(rest, describing):
                    yield first, second  # "Gleevec, a common cancer pill, is really a checkpoint inhibitor"
                elif _is_copula_or_apposition(gap[1:] if gap[:1] == [")"] else gap, describing):  # "X (Brand), a Y"
                    yield first, second
                    for listed in _listed_before(doc, mentions, index):
                        yield listed, second  # "Kymriah and Yescarta are both vaccines"
                elif gap[:1] == [","] and _is_copula_or_apposition(gap[1:], describing) and gap[1] in _COPULAS \
                        and (listed := _listed_before(doc, mentions, index, set_off=True)):
                    # "CAR-T products, such as Kymriah and Breyanzi, are vaccines": the list's head and members
                    for subject in (first, *listed):
                        yield subject, second
                elif first.label_ == "CLASS" and (after := _after_aside(gap)) is not None \
                        and after[:1] and after[0] in _COPULAS and _is_copula_or_apposition(after, describing) \
                        and (described_agent := _apposed_agent(doc, mentions[:index], first, describing)) is not None:
                    yield described_agent, second  # "X, a Y drug, turns out to be a Z": X is called a Z
                elif first.label_ == "CLASS" and _is_example_marker(gap, doc, first, second, article.agent_tokens):
                    yield second, first
                elif first.label_ == "AGENT" and second.label_ == "CLASS" and _names_a_pair(gap) \
                        and (partner := _paired_before(doc, mentions, index)) is not None:
                    # "pembrolizumab with lenvatinib, a pairing of two immunotherapies": both are called one
                    yield partner, second
                    yield first, second
                elif first.label_ == "AGENT" and second.label_ == "CLASS" and _same_group_as(gap) \
                        and not _has_agent(mentions, first.end, second.start):
                    yield first, second  # "mistletoe is …, in the same category as the checkpoint inhibitors"
                elif gap in (["and", "other"], ["or", "other"], [",", "and", "other"], ["and", "many", "other"],
                             ["and", "similar"], ["and", "related"]):
                    yield first, second
                elif first.label_ == "CLASS" and second.label_ == "AGENT" and (
                        not gap or (len(gap) == 1 and gap[0] in _NOUNS_AFTER_CLASS)):
                    yield second, first
                elif first.label_ == "CLASS" and second.label_ == "AGENT" and _names_in_brackets(doc, first, second):
                    yield second, first  # "immunotherapy (Avastin)", "my chemo drug, Keytruda,"

    def _grade(self, rule: Rule, article: Article, subject: Span, described: Span, subject_text: str) -> Hit | None:
        reference = self.context.reference
        if not subject.kb_id_ or not described.kb_id_ or subject.kb_id_ == described.kb_id_:
            return None
        if described.kb_id_ in self.target_classes and subject.kb_id_ in self.with_target:
            return None  # "ipilimumab, a PD-1 blocker": a wrong target, for the `target` rules
        grade = reference.grade(subject.kb_id_, described.kb_id_)
        severity = rule.options["grades"].get(grade.grade)
        if severity is None:
            return None
        if not guards_pass(rule, described, article):
            return None
        subject_entry = reference.entries[subject.kb_id_]
        described_entry = reference.entries[described.kb_id_]
        if not subject_entry.verified and severity is Severity.ERROR:
            severity = Severity.WARNING  # an unverified fact never raises an error on its own
        note = (grade.note or f"{subject_entry.name} is classed as "
                f"{reference.primary_class_name(subject.kb_id_)}").rstrip(".")
        reference_class = reference.primary_class_name(subject.kb_id_)
        values = {"subject": subject_text, "described_as": described.text, "grade": grade.grade, "note": note,
                  "reference_class": _with_article(reference_class), "described_class": described_entry.name}
        start, end = min(subject.start, described.start), max(subject.end, described.end)
        sources = reference.source_urls(grade.sources or subject_entry.sources)
        suggestion = format_message(rule.suggestion, **values) if rule.suggestion else None
        return Hit(rule, start, end, format_message(rule.message, **values), sources, severity, suggestion)

    def _headline_hits(self, rule: Rule, article: Article, objects: list[Span], mentions: list[Span]) -> Iterator[Hit]:
        agents = Counter(m.kb_id_ for m in mentions if m.label_ == "AGENT")
        if not agents:
            return
        (featured, count), *rest = agents.most_common(2)
        if count < 2 or (rest and rest[0][1] * 2 > count):
            return
        featured_name = self.context.reference.entries[featured].name
        for described in objects:
            if described.label_ != "CLASS" or described._.cc_block_kind != "heading":
                continue
            lo, hi = article.sentence_bounds(described.start)
            if article.entities({"AGENT"}, lo, hi):
                continue
            before = [t.lower_ for t in article.doc[max(lo, described.start - 3):described.start]]
            if not any(w in {"a", "an", "new", "this", "the"} for w in before):
                continue
            proxy = Span(article.doc, described.start, described.end, label="AGENT", kb_id=featured)
            hit = self._grade(rule, article, proxy, described, featured_name)
            if hit:
                yield Hit(rule, described.start, described.end, hit.message, hit.extra_sources, hit.severity,
                          hit.suggestion)


_OWNERS = frozenset({"my", "her", "his", "their", "your", "our"})


def _names_in_brackets(doc: Doc, described: Span, subject: Span) -> bool:
    """"immunotherapy (Avastin)" and "my chemo drug, Keytruda," name the drug the class word describes."""
    gap = [t.lower_ for t in doc[described.end:subject.start]]
    after = doc[subject.end].text if subject.end < len(doc) else ""
    if gap == ["("]:
        return after == ")"
    owned = described.start > 0 and doc[described.start - 1].lower_ in _OWNERS
    return owned and gap in ([","], *([w, ","] for w in _NOUNS_AFTER_CLASS)) and after in {",", ".", ")", ";"}


_STAND_IN_NOUNS = frozenset({"drug", "medicine", "medication", "product", "treatment"})
_CLAUSE_OPENERS = frozenset({":", ";", ",", "—", "–", "and", "but", "that"})
_PLURAL_STAND_INS = frozenset({"these", "they"})
_SEEING = frozenset({"of", "see", "sees", "saw", "regard", "regards", "regarded", "view", "views", "viewed",
                     "describe", "describes", "described", "class", "classes", "classed", "market", "markets",
                     "sell", "sells", "treat", "treats"})  # "think of it as", "see it as", "sell it as" a Y


def _stand_in_before(doc: Doc, lo: int, end: int, describing: frozenset[str]) -> Span | None:
    """The pronoun or 'the drug' that opens a clause and is linked to the class word at `end` by a copula
    and fillers ("it is essentially an off-the-shelf version of")."""
    for start in range(end - 1, max(lo, end - 13) - 1, -1):
        word = doc[start].lower_
        size = 1 if word in ("it", "this", "these", "they") else 2 if word in _STAND_IN_NOUNS and start > lo \
            and doc[start - 1].lower_ in ("the", "this") else 0
        if not size:
            continue
        first = start - size + 1
        gap = [t.lower_ for t in doc[start + 1:end]]
        if size == 1 and first > lo and doc[first - 1].lower_ in _SEEING and gap[:1] == ["as"]:
            # "I think of it as the original immunotherapy", "doctors now see it as a kind of chemo"
            return doc[first:start + 1] if _is_copula_or_apposition(["is", *gap[1:]], describing) else None
        if first > lo and doc[first - 1].lower_ not in _CLAUSE_OPENERS:
            return None
        return doc[first:start + 1] if gap and gap[0] in _COPULAS and _is_copula_or_apposition(gap, describing) \
            else None
    return None


_LIST_WORDS = frozenset({",", "and", "or", "&", "both", "(", ")"})


def _listed_before(doc: Doc, mentions: list[Span], index: int, set_off: bool = False) -> list[Span]:
    """The mentions listed before mentions[index] as one subject with it ("Kymriah and Yescarta are …"),
    up to the class an example list names ("CAR-T products such as Kymriah and Breyanzi, are …").
    `set_off`: only a list that an example marker opens (its closing comma is no apposition)."""
    listed: list[Span] = []
    current = mentions[index]
    lo = max(0, current.start - 24)
    for other in reversed(mentions[:index]):
        if other.end > current.start or other.start < lo:
            break
        gap = [t.lower_ for t in doc[other.end:current.start]]
        words = [w for w in gap if w not in _LIST_WORDS]
        head = _without_scope(tuple(w for w in words if w not in _NOUNS_AFTER_CLASS))
        if words and other.label_ == "CLASS" and len(gap) <= 4 + len(words) - len(head) and any(
                head[:len(m)] == m for m in _EXAMPLE_MARKERS):
            return [*listed, other]  # the list's head: "CAR-T products, such as …"
        if words or not gap or len(gap) > 3:
            break
        listed.append(other)
        current = other
    return [] if set_off else listed


_SCOPE_OPENERS = frozenset({"for", "in", "against", "used"})


def _without_scope(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words after a class with a short scope on it dropped: "immunotherapy drugs for kidney
    cancer include …" is the list "immunotherapy drugs include …" about one cancer."""
    if not words or words[0] not in _SCOPE_OPENERS:
        return words
    for index in range(1, min(len(words), 6)):
        if any(words[index:index + len(m)] == m for m in _EXAMPLE_MARKERS):
            return words[index:]
    return words


def _with_article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _is_copula_or_apposition(gap: list[str], describing: frozenset[str] = frozenset()) -> bool:
    """'X is a Y', 'X, a Y', 'X - our Y', 'X (a Y)', 'X, which is our Y', 'X instead, which is …'."""
    gap = _joined_possessives(_joined_hyphens(gap))
    if len(gap) > 1 and gap[0] in _CELL_NOUNS and gap[1] in _COPULAS:
        gap = gap[1:]  # "CAR-T cells are a type of vaccine"
    if gap[:1] and gap[0] in _LEADING_ADVERBS and gap[1:2] == [","]:
        gap = gap[1:]
    if len(gap) > 2 and gap[0] == "," and gap[1] in _RELATIVES and gap[2] in _COPULAS:
        gap = gap[2:]  # ", which is our preferred …"
    if not gap or len(gap) - gap.count(",") > 7:  # "is basically a newer, gentler kind of": commas do not count
        return False
    if gap[0] in _APPOSITION_MARKS and gap[1:2] and gap[1] in _SELF:
        gap = [gap[0], *gap[2:]]  # "cyclophosphamide, itself a form of immunotherapy"
    if gap[0] in _COPULAS:
        rest = [word for word in gap[1:] if word != ","]  # "is, in effect, nature's own …"
    elif gap[0] in _APPOSITION_MARKS and len(gap) > 1 and gap[1] in _DETERMINERS \
            or gap[0] == "(" and len(gap) > 1 and gap[1] in {"a", "an"}:
        rest = gap[1:]
    else:
        return False
    return all(word in _FILLERS or word in describing or word.endswith(_TYPE_SUFFIXES) for word in rest)


_SELF = frozenset({"itself", "themselves"})
_CELL_NOUNS = frozenset({"cell", "cells", "product", "products"})


_ASIDE_OPENERS = frozenset({"a", "an", "the", "which", "who", "its", "our", "now", "once", "still", "sold", "given",
                            "taken", "made", "known"})
_ASIDE_STOPS = frozenset({"not", "unlike", "than", "versus", "vs", "rather", "but", "or", "and", "like"})


def _past_aside(gap: list[str]) -> list[str] | None:
    """The words after an aside set off by commas right after a subject (", a common cancer pill, is
    really a" -> "is really a"); None when the gap holds no such aside."""
    if gap[:1] != [","] or "," not in gap[1:] or len(gap) < 4:
        return None
    close = gap.index(",", 1)
    aside = gap[1:close]
    if not aside or aside[0] not in _ASIDE_OPENERS or len(aside) > 6 or _ASIDE_STOPS & set(aside):
        return None
    return gap[close + 1:]


_GROUP_NOUNS = frozenset({"category", "class", "family", "group", "kind", "type", "league", "bracket", "camp"})
_GROUP_STOPS = frozenset({"not", "n't", "never", "unlike", "than", "but", "whereas", "while", "although", "rather",
                          "instead", "?", "no", "nothing", "hardly"})


def _same_group_as(gap: list[str]) -> bool:
    """'X is …, in the same category as the Ys', 'X belongs to the same family as Ys': X called a Y by
    company it is said to keep (a negation or contrast anywhere before it keeps it apart)."""
    if "same" not in gap or _GROUP_STOPS & set(gap):
        return False
    tail = gap[len(gap) - 1 - gap[::-1].index("same"):]
    if tail[-1:] in (["the"], ["other"]):
        tail = tail[:-1]
    return len(tail) in (3, 5) and tail[1] in _GROUP_NOUNS and tail[-1] == "as" and (
        len(tail) == 3 or tail[2] == "of" and tail[3] in {"drug", "drugs", "medicine", "medicines", "treatment",
                                                          "treatments", "therapy", "therapies"})


_PAIR_NOUNS = frozenset({"combination", "pairing", "pair", "duo", "doublet", "combo", "mix", "blend", "cocktail"})
_PAIR_JOINS = frozenset({"with", "and", "plus", "+", "alongside"})


def _names_a_pair(gap: list[str]) -> bool:
    """', a pairing of two', ', the combination of both': an apposition that calls two drugs one thing."""
    return len(gap) == 5 and gap[0] in {",", "-", "–", "—", "("} and gap[1] in {"a", "the"} \
        and gap[2] in _PAIR_NOUNS and gap[3] == "of" and gap[4] in {"two", "both"}


def _paired_before(doc: Doc, mentions: list[Span], index: int) -> Span | None:
    """The drug joined to mentions[index] by 'with', 'and' or 'plus' just before it ("Keytruda plus Lenvima")."""
    if index == 0:
        return None
    before = mentions[index - 1]
    gap = [t.lower_ for t in doc[before.end:mentions[index].start]]
    return before if before.label_ == "AGENT" and len(gap) == 1 and gap[0] in _PAIR_JOINS else None


def _has_agent(mentions: list[Span], lo: int, hi: int) -> bool:
    return any(lo <= m.start and m.end <= hi and m.label_ == "AGENT" for m in mentions)


def _has_mention(mentions: list[Span], lo: int, hi: int) -> bool:
    return any(lo <= m.start and m.end <= hi for m in mentions)


def _after_aside(gap: list[str]) -> list[str] | None:
    """The words after the comma that closes an apposition ("drug , turns out to be an" -> "turns out …")."""
    words = gap[1:] if gap[:1] and gap[0] in _NOUNS_AFTER_CLASS else gap
    return words[1:] if words[:1] == [","] else None


def _apposed_agent(doc: Doc, before: list[Span], described: Span, describing: frozenset[str]) -> Span | None:
    """The drug right before `described` that it stands in apposition to ("Oxaliplatin, a standard Y")."""
    agent = before[-1] if before else None
    if agent is None or agent.label_ != "AGENT" or described.start - agent.end > 6:
        return None
    gap = [t.lower_ for t in doc[agent.end:described.start]]
    return agent if gap[:1] == [","] and _is_copula_or_apposition(gap, describing | {"standard", "common"}) else None


_SAME = frozenset({"same", "very"})
_KIN_CLASSES = frozenset({"family", "class", "group", "category", "kind", "type", "league"})
_KIN_GROUPS = frozenset({"drugs", "treatments", "medicines", "medications", "therapies", "immunotherapies", "agents"})
_KIN_NOUNS = frozenset({"cousin", "relative", "sibling", "sister", "twin", "equivalent", "counterpart"})
_KIN_LEAD = frozenset({"belongs", "belong", "belonged", "to", "is", "are", "was", "were", "in", "part", "of", "from",
                       "comes", "come", "sits", "falls", "fall", "into", "very", "the", "a", "an", "exactly", "just", "really",
                       "essentially", "basically", "actually", "also"})
_KIN_DESCRIBING = frozenset({"drug-free", "plant-based", "herbal", "natural", "gentle", "cheaper", "cheap", "close",
                             "closer", "distant", "younger", "older", "kinder", "safer", "botanical", "nature's"})


def _kin_words_at(doc: Doc, lo: int, hi: int, describing: frozenset[str]) -> int | None:
    """Where the words linking a subject (ending at `lo`) to a model drug (at `hi`) begin, when they say
    the subject is of the model's family: "belongs to the same family of treatments as", "is in the same
    class as", ", a drug-free cousin of", "is the herbal equivalent of"."""
    words = _joined_hyphens([t.lower_ for t in doc[lo:hi]])
    if len(words) < 2 or len(words) > 10:
        return None
    if words[-1] == "as":  # "… the same family (of treatments) as"
        body = words[:-1]
        if body[-2:-1] == ["of"] and body[-1] in _KIN_GROUPS:
            body = body[:-2]
        if len(body) < 2 or body[-1] not in _KIN_CLASSES or body[-2] not in _SAME:
            return None
        lead = body[:-2]
        if lead and lead[-1] == "much":
            lead = lead[:-1]
        if not lead or not all(w in _KIN_LEAD for w in lead):
            return None
    elif words[-1] == "of" and words[-2] in _KIN_NOUNS:  # ", a drug-free cousin of", "is the herbal equivalent of"
        lead = words[:-2]
        while lead and (lead[-1] in _KIN_DESCRIBING or lead[-1] in describing):
            lead = lead[:-1]
        if not lead or not _is_copula_or_apposition(lead):
            return None
    else:
        return None
    kin = max(t.i for t in doc[lo:hi] if t.lower_ in _SAME or t.lower_ in _KIN_NOUNS)
    return kin - 1 if doc[kin - 1].lower_ == "the" else kin


def _opens_description(words: list[str]) -> bool:
    """The words before an owner's name end with a comma or copula, perhaps and "the" ("X, the company's …")."""
    if words[-1:] == ["the"]:
        words = words[:-1]
    return bool(words) and (words[-1] in _APPOSITION_MARKS or words[-1] in _COPULAS)
_FIRST_WORDS = frozenset({"first"})  # the first-of rule's word


def _joined_possessives(words: list[str]) -> list[str]:
    """'nature', "'s" as the tokenizer splits it -> "nature's"; any other owner's name and "'s" after a
    comma or copula is a possessive determiner ("Tagrisso, AstraZeneca's other immunotherapy" -> "its")."""
    joined: list[str] = []
    for word in words:
        if word in ("'s", "’s") and joined and f"{joined[-1]}'s" in _NATURES:
            joined[-1] = f"{joined[-1]}'s"
        elif word in ("'s", "’s") and joined and joined[-1].isalpha() and _opens_description(joined[:-1]):
            del joined[-2 if len(joined) > 2 and joined[-2] == "the" else -1:]
            joined.append("its")  # "…, the company's newest immunotherapy" -> "…, its newest immunotherapy"
        else:
            joined.append(word)
    return joined


def _joined_hyphens(words: list[str]) -> list[str]:
    """'off', '-', 'the', '-', 'shelf' as the tokenizer splits it -> 'off-the-shelf'."""
    joined: list[str] = []
    index = 0
    while index < len(words):
        if words[index] == "-" and joined and joined[-1] not in _APPOSITION_MARKS and index + 1 < len(words) \
                and words[index + 1].isalpha():
            joined[-1] += "-" + words[index + 1]
            index += 2
            continue
        joined.append(words[index])
        index += 1
    return joined


def _is_example_marker(gap: list[str], doc: Doc, first: Span, second: Span, agent_tokens: frozenset[int]) -> bool:
    words = [w for w in gap if w != ","]
    if words[:1] and words[0] in _NOUNS_AFTER_CLASS:
        words = words[1:]  # "immunotherapy pills such as X", "immunotherapy drugs like X"
    scoped = _without_scope(tuple(words))  # "immunotherapy drugs for kidney cancer include X"
    scope = set(words[:len(words) - len(scoped)])
    for marker in _EXAMPLE_MARKERS:
        size = len(marker)
        if scoped[:size] == marker:
            # the rest may be other list members: agents, commas, "and"/"or"
            rest = doc[first.end:second.start]
            tail = [t for t in rest if t.lower_ not in marker and t.text not in _LIST_GLUE
                    and not (t.i == first.end and t.lower_ in _NOUNS_AFTER_CLASS)
                    and t.lower_ not in scope]
            return all(t.i in agent_tokens for t in tail)
    return False
