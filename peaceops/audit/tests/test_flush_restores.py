"""A flushing (transactional) test must leave reference data and audit triggers for the next test."""

import pytest
from django.db import connection

from peaceops.access.models import Level


@pytest.mark.django_db(transaction=True)
def test_a_flushing_test():
    assert Level.objects.count() == 4

@pytest.mark.django_db
def test_b_after_flush_reference_and_triggers_are_back():
    assert Level.objects.count() == 4
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("select count(*) from sqlite_master where type='trigger' and tbl_name='audit_auditevent'")
        else:
            c.execute("select count(*) from pg_trigger where tgrelid='audit_auditevent'::regclass and not tgisinternal")
        assert c.fetchone()[0] == 2
