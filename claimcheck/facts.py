"""Reference facts that relate entries to each other: indications, cell types, biomarkers, firsts,
misconceptions.

These sections (format in `reference/README.md`) are read by the reference loader and validated
once every entry is known: each fact names its sources, and an unknown agent, class, cancer, cell
type or source is a `DataError` with the file and line. The questions the claim checks ask ("is
pembrolizumab approved for this cancer?", "does a PD-1 drug work through NK cells?") are answered
here, so that every check and the `claims` command agree.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck.errors import DataError
from claimcheck.yamlio import FieldReader, Located

if TYPE_CHECKING:
    from claimcheck.reference import Reference

FACT_SECTIONS = ("indications", "cell_types", "acts_through", "biomarkers", "firsts", "misconceptions")
BIOMARKER_KINDS = ("protein_expression", "mutation", "fusion", "msi_dmmr", "tmb", "amplification")
MISCONCEPTION_CATEGORIES = ("overclaim", "hype", "safety", "mechanism", "classification", "evidence")
AGENCIES = ("FDA", "EMA", "MHRA", "Health Canada", "TGA", "PMDA", "NMPA")


@dataclass(frozen=True, slots=True)
class Indication:
    agent: str
    cancer: str
    year: int | None
    agency: str
    setting: str
    biomarker: str
    status: str          # approved | withdrawn
    use: str             # treatment | prevention
    sources: tuple[str, ...]
    verified: bool
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class CellType:
    id: str
    name: str
    names: tuple[str, ...]
    sources: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class CellRole:
    """The immune cells a class acts through, and cells it is often wrongly credited with."""

    class_id: str
    cells: tuple[str, ...]
    not_cells: tuple[str, ...]
    note: str
    sources: tuple[str, ...]
    verified: bool
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Biomarker:
    id: str
    name: str
    names: tuple[str, ...]
    kind: str
    not_called: tuple[str, ...]   # words that describe another kind of biomarker ("mutation" for PD-L1)
    note: str
    sources: tuple[str, ...]
    verified: bool
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class First:
    class_id: str
    agent: str
    year: int
    agency: str
    scope: str | None      # a cancer id ("the first … for a solid tumour") or None
    note: str
    sources: tuple[str, ...]
    verified: bool
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Misconception:
    id: str
    category: str
    statement: str
    all_of: tuple[re.Pattern[str], ...]    # every pattern must be found in the sentence
    none_of: tuple[re.Pattern[str], ...]   # none of these may be
    correction: str
    sources: tuple[str, ...]
    verified: bool
    path: str
    line: int
    about: tuple[str, ...] = ()   # classes: the sentence names one, or the article's featured drug is one
    frames: tuple[str, ...] = ()          # frame lines over word classes (claimcheck/kinds/frame.py): any may match
    unless_frames: tuple[str, ...] = ()   # frames that, in the same sentence, make a match fine
    not_about: tuple[str, ...] = ()       # classes whose members the statement is true of
    # "these trained cells kill …": the sentence before, in the paragraph, must name what "these cells"
    # stand for (one `antecedent` pattern found) and nothing else they could be (no `antecedent_none_of`)
    antecedent: tuple[re.Pattern[str], ...] = ()
    antecedent_none_of: tuple[re.Pattern[str], ...] = ()


@dataclass
class Facts:
    indications: list[Indication] = field(default_factory=list)
    same_as: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # agent -> (original, path, line)
    indication_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indication_entries: dict[str, tuple[str, int]] = field(default_factory=dict)  # agent -> (path, line)
    cell_types: dict[str, CellType] = field(default_factory=dict)
    roles: list[CellRole] = field(default_factory=list)
    biomarkers: dict[str, Biomarker] = field(default_factory=dict)
    firsts: list[First] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"indications": len(self.indications), "cell types": len(self.cell_types),
                "cell roles": len(self.roles), "biomarkers": len(self.biomarkers), "firsts": len(self.firsts),
                "misconceptions": len(self.misconceptions)}


# ----- reading ------------------------------------------------------------------------------------

_KEYS = {
    "indications": {"agent", "agency", "sources", "verified", "approvals", "same_as", "note"},
    "approval": {"cancer", "year", "setting", "biomarker", "status", "use", "sources", "verified"},
    "cell_types": {"id", "name", "synonyms", "sources"},
    "acts_through": {"class", "cells", "not_cells", "note", "sources", "verified"},
    "biomarkers": {"id", "name", "synonyms", "kind", "not_called", "note", "sources", "verified"},
    "firsts": {"class", "agent", "year", "agency", "scope", "note", "sources", "verified"},
    "misconceptions": {"id", "category", "statement", "all_of", "none_of", "about", "correction", "sources",
                       "verified", "frames", "unless_frames", "not_about", "antecedent", "antecedent_none_of"},
}
_REQUIRED = {
    "indications": ("agent", "agency", "sources"),
    "approval": ("cancer", "year"),
    "cell_types": ("id", "name", "sources"),
    "acts_through": ("class", "cells", "sources"),
    "biomarkers": ("id", "name", "kind", "sources"),
    "firsts": ("class", "agent", "year", "agency", "sources"),
    "misconceptions": ("id", "category", "statement", "correction", "sources"),
}


class _FactReader(FieldReader):
    def check_keys(self, node: Any, kind: str) -> None:
        if not isinstance(node, dict):
            raise self.fail(node, f"each item of '{kind}' must be a mapping")
        for key in node:
            if key not in _KEYS[kind]:
                raise self.fail(node, f"unknown key '{key}' in {kind} (allowed: {', '.join(sorted(_KEYS[kind]))})", key)
        for key in _REQUIRED[kind]:
            if node.get(key) in (None, "", []):
                raise self.fail(node, f"{kind} entry is missing '{key}'")

    def verified(self, node: Located, default: bool = True) -> bool:
        value = node.get("verified", default)
        if not isinstance(value, bool):
            raise self.fail(node, "'verified' must be true or false", "verified")
        return value

    def year(self, node: Located, key: str = "year") -> int:
        value = node.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1850 <= value <= 2100:
            raise self.fail(node, f"'{key}' must be a year", key)
        return value

    def agency(self, node: Located) -> str:
        agency = self.text(node, "agency")
        if agency not in AGENCIES:
            raise self.fail(node, f"'agency' must be one of {', '.join(AGENCIES)}", "agency")
        return agency

    def sources(self, node: Located, what: str) -> tuple[str, ...]:
        sources = self.strings(node, "sources")
        if not sources:
            raise self.fail(node, f"{what} has no sources")
        return sources

    def read(self, section: str, node: Any, facts: Facts) -> None:
        getattr(self, "_" + section)(node, facts)

    def _indications(self, node: Any, facts: Facts) -> None:
        self.check_keys(node, "indications")
        agent = self.text(node, "agent")
        agency = self.agency(node)
        sources = self.sources(node, f"the indications of {agent!r}")
        verified = self.verified(node)
        if agent in facts.indication_sources:
            raise self.fail(node, f"indications of {agent!r} are listed twice", "agent")
        facts.indication_sources[agent] = sources
        facts.indication_entries[agent] = (self.path, node.where()[0])
        approvals = node.get("approvals") or []
        if node.get("same_as"):
            if approvals:
                raise self.fail(node, "give either 'same_as' or 'approvals', not both", "same_as")
            facts.same_as[agent] = (self.text(node, "same_as"), self.path, node.where()[0])
            return
        if not isinstance(approvals, list) or not approvals:
            raise self.fail(node, f"the indications of {agent!r} need 'approvals' (a list) or 'same_as'", "approvals")
        for item in approvals:
            self.check_keys(item, "approval")
            status = self.text(item, "status") or "approved"
            use = self.text(item, "use") or "treatment"
            if status not in ("approved", "withdrawn"):
                raise self.fail(item, "'status' must be approved or withdrawn", "status")
            if use not in ("treatment", "prevention"):
                raise self.fail(item, "'use' must be treatment or prevention", "use")
            facts.indications.append(Indication(
                agent, self.text(item, "cancer"), self.year(item), agency, self.text(item, "setting"),
                self.text(item, "biomarker"), status, use, tuple(dict.fromkeys((*self.strings(item, "sources"), *sources))),
                self.verified(item, verified), self.path, item.where()[0]))

    def _cell_types(self, node: Any, facts: Facts) -> None:
        self.check_keys(node, "cell_types")
        cell_id = self.text(node, "id")
        if cell_id in facts.cell_types:
            raise self.fail(node, f"cell type {cell_id!r} is defined twice", "id")
        name = self.text(node, "name")
        names = tuple(dict.fromkeys((name, *self.strings(node, "synonyms"))))
        facts.cell_types[cell_id] = CellType(cell_id, name, names, self.sources(node, f"cell type {cell_id!r}"),
                                             self.path, node.where()[0])

    def _acts_through(self, node: Any, facts: Facts) -> None:
        self.check_keys(node, "acts_through")
        class_id = self.text(node, "class")
        facts.roles.append(CellRole(class_id, self.strings(node, "cells"), self.strings(node, "not_cells"),
                                    self.text(node, "note"), self.sources(node, f"the cells of {class_id!r}"),
                                    self.verified(node), self.path, node.where()[0]))

    def _biomarkers(self, node: Any, facts: Facts) -> None:
        self.check_keys(node, "biomarkers")
        marker_id = self.text(node, "id")
        if marker_id in facts.biomarkers:
            raise self.fail(node, f"biomarker {marker_id!r} is defined twice", "id")
        kind = self.text(node, "kind")
        if kind not in BIOMARKER_KINDS:
            raise self.fail(node, f"'kind' must be one of {', '.join(BIOMARKER_KINDS)}", "kind")
        name = self.text(node, "name")
        facts.biomarkers[marker_id] = Biomarker(
            marker_id, name, tuple(dict.fromkeys((name, *self.strings(node, "synonyms")))), kind,
            tuple(w.lower() for w in self.strings(node, "not_called")), self.text(node, "note"),
            self.sources(node, f"biomarker {marker_id!r}"), self.verified(node), self.path, node.where()[0])

    def _firsts(self, node: Any, facts: Facts) -> None:
        self.check_keys(node, "firsts")
        facts.firsts.append(First(
            self.text(node, "class"), self.text(node, "agent"), self.year(node), self.agency(node),
            self.text(node, "scope") or None, self.text(node, "note"),
            self.sources(node, f"the first {node.get('class')!r}"), self.verified(node), self.path, node.where()[0]))

    def _misconceptions(self, node: Any, facts: Facts) -> None:
        self.check_keys(node, "misconceptions")
        category = self.text(node, "category")
        if category not in MISCONCEPTION_CATEGORIES:
            raise self.fail(node, f"'category' must be one of {', '.join(MISCONCEPTION_CATEGORIES)}", "category")
        frames, unless_frames = self.frame_lines(node, "frames"), self.frame_lines(node, "unless_frames")
        all_of = self.patterns(node, "all_of")
        if bool(frames) == bool(all_of):
            raise self.fail(node, f"misconception {node.get('id')!r} needs 'frames' or 'all_of' (one of them)")
        facts.misconceptions.append(Misconception(
            self.text(node, "id"), category, self.text(node, "statement"), all_of,
            self.patterns(node, "none_of"), self.text(node, "correction"),
            self.sources(node, f"misconception {node.get('id')!r}"), self.verified(node), self.path,
            node.where()[0], self.strings(node, "about"), frames, unless_frames, self.strings(node, "not_about"),
            self.patterns(node, "antecedent"), self.patterns(node, "antecedent_none_of")))

    def frame_lines(self, node: Located, key: str) -> tuple[str, ...]:
        """Frame lines, checked for syntax here; their word classes are checked when rules compile."""
        from claimcheck.kinds.frame import parse_frame

        lines = self.strings(node, key)
        for line in lines:
            try:
                parse_frame(line)
            except ValueError as exc:
                raise self.fail(node, str(exc), key) from None
        return lines

    def patterns(self, node: Located, key: str) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for pattern in self.strings(node, key):
            try:
                compiled.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise self.fail(node, f"invalid pattern {pattern!r} in '{key}': {exc}", key) from None
        return tuple(compiled)


def read_fact_section(path: str, section: str, items: list[Any], facts: Facts) -> None:
    reader = _FactReader(path)
    for node in items:
        reader.read(section, node, facts)


# ----- links --------------------------------------------------------------------------------------

def check_fact_links(reference: Reference) -> None:
    """Every id a fact names exists and is of the right kind; every source is known."""
    facts = reference.facts
    entries = reference.entries

    def need(entry_id: str, section: str, what: str, path: str, line: int) -> None:
        entry = entries.get(entry_id)
        if entry is None or entry.section != section:
            raise DataError(f"unknown {what} {entry_id!r}", path=path, line=line)

    def sourced(ids: Iterable[str], path: str, line: int) -> None:
        for source_id in ids:
            if source_id not in reference.sources:
                raise DataError(f"unknown source {source_id!r}", path=path, line=line)

    for agent, (path, line) in facts.indication_entries.items():
        need(agent, "agents", "agent", path, line)
    for indication in facts.indications:
        need(indication.cancer, "cancers", "cancer", indication.path, indication.line)
        sourced(indication.sources, indication.path, indication.line)
    for original, path, line in facts.same_as.values():
        if original not in facts.indication_sources or original in facts.same_as:
            raise DataError(f"'same_as' names {original!r}, which has no approvals of its own", path=path, line=line)
    for agent, sources in facts.indication_sources.items():
        sourced(sources, *facts.indication_entries[agent])
    for cell in facts.cell_types.values():
        sourced(cell.sources, cell.path, cell.line)
    for role in facts.roles:
        need(role.class_id, "classes", "class", role.path, role.line)
        for cell in role.cells + role.not_cells:
            if cell not in facts.cell_types:
                raise DataError(f"unknown cell type {cell!r}", path=role.path, line=role.line)
        sourced(role.sources, role.path, role.line)
    for marker in facts.biomarkers.values():
        sourced(marker.sources, marker.path, marker.line)
    for first in facts.firsts:
        need(first.class_id, "classes", "class", first.path, first.line)
        need(first.agent, "agents", "agent", first.path, first.line)
        if first.scope:
            need(first.scope, "cancers", "cancer", first.path, first.line)
        sourced(first.sources, first.path, first.line)
    for misconception in facts.misconceptions:
        sourced(misconception.sources, misconception.path, misconception.line)
        for class_id in misconception.about + misconception.not_about:
            need(class_id, "classes", "class", misconception.path, misconception.line)
    for entry in entries.values():
        for parent in entry.parents if entry.section == "cancers" else ():
            need(parent, "cancers", "parent cancer", entry.path, entry.line)
