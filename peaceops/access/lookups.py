"""Bit-mask lookups for the marking columns (compartments, releasability).

As lookups, not annotations, they can name a related record's column (`person__releasable_mask__…`):
Django then treats the join like any other filter's (made LEFT OUTER under an OR), which an alias
over a relation does not.
"""

from django.db import models
from django.db.models import Lookup


class _BitLookup(Lookup):
    comparison = ""

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) {self.comparison}", [*lhs_params, *rhs_params]


@models.BigIntegerField.register_lookup
class HasAnyBit(_BitLookup):
    """mask & value > 0: the mask shares a bit with the value (the masks use 63 bits: never negative)."""

    lookup_name = "has_any_bit"
    comparison = "> 0"


@models.BigIntegerField.register_lookup
class HasNoBit(_BitLookup):
    """mask & value = 0: none of the value's bits is set in the mask."""

    lookup_name = "has_no_bit"
    comparison = "= 0"
