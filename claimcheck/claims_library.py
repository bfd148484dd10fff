"""A content team's approved-claims library: statements it has approved, each with its references.

Named in config (`claims_library: approved-claims.yaml`). A sentence that matches an approved
statement after normalising case, punctuation and whitespace counts as sourced: evidence findings
on it are dropped and a note names the entry. A near-variant (the same statement with a number, a
qualifier such as "some"/"may", or the population changed) is reported by the rule
`evidence.altered-approved-claim`, with the words that differ. Fuzzy matching is rapidfuzz's.

```yaml
claims:
  - id: pembro-nsclc-orr
    text: In one trial, 45% of patients with advanced lung cancer responded to pembrolizumab.
    references: ["Reck M et al. N Engl J Med 2016;375:1823-33"]
```
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from claimcheck.errors import DataError
from claimcheck.finding import Finding
from claimcheck.pipeline.extensions import doc_text
from claimcheck.yamlio import error_at, load_yaml_file

NEAR_SCORE = 80.0        # rapidfuzz ratio (0-100) from which a sentence is a variant of an entry
MIN_WORDS = 4            # shorter statements are too generic to match
QUALIFIERS = frozenset({"some", "most", "all", "many", "few", "may", "might", "can", "could", "will", "would",
                        "always", "never", "every", "any", "often", "rarely", "usually", "sometimes", "only",
                        "no", "not", "nearly", "almost", "about", "up", "to", "more", "less", "than", "over",
                        "under", "at", "least"})
_PUNCT = re.compile(r"[^\w%]+")
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class ApprovedClaim:
    id: str
    text: str
    normalised: str
    references: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class LibraryMatch:
    claim: ApprovedClaim
    exact: bool
    score: float
    differences: tuple[str, ...]   # "'45%' -> '80%' (number)", "added 'all' (qualifier)" …


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, one space between words ("45 %" and "45%" agree)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    return " ".join(_PUNCT.sub(" ", text).split())


def load_library(path: str) -> tuple[ApprovedClaim, ...]:
    file = Path(path)
    if not file.is_file():
        raise DataError("claims library not found", path=path)
    return _load(str(file.resolve()), file.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> tuple[ApprovedClaim, ...]:
    data = load_yaml_file(Path(path))
    if not isinstance(data, dict) or set(data) != {"claims"} or not isinstance(data["claims"], list):
        raise DataError("a claims library must be a mapping with one key, 'claims', holding a list", path=path)
    claims: list[ApprovedClaim] = []
    seen: set[str] = set()
    for node in data["claims"]:
        if not isinstance(node, dict):
            raise error_at(path, node, "each claim must be a mapping with id, text and references")
        for key in node:
            if key not in ("id", "text", "references"):
                raise error_at(path, node, f"unknown key '{key}' in a claim (allowed: id, references, text)", key)
        claim_id, text, references = node.get("id"), node.get("text"), node.get("references")
        if not isinstance(claim_id, (str, int)) or not str(claim_id).strip():
            raise error_at(path, node, "a claim needs an 'id'")
        if str(claim_id) in seen:
            raise error_at(path, node, f"claim id {claim_id!r} is used twice", "id")
        seen.add(str(claim_id))
        if not isinstance(text, str) or len(normalise(text).split()) < MIN_WORDS:
            raise error_at(path, node, f"claim {claim_id!r}: 'text' must be a statement of at least {MIN_WORDS} words",
                           "text")
        if isinstance(references, str):
            references = [references]
        if not isinstance(references, list) or not references or not all(isinstance(r, str) and r.strip()
                                                                          for r in references):
            raise error_at(path, node, f"claim {claim_id!r} has no references (an approved claim needs its source)",
                           "references")
        claims.append(ApprovedClaim(str(claim_id), " ".join(text.split()), normalise(text),
                                    tuple(r.strip() for r in references), path, node.where()[0]))
    return tuple(claims)


def match_sentence(sentence: str, library: tuple[ApprovedClaim, ...]) -> LibraryMatch | None:
    """The approved claim a sentence states (exact) or alters (a near-variant), if any."""
    if not library:
        return None
    text = normalise(sentence)
    if len(text.split()) < MIN_WORDS:
        return None
    for claim in library:
        if claim.normalised == text or f" {claim.normalised} " in f" {text} ":
            return LibraryMatch(claim, True, 100.0, ())
    from rapidfuzz import fuzz, process  # only when a library is configured (33 ms to import)

    best = process.extractOne(text, [c.normalised for c in library], scorer=fuzz.ratio, score_cutoff=NEAR_SCORE)
    if best is None:
        return None
    _choice, score, index = best
    claim = library[index]
    differences = word_differences(claim.normalised.split(), text.split())
    if not differences:
        return None  # differs only in punctuation or spacing: treated like an exact match above
    return LibraryMatch(claim, False, float(score), differences)


def word_differences(approved: list[str], written: list[str]) -> tuple[str, ...]:
    """What changed, word by word, labelled number, qualifier or wording (population, drug …)."""
    from rapidfuzz.distance import Levenshtein

    changes = []
    for tag, a_start, a_end, b_start, b_end in Levenshtein.opcodes(approved, written).as_list():
        if tag == "equal":
            continue
        old, new = " ".join(approved[a_start:a_end]), " ".join(written[b_start:b_end])
        words = approved[a_start:a_end] + written[b_start:b_end]
        if any(_NUMBER.search(w) for w in words):
            label = "number"
        elif all(w in QUALIFIERS for w in words):
            label = "qualifier"
        else:
            label = "wording"
        if not old:
            changes.append(f"added '{new}' ({label})")
        elif not new:
            changes.append(f"dropped '{old}' ({label})")
        else:
            changes.append(f"'{old}' -> '{new}' ({label})")
    return tuple(changes)


# ----- use in a lint run ----------------------------------------------------------------------------

LIBRARY_KEY = "cc_library_matches"   # doc.user_data: [(start_char, end_char, LibraryMatch)] per sentence
ALTERED_RULE = "evidence.altered-approved-claim"


def attach_library(doc: Doc, library_path: str | None) -> list[tuple[int, int, LibraryMatch]]:
    """Match every sentence against the library once; the rule kind and `apply_library` read it."""
    if not library_path:
        return []
    library = load_library(library_path)
    text = doc_text(doc)
    matches = []
    for sentence in doc.sents:
        found = match_sentence(text[sentence.start_char:sentence.end_char], library)
        if found is not None:
            matches.append((sentence.start_char, sentence.end_char, found))
    doc.user_data[LIBRARY_KEY] = matches
    return matches


def apply_library(findings: list[Finding], matches: list[tuple[int, int, LibraryMatch]], placement: Any,
                  lines: Any) -> tuple[list[Finding], list[str]]:
    """Drop evidence findings on sentences that state an approved claim; a note names the entry."""
    kept = list(findings)
    notes = []
    for start, end, found in matches:
        if not found.exact:
            continue
        lo, hi = placement.to_source(start), placement.to_source(end)
        kept = [f for f in kept if not (f.category.value == "evidence" and f.offset is not None
                                        and lo <= f.offset < hi and f.rule != ALTERED_RULE)]
        line = lines.position(lo).line
        notes.append(f"line {line}: states approved claim '{found.claim.id}' "
                     f"(source: {'; '.join(found.claim.references)})")
    return kept, notes
