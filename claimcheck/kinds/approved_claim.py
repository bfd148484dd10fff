"""`approved_claim` rules: a sentence that alters a statement from the team's approved-claims library.

The library (config `claims_library:`) is matched once per article by `claimcheck.claims_library`;
a near-variant of an approved statement (a number, a qualifier or the population changed) is
reported with the approved wording, the differences and the entry's references. An exact match is
not reported: it counts as sourced.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from claimcheck.claims_library import LIBRARY_KEY
from claimcheck.kinds import register
from claimcheck.kinds.base import Article, Hit, RuleKind, format_message, guards_pass
from claimcheck.yamlio import error_at


@register
class ApprovedClaimKind(RuleKind):
    name = "approved_claim"
    keys = {"example_library": "a claims library (relative to the rule file) the rule's own examples are run with"}

    @classmethod
    def validate_options(cls, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        example = data.get("example_library")
        if example is None:
            return {"example_library": None}
        resolved = (Path(path).parent / str(example)).resolve()
        if not resolved.is_file():
            raise error_at(path, data, f"example library {example!r} not found", "example_library")
        return {"example_library": str(resolved)}

    def check(self, article: Article) -> Iterator[Hit]:
        doc = article.doc
        matches = doc.user_data.get(LIBRARY_KEY) or []
        for rule in self.rules:
            for start_char, end_char, found in matches:
                if found.exact:
                    continue
                span = doc.char_span(start_char, end_char, alignment_mode="contract")
                if span is None or not len(span) or not guards_pass(rule, span, article):
                    continue
                values = {"id": found.claim.id, "approved": found.claim.text,
                          "differences": "; ".join(found.differences),
                          "references": "; ".join(found.claim.references)}
                yield Hit(rule, span.start, span.end, format_message(rule.message, **values), (),
                          suggestion=format_message(rule.suggestion, **values) if rule.suggestion else None)
