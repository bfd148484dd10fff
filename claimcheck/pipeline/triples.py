"""Claim triples: (subject, relation, object) for the relations the reference can judge.

    treats        (agent or class, cancer)     "Keytruda is approved for melanoma"
    targets       (agent, molecule)            "pembrolizumab blocks PD-1"
    acts_through  (agent or class, cell type)  "checkpoint inhibitors unleash T cells"
    is_a          (agent, class)               "ipilimumab, a checkpoint inhibitor"
    first_of      (agent, class [, cancer])    "the first CAR T-cell therapy"
    biomarker_kind (kind word, biomarker)      "a PD-L1 mutation"

Found from the entity spans by cue words between the two mentions, in one sentence; a "first"
claim with no drug in its sentence is about the article's featured drug. Each triple keeps the
context flags of its words (negated, hedged …), and `verdicts.judge` grades it.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.pipeline.extensions import ENTITY_GROUP, RELATIONS_KEY, register_extensions
from claimcheck.pipeline.extensions import sentence_of as sentence_at
from claimcheck.pipeline.extensions import sentence_starts as sentence_starts_of
from claimcheck.reference import Reference, cached_reference

TREAT_CUES = frozenset({"treat", "treats", "treated", "treating", "treatment", "treatments", "approved", "approval",
                        "approves", "approve", "indicated", "cleared", "licensed", "cures", "cure", "cured",
                        "option", "options"})  # "CAR-T is now a standard option for lung cancer"
NEAR_TREAT_CUES = frozenset({"for", "against"})  # "Keytruda for lung cancer": only when close
PASSIVE_TREAT_CUES = frozenset({"treated", "treating", "treatment", "received", "receiving", "receive", "receives",
                                "given", "get", "gets", "getting", "approved", "drug", "drugs", "therapy", "using",
                                "taking", "take", "offered"})
# "gives Imlygic to patients with melanoma", "helps men with prostate cancer": the people a drug is for
PATIENT_WORDS = frozenset({"patients", "patient", "people", "person", "men", "women", "children", "adults", "those",
                           "anyone", "sufferers", "someone", "everyone"})
TARGET_CUES = frozenset({"block", "blocks", "blocking", "blocked", "target", "targets", "targeting", "targeted",
                         "inhibit", "inhibits", "inhibiting", "bind", "binds", "binding", "against", "anti"})
CELL_CUES = ("activat", "unleash", "free", "releas", "boost", "help", "allow", "enabl", "let", "stimulat",
             "recruit", "harness", "engag", "spur", "rev", "mobili", "prim", "wak", "awak", "empower", "arm",
             "strength", "supercharg", "through", "via", "rely", "relies", "uses", "using", "work", "so", "signal",
             "summon", "alert", "attract", "draw", "call", "tell", "instruct", "train", "teach", "unmask", "direct",
             "switch", "turn", "send", "trigger", "ignit", "unlock", "power", "rall", "marshal", "kick", "fire",
             "loose", "deploy", "guid", "steer", "restor", "reinvigor", "revitali", "recharg", "energi", "invigor",
             "make", "makes", "get", "enlist", "depend", "expand", "multipl", "increas", "sharpen", "reawak",
             "target", "act", "reprogram", "engineer", "modif", "collect", "harvest", "extract", "brake",
             "made", "grow", "grew", "built", "deriv",  # "CAR-T cells are made from natural killer cells"
             "rous", "stir", "galvani", "jolt", "spark")  # "it rouses the natural killer cells"
CELL_WORD_CUES = frozenset({"with"})  # "With Keytruda, NK cells can attack"; whole words, not prefixes
CONTRAST = frozenset({"unlike", "than", "versus", "vs", "vs.", "whereas", "instead", "rather", "but", "while"})
COPULAS = frozenset({"is", "was", "are", "were", "became", "becomes", "become", "remains", "marks", "as", "'s", "’s"})
FIRST_FILLERS = frozenset({"ever", "fda", "-", "approved", "fda-approved", "u.s.", "us", "new", "such", "of", "its",
                           "kind", "time", "a", "an", "the", "commercially", "available", "licensed", "to", "be",
                           "has", "have", "been", "that", "which", "true", "truly", "major", "successful",
                           "genetically", "engineered", "modified", "personalised", "personalized", "form",
                           "type", "drug", "treatment", "therapy", "medicine", "product", "approval", "and", "only"})
APPROVAL_VERBS = frozenset({"be", "receive", "win", "gain", "get", "reach", "market", "hit"})
SCOPE_STOPS = frozenset({",", ";", ":", "(", ")", "—", "–", "which", "that", "and", "is", "was", "treats", "treated"})
SCOPE_WORDS = frozenset({"for", "in", "against", "with", "among", "on", "treat", "treating"})
STAND_IN_PRONOUNS = frozenset({"it", "they", "this", "its"})  # a sentence-initial pronoun for the drug
REPORTING = frozenset({"said", "says", "explained", "explains", "told", "tells", "thinks", "believes", "that"})
DETERMINERS = frozenset({"the", "this", "that", "her", "his", "my", "our", "their", "your"})
REFERRING = frozenset({"it", "this", "that", "which"})  # "It is the first …" points back at the featured drug
OWNERS = frozenset({"she", "he", "i", "we", "they", "you", "her", "his", "my", "our", "their", "your"})
ELSEWHERE = frozenset({"uk", "britain", "british", "england", "scotland", "nhs", "europe", "european", "eu", "ema",
                       "canada", "canadian", "australia", "australian", "china", "chinese", "japan", "japanese",
                       "india", "germany", "france", "world", "world's", "world’s", "worldwide", "globally",
                       "nice", "mhra", "latvia", "russia", "korea", "country", "hospital", "centre", "center",
                       "state", "region", "nation"})
KIND_WORDS = frozenset({"mutation", "mutations", "mutated", "mutant", "fusion", "fusions", "rearrangement",
                        "translocation", "expression", "overexpression", "protein", "amplification", "variant",
                        "variants", "alteration", "alterations"})
KIND_FILLERS = frozenset({"gene", "genetic", "dna", "-", "status", ")", ",", "positive", "negative", "high", "level", "levels", "a", "an", "is", "are", "was", "type", "of", "kind",
                          "form", "specific", "certain", "rare", "common", "particular", "called", "known", "as", "tumour",
                          "tumor",
                          "the", "basically", "really", "actually", "just", "simply"})  # "PD-L1 is basically the mutation …"
KIND_BACK_FILLERS = frozenset({"in", "of", "called", "known", "as", "named", "the", "a", "an", "gene", "genetic",
                               "for", "-", "(", "such", "like", "including", "especially"})
# a mutation in other words: "gene change", "genetic defect", "the faulty PD-L1 gene"
GENE_WORDS = frozenset({"gene", "genes", "genetic", "dna"})
GENE_CHANGE_WORDS = frozenset({"change", "changes", "defect", "defects", "fault", "faults", "error", "errors",
                               "abnormality", "abnormalities", "glitch", "glitches", "typo", "typos"})
FAULTY_WORDS = frozenset({"faulty", "defective", "broken", "damaged", "abnormal", "altered", "mutated"})
LIST_JOINS = frozenset({",", "and", "or", "/"})
_MAX_GAP = 12


@dataclass(frozen=True, slots=True)
class Triple:
    relation: str
    subject: Span | None       # the agent or class (None: the article's featured drug, or a biomarker word)
    subject_id: str | None
    object: Span
    object_id: str
    cue: Span                  # the words that link them
    sentence: Span
    scope: str | None = None   # first_of: the cancer the claim is limited to
    featured: bool = False     # the subject is not named in the sentence (a pronoun's antecedent or the featured drug)

    def _spans(self) -> list[Span]:
        spans = [self.object, self.cue]
        if self.subject is not None and not self.featured:
            spans.append(self.subject)
        return spans

    @property
    def start(self) -> int:
        return min(s.start for s in self._spans())

    @property
    def end(self) -> int:
        return max(s.end for s in self._spans())

    @property
    def context(self) -> frozenset[str]:
        """Context flags over the object and the linking words (a trigger inside the claim counts)."""
        found = set(self.object._.cc_context) | set(self.cue._.cc_context)
        return frozenset(found)


@Language.factory("cc_triples", assigns=["doc._.cc_triples"], default_config={"reference_paths": []})
def make_triples(nlp: Language, name: str, reference_paths: list[str]) -> TripleFinder:
    from claimcheck.data import reference_dir

    folders = tuple(reference_paths) or (str(reference_dir()),)
    return TripleFinder(nlp, cached_reference(folders))


class TripleFinder:
    def __init__(self, nlp: Language, reference: Reference) -> None:
        register_extensions()
        self.reference = reference
        facts = reference.facts
        self.cells = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cell in facts.cell_types.values():
            self.cells.add(cell.id, list(nlp.tokenizer.pipe(_spellings(cell.names))))
        self.markers = PhraseMatcher(nlp.vocab, attr="LOWER")
        for marker in facts.biomarkers.values():
            self.markers.add(marker.id, list(nlp.tokenizer.pipe(_spellings(marker.names))))
        from claimcheck.verdicts import target_words

        molecules = sorted({word for agent in reference.section("agents") for word in target_words(agent.target)})
        self.molecules = PhraseMatcher(nlp.vocab, attr="ORTH")
        variants = set(_spellings(molecules)) | {m.replace("-", "") for m in molecules}
        self.molecules.add("molecule", list(nlp.tokenizer.pipe(sorted(variants))))
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        wanted = doc.user_data.get(RELATIONS_KEY)  # None: every relation
        if not len(doc) or (wanted is not None and not wanted):
            doc._.cc_triples = []
            return doc

        def want(relation: str) -> bool:
            return wanted is None or relation in wanted

        entities = sorted(doc.spans.get(ENTITY_GROUP, []), key=lambda s: (s.start, s.end))
        taken = {i for s in entities if s.label_ != "TREATMENT" for i in range(s.start, s.end)}
        starts = sentence_starts_of(doc)
        featured = featured_agent(entities)

        def sentence_of(token: int) -> Span:  # built when asked: most sentences hold no triple
            return sentence_at(doc, starts, token)

        subjects = [s for s in entities if s.label_ in ("AGENT", "CLASS") and s.kb_id_]
        cancers = [s for s in entities if s.label_ == "CANCER" and s.kb_id_]
        triples: list[Triple] = []
        if want("treats"):
            triples += self._treats(doc, subjects, cancers, sentence_of)
        lowers = doc.to_array([LOWER]).reshape(-1)
        if want("acts_through"):
            cells = [Span(doc, s, e, label=self.strings[k]) for k, s, e in self.cells(doc)
                     if not taken & set(range(s, e))]
            stand_ins = [s for s in entities if s.label_ == "TREATMENT"] + [
                doc[i:i + 1] for i in self._positions(lowers, STAND_IN_PRONOUNS)
                if doc[i].is_sent_start or (i and doc[i - 1].lower_ in REPORTING)]  # "the doctor said it …"
            triples += self._acts_through(doc, subjects, cells, sentence_of, stand_ins, featured)
        if want("targets"):
            molecules = [Span(doc, s, e) for _k, s, e in self.molecules(doc)]
            triples += self._targets(doc, [s for s in subjects if s.label_ == "AGENT"], molecules, sentence_of)
        if want("is_a"):
            triples += self._is_a(doc, subjects, sentence_of)
        if want("first_of"):
            triples += self._first_of(doc, subjects, cancers, featured, sentence_of,
                                      self._positions(lowers, {"first"}))
        if want("biomarker_kind"):
            markers = [Span(doc, s, e, label=self.strings[k]) for k, s, e in self.markers(doc)]
            triples += self._biomarker_kinds(doc, _longest(markers), sentence_of)
        doc._.cc_triples = sorted(triples, key=lambda t: (t.start, t.relation))
        return doc

    # ----- relations ------------------------------------------------------------------------------
    def _treats(self, doc: Doc, subjects: list[Span], cancers: list[Span], sentence_of) -> Iterator[Triple]:
        # Subjects are looked up by start (bisect), not scanned for each cancer: an article naming
        # many drugs and cancers would otherwise cost their product.
        starts = [s.start for s in subjects]
        for cancer in cancers:
            sentence = sentence_of(cancer.start)
            before = [s for s in _starting_in(subjects, starts, sentence.start, cancer.start)
                      if s.end <= cancer.start and cancer.start - s.end <= _MAX_GAP]
            found = False
            for subject in reversed(before):
                gap = doc[subject.end:cancer.start]
                words = [t.lower_ for t in gap]
                if (any(w in CONTRAST for w in words) or _has_other(subjects, subject.end, cancer.start, starts)
                        or _contrasted(doc, subject, sentence)):
                    break
                cue = next((t for t in gap if t.lower_ in TREAT_CUES), None)
                if cue is None and len(words) <= 5:
                    cue = next((t for t in gap if t.lower_ in NEAR_TREAT_CUES), None)
                if cue is None:
                    cue = next((t for t in gap if t.lower_ == "with" and t.i > gap.start
                                and doc[t.i - 1].lower_ in PATIENT_WORDS), None)
                if cue is not None:
                    yield Triple("treats", subject, subject.kb_id_, cancer, cancer.kb_id_, doc[cue.i:cue.i + 1], sentence)
                    found = True
                break
            if found:
                continue
            after = [s for s in _starting_in(subjects, starts, cancer.end, cancer.end + 8) if s.end <= sentence.end]
            if after:
                subject = after[0]
                gap = doc[cancer.end:subject.start]
                if _has_other(subjects, cancer.end, subject.start, starts) or any(t.lower_ in CONTRAST for t in gap):
                    continue
                cue = next((t for t in gap if t.lower_ in PASSIVE_TREAT_CUES), None)
                if cue is not None:
                    yield Triple("treats", subject, subject.kb_id_, cancer, cancer.kb_id_, doc[cue.i:cue.i + 1], sentence)

    def _acts_through(self, doc: Doc, subjects: list[Span], cells: list[Span], sentence_of,
                      stand_ins: list[Span], featured: str | None) -> Iterator[Triple]:
        for cell in cells:
            sentence = sentence_of(cell.start)
            before = [s for s in subjects + stand_ins if sentence.start <= s.start and s.end <= cell.start
                      and cell.start - s.end - _aside_length(doc, s.end, cell.start) <= 15]
            passive = self._passive_subject(doc, cell, subjects, sentence) or _relative_subject(doc, cell, subjects, sentence)
            if passive is not None:  # "NK cells are unleashed by pembrolizumab", "NK cells are the cells that X frees"
                subject, cue = passive
                yield Triple("acts_through", subject, subject.kb_id_, cell, cell.label_, cue, sentence)
                continue
            if not before:
                continue
            nearest = max(before, key=lambda s: s.start)
            subject = _described_agent(doc, subjects, nearest, sentence)
            gap = doc[subject.end:cell.start]
            if (any(t.lower_ in CONTRAST for t in gap) or _has_other(subjects, nearest.end, cell.start)
                    or _contrasted(doc, subject, sentence)):
                continue
            cue = next((t for t in gap if t.lower_.startswith(CELL_CUES) or t.lower_ in CELL_WORD_CUES), None)
            if cue is None and subject.start > sentence.start and doc[subject.start - 1].lower_ in CELL_WORD_CUES:
                cue = doc[subject.start - 1]  # "With Keytruda, NK cells can attack …"
            if cue is None:
                continue
            if subject.kb_id_ and not self._featured_instance(doc, subject, featured):
                yield Triple("acts_through", subject, subject.kb_id_, cell, cell.label_, doc[cue.i:cue.i + 1], sentence)
                continue
            # "It frees NK cells …", "the drug lets …": the drug named last in the paragraph, else the article's
            earlier = None if subject.kb_id_ else _named_before(doc, subjects, sentence.start)
            if earlier is not None:  # "Keytruda is an immunotherapy. It …": the subject of that sentence
                earlier_sentence = sentence_of(earlier.start)
                earlier = next(s for s in subjects if s.kb_id_ and earlier_sentence.start <= s.start)
            meant = earlier.kb_id_ if earlier is not None else featured
            if meant is not None:
                yield Triple("acts_through", None, meant, cell, cell.label_, doc[cue.i:cue.i + 1], sentence,
                             featured=True)

    def _featured_instance(self, doc: Doc, subject: Span, featured: str | None) -> bool:
        """'The immunotherapy …', 'her immunotherapy …' in an article about one drug of that class:
        the class word with a determiner stands for that drug ("Immunotherapy …" alone is general)."""
        return (featured is not None and subject.label_ == "CLASS" and subject.start > 0
                and doc[subject.start - 1].lower_ in DETERMINERS and self.reference.is_a(featured, subject.kb_id_))

    @staticmethod
    def _previous_agent(doc: Doc, subjects: list[Span], sentence: Span, sentence_of) -> str | None:
        """The first drug of the sentence before `sentence`, when it is in the same block and names one."""
        if sentence.start == 0:
            return None
        previous = sentence_of(sentence.start - 1)
        if any("\n\n" in t.text_with_ws for t in doc[previous.start:sentence.start]):
            return None
        agents = [s for s in subjects if s.label_ == "AGENT" and previous.start <= s.start < previous.end]
        return agents[0].kb_id_ if agents else None

    def _common_or_known(self, name: Span) -> bool:
        """A word the reference or the dictionary knows ("Interferon", "Cytokines") is no unlisted product."""
        from lemminflect import getAllLemmas

        text = name.text.lower()
        if any(self.reference.lookup(form) is not None for form in (text, text.rstrip("s"))):
            return True
        return text.endswith("s") or any(getAllLemmas(t.lower_) for t in name)

    @staticmethod
    def _passive_subject(doc: Doc, cell: Span, subjects: list[Span], sentence: Span) -> tuple[Span, Span] | None:
        """'CELL are/get VERB-ed by X': (X, the verb) when X is a named drug or class."""
        words = doc[cell.end:min(sentence.end, cell.end + 5)]
        by = next((t for t in words if t.lower_ == "by"), None)
        if by is None:
            return None
        cue = next((t for t in doc[cell.end:by.i] if t.lower_.startswith(CELL_CUES) and t.lower_ not in ("so",)), None)
        if cue is None or not any(t.lower_ in ("is", "are", "was", "were", "be", "been", "being", "get", "gets", "got")
                                  for t in doc[cell.end:cue.i]):
            return None
        after = [s for s in subjects if by.i < s.start <= by.i + 3 and s.end <= sentence.end]
        return (after[0], doc[cue.i:cue.i + 1]) if after else None

    def _targets(self, doc: Doc, agents: list[Span], molecules: list[Span], sentence_of) -> Iterator[Triple]:
        for molecule in molecules:
            sentence = sentence_of(molecule.start)
            before = [s for s in agents if sentence.start <= s.start and s.end <= molecule.start
                      and molecule.start - s.end <= 10]
            if not before:
                continue
            agent = before[-1]
            gap = doc[agent.end:molecule.start]
            if any(t.lower_ in CONTRAST for t in gap) or _contrasted(doc, agent, sentence):
                continue
            cue = next((t for t in gap if t.lower_ in TARGET_CUES), None)
            if cue is not None:
                yield Triple("targets", agent, agent.kb_id_, molecule, molecule.text, doc[cue.i:cue.i + 1], sentence)

    def _is_a(self, doc: Doc, subjects: list[Span], sentence_of) -> Iterator[Triple]:
        from claimcheck.kinds.classification import _is_copula_or_apposition

        for index, subject in enumerate(subjects):
            if subject.label_ != "AGENT":
                continue
            sentence = sentence_of(subject.start)
            for other in subjects[index + 1:index + 3]:
                if other.label_ != "CLASS" or other.start >= sentence.end or other.start - subject.end > 8:
                    break
                gap = doc[subject.end:other.start]
                if _is_copula_or_apposition([t.lower_ for t in gap]):
                    yield Triple("is_a", subject, subject.kb_id_, other, other.kb_id_, gap if len(gap) else other,
                                 sentence)
                break

    def _positions(self, lowers: numpy.ndarray, words: set[str] | frozenset[str]) -> list[int]:
        wanted = numpy.array([self.strings.add(w) for w in words], dtype="uint64")
        return [int(i) for i in numpy.flatnonzero(numpy.isin(lowers, wanted))]

    def _first_of(self, doc: Doc, subjects: list[Span], cancers: list[Span], featured: str | None,
                  sentence_of, firsts: list[int]) -> Iterator[Triple]:
        classes = [s for s in subjects if s.label_ == "CLASS"]
        class_starts = [s.start for s in classes]
        for index in firsts:
            token = doc[index]
            following = [t.lower_ for t in doc[token.i + 1:token.i + 3]]
            if following[:1] in (["line"], ["in"]) or following[:2] in (["-", "line"], ["-", "in"]):
                continue
            sentence = sentence_of(token.i)
            index = bisect.bisect_left(class_starts, token.i + 1)
            if index >= len(classes) or classes[index].start >= sentence.end:
                continue
            described = classes[index]
            gap = [t.lower_ for t in doc[token.i + 1:described.start]]
            if len(gap) > 7 or not all(w in FIRST_FILLERS for w in gap):
                continue
            if {t.lower_ for t in doc[sentence.start:_clause_end(doc, described.end, sentence.end)]} & ELSEWHERE:
                continue  # "the first in the UK"; a place in a later clause (", and the centre is …") is another claim
            # the cancer the claim is limited to: named soon after the class, in the same clause
            # ("the first immunotherapy for prostate cancer", not "…, in 2010, treats prostate cancer")
            scope_cancers = [c for c in cancers if described.end <= c.start < min(sentence.end, described.end + 10)
                             and not any(t.lower_ in SCOPE_STOPS for t in doc[described.end:c.start])]
            scope = scope_cancers[0].kb_id_ if scope_cancers else None
            tail = [t.lower_ for t in doc[described.end:min(sentence.end, described.end + 3)]]
            if tail[:1] == [","]:
                tail = []  # "ipilimumab, the first PD-1 inhibitor, in 2011": the apposition ends at the comma
            if tail[:1] and tail[0] in OWNERS:
                continue  # "the first immunotherapy she received": her story, not a history
            if tail[:1] == ["to"] and tail[1:2] and tail[1] not in APPROVAL_VERBS:
                continue  # "the first immunotherapy to extend survival …": first at a feat, not of the class
            agents = [s for s in subjects if s.label_ == "AGENT" and sentence.start <= s.start < sentence.end]
            if scope is None and any(w in SCOPE_WORDS for w in tail) and not _generic_scope(
                    [t.lower_ for t in doc[described.end:min(sentence.end, described.end + 6)]
                     if agents or t.lower_ not in DATING_VERBS]):
                continue  # "the first checkpoint inhibitor approved for …" something we cannot place
            cue = doc[token.i:described.end]
            if agents:
                before = [a for a in agents if a.end <= token.i]
                subject = before[-1] if before else agents[0]
                yield Triple("first_of", subject, subject.kb_id_, described, described.kb_id_, cue, sentence, scope)
            elif {t.lower_ for t in doc[sentence.start:token.i]} & REFERRING and (
                    meant := self._previous_agent(doc, subjects, sentence, sentence_of) or featured) is not None:
                # "Provenge was approved in 2010. It was the first …": the drug the last sentence was about
                yield Triple("first_of", None, meant, described, described.kb_id_, cue, sentence, scope,
                             featured=True)
            elif (named_class := _class_before(doc, classes, sentence, token.i)) is not None:
                # "Cancer vaccines were the first immunotherapy": a class called the first of another
                yield Triple("first_of", named_class, named_class.kb_id_, described, described.kb_id_, cue, sentence,
                             scope)
            elif (year := _approval_year(doc, sentence, described)) is not None:
                # "The first immunotherapy was approved in 2011": a first dated, with no product named
                from claimcheck.verdicts import DATED

                yield Triple("first_of", year, DATED + year.text, described, described.kb_id_, cue, sentence, scope)
            else:
                product = _named_product(doc, sentence, token.i)
                if product is not None and not self._common_or_known(product):  # "Enteromix is the first cancer vaccine": a product the reference lacks
                    from claimcheck.verdicts import UNLISTED

                    yield Triple("first_of", product, UNLISTED + product.text, described, described.kb_id_, cue,
                                 sentence, scope)

    def _biomarker_kinds(self, doc: Doc, markers: list[Span], sentence_of) -> Iterator[Triple]:
        for marker in markers:
            sentence = sentence_of(marker.start)
            words = []
            for t in doc[marker.end:min(sentence.end, marker.end + 5)]:
                if t.lower_ in KIND_WORDS:
                    words.append(t)
                    break
                if t.lower_ in GENE_CHANGE_WORDS and doc[t.i - 1].lower_ in GENE_WORDS:
                    words.append(t)  # "the PD-L1 gene change", "a PD-L1 genetic defect": a mutation in other words
                    break
                if t.lower_ not in KIND_FILLERS:
                    break
            # "a mutation called PD-L1", "mutations in PD-L1", "mutations in EGFR, ALK and PD-L1", and
            # "a mutation of the PD-L1 protein" (the kind word before the marker counts as well)
            if marker.start > sentence.start and doc[marker.start - 1].lower_ in FAULTY_WORDS \
                    and marker.end < sentence.end and doc[marker.end].lower_ in GENE_WORDS:
                words.append(doc[marker.start - 1])  # "the faulty PD-L1 gene"
            listed, in_list = 0, True
            for t in reversed(doc[max(sentence.start, marker.start - 10):marker.start]):
                if t.lower_ in KIND_WORDS:
                    words.append(t)
                    break
                if in_list and listed < 8 and (t.lower_ in LIST_JOINS or _gene_name(t.text)):
                    listed += 1  # another gene of the same list ("EGFR, ALK, ROS1 and")
                    continue
                in_list = False  # "…, and for PD-L1 expression": the list before "for" is another claim's
                if t.lower_ not in KIND_BACK_FILLERS:
                    break
            for word in dict.fromkeys(words):
                kind = "mutation" if word.lower_ in GENE_CHANGE_WORDS or word.lower_ in FAULTY_WORDS else word.lower_
                yield Triple("biomarker_kind", None, kind, marker, marker.label_, doc[word.i:word.i + 1], sentence)


NOT_PRODUCTS = frozenset({"the", "a", "an", "it", "this", "that", "they", "these", "which", "fda", "u.s.", "us",
                          "he", "she", "we", "i", "our", "his", "her", "their", "in", "for", "and", "but", "today",
                          "now", "then", "here", "there", "what", "who", "new", "its", "doctors", "researchers"})


_LINK_WORDS = frozenset({"is", "was", "are", "were", "becomes", "became", "has", "had", "have", "been", "become", "the",
                         "a", "an", "now", "also", ",", "officially"})


CLAUSE_JOINS = frozenset({"and", "but", "while", "whereas", "so"})


def _clause_end(doc: Doc, start: int, end: int) -> int:
    """Where the clause running on from `start` ends: a semicolon, or a comma before 'and'/'but'/'while'."""
    for i in range(start, end):
        word = doc[i].lower_
        if word in (";", "—", "–") or word == "," and i + 1 < end and doc[i + 1].lower_ in CLAUSE_JOINS:
            return i
    return end


def _link_start(doc: Doc, sentence: Span, first: int) -> int:
    """Where the copula or apposition before "first" begins ("X is the first": at "is")."""
    link = first
    while link > sentence.start and doc[link - 1].lower_ in _LINK_WORDS:
        link -= 1
    return link


def _class_before(doc: Doc, classes: list[Span], sentence: Span, first: int) -> Span | None:
    link = _link_start(doc, sentence, first)
    if link == first:
        return None
    return next((c for c in classes if c.end == link and c.start >= sentence.start and c.kb_id_), None)


def _named_product(doc: Doc, sentence: Span, first: int) -> Span | None:
    """A capitalised name (not in the reference) linked to "the first" by a copula or an apposition:
    "Zorvax is the first …", "Zorvax, the first …". Sentence-initial common words are not names."""
    link = _link_start(doc, sentence, first)
    if link == first or link <= sentence.start:
        return None
    end = link
    start = end
    while start > sentence.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
            and doc[start - 1].lower_ not in NOT_PRODUCTS:
        start -= 1
    if start == end or end - start > 3:
        return None
    if start > sentence.start and doc[start - 1].is_alpha and doc[start - 1].lower_ not in ("the", "called", "named"):
        return None  # "… with Zorvax is …" is not a name standing as the subject
    return doc[start:end]


APPROVAL_WORDS = frozenset({"approved", "approval", "licensed", "licence", "license", "cleared", "authorised",
                            "authorized", "launched", "introduced", "arrived"})
DATING_VERBS = frozenset({"was", "were", "is", "first"})  # "the first … was approved in 2014" dates it
_YEAR_LEADS = frozenset({"in", "back", "since"})


def _approval_year(doc: Doc, sentence: Span, described: Span) -> Span | None:
    """The year a first is dated to, in a sentence that says it was approved ("the first checkpoint
    inhibitor was approved in 2011", "In 2011, the first … was licensed"): "in 2011" after the class,
    or a sentence-initial "In 2011,"."""
    words = {t.lower_ for t in sentence}
    if not words & APPROVAL_WORDS:
        return None
    for t in doc[described.end:min(sentence.end, described.end + 12)]:
        if t.lower_ in (";", ":"):
            break
        if _is_year(t.text) and t.i > 0 and doc[t.i - 1].lower_ in _YEAR_LEADS:
            return doc[t.i:t.i + 1]
    start = sentence.start
    if sentence.end - start > 3 and doc[start].lower_ == "in" and _is_year(doc[start + 1].text) \
            and doc[start + 2].text == ",":
        return doc[start + 1:start + 2]
    return None


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


SCOPE_FILLERS = frozenset({"for", "against", "to", "treat", "the", "in", "ever", "approved", "fda-approved", "licensed",
                           "available", "of", "any", "kind", "sort", "type", "a", "an", "be", "been", "used"})
GENERIC_CANCER = frozenset({"cancer", "cancers", "tumour", "tumours", "tumor", "tumors", "patients"})


def _generic_scope(tail: list[str]) -> bool:
    """'the first immunotherapy for cancer' (cancer in general) or '… in 2010' (a year) is no limit
    on the claim."""
    words = [w for w in tail if w not in SCOPE_FILLERS]
    return bool(words) and (words[0] in GENERIC_CANCER or (words[0].isdigit() and len(words[0]) == 4))


def _contrasted(doc: Doc, span: Span, sentence: Span) -> bool:
    """'unlike X', 'rather than X': the sentence is not claiming anything of X."""
    return any(t.lower_ in CONTRAST for t in doc[max(sentence.start, span.start - 3):span.start])


def _named_before(doc: Doc, subjects: list[Span], token: int) -> Span | None:
    """The last drug or class named before `token` in the same block (a blank line ends a block)."""
    before = [s for s in subjects if s.end <= token]
    if not before:
        return None
    between = doc[before[-1].end:token]
    return None if any("\n\n" in t.text_with_ws for t in between) else before[-1]


HYPHENS = ("\u2010", "\u2011", "\u2013", "\u2012", " ")  # hyphen, non-breaking hyphen, dashes, a space


def _spellings(names: list[str] | tuple[str, ...]) -> list[str]:
    """Each name as written and with its hyphens typed as the other hyphens and dashes web pages use
    ("PD‑L1" with a non-breaking hyphen, "PD–L1", "PD L1", "natural-killer cells")."""
    found = dict.fromkeys(names)
    for name in names:
        for hyphen in HYPHENS:
            found.setdefault(name.replace("-", hyphen))
        if " " in name and "killer" in name:
            found.setdefault(name.replace("natural killer", "natural-killer"))
    return list(found)


ASIDE_OPENERS = frozenset({"which", "who", "a", "an", "the", "approved", "also", "known", "sold", "given"})


def _aside_length(doc: Doc, start: int, end: int) -> int:
    """Tokens of an aside set off by commas right after a subject ("Keytruda, which was approved in
    2014 for …, works by …"), which do not count against the distance to the claim."""
    if start >= end or doc[start].lower_ != "," or start + 1 >= end or doc[start + 1].lower_ not in ASIDE_OPENERS:
        return 0
    close = next((t.i for t in doc[start + 1:end] if t.lower_ == ","), None)
    return 0 if close is None else close - start + 1


def _described_agent(doc: Doc, subjects: list[Span], subject: Span, sentence: Span) -> Span:
    """'Opdivo is an immunotherapy that works with NK cells': the claim is about the drug the class
    word describes (a copula or apposition joins them), not about immunotherapy in general."""
    if subject.label_ != "CLASS":
        return subject
    from claimcheck.kinds.classification import _is_copula_or_apposition

    before = [s for s in subjects if s.label_ == "AGENT" and sentence.start <= s.start and s.end <= subject.start
              and subject.start - s.end <= 6]
    for agent in reversed(before):
        gap = [t.lower_ for t in doc[agent.end:subject.start]]
        if _is_copula_or_apposition(gap[1:] if gap[:1] == [")"] else gap):  # "Keytruda (pembrolizumab) is a …"
            return agent
    return subject


RELATIVE_LEAD = frozenset({"are", "is", "were", "was", "the", "cells", "cell", "ones", "very", "exactly", "immune",
                           "main", "real", "really", "those", "what", "just"})


def _relative_subject(doc: Doc, cell: Span, subjects: list[Span], sentence: Span) -> tuple[Span, Span] | None:
    """'Macrophages are the cells that checkpoint drugs set loose': (the drug or class, its verb) when
    the cell is the object of a relative clause whose subject is a named drug or class."""
    link = next((t for t in doc[cell.end:min(sentence.end, cell.end + 6)] if t.lower_ in ("that", "which")), None)
    if link is None or not all(t.lower_ in RELATIVE_LEAD for t in doc[cell.end:link.i]) or link.i == cell.end:
        return None
    subject = next((s for s in subjects if s.start in (link.i + 1, link.i + 2) and s.end <= sentence.end), None)
    if subject is None or doc[subject.start - 1].lower_ not in ("that", "which", "the", "our", "these", "new"):
        return None
    cue = next((t for t in doc[subject.end:min(sentence.end, subject.end + 3)] if t.lower_.startswith(CELL_CUES)), None)
    return (subject, doc[cue.i:cue.i + 1]) if cue is not None else None


def _gene_name(text: str) -> bool:
    """A short upper-case gene or protein symbol: EGFR, ALK, ROS1, BRAF, HER2."""
    return 2 <= len(text) <= 6 and text.isalnum() and text.isupper()


def _has_other(subjects: list[Span], lo: int, hi: int, starts: list[int] | None = None) -> bool:
    """A subject inside tokens [lo, hi); `starts`: the subjects' starts (sorted), to look only there."""
    candidates = subjects if starts is None else _starting_in(subjects, starts, lo, hi)
    return any(lo <= s.start and s.end <= hi for s in candidates)


def _starting_in(spans: list[Span], starts: list[int], lo: int, hi: int) -> list[Span]:
    """The spans (sorted by start, `starts` their starts) that start at a token in [lo, hi]."""
    return spans[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)]


def _longest(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return sorted(filter_spans(spans), key=lambda s: s.start)


def featured_agent(entities: list[Span]) -> str | None:
    """The drug an article is about: the only one it names, or one named at least twice and at least
    twice as often as any other."""
    counts = Counter(s.kb_id_ for s in entities if s.label_ == "AGENT" and s.kb_id_)
    if not counts:
        return None
    (top, count), *rest = counts.most_common(2)
    if not rest:
        return top  # the only drug the article names
    if count < 2 or (rest and rest[0][1] * 2 > count):
        return None
    return top


def triple_record(triple: Triple, reference: Reference) -> dict[str, object]:
    """A triple and its verdict as plain data (for `claimcheck claims` and JSON)."""
    from claimcheck.verdicts import judge

    verdict = judge(reference, triple.relation, triple.subject_id, triple.object_id, triple.scope)
    subject_entry = reference.entries.get(triple.subject_id or "")
    subject = (triple.subject.text if triple.subject is not None
               else subject_entry.name if subject_entry is not None else triple.subject_id)
    return {
        "relation": triple.relation, "subject": subject, "subject_id": triple.subject_id,
        "object": triple.object.text, "object_id": triple.object_id, "scope": triple.scope,
        "featured_subject": triple.featured, "context": sorted(triple.context),
        "verdict": verdict.status, "fact": verdict.fact, "verified": verdict.verified,
        "sources": list(reference.source_urls(verdict.sources)),
    }
