from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import costing


class EquipmentCategory(models.TextChoices):
    """Classes of major equipment as this product groups them; the COE Manual's own classes and their
    rates are entered by an officer with their source (DOMAIN_FACTS §2: no verified COE text here)."""

    MEDICAL_MODULE = "medical_module", _("Medical module / field hospital equipment")
    AMBULANCE = "ambulance", _("Ambulance")
    SUPPORT_VEHICLE = "support_vehicle", _("Support vehicle")
    ENGINEERING = "engineering", _("Engineering plant")
    GENERATOR = "generator", _("Generator")
    WATER = "water", _("Water purification and storage")
    ACCOMMODATION = "accommodation", _("Accommodation unit / container")
    COMMUNICATIONS = "communications", _("Communications equipment")
    OTHER = "other", _("Other major equipment")


class SelfSustainmentCategory(models.TextChoices):
    """Self-sustainment categories (DOMAIN_FACTS §2, structure ⚠️ unverified against the COE Manual)."""

    CATERING = "catering", _("Catering")
    COMMUNICATIONS = "communications", _("Communications")
    OFFICE = "office", _("Office")
    ELECTRICAL = "electrical", _("Electrical")
    MINOR_ENGINEERING = "minor_engineering", _("Minor engineering")
    EOD = "eod", _("Explosive ordnance disposal")
    LAUNDRY = "laundry_cleaning", _("Laundry and cleaning")
    TENTAGE = "tentage", _("Tentage")
    ACCOMMODATION = "accommodation", _("Accommodation")
    FIRE_FIGHTING = "fire_fighting", _("Fire-fighting")
    MEDICAL_BASIC = "medical_basic", _("Medical: basic first aid")
    MEDICAL_HIGH_RISK = "medical_high_risk", _("Medical: high-risk areas")
    MEDICAL_LEVEL_1 = "medical_level_1", _("Medical: Level 1")
    MEDICAL_LEVEL_2 = "medical_level_2", _("Medical: Level 2")
    MEDICAL_LEVEL_3 = "medical_level_3", _("Medical: Level 3")
    DENTAL = "dental", _("Medical: dental")
    LABORATORY = "laboratory", _("Medical: laboratory")
    OBSERVATION = "observation", _("Observation")
    IDENTIFICATION = "identification", _("Identification")
    NBC = "nbc", _("Nuclear, biological and chemical protection")
    FIELD_DEFENCE = "field_defence", _("Field defence stores")
    GENERAL_STORES = "general_stores", _("Miscellaneous general stores")
    UNIQUE = "unique_equipment", _("Unique equipment")
    WELFARE = "welfare", _("Welfare and internet access")


class LeaseType(models.TextChoices):
    WET = costing.WET, _("Wet lease (the country maintains)")
    DRY = costing.DRY, _("Dry lease (the UN maintains)")


class Condition(models.TextChoices):
    SERVICEABLE = costing.SERVICEABLE, _("Serviceable")
    UNSERVICEABLE = costing.UNSERVICEABLE, _("Unserviceable")
    MISSING = costing.MISSING, pgettext_lazy("equipment condition", "Missing")


class VerificationKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival inspection")
    PERIODIC = "periodic", _("Periodic inspection")
    REPATRIATION = "repatriation", _("Repatriation inspection")


class RateKind(models.TextChoices):
    TROOP_COST = costing.TROOP_COST, _("Troop cost reimbursement (per person per month)")
    MAJOR_EQUIPMENT = costing.MAJOR_EQUIPMENT, _("Major equipment, dry lease (per item per month)")
    MAINTENANCE = costing.MAINTENANCE, _("Major equipment, maintenance for wet lease (per item per month)")
    SELF_SUSTAINMENT = costing.SELF_SUSTAINMENT, _("Self-sustainment (per person per month)")
    NATIONAL_TRAINING = costing.NATIONAL_TRAINING, _("National: pre-deployment training (per person)")
    NATIONAL_ALLOWANCE = costing.NATIONAL_ALLOWANCE, _("National: allowances (per person per month)")
    NATIONAL_AIR = costing.NATIONAL_AIR, _("National: air transport (per person per trip)")
    NATIONAL_SEA = costing.NATIONAL_SEA, _("National: sea lift of equipment (per movement)")
    NATIONAL_EQUIPMENT = costing.NATIONAL_EQUIPMENT, _("National: equipment upkeep (per month)")
    NATIONAL_MEDICAL = costing.NATIONAL_MEDICAL, _("National: pre-deployment medical (per person)")


# Kinds whose key is an equipment category / a self-sustainment category; the others have no key.
KEYED_KINDS = {
    costing.MAJOR_EQUIPMENT: EquipmentCategory,
    costing.MAINTENANCE: EquipmentCategory,
    costing.SELF_SUSTAINMENT: SelfSustainmentCategory,
}


class FactorKind(models.TextChoices):
    EXTREME_ENVIRONMENT = "extreme_environment", _("Extreme environmental condition")
    INTENSIFIED_OPERATIONS = "intensified_operations", _("Intensified operational condition")
    HOSTILE_ACTION = "hostile_action", _("Hostile action / forced abandonment")
    TRANSPORT = "incremental_transport", _("Incremental transportation")


class EstimateBasis(models.TextChoices):
    ROTATION = "rotation", _("Rotation")
    PROPOSAL = "proposal", _("Proposal")
    SCENARIO = "scenario", _("Ad-hoc scenario")


class ClaimKind(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel (troop cost)")
    MAJOR_EQUIPMENT = "major_equipment", _("Major equipment")
    SELF_SUSTAINMENT = "self_sustainment", _("Self-sustainment")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified by the UN")
    PART_PAID = "part_paid", _("Partly paid")
    PAID = "paid", _("Paid")


# Ageing buckets of what is outstanding, by days since submission: (code, label, lowest day, highest day).
AGEING_BUCKETS = [
    ("0-90", _("0–90 days"), 0, 90),
    ("91-180", _("91–180 days"), 91, 180),
    ("181-365", _("181–365 days"), 181, 365),
    ("365+", _("over a year"), 366, None),
]
