"""`mechanism` rules: a therapy described with a way of working the reference rules out.

Mechanisms come from the reference (`mechanisms`): literal `phrases` and `frames` over the word
classes of `rules/lexicon.yaml` (so "kills the tumour cells directly" and "directly destroyed cancer
cells" are one claim). The subject is the nearest drug or class named before the match in its
sentence (skipping ones it is contrasted with: "unlike X", "than X"). A mechanism may also list a
relative clause ("the mutation that X is designed to target"). A comparison ("it frees your T cells
exactly the way Keytruda does": a mechanism whose frames open on a comparison word class) is about the
clause's subject whatever it does to immune cells, so immune cells named before it are not its doer.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from claimcheck.kinds import register
from claimcheck.kinds.base import (
    Article,
    CompileContext,
    Hit,
    RuleKind,
    format_message,
    guards_pass,
    new_phrase_matcher,
)
from claimcheck.kinds.framesets import FrameSet
from claimcheck.kinds.introduced import introduced_products, introduced_subject
from claimcheck.pipeline.triples import featured_agent
from claimcheck.rules import Rule

CONTRAST_WORDS = frozenset({"unlike", "than", "versus", "vs", "vs.", "compared", "whereas", "instead", "over"})


def subject_before(article: Article, span: Span, labels: frozenset[str] = frozenset({"AGENT", "CLASS"})) -> Span | None:
    """The drug or class a predicate at `span` is about: nearest before it, not a contrast."""
    lo, _hi = article.sentence_bounds(span.start)
    candidates = [s for s in article.entities(labels, lo, span.start) if s.end <= span.start]
    for candidate in reversed(candidates):
        before = [t.lower_ for t in article.doc[max(lo, candidate.start - 3):candidate.start]]
        if "," in before:  # "Unlike X, Y …": the contrast belongs to the clause before the comma
            before = before[len(before) - before[::-1].index(","):]
        if any(word in CONTRAST_WORDS for word in before):
            continue
        return candidate
    return None


STAND_IN_WORDS = frozenset({"it", "they", "these", "this", "such"})
GENERIC_DRUGS = frozenset({"drug", "drugs", "medicine", "medicines", "medication", "medications", "antibody",
                           "antibodies", "treatment", "treatments", "therapy", "therapies", "infusion", "infusions"})
_IMMUNE_WORDS = frozenset({"cell", "cells", "system", "lymphocytes", "macrophages", "antibodies"})
_NOT_IMMUNE_CELLS = frozenset({"cancer", "tumour", "tumor", "cancerous", "malignant", "healthy", "normal", "leukaemia",
                               "leukemia", "melanoma", "lymphoma", "abnormal"})


def _immune_doer_between(article: Article, lo: int, hi: int) -> bool:
    """Immune cells named between a drug and its predicate: they, not the drug, are the predicate's doer."""
    words = [t.lower_ for t in article.doc[lo:hi]]
    return any(w in _IMMUNE_WORDS and w != "antibodies" and i > 0 and words[i - 1] not in _NOT_IMMUNE_CELLS
               for i, w in enumerate(words))


PRONOUNS = frozenset({"it", "they", "these", "this", "its", "their"})
COMPARISON_CLASSES = ("^SAME_WAY", "^SAME_AS")  # lexicon classes that open a comparison frame


def stand_in_subject(article: Article, span: Span, upto: int | None = None) -> str | None:
    """The entry id a generic subject before `upto` (default: the start of `span`) stands for (see
    MechanismKind._stand_in)."""
    doc = article.doc
    lo, hi = article.sentence_bounds(span.start)
    upto = span.start if upto is None else upto
    if article.entities(frozenset({"AGENT", "CLASS"}), lo, hi):
        return None
    words = [t.lower_ for t in doc[lo:upto]]
    generic = [s for s in article.entities(frozenset({"TREATMENT"}), lo, upto) if s[-1].lower_ in GENERIC_DRUGS]
    if not (generic or (words and words[0] in STAND_IN_WORDS)) or any(
            w in _IMMUNE_WORDS and (i == 0 or words[i - 1] not in _NOT_IMMUNE_CELLS) for i, w in enumerate(words)):
        return None  # "T cells kill …" is about the T cells ("… attack cancer cells and …" is not)
    earlier = [s for s in article.entities(frozenset({"AGENT", "CLASS"}), 0, lo) if s.kb_id_]
    pronoun = not generic
    if earlier and _antecedent_reaches(article, earlier[-1], lo, pronoun):
        if pronoun and _immune_doer_between(article, earlier[-1].end, lo):
            return None  # "Keytruda frees T cells. They kill …": they are the T cells
        # the subject of the last sentence that names one: its first drug or class ("X are …. They …")
        start, _end = article.sentence_bounds(earlier[-1].start)
        return next(s for s in earlier if s.start >= start).kb_id_
    if (headed := heading_subject(article, lo, earlier)) is not None:
        return headed  # "## Targeted therapy" then "These drugs leave healthy cells alone."
    # "the drug …" in an article about one drug (a pronoun or "these mushrooms" is not enough)
    return featured_agent(article.all_entities) if generic else None


