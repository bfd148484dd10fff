"""The curated reference: therapy classes, agents, side effects, cancers, mechanisms and sources.

Loaded from YAML (`reference/*.yaml`, format in `reference/README.md`) and validated on load: an
unknown key, a dangling id, a missing source or a name claimed by two entries is a `DataError`
naming the file, line and problem. The grading logic ("is calling X a Y right?") lives here too,
so that every check that uses the reference agrees on the answer.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.errors import DataError
from claimcheck.facts import FACT_SECTIONS, Facts, check_fact_links, read_fact_section
from claimcheck.yamlio import FieldReader, Located, load_yaml_file

GRADES = ("acceptable", "imprecise", "wrong")
IMMUNO_VALUES = ("yes", "no", "both")
PROVENANCE = ("read", "mirror", "unverified")
SECTIONS = ("sources", "classes", "agents", "side_effects", "cancers", "mechanisms") + FACT_SECTIONS


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    read: str
    provenance: str


@dataclass(frozen=True, slots=True)
class Grade:
    described_as: str
    grade: str
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EffectNote:
    effect: str
    frequency: str | None
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """Any named thing in the reference; `section` says which kind it is."""

    section: str
    id: str
    name: str
    names: tuple[str, ...]          # every name it is recognised by (name, synonyms, brands, codes)
    case_sensitive: frozenset[str]  # names matched only with their exact case
    sources: tuple[str, ...]
    verified: bool = True
    path: str = ""
    line: int = 0
    # classes and agents
    parents: tuple[str, ...] = ()   # classes: parent classes; agents: their classes
    immunotherapy: str | None = None
    summary: str = ""
    does_not: str = ""
    mechanisms: tuple[str, ...] = ()
    not_mechanisms: tuple[str, ...] = ()
    descriptions: tuple[Grade, ...] = ()
    side_effects: tuple[EffectNote, ...] = ()
    atypical_side_effects: tuple[EffectNote, ...] = ()
    target: str | None = None
    approved: int | None = None
    brands: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()   # mechanisms: how articles say it
    clause_objects: tuple[str, ...] = ()  # mechanisms: "the mutation that X targets" (objects, verbs)
    clause_verbs: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()    # mechanisms: frame lines over word classes (claimcheck/kinds/frame.py)


_COMMON = {"id", "sources", "verified"}
_KEYS = {
    "sources": {"id", "title", "publisher", "url", "read", "provenance"},
    "classes": _COMMON | {"name", "synonyms", "case_sensitive", "parents", "immunotherapy", "summary",
                          "does_not", "mechanisms", "not_mechanisms", "descriptions", "side_effects",
                          "atypical_side_effects"},
    "agents": _COMMON | {"name", "brands", "codes", "synonyms", "case_sensitive", "classes", "target",
                         "immunotherapy", "approved", "descriptions", "side_effects",
                         "atypical_side_effects", "summary", "does_not", "note"},
    "side_effects": _COMMON | {"name", "synonyms", "case_sensitive", "note"},
    "cancers": _COMMON | {"name", "synonyms", "case_sensitive", "parents"},
    "mechanisms": _COMMON | {"name", "phrases", "relative_clause", "frames"},
}
_REQUIRED = {
    "sources": ("id", "title", "url"),
    "classes": ("id", "name", "immunotherapy", "sources"),
    "agents": ("id", "name", "classes", "immunotherapy", "sources"),
    "side_effects": ("id", "name", "sources"),
    "cancers": ("id", "name"),
    "mechanisms": ("id", "name", "sources"),
}


class _Reader(FieldReader):
    """Validates one file's entries into `Entry` records."""

    def effects(self, node: Located, key: str) -> tuple[EffectNote, ...]:
        items = node.get(key) or []
        if not isinstance(items, list):
            raise self.fail(node, f"'{key}' must be a list", key)
        notes = []
        for item in items:
            if not isinstance(item, dict):
                raise self.fail(node, f"each item of '{key}' must be a mapping", key)
            for k in item:
                if k not in {"effect", "frequency", "note", "sources"}:
                    raise self.fail(item, f"unknown key '{k}' in {key} (allowed: effect, frequency, note, sources)", k)
            if not item.get("effect"):
                raise self.fail(item, f"an item of '{key}' needs 'effect'")
            sources = self.strings(item, "sources")
            if not sources:
                raise self.fail(item, f"'{item['effect']}' in {key} has no sources")
            frequency = item.get("frequency")
            notes.append(EffectNote(str(item["effect"]), None if frequency is None else str(frequency),
                                    self.text(item, "note") or None, sources))
        return tuple(notes)

    def relative_clause(self, node: Located) -> dict[str, tuple[str, ...]]:
        clause = node.get("relative_clause")
        if clause is None:
            return {}
        if not isinstance(clause, dict) or set(clause) != {"objects", "verbs"}:
            raise self.fail(node, "'relative_clause' must have 'objects' and 'verbs' lists", "relative_clause")
        return {"clause_objects": tuple(w.lower() for w in self.strings(clause, "objects")),
                "clause_verbs": tuple(w.lower() for w in self.strings(clause, "verbs"))}

    def grades(self, node: Located) -> tuple[Grade, ...]:
        items = node.get("descriptions") or []
        if not isinstance(items, list):
            raise self.fail(node, "'descriptions' must be a list", "descriptions")
        grades = []
        for item in items:
            if not isinstance(item, dict):
                raise self.fail(node, "each description must be a mapping", "descriptions")
            for k in item:
                if k not in {"class", "grade", "note", "sources"}:
                    raise self.fail(item, f"unknown key '{k}' in a description (allowed: class, grade, note, sources)", k)
            if item.get("grade") not in GRADES:
                raise self.fail(item, f"'grade' must be one of {', '.join(GRADES)}", "grade")
            if not item.get("class"):
                raise self.fail(item, "a description needs 'class'")
            sources = self.strings(item, "sources")
            if not sources:
                raise self.fail(item, f"the description as '{item['class']}' has no sources")
            grades.append(Grade(str(item["class"]), item["grade"], self.text(item, "note"), sources))
        return tuple(grades)

    def entry(self, section: str, node: Any) -> Entry | Source:
        if not isinstance(node, dict):
            raise self.fail(node, f"each item of '{section}' must be a mapping")
        for key in node:
            if key not in _KEYS[section]:
                raise self.fail(node, f"unknown key '{key}' in {section} "
                                      f"(allowed: {', '.join(sorted(_KEYS[section]))})", key)
        for key in _REQUIRED[section]:
            if node.get(key) in (None, "", []):
                raise self.fail(node, f"{section} entry {node.get('id', '?')!r} is missing '{key}'")
        entry_id = str(node["id"])
        if section == "sources":
            provenance = node.get("provenance", "read")
            if provenance not in PROVENANCE:
                raise self.fail(node, f"'provenance' must be one of {', '.join(PROVENANCE)}", "provenance")
            return Source(entry_id, self.text(node, "title"), self.text(node, "publisher"),
                          self.text(node, "url"), self.text(node, "read"), provenance)
        immuno = node.get("immunotherapy")
        if isinstance(immuno, bool):  # YAML 1.1 reads a bare yes/no as a boolean
            immuno = "yes" if immuno else "no"
        if section in ("classes", "agents") and immuno not in IMMUNO_VALUES:
            raise self.fail(node, "'immunotherapy' must be yes, no or both", "immunotherapy")
        verified = node.get("verified", True)
        if not isinstance(verified, bool):
            raise self.fail(node, "'verified' must be true or false", "verified")
        approved = node.get("approved")
        if approved is not None and (not isinstance(approved, int) or not 1900 <= approved <= 2100):
            raise self.fail(node, "'approved' must be a year", "approved")
        name = self.text(node, "name")
        brands = self.strings(node, "brands")
        codes = self.strings(node, "codes")
        synonyms = self.strings(node, "synonyms")
        case_sensitive = frozenset(self.strings(node, "case_sensitive"))
        names = tuple(dict.fromkeys((name, *synonyms, *brands, *codes)))
        for exact in case_sensitive:
            if exact not in names:
                raise self.fail(node, f"case_sensitive name {exact!r} is not one of the entry's names",
                                "case_sensitive")
        sources = self.strings(node, "sources")
        if section != "cancers" and not sources:
            raise self.fail(node, f"{section} entry {entry_id!r} has no sources")
        parents = self.strings(node, "parents" if section in ("classes", "cancers") else "classes")
        return Entry(
            section=section, id=entry_id, name=name, names=names, case_sensitive=case_sensitive,
            sources=sources, verified=verified, path=self.path, line=node.where()[0],
            parents=parents, immunotherapy=immuno, summary=self.text(node, "summary"),
            does_not=self.text(node, "does_not"), mechanisms=self.strings(node, "mechanisms"),
            not_mechanisms=self.strings(node, "not_mechanisms"), descriptions=self.grades(node),
            side_effects=self.effects(node, "side_effects"),
            atypical_side_effects=self.effects(node, "atypical_side_effects"),
            target=self.text(node, "target") or None, approved=approved, brands=brands, codes=codes,
            phrases=self.strings(node, "phrases"), **self.relative_clause(node),
            frames=self.mechanism_frames(section, node),
        )

    def mechanism_frames(self, section: str, node: Located) -> tuple[str, ...]:
        """A mechanism is recognised by `phrases`, `frames` or both; one of them must be given."""
        frames = self.strings(node, "frames")
        if section == "mechanisms" and not frames and not self.strings(node, "phrases"):
            raise self.fail(node, f"mechanism {node.get('id')!r} needs 'phrases' or 'frames'")
        return frames


