"""Backups of an Unheard instance, and restoring one into an empty database.

Policy:
* **What a backup holds**: the whole database — every table of every app, with the migration
  history, so `unheard migrate` after a restore brings it to the installed version — and every
  regular file under the media folder (UNHEARD_DATA_DIR/media: photos, letters' attachments, PDFs
  and scans), in one tar archive with a manifest (`manifest.json`: format, date, database kind,
  number and size of media files).
* **What it does not hold**: the environment (SECRET_KEY, DATABASE_URL, mail passwords: keep them
  in your password manager), collected static files (rebuilt by `collectstatic`), the code
  (reinstalled from the release), logs, and symbolic links under media.
* **Consistency while the site writes**: SQLite is copied with its online backup API in one step,
  which reads one snapshot (WAL mode lets the site go on writing meanwhile); PostgreSQL with
  `pg_dump` (custom format), which reads one snapshot in a repeatable-read transaction. Media
  files are copied after the database, so every file a row of the backup names is there (uploads
  are written before their row commits); a file added later may be there without its row.
* **The threat it covers**: a lost or broken disk or server, a bad upgrade, a mistaken deletion —
  and the backup copy itself falling into other hands. The archive holds authors', donors' and
  beneficiaries' details, so it is encrypted (AES-256-GCM, key from the passphrase by scrypt;
  format in `unheard.ops.encryption`) with the passphrase in UNHEARD_BACKUP_PASSPHRASE: a copy on
  another server or cloud store reads as noise without it. Keep the passphrase away from the
  backups (the web server does not need it). It does not cover an attacker who controls the
  running server (they read the live database) nor one who has the passphrase.
* **Restoring** goes only into an empty database (no tables at all: do not run `migrate` first)
  and an empty media folder, so it can never overwrite a live site. The archive is first read to
  its end and checked; a wrong passphrase or a damaged or cut-short file is refused with nothing
  written. The database must be of the kind the backup was taken from.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from unheard.ops.encryption import DamagedFile, EncryptedReader, EncryptedWriter, WrongPassphrase

FORMAT = "unheard-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
PASSPHRASE_VARIABLE = "UNHEARD_BACKUP_PASSPHRASE"
MIN_PASSPHRASE_CHARS = 12


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    database_kind: str
    media_files: int
    media_bytes: int
    archive_bytes: int


def passphrase_from_environment() -> str:
    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise BackupError(
            f"Set {PASSPHRASE_VARIABLE} in the environment to a passphrase of at least "
            f"{MIN_PASSPHRASE_CHARS} characters (and keep it apart from the backups)."
        )
    return passphrase


def backup_create(*, out: Path, passphrase: str, using: str, media_root: Path) -> BackupSummary:
    """Writes the database and the media folder, encrypted, to `out` (a file, or a folder).

    The archive is written beside `out` under a temporary name and renamed when complete, so `out`
    is never a half-written backup.
    """
    if out.is_dir():
        out = out / f"unheard-{timezone.now():%Y%m%d-%H%M%S}.backup"
    if not out.parent.is_dir():
        raise BackupError(f"No folder {out.parent} to write the backup in.")
    if out.exists():
        raise BackupError(f"{out} exists already: name a new file.")
    connection = connections[using]
    dump = DUMPS.get(connection.vendor)
    if dump is None:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a backup that was killed
    with tempfile.TemporaryDirectory(prefix="unheard-backup-") as work:
        database_file = dump.create(connection, Path(work))
        media_files = sorted(path for path in media_root.rglob("*") if is_regular(path))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "database_file": database_file.name,
            "media_files": len(media_files),
            "media_bytes": sum(path.stat().st_size for path in media_files),
        }
        try:
            write_archive(partial, passphrase, manifest, database_file, media_root, media_files)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, out)
    return BackupSummary(
        out, connection.vendor, manifest["media_files"], manifest["media_bytes"], out.stat().st_size
    )


def is_regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def write_archive(
    path: Path,
    passphrase: str,
    manifest: dict,
    database_file: Path,
    media_root: Path,
    media_files: list[Path],
) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "wb") as target:
        encrypted = EncryptedWriter(target, passphrase)
        with tarfile.open(fileobj=encrypted, mode="w|") as archive:
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(database_file, arcname=database_file.name)
            for media_file in media_files:
                relative = media_file.relative_to(media_root).as_posix()
                archive.add(media_file, arcname=f"{MEDIA}/{relative}", recursive=False)
        encrypted.close()
        target.flush()
        os.fsync(target.fileno())


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(timezone.now().timestamp())
    member.mode = 0o600
    archive.addfile(member, io.BytesIO(data))


def backup_restore(*, archive: Path, passphrase: str, using: str, media_root: Path) -> dict:
    """Restores `archive` into the empty database `using` and the empty folder `media_root`.

    Returns the backup's manifest. Raises BackupError, with nothing written, when the database or
    media folder is not empty, the passphrase is wrong, or the archive is damaged.
    """
    connection = connections[using]
    refuse_unless_empty(connection, media_root)
    with open(archive, "rb") as source:
        opened(lambda: EncryptedReader(source, passphrase).verify())
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unheard-restore-", dir=media_root.parent))
    try:
        with open(archive, "rb") as source:
            opened(lambda: extract(EncryptedReader(source, passphrase), staging))
        manifest = read_manifest(staging, connection)
        DUMPS[connection.vendor].load(connection, staging / manifest["database_file"])
        restore_media(staging / MEDIA, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def opened(read):
    """Runs `read`, turning what the archive's encryption found wrong into a BackupError."""
    try:
        return read()
    except (WrongPassphrase, DamagedFile) as problem:
        raise BackupError(f"{problem} Nothing was restored.") from None


