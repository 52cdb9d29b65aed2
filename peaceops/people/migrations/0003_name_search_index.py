"""A word index over people's folded names: FTS5 on SQLite (kept by triggers), GIN over a tsvector
expression on PostgreSQL. Substring LIKE scans took 60–130 ms at 200,000 people (bench/README.md)."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE people_person_name_fts USING fts5(search_name, content='people_person', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER people_person_name_ai AFTER INSERT ON people_person BEGIN "
    "INSERT INTO people_person_name_fts(rowid, search_name) VALUES (new.rowid, new.search_name); END",
    "CREATE TRIGGER people_person_name_ad AFTER DELETE ON people_person BEGIN "
    "INSERT INTO people_person_name_fts(people_person_name_fts, rowid, search_name) "
    "VALUES ('delete', old.rowid, old.search_name); END",
    "CREATE TRIGGER people_person_name_au AFTER UPDATE OF search_name ON people_person BEGIN "
    "INSERT INTO people_person_name_fts(people_person_name_fts, rowid, search_name) "
    "VALUES ('delete', old.rowid, old.search_name); "
    "INSERT INTO people_person_name_fts(rowid, search_name) VALUES (new.rowid, new.search_name); END",
    "INSERT INTO people_person_name_fts(people_person_name_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS people_person_name_ai",
    "DROP TRIGGER IF EXISTS people_person_name_ad",
    "DROP TRIGGER IF EXISTS people_person_name_au",
    "DROP TABLE IF EXISTS people_person_name_fts",
]
# The expression must match peaceops.people.search exactly, or the index is not used.
POSTGRES_UP = [
    "CREATE INDEX IF NOT EXISTS person_name_words_idx ON people_person USING gin "
    "(to_tsvector('simple', regexp_replace(search_name, '[^a-z0-9]+', ' ', 'g')))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS person_name_words_idx"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0002_list_indexes")]

    operations = [
        migrations.RunPython(run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
                             run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})),
    ]
