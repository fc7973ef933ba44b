"""Backups taken while the site writes restore into a new database identically; bad input is refused.

Runs on the configured database: SQLite by default, PostgreSQL under scripts/with-postgres.sh
(the restore target is then a new database on the same server).
"""

import io
import os
import sqlite3
import tarfile
import threading
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.utils import timezone

from tests.databases import default_database
from tests.factories import CaseFactory, LetterFactory, charge, writable_person
from unheard.core.models import AuditEntry, Source
from unheard.ops.backup import BackupError, backup_create, backup_restore
from unheard.ops.encryption import EncryptedReader

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "nightly backups of the registry"
WRITTEN_TABLES = {Source._meta.db_table, AuditEntry._meta.db_table}


def on_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("UNHEARD_BACKUP_PASSPHRASE", PASSPHRASE)


def add_records() -> None:
    person = writable_person()
    charge(person, CaseFactory())
    LetterFactory(person=person)


@pytest.fixture
def site(tmp_path):
    """The site's database, with records in many tables, as the default connection.

    On SQLite it is a file in WAL mode (as in production), made from pytest-django's database.
    """
    if on_postgres():
        add_records()
        yield
        return
    path = tmp_path / "site.sqlite3"
    copy = sqlite3.connect(path)
    connections["default"].connection.backup(copy)
    copy.close()
    with default_database(str(path)):
        add_records()
        yield


@pytest.fixture
def new_database(tmp_path):
    """The name of an empty database beside the site's."""
    if not on_postgres():
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"unheard_restore_{uuid.uuid4().hex[:8]}"
    with connections["default"].cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connections["default"].cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}"')