@dataclass
class Reference:
    """All reference entries by id, with the lookups the checks need."""

    sources: dict[str, Source] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)  # lower-cased name -> entry id
    folders: tuple[str, ...] = ()
    facts: Facts = field(default_factory=Facts)
    _lineages: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _descendants: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def section(self, name: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.section == name]

    # ----- hierarchy -------------------------------------------------------------------------
    def lineage(self, entry_id: str) -> list[str]:
        """The entry and its ancestors, nearest first (an agent's classes come before theirs)."""
        cached = self._lineages.get(entry_id)
        if cached is None:
            cached = self._lineages[entry_id] = _lineage(self, entry_id)
        return list(cached)

    def is_a(self, entry_id: str, class_id: str) -> bool:
        return class_id in self.lineage(entry_id)

    def descendants(self, class_id: str) -> set[str]:
        cached = self._descendants.get(class_id)
        if cached is None:
            cached = self._descendants[class_id] = frozenset(
                e.id for e in self.entries.values()
                if e.section in ("classes", "agents") and class_id in self.lineage(e.id))
        return set(cached)

    def immunotherapy_of(self, entry_id: str) -> str | None:
        return self.entries[entry_id].immunotherapy

    # ----- grading ---------------------------------------------------------------------------
    def grade(self, subject_id: str, described_as: str) -> Grade:
        """How right it is to call `subject_id` (agent or class) a `described_as` (class)."""
        lineage = self.lineage(subject_id)
        if described_as in lineage:
            return Grade(described_as, "correct", "", ())
        for entry_id in lineage:
            for grade in self.entries[entry_id].descriptions:
                if grade.described_as == described_as:
                    return grade
        if subject_id in self.descendants(described_as) or described_as in self.descendants(subject_id):
            return Grade(described_as, "acceptable", "", ())
        subject = self.entries[subject_id]
        target = self.entries[described_as]
        sources = subject.sources + target.sources
        if target.immunotherapy == "yes" and subject.immunotherapy == "no":
            note = f"{subject.name} is not an immunotherapy"
        elif target.immunotherapy == "no" and subject.immunotherapy == "yes":
            note = f"{subject.name} is an immunotherapy, not {_article(target.name)}"
        elif target.immunotherapy == "both" or subject.immunotherapy == "both":
            return Grade(described_as, "imprecise", f"{subject.name} is usually classed as "
                         f"{_article(self.primary_class_name(subject_id))}", sources)
        else:
            note = f"{subject.name} is {_article(self.primary_class_name(subject_id))}, not {_article(target.name)}"
        return Grade(described_as, "wrong", note, sources)

    def primary_class_name(self, entry_id: str) -> str:
        entry = self.entries[entry_id]
        if entry.section == "agents" and entry.parents:
            return self.entries[entry.parents[0]].name
        return entry.name

    # ----- inherited facts -------------------------------------------------------------------
    def known_side_effects(self, entry_id: str) -> dict[str, EffectNote]:
        found: dict[str, EffectNote] = {}
        for ancestor in self.lineage(entry_id):
            for note in self.entries[ancestor].side_effects:
                found.setdefault(note.effect, note)
        return found

    def atypical_side_effects(self, entry_id: str) -> dict[str, EffectNote]:
        found: dict[str, EffectNote] = {}
        for ancestor in self.lineage(entry_id):
            for note in self.entries[ancestor].atypical_side_effects:
                found.setdefault(note.effect, note)
        return found

    def mechanisms_of(self, entry_id: str) -> set[str]:
        return {m for a in self.lineage(entry_id) for m in self.entries[a].mechanisms}

    def not_mechanisms_of(self, entry_id: str) -> dict[str, str]:
        """Mechanism id -> the class whose data rules it out (nearest first)."""
        found: dict[str, str] = {}
        own = self.mechanisms_of(entry_id)
        for ancestor in self.lineage(entry_id):
            for mechanism in self.entries[ancestor].not_mechanisms:
                if mechanism not in own:
                    found.setdefault(mechanism, ancestor)
        return found

    # ----- names -----------------------------------------------------------------------------
    def lookup(self, name: str) -> Entry | None:
        entry_id = self.by_name.get(name.strip().lower())
        if entry_id is None and name.strip() in self.entries:
            entry_id = name.strip()
        return self.entries.get(entry_id) if entry_id else None

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        import difflib  # only for a suggestion

        return difflib.get_close_matches(name.strip().lower(), list(self.by_name), n=limit, cutoff=0.6)

    def source_urls(self, ids: Iterable[str]) -> tuple[str, ...]:
        urls = []
        for source_id in ids:
            source = self.sources.get(source_id)
            url = source.url if source else source_id
            if url and url not in urls:
                urls.append(url)
        return tuple(urls)

    def recognisable_names(self) -> Iterator[tuple[str, str, str, bool]]:
        """(label, entry id, name, case_sensitive) for every name the entity ruler should match."""
        labels = {"classes": "CLASS", "agents": "AGENT", "side_effects": "SIDE_EFFECT", "cancers": "CANCER"}
        for entry in self.entries.values():
            label = labels.get(entry.section)
            if label:
                for name in entry.names:
                    yield label, entry.id, name, name in entry.case_sensitive


