"""The search index, with the database's own fuzzy index over spellings.

PostgreSQL: the pg_trgm extension and GIN trigram indexes on spellings and phonetic keys. SQLite (3.34 or later): an FTS5 table with the trigram tokenizer,
kept in step with the spellings by triggers. Each half is skipped on the other database.
"""

import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The trigram indexes are on lower(...) (the values are lower case already) so that the planner
# never uses them for the equality lookups, which pg_trgm's GIN supports but answers 10-30 times
# slower than the B-tree index (EXPLAIN ANALYZE: 30 ms against 0.1 ms). Prefixes use the
# varchar_pattern_ops index Django creates for `db_index`.
POSTGRES = [
    "CREATE INDEX search_variant_text_trgm ON search_searchvariant "
    "USING gin (lower(text) gin_trgm_ops)",
    "CREATE INDEX search_variant_phonetic_trgm ON search_searchvariant "
    "USING gin (lower(phonetic) gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_variant_text_trgm",
    "DROP INDEX IF EXISTS search_variant_phonetic_trgm",
]
SQLITE = [
    "CREATE VIRTUAL TABLE search_variant_fts USING fts5(text, phonetic, "
    "content='search_searchvariant', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_variant_fts_insert AFTER INSERT ON search_searchvariant BEGIN "
    "INSERT INTO search_variant_fts(rowid, text, phonetic) VALUES (new.id, new.text, new.phonetic); "
    "END",
    "CREATE TRIGGER search_variant_fts_delete AFTER DELETE ON search_searchvariant BEGIN "
    "INSERT INTO search_variant_fts(search_variant_fts, rowid, text, phonetic) "
    "VALUES ('delete', old.id, old.text, old.phonetic); END",
    "CREATE TRIGGER search_variant_fts_update AFTER UPDATE ON search_searchvariant BEGIN "
    "INSERT INTO search_variant_fts(search_variant_fts, rowid, text, phonetic) "
    "VALUES ('delete', old.id, old.text, old.phonetic); "
    "INSERT INTO search_variant_fts(rowid, text, phonetic) VALUES (new.id, new.text, new.phonetic); "
    "END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_variant_fts_insert",
    "DROP TRIGGER IF EXISTS search_variant_fts_delete",
    "DROP TRIGGER IF EXISTS search_variant_fts_update",
    "DROP TABLE IF EXISTS search_variant_fts",
]


def sqlite_has_trigram(connection) -> bool:
    import sqlite3

    return sqlite3.sqlite_version_info >= (3, 34, 0)


def create_fuzzy_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        statements = POSTGRES
    elif connection.vendor == "sqlite" and sqlite_has_trigram(connection):
        statements = SQLITE
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def drop_fuzzy_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=100, unique=True, verbose_name="word")),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.CreateModel(
            name="SearchVariant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(db_index=True, max_length=100, verbose_name="spelling")),
                ("phonetic", models.CharField(db_index=True, max_length=100, verbose_name="phonetic key")),
                ("word", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="variants", to="search.searchword")),
            ],
            options={"verbose_name": "spelling", "verbose_name_plural": "spellings"},
        ),
        migrations.AddConstraint(
            model_name="searchvariant",
            constraint=models.UniqueConstraint(fields=("word", "text"), name="search_variant_unique"),
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("person", "person"), ("case", "case"), ("facility", "facility"), ("article", "article")], max_length=8, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="record id")),
                ("role", models.CharField(choices=[("s", "surname"), ("g", "given name"), ("p", "patronymic"), ("d", "display name"), ("a", "alias"), ("n", "name"), ("r", "region"), ("k", "number or code"), ("t", "title")], max_length=1, verbose_name="role")),
                ("weight", models.FloatField(default=1.0, verbose_name="weight")),
                ("is_synthetic", models.BooleanField(default=False, verbose_name="synthetic (benchmarks only)")),
                ("word", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="entries", to="search.searchword")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["kind", "object_id"], name="search_entry_record")],
            },
        ),
        migrations.RunPython(create_fuzzy_index, drop_fuzzy_index),
    ]
