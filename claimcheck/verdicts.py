"""Verdicts: a claim triple judged against the reference, with the fact and its sources.

`judge()` answers for every relation the claims component extracts: the claim is *supported* (the
reference says so), *contradicted* (the reference says something else) or *not in the reference*
(it says nothing either way). Checks and `claimcheck claims` share these answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.facts import First, Indication
from claimcheck.reference import Reference

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NOT_IN_REFERENCE = "not in reference"
RELATIONS = ("treats", "targets", "acts_through", "is_a", "first_of", "biomarker_kind")


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str
    fact: str                      # what the reference says, in a sentence
    sources: tuple[str, ...] = ()  # source ids
    verified: bool = True


UNLISTED = "unlisted:"  # a first_of subject named in the text but absent from the reference ("unlisted:Enteromix")
DATED = "dated:"  # a first_of subject given only as the year it was approved ("dated:2011")


def judge(reference: Reference, relation: str, subject_id: str | None, object_id: str,
          scope: str | None = None) -> Verdict:
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r}")
    if relation == "biomarker_kind":
        return _biomarker_kind(reference, object_id, subject_id or "")
    if relation == "first_of" and subject_id is not None and subject_id.startswith(UNLISTED):
        return _first_of_unlisted(reference, subject_id[len(UNLISTED):], object_id, scope)
    if relation == "first_of" and subject_id is not None and subject_id.startswith(DATED):
        return _first_of_dated(reference, int(subject_id[len(DATED):]), object_id, scope)
    if subject_id is None or subject_id not in reference.entries:
        return Verdict(NOT_IN_REFERENCE, "the subject is not named")
    return {"treats": _treats, "targets": _targets, "acts_through": _acts_through, "is_a": _is_a,
            "first_of": _first_of}[relation](reference, subject_id, object_id, scope)


# ----- indications --------------------------------------------------------------------------------

def indications_of(reference: Reference, entry_id: str) -> list[Indication]:
    """An agent's indications (a new form takes its original's); a class's are its members'."""
    facts = reference.facts
    entry = reference.entries.get(entry_id)
    if entry is None:
        return []
    if entry.section == "classes":
        members = sorted(m for m in reference.descendants(entry_id) if reference.entries[m].section == "agents")
        return [i for member in members for i in indications_of(reference, member)]
    original = facts.same_as.get(entry_id, (entry_id, "", 0))[0]
    return [i for i in facts.indications if i.agent == original]


def covers(reference: Reference, claimed: str, indicated: str) -> bool:
    """An indication for `indicated` backs a claim about `claimed`: the same cancer, a wider group
    of it ("solid tumour" for a tissue-agnostic approval) or a narrower one."""
    return indicated in reference.lineage(claimed) or claimed in reference.lineage(indicated)


def _treats(reference: Reference, subject_id: str, cancer_id: str, _scope: str | None) -> Verdict:
    indications = indications_of(reference, subject_id)
    subject = reference.entries[subject_id]
    cancer = reference.entries[cancer_id]
    if not indications:
        return Verdict(NOT_IN_REFERENCE, f"the reference lists no approved indications for {subject.name}")
    matching = [i for i in indications if covers(reference, cancer_id, i.cancer)]
    treating = [i for i in matching if i.use == "treatment"]
    if treating:
        best = next((i for i in treating if i.status == "approved"), treating[0])
        who = f" ({reference.entries[best.agent].name})" if best.agent != subject_id else ""
        withdrawn = " (since withdrawn)" if best.status == "withdrawn" else ""
        setting = f": {best.setting}" if best.setting else ""
        return Verdict(SUPPORTED, f"{best.agency}-approved{who} for {reference.entries[best.cancer].name} "
                       f"in {best.year}{withdrawn}{setting}", best.sources, best.verified)
    if matching:
        best = matching[0]
        return Verdict(CONTRADICTED, f"{subject.name} prevents an infection that can cause {cancer.name}; it is not "
                       f"a treatment for it ({best.agency}: {best.setting})", best.sources, best.verified)
    return Verdict(CONTRADICTED, f"{subject.name} is {indications[0].agency}-approved for "
                   f"{approved_list(reference, indications)}, not for {cancer.name}",
                   _sources(indications), all(i.verified for i in indications))


def approved_list(reference: Reference, indications: list[Indication], limit: int = 12) -> str:
    names = list(dict.fromkeys(reference.entries[i.cancer].name for i in indications
                               if i.status == "approved" and i.use == "treatment"))
    if not names:
        names = list(dict.fromkeys(reference.entries[i.cancer].name for i in indications))
    shown = names[:limit]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(shown) + more


def _sources(items: list[Indication] | list[First]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for item in items for s in item.sources))


# ----- targets, cells, classes, firsts ------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:,|/|\+|\band\b|\bx\b|\bincluding\b|\bon\b)\s*")


def molecule_key(name: str) -> str:
    return name.upper().replace("-", "").replace(" ", "")


def target_words(target: str | None) -> set[str]:
    """Molecule names in a reference `target` field: "BCMA x CD3" -> {BCMA, CD3}."""
    names = set()
    for part in _SPLIT.split(re.sub(r"\([^)]*\)", " ", target or "")):
        word = part.strip().split(" ")[0] if part.strip() else ""
        if len(word) > 1 and any(c.isupper() for c in word) and re.match(r"^[A-Z][A-Za-z0-9-]*$", word):
            names.add(word)
    return names


def target_keys(target: str | None) -> set[str]:
    return {molecule_key(word) for word in target_words(target)}


def _targets(reference: Reference, subject_id: str, molecule: str, _scope: str | None) -> Verdict:
    subject = reference.entries[subject_id]
    own = target_keys(subject.target)
    key = molecule_key(molecule)
    if key in own:
        return Verdict(SUPPORTED, f"{subject.name} acts on {subject.target}", subject.sources, subject.verified)
    if own and any(key in target_keys(e.target) for e in reference.section("agents")):
        return Verdict(CONTRADICTED, f"{subject.name} acts on {subject.target}, not {molecule}", subject.sources,
                       subject.verified)
    return Verdict(NOT_IN_REFERENCE, f"the reference gives {subject.name} no target {molecule}")


def _acts_through(reference: Reference, subject_id: str, cell_id: str, _scope: str | None) -> Verdict:
    facts = reference.facts
    cell = facts.cell_types[cell_id]
    for ancestor in reference.lineage(subject_id):
        for role in facts.roles:
            if role.class_id != ancestor:
                continue
            if cell_id in role.cells:
                return Verdict(SUPPORTED, role.note, role.sources, role.verified)
            names = ", ".join(facts.cell_types[c].name for c in role.cells)
            if cell_id in role.not_cells:
                return Verdict(CONTRADICTED, f"{reference.entries[role.class_id].name} works through {names}, not "
                               f"{cell.name}: {role.note}", role.sources, role.verified)
            return Verdict(NOT_IN_REFERENCE, f"the reference names {names} for {reference.entries[role.class_id].name}")
    return Verdict(NOT_IN_REFERENCE, f"the reference names no immune cells for {reference.entries[subject_id].name}")


def _is_a(reference: Reference, subject_id: str, class_id: str, _scope: str | None) -> Verdict:
    grade = reference.grade(subject_id, class_id)
    subject = reference.entries[subject_id]
    described = reference.entries[class_id]
    if grade.grade in ("correct", "acceptable"):
        return Verdict(SUPPORTED, f"{subject.name} is {_article(reference.primary_class_name(subject_id))}"
                       + ("" if grade.grade == "correct" else f"; calling it {_article(described.name)} is acceptable"),
                       grade.sources or subject.sources, subject.verified)
    if grade.grade == "imprecise":
        return Verdict(SUPPORTED, f"imprecise: {grade.note}", grade.sources or subject.sources, subject.verified)
    return Verdict(CONTRADICTED, grade.note, grade.sources or subject.sources, subject.verified)


def firsts_for(reference: Reference, class_id: str, scope: str | None) -> list[First]:
    return [f for f in reference.facts.firsts if f.class_id == class_id and f.scope == scope]


def _recorded_first(reference: Reference, class_id: str, scope: str | None) -> tuple[list[First], str]:
    """The first the reference records for a class (and scope), and the words for "the first what".
    With no `firsts` entry for a cancer, the firsts read from the indications (several when more than
    one member was approved for it in the earliest year)."""
    recorded = firsts_for(reference, class_id, scope)[:1]
    firsts = recorded or (derived_firsts(reference, class_id, scope) if scope else [])
    where = f" for {reference.entries[scope].name}" if scope else ""
    return firsts, f"{reference.entries[class_id].name}{where}"


def derived_firsts(reference: Reference, class_id: str, scope: str) -> list[First]:
    """The first of a class for one cancer, read from the indications when no `firsts` entry records it:
    the members approved earliest (by year) for that cancer or a narrower group of it (a tissue-agnostic
    approval "for any solid tumour" is no first for lung cancer). Members
    approved in the same year are all returned, since a year cannot tell which came first."""
    earliest: dict[str, Indication] = {}
    for indication in indications_of(reference, class_id):
        if indication.use != "treatment" or indication.year is None \
                or scope not in reference.lineage(indication.cancer):
            continue
        kept = earliest.get(indication.agent)
        if kept is None or indication.year < (kept.year or 0):
            earliest[indication.agent] = indication
    if not earliest:
        return []
    year = min(i.year or 0 for i in earliest.values())
    tied = sorted((i for i in earliest.values() if i.year == year), key=lambda i: i.agent)
    approved = sorted((i for i in earliest.values() if i.status == "approved"), key=lambda i: (i.year or 0, i.agent))
    firsts = []
    for indication in tied:
        cancer = reference.entries[indication.cancer].name
        withdrawn = " (since withdrawn)" if indication.status == "withdrawn" else ""
        later = (f"; the earliest still approved is {reference.entries[approved[0].agent].name} ({approved[0].year})"
                 if withdrawn and approved and approved[0].year != year else "")
        note = (f"{reference.entries[indication.agent].name} was {indication.agency}-approved for {cancer} in "
                f"{year}{withdrawn}{later} (from the indications in the reference)")
        firsts.append(First(class_id, indication.agent, year, indication.agency, scope, note, indication.sources,
                            indication.verified, indication.path, indication.line))
    return firsts


def _first_of(reference: Reference, subject_id: str, class_id: str, scope: str | None) -> Verdict:
    firsts, what = _recorded_first(reference, class_id, scope)
    if not firsts:
        return Verdict(NOT_IN_REFERENCE, f"the reference does not record the first {what}")
    subject = reference.entries[subject_id]
    first = firsts[0]
    first_agent = reference.entries[first.agent]
    if subject.section == "classes":  # "cancer vaccines were the first immunotherapy"
        member = next((f for f in firsts if reference.is_a(f.agent, subject_id)), None)
        if member is not None:
            return Verdict(SUPPORTED, f"{reference.entries[member.agent].name} ({member.year}), a {subject.name}, "
                           f"was the first {what}", member.sources, member.verified)
        return Verdict(CONTRADICTED, f"the first {what} was {first_agent.name} ({first.agency}, "
                       f"{first.year}), not a {subject.name}: {first.note}", first.sources, first.verified)
    original = reference.facts.same_as.get(subject_id, (subject_id, "", 0))[0]
    for candidate in firsts:
        if original == candidate.agent or set(subject.brands) & set(reference.entries[candidate.agent].brands):
            return Verdict(SUPPORTED, f"{reference.entries[candidate.agent].name} ({candidate.year}) was the first "
                           f"{what}: {candidate.note}", candidate.sources, candidate.verified)
    return Verdict(CONTRADICTED, f"the first {what} was {first_agent.name} ({first.agency}, {first.year}): "
                   f"{first.note}", first.sources, first.verified)


def _first_of_unlisted(reference: Reference, name: str, class_id: str, scope: str | None) -> Verdict:
    """"Enteromix is the first cancer vaccine": a product the reference does not list as approved cannot be
    the first approved one when the reference records another."""
    firsts, what = _recorded_first(reference, class_id, scope)
    if not firsts:
        return Verdict(NOT_IN_REFERENCE, f"the reference does not record the first {what}")
    first = firsts[0]
    first_agent = reference.entries[first.agent]
    return Verdict(CONTRADICTED, f"the first {what} was {first_agent.name} ({first.agency}, {first.year}), "
                   f"and {name} is not among the approved products the reference lists: {first.note}",
                   first.sources, first.verified)


def _first_of_dated(reference: Reference, year: int, class_id: str, scope: str | None) -> Verdict:
    """"The first immunotherapy was approved in 2011": the year is checked against the first the reference
    records (a first read from indications is not used: they may miss an early approval)."""
    firsts = firsts_for(reference, class_id, scope)
    what = reference.entries[class_id].name + (f" for {reference.entries[scope].name}" if scope else "")
    if not firsts:
        return Verdict(NOT_IN_REFERENCE, f"the reference does not record the first {what}")
    first = firsts[0]
    first_agent = reference.entries[first.agent]
    if first.year == year:
        return Verdict(SUPPORTED, f"{first_agent.name} ({first.year}) was the first {what}: {first.note}",
                       first.sources, first.verified)
    return Verdict(CONTRADICTED, f"the first {what} was {first_agent.name} ({first.agency}, {first.year}): "
                   f"{first.note}", first.sources, first.verified)


def _biomarker_kind(reference: Reference, marker_id: str, word: str) -> Verdict:
    marker = reference.facts.biomarkers[marker_id]
    kind = _KIND_NAMES[marker.kind]
    word = word.lower()
    if word in marker.not_called or word.rstrip("s") in marker.not_called:
        word = word.rstrip("s") if word.rstrip("s") in marker.not_called else word
        return Verdict(CONTRADICTED, f"{marker.name} is a {kind}, not a {word}: {marker.note}",
                       marker.sources, marker.verified)
    status = SUPPORTED if word.rstrip("s") in _KIND_WORDS.get(marker.kind, ()) else NOT_IN_REFERENCE
    return Verdict(status, f"{marker.name} is a {kind}", marker.sources, marker.verified)


_KIND_WORDS = {"protein_expression": {"expression", "overexpression", "protein"},
               "mutation": {"mutation", "mutated", "mutant", "variant"},
               "fusion": {"fusion", "rearrangement", "translocation"}, "amplification": {"amplification"}}
_KIND_NAMES = {"protein_expression": "protein whose level is measured", "mutation": "gene mutation",
               "fusion": "gene fusion", "msi_dmmr": "DNA mismatch-repair status", "tmb": "count of mutations",
               "amplification": "gene amplification"}


def _article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"
