"""Database triggers that refuse UPDATE and DELETE on audit rows, per engine."""

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE OR REPLACE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
]


def statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    raise NotImplementedError(f"no audit triggers for {vendor}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection) -> None:
    """Only for test teardown (flush) and restore; never called by the application."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=False):
            cursor.execute(sql)
