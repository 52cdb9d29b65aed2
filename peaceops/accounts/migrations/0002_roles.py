from django.db import migrations

ROLES = ["admin", "planner", "training", "logistics", "legal", "medical", "public_affairs", "liaison",
         "leader", "partner_liaison", "auditor", "personnel", "declassifier"]


def seed(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code in ROLES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
