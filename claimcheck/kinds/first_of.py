"""`first_of` rules: a product called "the first" of a class when the reference records another.

"Nivolumab was the first checkpoint inhibitor" (ipilimumab, 2011); "the first cell therapy for a
solid tumour" said of a 2024 product (sipuleucel-T, 2010). A claim limited to a cancer is checked
against the first for that cancer only, and a claim about another country is left alone.
"""
from __future__ import annotations

from typing import Any

from claimcheck.kinds import register
from claimcheck.kinds.triple import TripleKind
from claimcheck.verdicts import DATED, Verdict


@register
class FirstOfKind(TripleKind):
    name = "first_of"
    relation = "first_of"

    def values(self, triple: Any, verdict: Verdict) -> dict[str, str]:
        values = super().values(triple, verdict)
        if (triple.subject_id or "").startswith(DATED):  # "the first immunotherapy was approved in 2011"
            values["subject"] = f"A {triple.subject_id[len(DATED):]} approval"
        return values