def _antecedent_reaches(article: Article, mention: Span, sentence_start: int, pronoun: bool) -> bool:
    """A drug named earlier in the paragraph can be what "it" / "the drug" means; so can one named in
    the paragraph just before, when the sentence opens its own paragraph under the same heading and
    begins with a pronoun ("Keytruda is given by drip.\n\nIt works by …")."""
    between = article.doc[mention.end:sentence_start]
    breaks = sum(t.text_with_ws.count("\n\n") for t in between)
    if breaks == 0:
        return True
    if not pronoun or breaks > 1 or article.doc[sentence_start].lower_ not in PRONOUNS:
        return False
    if "\n\n" not in article.doc[sentence_start - 1].text_with_ws:
        return False  # the sentence does not open its paragraph
    blocks = article.doc._.cc_blocks or []
    lo_char, hi_char = article.doc[mention.start].idx, article.doc[sentence_start].idx
    return not any(kind == "heading" and lo_char < start < hi_char for start, _end, kind in blocks)


def heading_subject(article: Article, token: int, earlier: list[Span]) -> str | None:
    """The one drug or class the section's heading names, when nothing named since then (`earlier`:
    the drugs and classes named before `token`) could be meant instead."""
    blocks = article.doc._.cc_blocks or []
    char = article.doc[token].idx
    headings = [(start, end) for start, end, kind in blocks if kind == "heading" and end <= char]
    if not headings or not earlier:
        return None
    start, end = headings[-1]
    named = {s.kb_id_ for s in earlier if start <= article.doc[s.start].idx < end}
    since = {s.kb_id_ for s in earlier if article.doc[s.start].idx >= end}
    return named.pop() if len(named) == 1 and since <= named else None  # "## What is Keytruda?" … Keytruda … "It …"


def _described(article: Article, subject: Span | None) -> Span | None:
    """'Tagrisso, our newest immunotherapy, which trains …': the drug the class word describes."""
    if subject is None or subject.label_ != "CLASS":
        return subject
    from claimcheck.pipeline.triples import _described_agent

    lo, hi = article.sentence_bounds(subject.start)
    return _described_agent(article.doc, article.entities(frozenset({"AGENT", "CLASS"}), lo, hi), subject,
                            article.doc[lo:hi])


def passive_agent(article: Article, span: Span,
                  labels: frozenset[str] = frozenset({"AGENT", "CLASS"})) -> tuple[bool, Span | None]:
    """(is the claim passive, its agent): "cancer cells are killed directly by immunotherapy" -> (True,
    immunotherapy); "… by T cells" -> (True, None), so the drug named earlier is not credited."""
    doc = article.doc
    _lo, hi = article.sentence_bounds(span.start)
    following = [t.lower_ for t in doc[span.end:min(hi, span.end + 2)]]
    if "by" not in following:
        return False, None
    at = span.end + following.index("by") + 1
    after = [s for s in article.entities(labels, at, min(hi, at + 4)) if s.start <= at + 2]
    return True, (after[0] if after else None)


