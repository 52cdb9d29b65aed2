from django.db import migrations


def seed(apps, schema_editor):
    from peaceops.access.reference import seed as seed_reference

    seed_reference(apps.get_model("access", "Level"), apps.get_model("access", "Compartment"))


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
