"""A paginator whose count stops at a cap, so that a list of 200,000 records costs the same as one of 10,000."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """`count` is exact up to COUNT_CAP; above it the list says "more than COUNT_CAP" (`capped`)."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # COUNT(*) over a LIMIT-ed subquery: the database stops after cap + 1 visible rows.
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    @property
    def capped_count(self) -> bool:
        self.count  # noqa: B018  (computes `capped`)
        return self.capped
