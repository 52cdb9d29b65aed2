from django.conf import settings
from django.db import migrations

COMPARTMENTS = [
    ("MEDICAL", 0, "Y tế", "Medical"),
    ("PERSONAL-DATA", 1, "Dữ liệu cá nhân", "Personal data"),
    ("DISCIPLINE", 2, "Kỷ luật", "Conduct and discipline"),
    ("CASUALTY", 3, "Thương vong", "Casualty"),
]


def seed(apps, schema_editor):
    Level = apps.get_model("access", "Level")
    Compartment = apps.get_model("access", "Compartment")
    for rank, code, vi, en in settings.PEACEOPS_LEVELS:
        Level.objects.update_or_create(rank=rank, defaults={"code": code, "label_vi": vi, "label_en": en})
    for code, bit, vi, en in COMPARTMENTS:
        Compartment.objects.update_or_create(code=code, defaults={"bit": bit, "label_vi": vi, "label_en": en})


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