def _article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeio' else 'a'} {name}"


def _lineage(reference: Reference, entry_id: str) -> tuple[str, ...]:
    """Breadth-first: the entry, then its parents, then theirs."""
    order: list[str] = []
    frontier = [entry_id]
    while frontier:
        next_frontier: list[str] = []
        for current in frontier:
            if current in order or current not in reference.entries:
                continue
            order.append(current)
            next_frontier.extend(reference.entries[current].parents)
        frontier = next_frontier
    return tuple(order)


def _read_folder(folder: Path, reference: Reference, shipped_ids: set[str]) -> None:
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        raise DataError("no reference files (*.yaml) in this folder", path=str(folder))
    for file in files:
        data = load_yaml_file(file)
        if data is None:
            continue
        reader = _Reader(str(file))
        if not isinstance(data, dict):
            raise DataError("a reference file must be a mapping of sections", path=str(file))
        for section, items in data.items():
            if section not in SECTIONS:
                raise reader.fail(data, f"unknown section '{section}' (allowed: {', '.join(SECTIONS)})", section)
            if not isinstance(items, list):
                raise reader.fail(data, f"'{section}' must be a list", section)
            if section in FACT_SECTIONS:
                read_fact_section(str(file), section, items, reference.facts)
                continue
            for node in items:
                item = reader.entry(section, node)
                existing = reference.sources if section == "sources" else reference.entries
                if item.id in reference.sources or item.id in reference.entries:
                    what = "redefines a shipped id" if item.id in shipped_ids else "is defined twice"
                    raise reader.fail(node, f"id {item.id!r} {what}", "id")
                existing[item.id] = item  # type: ignore[index]


