"""Refuse UPDATE and DELETE of audit rows in the database itself, on SQLite and PostgreSQL."""

from django.db import migrations


def install(apps, schema_editor):
    from peaceops.audit import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from peaceops.audit import triggers

    triggers.remove(schema_editor.connection)


def create_head(apps, schema_editor):
    apps.get_model("audit", "AuditHead").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(install, remove),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
