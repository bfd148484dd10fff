"""`biomarker_kind` rules: a biomarker called the wrong kind of thing ("a PD-L1 mutation").

Each biomarker in the reference has its kind (protein expression, mutation, fusion, MSI/dMMR, TMB)
and the words that describe another kind; those words next to its name are flagged.
"""
from __future__ import annotations

from claimcheck.kinds import register
from claimcheck.kinds.triple import TripleKind


@register
class BiomarkerKindKind(TripleKind):
    name = "biomarker_kind"
    relation = "biomarker_kind"
