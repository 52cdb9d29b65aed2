"""The search index: SearchEntry, and beside it the vendor's full-text structure.

SQLite: an external-content FTS5 table over documents_searchentry (rowid = id), tokenizer
unicode61 with diacritics removed; triggers keep it in step and fold đ/Đ (not a diacritic for
unicode61) the way peaceops.core.text.fold does.
PostgreSQL: the unaccent extension, a tsvector column filled by a trigger with
to_tsvector('simple', unaccent(body)), and a GIN index on it.
Each part runs only on its own vendor; the other vendor's twin does nothing.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

FOLD_DD = "replace(replace({}, 'đ', 'd'), 'Đ', 'D')"

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE documents_searchentry_fts USING fts5("
    "body, content='documents_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_searchentry_ai AFTER INSERT ON documents_searchentry BEGIN "
    f"INSERT INTO documents_searchentry_fts(rowid, body) VALUES (new.id, {FOLD_DD.format('new.body')}); END",
    "CREATE TRIGGER documents_searchentry_ad AFTER DELETE ON documents_searchentry BEGIN "
    "INSERT INTO documents_searchentry_fts(documents_searchentry_fts, rowid, body) "
    f"VALUES ('delete', old.id, {FOLD_DD.format('old.body')}); END",
    "CREATE TRIGGER documents_searchentry_au AFTER UPDATE OF body ON documents_searchentry BEGIN "
    "INSERT INTO documents_searchentry_fts(documents_searchentry_fts, rowid, body) "
    f"VALUES ('delete', old.id, {FOLD_DD.format('old.body')}); "
    f"INSERT INTO documents_searchentry_fts(rowid, body) VALUES (new.id, {FOLD_DD.format('new.body')}); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_searchentry_au",
    "DROP TRIGGER IF EXISTS documents_searchentry_ad",
    "DROP TRIGGER IF EXISTS documents_searchentry_ai",
    "DROP TABLE IF EXISTS documents_searchentry_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE documents_searchentry ADD COLUMN vector tsvector",
    "CREATE FUNCTION documents_searchentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.vector := to_tsvector('simple'::regconfig, unaccent(NEW.body)); RETURN NEW; END $$",
    "CREATE TRIGGER documents_searchentry_vector BEFORE INSERT OR UPDATE OF body ON documents_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION documents_searchentry_vector()",
    "CREATE INDEX searchentry_vector_gin ON documents_searchentry USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS searchentry_vector_gin",
    "DROP TRIGGER IF EXISTS documents_searchentry_vector ON documents_searchentry",
    "DROP FUNCTION IF EXISTS documents_searchentry_vector()",
    "ALTER TABLE documents_searchentry DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_attachment_lesson_link"),
    ]

    operations = [
        UnaccentExtension(),  # PostgreSQL only (CreateExtension skips other vendors)
        migrations.CreateModel(
            name="SearchEntry",
            # The long body goes last: SQLite then reads the marking columns of a candidate row from
            # its first page, without walking the body's overflow pages (8 µs → ~1 µs a row).
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("document", models.ForeignKey(db_constraint=False, db_index=False,
                                               on_delete=models.deletion.CASCADE, related_name="+",
                                               to="documents.document")),
                ("head", models.BooleanField(default=False)),
                ("portions", models.CharField(blank=True, max_length=200)),
                ("level_id", models.PositiveSmallIntegerField()),
                ("compartment_mask", models.BigIntegerField(default=0)),
                ("owning_agency_id", models.UUIDField()),
                ("releasable_mask", models.BigIntegerField(default=0)),
                ("declassify_on", models.DateField(blank=True, null=True)),
                ("downgrade_level_id", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("body", models.TextField()),
            ],
            options={
                "ordering": ["id"],
                "indexes": [models.Index(fields=["document"], name="searchentry_document_idx")],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