@register
class MechanismKind(RuleKind):
    name = "mechanism"
    keys = {}

    def __init__(self, rules: list[Rule], context: CompileContext) -> None:
        super().__init__(rules, context)
        nlp = context.nlp
        self.matcher = new_phrase_matcher(nlp)
        for entry in context.reference.section("mechanisms"):
            self.matcher.add(entry.id, list(nlp.tokenizer.pipe(entry.phrases)))
        self.strings = nlp.vocab.strings
        self.enabling = context.wordclasses["ENABLING_VERB"].forms if "ENABLING_VERB" in context.wordclasses \
            else frozenset()
        self.comparisons = frozenset(
            entry.id for entry in context.reference.section("mechanisms")
            if entry.frames and not entry.phrases and all(f.startswith(COMPARISON_CLASSES) for f in entry.frames))
        self.frames = FrameSet(nlp, context.wordclasses, (
            (entry.id, entry.frames, (), entry.path, entry.line)
            for entry in context.reference.section("mechanisms") if entry.frames), context.reference)
        # "the mutation that X is designed to target": object noun -> (mechanism id, verbs)
        self.clause_objects: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for entry in context.reference.section("mechanisms"):
            for word in entry.clause_objects:
                self.clause_objects.setdefault(word, []).append((entry.id, frozenset(entry.clause_verbs)))

    def _relative_clauses(self, article: Article) -> Iterator[tuple[str, int, int, Span]]:
        """(mechanism id, start, end, subject) for 'OBJECT that SUBJECT … VERB'."""
        doc = article.doc
        for subject in article.entities({"AGENT", "CLASS"}):
            before = doc[max(0, subject.start - 3):subject.start]
            link = next((t for t in reversed(before) if t.lower_ in ("that", "which")), None)
            if link is None or link.i == 0:
                continue
            obj = doc[link.i - 1].lower_
            for mechanism_id, verbs in self.clause_objects.get(obj, ()):
                lo, hi = article.sentence_bounds(subject.start)
                for token in doc[subject.end:min(hi, subject.end + 6)]:
                    if token.lower_ in verbs:
                        yield mechanism_id, link.i - 1, token.i + 1, subject
                        break

    @staticmethod
    def _subject_at(article: Article, span: Span) -> Span | None:
        """A frame that starts with its subject ("Keytruda kills cancer cells"): that drug or class."""
        at = [s for s in article.entities(frozenset({"AGENT", "CLASS"}), span.start, span.end) if s.start == span.start]
        return max(at, key=len) if at else None

    def _stand_in(self, article: Article, span: Span, verb_at: int) -> str | None:
        """"The drug activates …", "They kill cancer cells directly": when the sentence names no drug,
        class or immune cell before the claim (so "T cells kill cancer cells directly" is left alone), the
        first drug or class of the last sentence in the paragraph that names one, else the featured drug."""
        return stand_in_subject(article, span, verb_at)

    def _enabled_between(self, article: Article, lo: int, hi: int) -> bool:
        """A verb of letting or helping between the drug and the claim's verb ("Keytruda helps the body
        destroy …", "… releases the brakes so …"): someone else does what the claim says."""
        if hi - lo < 2:
            return False
        text = " " + " ".join(t.lower_ for t in article.doc[lo:hi]) + " "
        return any(f" {form} " in text for form in self.enabling)

    def check(self, article: Article) -> Iterator[Hit]:
        reference = self.context.reference
        matches = sorted(self.matcher(article.doc), key=lambda m: (m[1], -m[2]))
        clauses = list(self._relative_clauses(article)) if self.clause_objects else []
        framed_matches = list(self.frames.matches(article))
        framed = [(m.name, m.start, m.end, None) for m in framed_matches]
        # a frame's context is judged on its ^ slot ("Immunotherapy does not ^kill …" is negated)
        judged = {(m.start, m.end): article.doc[m.judged_start:m.judged_end] for m in framed_matches}
        introduced: dict[str, str] | None = None  # built only when a claim has no named subject
        for rule in self.rules:
            last_end = -1
            reported_sentences: set[tuple[int, int]] = set()
            found = [(self.strings[key], start, end, None) for key, start, end in matches] + clauses + framed
            for mechanism_id, start, end, clause_subject in sorted(found, key=lambda m: (m[1], -m[2])):
                if start < last_end:
                    continue
                span = article.doc[start:end]
                passive, agent = passive_agent(article, span)
                subject = clause_subject or (agent if passive else self._subject_at(article, span)
                                             or _described(article, subject_before(article, span)))
                if passive and subject is None:
                    continue
                verb_at = judged[(start, end)].start if (start, end) in judged else start
                if mechanism_id in self.comparisons:
                    if article.sentence_bounds(start) in reported_sentences:
                        continue  # "it releases the brakes … exactly the way Keytruda does": one claim
                    # "CBD … frees white blood cells, the same way immunotherapy does": the clause's subject
                    verb_at = article.sentence_bounds(start)[0] + 1
                elif subject is not None and not clause_subject and not passive \
                        and (_immune_doer_between(article, subject.end, verb_at)
                             or self._enabled_between(article, subject.end, verb_at)):
                    continue  # "Keytruda frees T cells, which then destroy …", "… helps the body destroy …"
                subject_id = subject.kb_id_ if subject is not None else self._stand_in(article, span, verb_at)
                named = None
                if not subject_id and subject is None:
                    # "its cancer vaccine, HT-17, …" earlier: "HT-17 works by directly destroying …"
                    if introduced is None:
                        introduced = introduced_products(article)
                    named = introduced_subject(article, span, introduced)
                    subject_id = named[1] if named else None
                if not subject_id:
                    continue
                ruled_out = reference.not_mechanisms_of(subject_id)
                if mechanism_id not in ruled_out or not guards_pass(rule, judged.get((start, end), span), article,
                                                                    terms_of_art=False):
                    continue
                last_end = end
                reported_sentences.add(article.sentence_bounds(start))
                owner = reference.entries[ruled_out[mechanism_id]]
                mechanism = reference.entries[mechanism_id]
                subject_text = subject.text if subject is not None else named[0] if named \
                    else reference.entries[subject_id].name
                values = {"subject": subject_text, "phrase": span.text, "mechanism": mechanism.name,
                          "owner": owner.name, "summary": owner.summary or owner.name,
                          "does_not": owner.does_not or f"{owner.name} does not work that way"}
                sources = reference.source_urls(owner.sources + mechanism.sources)
                yield Hit(rule, min(subject.start, start) if subject is not None else start, end, format_message(rule.message, **values), sources,
                          suggestion=format_message(rule.suggestion, **values) if rule.suggestion else None)
