"""Reference data the access layer needs: the levels (from settings) and the compartments."""

from django.conf import settings

COMPARTMENTS = [
    ("MEDICAL", 0, "Y tế", "Medical"),
    ("PERSONAL-DATA", 1, "Dữ liệu cá nhân", "Personal data"),
    ("DISCIPLINE", 2, "Kỷ luật", "Conduct and discipline"),
    ("CASUALTY", 3, "Thương vong", "Casualty"),
]


def seed(level_model, compartment_model) -> None:
    """Idempotent; takes the models so that migrations can pass their historical versions."""
    for rank, code, vi, en in settings.PEACEOPS_LEVELS:
        level_model.objects.update_or_create(rank=rank, defaults={"code": code, "label_vi": vi, "label_en": en})
    for code, bit, vi, en in COMPARTMENTS:
        compartment_model.objects.update_or_create(code=code, defaults={"bit": bit, "label_vi": vi, "label_en": en})