@pytest.fixture
def media(tmp_path, settings) -> Path:
    """A media folder with files spanning several encrypted chunks, in nested folders."""
    root = tmp_path / "media"
    files = {
        "people/ivan.jpg": os.urandom(2_500_000),
        "letters/attachments/2026/11/открытка.png": os.urandom(70_000),
        "letters/replies/scan.pdf": b"%PDF-1.4 reply",
        "empty.txt": b"",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    settings.MEDIA_ROOT = root
    return root


def table_rows() -> dict[str, list[tuple]]:
    """Every row of every table of the default connection's database, in a stable order."""
    connection = connections["default"]
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


class SiteWriter(threading.Thread):
    """Writes a source and its audit row in one transaction, again and again, until stopped."""

    def __init__(self) -> None:
        super().__init__()
        self.written = 0
        self.stopping = threading.Event()
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                with transaction.atomic():
                    source = Source.objects.create(
                        title=f"Written during the backup {self.written}"
                    )
                    AuditEntry.objects.create(
                        action="source_create",
                        object_id=str(source.pk),
                        object_repr=source.title,
                        at=timezone.now(),
                    )
                self.written += 1
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            connections["default"].close()

    def wait_for(self, count: int) -> None:
        while self.written < count and self.error is None and self.is_alive():
            self.stopping.wait(0.01)


def test_a_backup_taken_while_the_site_writes_restores_identically(
    site, new_database, media, tmp_path, settings
):
    writer = SiteWriter()
    writer.start()
    try:
        writer.wait_for(20)
        before = writer.written
        call_command("backup", out=tmp_path)
        writer.wait_for(writer.written + 20)
        after = writer.written
    finally:
        writer.stopping.set()
        writer.join()
    assert writer.error is None
    [archive] = tmp_path.glob("unheard-*.backup")
    assert archive.stat().st_mode & 0o777 == 0o600
    assert b"Written during the backup" not in archive.read_bytes()
    site_rows = table_rows()

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with default_database(new_database):
        call_command("restore", str(archive))
        restored_rows = table_rows()
        written = list(Source.objects.filter(title__startswith="Written during"))
        audited = list(AuditEntry.objects.filter(action="source_create"))

    assert restored_rows.keys() == site_rows.keys()
    assert len(site_rows) > 50
    for table in site_rows.keys() - WRITTEN_TABLES:
        assert restored_rows[table] == site_rows[table], table
    # The backup is one moment of the writes: the rows up to it, each source with its audit row.
    restored_sources = restored_rows[Source._meta.db_table]
    last_id = max(row[0] for row in restored_sources)
    assert restored_sources == [
        row for row in site_rows[Source._meta.db_table] if row[0] <= last_id
    ]
    assert before <= len(written) <= after
    assert sorted(int(entry.object_id) for entry in audited) == sorted(s.pk for s in written)
    audit_table = AuditEntry._meta.db_table
    assert set(restored_rows[audit_table]) <= set(site_rows[audit_table])
    assert media_files(tmp_path / "restored-media") == media_files(media)


@pytest.fixture
def archive(site, media, tmp_path) -> Path:
    return backup_create(
        out=tmp_path / "site.backup", passphrase=PASSPHRASE, using="default", media_root=media
    ).path


def restore_into(database: str, archive: Path, media_root: Path) -> None:
    with default_database(database):
        backup_restore(
            archive=archive, passphrase=PASSPHRASE, using="default", media_root=media_root
        )


def nothing_restored(database: str, media_root: Path) -> bool:
    with default_database(database):
        tables = connections["default"].introspection.table_names()
    leftovers = list(media_root.parent.glob(".unheard-restore-*"))
    return not tables and not leftovers and not (media_root.exists() and any(media_root.iterdir()))


def test_restore_refuses_a_database_that_has_tables(archive, tmp_path):
    before = table_rows()
    with pytest.raises(BackupError, match="already has .* tables: restore only into a new, empty"):
        backup_restore(
            archive=archive, passphrase=PASSPHRASE, using="default", media_root=tmp_path / "new"
        )
    assert table_rows() == before
    assert not (tmp_path / "new").exists()


def test_restore_refuses_a_media_folder_that_has_files(archive, new_database, tmp_path):
    media_root = tmp_path / "busy-media"
    media_root.mkdir()
    (media_root / "kept.txt").write_text("someone's file")
    with pytest.raises(BackupError, match="media folder .* is not empty"):
        restore_into(new_database, archive, media_root)
    assert media_files(media_root) == {"kept.txt": b"someone's file"}
    assert nothing_restored(new_database, tmp_path / "elsewhere")


def test_a_wrong_passphrase_restores_nothing(
    archive, new_database, tmp_path, monkeypatch, settings
):
    monkeypatch.setenv("UNHEARD_BACKUP_PASSPHRASE", "not the nightly passphrase")
    settings.MEDIA_ROOT = tmp_path / "media-restored"
    with default_database(new_database), pytest.raises(CommandError, match="passphrase does not"):
        call_command("restore", str(archive))
    assert nothing_restored(new_database, tmp_path / "media-restored")


@pytest.mark.parametrize("damage", ["flipped byte", "cut short"])
def test_a_damaged_backup_restores_nothing(archive, new_database, tmp_path, damage):
    data = bytearray(archive.read_bytes())
    if damage == "flipped byte":
        data[len(data) * 3 // 4] ^= 0x40
    else:
        del data[len(data) - 100 :]
    archive.write_bytes(bytes(data))
    media_root = tmp_path / "media-restored"
    with pytest.raises(BackupError, match="The backup is damaged"):
        restore_into(new_database, archive, media_root)
    assert nothing_restored(new_database, media_root)


def test_backup_needs_a_passphrase_of_some_length(site, tmp_path, monkeypatch):
    monkeypatch.setenv("UNHEARD_BACKUP_PASSPHRASE", "short")
    with pytest.raises(CommandError, match="UNHEARD_BACKUP_PASSPHRASE"):
        call_command("backup", out=tmp_path / "x.backup")
    assert not list(tmp_path.glob("x.backup*"))


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"
)
def test_a_postgresql_backup_holds_pg_dumps_custom_format(archive):
    with open(archive, "rb") as source:
        plain = io.BytesIO(EncryptedReader(source, PASSPHRASE).read())
    with tarfile.open(fileobj=plain) as tar:
        assert tar.extractfile("database.pgdump").read(5) == b"PGDMP"


def test_backup_never_overwrites_a_file_nor_writes_into_a_missing_folder(tmp_path):
    existing = tmp_path / "yesterday.backup"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", out=existing)
    assert existing.read_bytes() == b"last night's backup"
    with pytest.raises(CommandError, match="No folder"):
        call_command("backup", out=tmp_path / "missing" / "x.backup")
