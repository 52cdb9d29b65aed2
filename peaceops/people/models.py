"""The personnel registry: people, their passports, next of kin and languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel
from peaceops.core.text import fold

from .choices import Gender, LanguageLevel, Rank, Relationship, Service


def search_name_for(family: str, middle: str, given: str, service_number: str) -> str:
    return fold(" ".join(p for p in (family, middle, given, service_number) if p))


class Person(ClassifiedModel, BaseModel):
    """Someone who may be sent: military, police, civilian or medical. Names keep their diacritics;
    `search_name` holds them folded so that 'nguyen van duc' finds 'Nguyễn Văn Đức'."""

    service = models.CharField(_("service"), max_length=16, choices=Service.choices)
    rank = models.CharField(_("rank"), max_length=8, choices=Rank.choices)
    service_number = models.CharField(_("service number"), max_length=32, unique=True)
    family_name = models.CharField(_("family name"), max_length=60)
    middle_name = models.CharField(_("middle name"), max_length=60, blank=True)
    given_name = models.CharField(_("given name"), max_length=60)
    search_name = models.CharField(max_length=250, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="people", null=True, blank=True, verbose_name=_("unit")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # Lists are ordered by the folded name and counted under the access filter: these indexes
        # let a filtered page walk the name order, and let counts read the marking columns from
        # the index alone (bench/README.md has the measurements).
        indexes = [
            models.Index(fields=["service", "search_name"], name="person_service_name_idx"),
            models.Index(fields=["unit", "search_name"], name="person_unit_name_idx"),
            models.Index(
                fields=["level", "compartment_mask", "owning_agency", "releasable_mask", "declassify_on",
                        "downgrade_level", "search_name"],
                name="person_marking_idx",
            ),
            models.Index(
                fields=["service", "level", "compartment_mask", "owning_agency", "releasable_mask",
                        "declassify_on", "downgrade_level"],
                name="person_service_marking_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.middle_name, self.given_name) if part)

    def refresh_search_name(self) -> None:
        self.search_name = search_name_for(self.family_name, self.middle_name, self.given_name, self.service_number)


class Passport(ClassifiedModel, BaseModel):
    """A passport held by a person; marked PERSONAL-DATA by default."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="passports")
    number = models.CharField(_("passport number"), max_length=32)
    expires_on = models.DateField(_("expiry date"))

    class Meta:
        ordering = ["-expires_on"]
        verbose_name = _("passport")
        constraints = [models.UniqueConstraint(fields=["number"], name="unique_passport_number")]

    def __str__(self) -> str:
        return self.number


class NextOfKin(ClassifiedModel, BaseModel):
    """Whom to tell first; always in the PERSONAL-DATA compartment."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="next_of_kin")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("next of kin")
        verbose_name_plural = _("next of kin")

    def __str__(self) -> str:
        return self.name


class LanguageSkill(BaseModel):
    """A language a person speaks and the level (CEFR); part of the person, seen with them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8)
    level = models.CharField(pgettext_lazy("language skill", "level"), max_length=8, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="unique_language_per_person")]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"
