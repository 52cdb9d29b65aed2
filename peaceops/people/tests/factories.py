import datetime as dt

import factory

from peaceops.access.models import compartments_to_mask
from peaceops.core.text import fold
from peaceops.org.models import Agency

from ..models import NextOfKin, Passport, Person


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def release_mask(*codes: str) -> int:
    mask = 0
    for code in codes:
        mask |= 1 << agency(code).bit
    return mask


class MarkedFactory(factory.django.DjangoModelFactory):
    """Pass level=<rank>, owner=<agency code>, compartments=[...], released=[...]."""

    class Params:
        owner = "VDPO"
        compartments = ()
        released = ()

    level_id = 0
    owning_agency = factory.LazyAttribute(lambda o: agency(o.owner))
    compartment_mask = factory.LazyAttribute(lambda o: compartments_to_mask(o.compartments))
    releasable_mask = factory.LazyAttribute(lambda o: release_mask(*o.released))

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Bypass the actor-filtered manager: factories are test set-up, not a user's write.
        obj = model_class(*args, **kwargs)
        obj.save(force_insert=True)
        return obj


class PersonFactory(MarkedFactory):
    class Meta:
        model = Person

    service = "army"
    rank = "OF-3"
    service_number = factory.Sequence(lambda n: f"T-{n:06d}")
    family_name = "Nguyễn"
    middle_name = "Văn"
    given_name = factory.Sequence(lambda n: f"Thử{n}")
    gender = "M"
    date_of_birth = dt.date(1985, 5, 17)
    search_name = factory.LazyAttribute(
        lambda o: fold(f"{o.family_name} {o.middle_name} {o.given_name} {o.service_number}")
    )


class PassportFactory(MarkedFactory):
    class Meta:
        model = Passport

    person = factory.SubFactory(PersonFactory)
    number = factory.Sequence(lambda n: f"P{n:08d}")
    expires_on = dt.date(2030, 1, 1)


class NextOfKinFactory(MarkedFactory):
    class Meta:
        model = NextOfKin

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Trần Thị Kin{n}")
    relationship = "spouse"