def _check_links(reference: Reference) -> None:
    entries = reference.entries
    for entry in entries.values():
        def fail(problem: str, entry: Entry = entry) -> DataError:
            return DataError(problem, path=entry.path, line=entry.line)

        for source_id in entry.sources:
            if source_id not in reference.sources:
                raise fail(f"{entry.id}: unknown source {source_id!r}")
        parent_section = "cancers" if entry.section == "cancers" else "classes"
        for parent in entry.parents:
            if entries.get(parent) is None or entries[parent].section != parent_section:
                raise fail(f"{entry.id}: unknown {'cancer' if parent_section == 'cancers' else 'class'} {parent!r}")
        for mechanism in entry.mechanisms + entry.not_mechanisms:
            if entries.get(mechanism) is None or entries[mechanism].section != "mechanisms":
                raise fail(f"{entry.id}: unknown mechanism {mechanism!r}")
        for grade in entry.descriptions:
            if entries.get(grade.described_as) is None or entries[grade.described_as].section != "classes":
                raise fail(f"{entry.id}: description names unknown class {grade.described_as!r}")
            for source_id in grade.sources:
                if source_id not in reference.sources:
                    raise fail(f"{entry.id}: unknown source {source_id!r}")
        for note in entry.side_effects + entry.atypical_side_effects:
            if entries.get(note.effect) is None or entries[note.effect].section != "side_effects":
                raise fail(f"{entry.id}: unknown side effect {note.effect!r}")
            for source_id in note.sources:
                if source_id not in reference.sources:
                    raise fail(f"{entry.id}: unknown source {source_id!r}")
    for entry in entries.values():
        if entry.section == "classes" and entry.id in _ancestors_without_self(reference, entry.id):
            raise DataError(f"{entry.id}: its parents lead back to itself", path=entry.path, line=entry.line)


