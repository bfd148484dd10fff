"""Products the reference does not list, introduced by the article as members of a class it knows.

"its cancer vaccine, HT-17", "HT-17, a cancer vaccine", "the vaccine HT-17" and "HT-17 is a cancer
vaccine" tell the reader what HT-17 is; a later "HT-17 works by directly destroying cancer cells" is
then a claim about a cancer vaccine, and the class's mechanisms judge it. Only a code-like or
capitalised name that no entity covers counts, and only in those four shapes.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from claimcheck.kinds.base import Article

# "HT-17", "VRX-207", "Zorvax": a name, not a sentence-initial capital or a lower-case word
_CODE_NAME = re.compile(r"^(?:[A-Z][A-Za-z]*-?\d[\w-]*|[A-Z]{2,}[\w-]*)$")
_WORD_NAME = re.compile(r"^[A-Z][a-z]{3,}$")  # "Zorvax", but not as a sentence's first word
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "our", "his", "her", "new", "experimental",
                          "investigational"})
_COPULAS = frozenset({"is", "was", "are", "were"})
_AFTER_NAME = frozenset({",", ".", ")", ";", ":", "in", "for", "against", "to", "is", "was", "has", "had", "which"})


def _is_name(article: Article, index: int, taken: frozenset[int]) -> bool:
    if index < 0 or index >= len(article.doc) or index in taken:
        return False
    text = article.doc[index].text
    return bool(_CODE_NAME.match(text)) or bool(_WORD_NAME.match(text)) and index not in article.sentence_starts


def introduced_products(article: Article) -> dict[str, str]:
    """Name -> class id, for every unlisted product the article introduces as a member of a class."""
    doc = article.doc
    taken = frozenset(i for s in article.all_entities for i in range(s.start, s.end))
    found: dict[str, str] = {}
    for described in article.entities(frozenset({"CLASS"})):
        if not described.kb_id_:
            continue
        end, start = described.end, described.start
        words_before = [t.lower_ for t in doc[max(0, start - 4):start]]
        candidates = []
        # "its cancer vaccine, HT-17," / "the vaccine HT-17"
        if end + 1 < len(doc) and doc[end].text == "," and _is_name(article, end + 1, taken):
            candidates.append(end + 1)
        if _is_name(article, end, taken) and words_before[-1:] and words_before[-1] in _DETERMINERS:
            candidates.append(end)
        # "HT-17, a cancer vaccine" / "HT-17 is a cancer vaccine"
        for gap in (2, 3, 4):
            at = start - gap
            between = [t.lower_ for t in doc[at + 1:start]] if at >= 0 else []
            if between and (between[0] == "," or between[0] in _COPULAS) \
                    and all(w in _DETERMINERS or w in _COPULAS or w == "," for w in between) \
                    and any(w in {"a", "an"} for w in between) and _is_name(article, at, taken):
                candidates.append(at)
                break
        for index in candidates:
            following = doc[index + 1].lower_ if index + 1 < len(doc) else "."
            if following in _AFTER_NAME or index < start:
                found.setdefault(doc[index].text, described.kb_id_)
    return found


def introduced_subject(article: Article, span: Span, introduced: dict[str, str]) -> tuple[str, str] | None:
    """(name, class id) of the introduced product that opens the sentence holding `span` or stands
    nearest before the claim in it ("HT-17 works by directly destroying …")."""
    if not introduced:
        return None
    lo, _hi = article.sentence_bounds(span.start)
    for token in reversed(article.doc[lo:span.start + 1]):
        if token.text in introduced:
            return token.text, introduced[token.text]
    return None
