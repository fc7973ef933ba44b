"""Copy a filled SQLite database into an empty PostgreSQL one, fast: a PostgreSQL bench at 100,000 people.

Building 100,000 people on PostgreSQL with `bench/pages_bench.py` takes about 20 minutes; copying a
SQLite database that already holds them takes a few. Both databases must be migrated to the same
code first (`unheard migrate` on each; work on a COPY of the SQLite file, never the original):

    DATABASE_URL=sqlite:////tmp/x/copy.sqlite3 python -m unheard migrate
    DATABASE_URL=postgres://unheard@127.0.0.1:PORT/unheard python -m unheard migrate
    python bench/sqlite_to_postgres.py /tmp/x/copy.sqlite3 postgres://unheard@127.0.0.1:PORT/unheard

Every table the PostgreSQL database has is emptied (TRUNCATE) and refilled with the SQLite table of
the same name through COPY, with foreign-key triggers off (`session_replication_role = replica`,
which needs a superuser: the bench server's `unheard` role is one), so the order of tables does not
matter. Values are converted per PostgreSQL column type (SQLite keeps booleans as 0/1, durations as
microseconds; dates, datetimes, UUIDs and JSON as text, which COPY parses as they are, in UTC).
Then the sequences are set past the highest ids and the whole database is vacuumed and analysed so
the planner has statistics, as a long-running site would. Tables only SQLite has (its full-text
index) are left behind: PostgreSQL's search reads the copied rows directly.
"""

import sqlite3
import sys
import time
from datetime import timedelta

import psycopg

CONVERT = {
    "boolean": lambda value: None if value is None else bool(value),
    "interval": lambda value: None if value is None else timedelta(microseconds=value),
}


def postgres_tables(target: psycopg.Connection) -> dict[str, list[tuple[str, str]]]:
    """Each base table of the public schema and its (column, type) pairs in order."""
    rows = target.execute(
        """
        SELECT c.table_name, c.column_name, c.data_type
        FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position
        """
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def table_copy(source: sqlite3.Connection, target: psycopg.Connection, table, columns) -> int:
    """Rows copied from the SQLite table into the PostgreSQL one of the same name."""
    names = [name for name, _ in columns]
    converters = [CONVERT.get(data_type) for _, data_type in columns]
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = source.execute(f'SELECT {quoted} FROM "{table}"')
    count = 0
    with target.cursor().copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in cursor:
            pairs = zip(row, converters, strict=True)
            copy.write_row(
                [value if convert is None else convert(value) for value, convert in pairs]
            )
            count += 1
    return count


def sequences_reset(target: psycopg.Connection) -> int:
    """Every identity or serial column's sequence set past the highest value in its table."""
    owned = target.execute(
        """
        SELECT s.relname, t.relname, a.attname
        FROM pg_class s
        JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
        JOIN pg_class t ON t.oid = d.refobjid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S'
        """
    ).fetchall()
    for sequence, table, column in owned:
        target.execute(
            f"""SELECT setval('"{sequence}"', COALESCE(MAX("{column}"), 1),
                              MAX("{column}") IS NOT NULL) FROM "{table}" """
        )
    return len(owned)


def copy_database(sqlite_path: str, postgres_url: str) -> None:
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    source_tables = {
        name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    started = time.perf_counter()
    with psycopg.connect(postgres_url) as target:
        target.execute("SET TIME ZONE 'UTC'")
        target.execute("SET session_replication_role = replica")
        tables = postgres_tables(target)
        missing = sorted(set(tables) - source_tables)
        if missing:
            raise SystemExit(f"not in the SQLite database (migrate it first): {', '.join(missing)}")
        target.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        total = 0
        for table, columns in sorted(tables.items()):
            copied = table_copy(source, target, table, columns)
            total += copied
            if copied >= 10_000:
                print(f"{table}: {copied:,} rows", flush=True)
        sequences = sequences_reset(target)
        target.commit()
        copied_at = time.perf_counter()
        print(
            f"{total:,} rows in {len(tables)} tables, {sequences} sequences: {copied_at - started:.0f} s"
        )
        target.autocommit = True
        target.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE: {time.perf_counter() - copied_at:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    copy_database(sys.argv[1], sys.argv[2])