def _ancestors_without_self(reference: Reference, class_id: str) -> set[str]:
    seen: set[str] = set()
    frontier = list(reference.entries[class_id].parents)
    while frontier:
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        if current == class_id:
            break
        frontier.extend(reference.entries.get(current, Entry("", "", "", (), frozenset(), ())).parents)
    return seen


def _index_names(reference: Reference) -> None:
    for entry in reference.entries.values():
        if entry.section == "mechanisms":
            continue
        for name in entry.names:
            key = name.lower()
            other = reference.by_name.get(key)
            if other is not None and other != entry.id:
                raise DataError(f"name {name!r} of {entry.id!r} is already a name of {other!r}; "
                                "a name must resolve to one entry", path=entry.path, line=entry.line)
            reference.by_name[key] = entry.id


def load_reference(folders: Iterable[Path | str]) -> Reference:
    """Load and validate one or more reference folders (the first is the shipped one)."""
    reference = Reference()
    folder_list = [Path(f) for f in folders]
    shipped_ids: set[str] = set()
    for index, folder in enumerate(folder_list):
        if not folder.is_dir():
            raise DataError("reference folder not found", path=str(folder))
        _read_folder(folder, reference, shipped_ids)
        if index == 0:
            shipped_ids = set(reference.entries) | set(reference.sources)
    _check_links(reference)
    check_fact_links(reference)
    _index_names(reference)
    reference.folders = tuple(str(f) for f in folder_list)
    return reference


_LOADED: dict[tuple[str, ...], Reference] = {}  # a memo, as lru_cache would keep, that can be primed


def cached_reference(folders: tuple[str, ...]) -> Reference:
    if folders not in _LOADED:
        _LOADED[folders] = load_reference(folders)
    return _LOADED[folders]


def remember_reference(folders: tuple[str, ...], reference: Reference) -> None:
    """Make `cached_reference(folders)` return an already loaded reference (one read from
    claimcheck's compiled-data cache), so the pipeline's components do not parse the YAML again."""
    _LOADED.setdefault(folders, reference)