def refuse_unless_empty(connection: BaseDatabaseWrapper, media_root: Path) -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!s} already has {len(tables)} tables: "
            "restore only into a new, empty database. Create one, point DATABASE_URL at it and "
            "run restore again (without running migrate first). Nothing was restored."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(
            f"The media folder {media_root} is not empty: restore only into an empty one. "
            "Nothing was restored."
        )


def extract(reader: EncryptedReader, staging: Path) -> None:
    with tarfile.open(fileobj=reader, mode="r|") as archive:
        archive.extractall(staging, filter="data")


def read_manifest(staging: Path, connection: BaseDatabaseWrapper) -> dict:
    try:
        manifest = json.loads((staging / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError("The archive has no readable manifest. Nothing was restored.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"Unknown backup format {manifest.get('format')!r}. Nothing was restored."
        )
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"This backup holds a {manifest['database']} database and the target is "
            f"{connection.vendor}: restore into the kind of database it was taken from. "
            "Nothing was restored."
        )
    return manifest


def restore_media(restored: Path, media_root: Path) -> None:
    if not restored.exists():
        restored.mkdir()
    if media_root.exists():
        media_root.rmdir()  # empty: checked before anything was written
    os.replace(restored, media_root)


class SQLiteDump:
    """The database file, copied with SQLite's online backup API."""

    file_name = "database.sqlite3"

    def create(self, connection: BaseDatabaseWrapper, work: Path) -> Path:
        path = work / self.file_name
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            # One step (pages=-1): a single read transaction, so one consistent snapshot even
            # while others write; copying in several steps would restart on each of their writes.
            connection.connection.backup(copy, pages=-1)
        finally:
            copy.close()
        return path

    def load(self, connection: BaseDatabaseWrapper, path: Path) -> None:
        connection.ensure_connection()
        restored = sqlite3.connect(path)
        try:
            restored.backup(connection.connection, pages=-1)
        finally:
            restored.close()


class PostgresDump:
    """pg_dump's custom format, loaded by pg_restore in one transaction."""

    file_name = "database.pgdump"

    def create(self, connection: BaseDatabaseWrapper, work: Path) -> Path:
        path = work / self.file_name
        run_pg_tool("pg_dump", connection, "--format=custom", f"--file={path}")
        return path

    def load(self, connection: BaseDatabaseWrapper, path: Path) -> None:
        connection.close()
        run_pg_tool(
            "pg_restore",
            connection,
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            str(path),
        )


def run_pg_tool(tool: str, connection: BaseDatabaseWrapper, *arguments: str) -> None:
    """Runs pg_dump or pg_restore on the connection's database; the password goes by environment."""
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": str(settings.get("HOST") or ""),
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": str(settings.get("USER") or ""),
        "PGPASSWORD": str(settings.get("PASSWORD") or ""),
        "PGSSLMODE": str(settings.get("OPTIONS", {}).get("sslmode", "prefer")),
    }
    command = [pg_tool_path(tool), "--no-password", f"--dbname={settings['NAME']}", *arguments]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def pg_tool_path(tool: str) -> str:
    """UNHEARD_PG_BIN_DIR's tool, else the one on PATH, else the newest installed by apt."""
    directory = os.environ.get("UNHEARD_PG_BIN_DIR")
    if directory:
        return str(Path(directory) / tool)
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=lambda path: int(path.parts[-3])
    )
    found = shutil.which(tool) or (installed[-1] if installed else None)
    if not found:
        raise BackupError(f"{tool} is not installed: apt-get install postgresql-client.")
    return str(found)


DUMPS = {"sqlite": SQLiteDump(), "postgresql": PostgresDump()}
