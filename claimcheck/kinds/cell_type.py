"""`cell_type` rules: a therapy credited with an immune cell it does not act through.

"Pembrolizumab lets natural killer cells attack the tumour": checkpoint inhibitors release T cells;
the reference's `acts_through` facts say which cells each class works through and which ones
articles wrongly credit it with.
"""
from __future__ import annotations

from claimcheck.kinds import register
from claimcheck.kinds.triple import TripleKind


@register
class CellTypeKind(TripleKind):
    name = "cell_type"
    relation = "acts_through"
    ignore_context = frozenset({"term_of_art"})  # "natural killer cells" is a term of art elsewhere
