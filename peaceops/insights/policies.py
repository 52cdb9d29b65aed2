from peaceops.access.policies import ReferencePolicy, register

from .models import (
    Contribution,
    ContributorMonth,
    Dataset,
    Fatality,
    MissionMonth,
    Ranking,
    YearlyContribution,
)


class PublicDataPolicy(ReferencePolicy):
    """Public UN data: unclassified; any signed-in actor reads; only the loader (services) writes."""


for _model in (Dataset, Contribution, YearlyContribution, ContributorMonth, MissionMonth, Fatality, Ranking):
    register(_model)(type(f"{_model.__name__}Policy", (PublicDataPolicy,), {}))
