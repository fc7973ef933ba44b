"""Settings come from the environment; SQLite runs in WAL mode."""

import sqlite3

from unheard.config.settings import base


def test_sqlite_by_default_in_wal_mode(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = base.database_from_env()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    connection = sqlite3.connect(tmp_path / "check.sqlite3")
    connection.executescript(config["OPTIONS"]["init_command"])
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgresql_when_database_url_names_it(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://unheard:secret@db.example:5433/registry")
    config = base.database_from_env()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "registry")
    assert "OPTIONS" not in config or "init_command" not in config.get("OPTIONS", {})


def test_lists_and_flags_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "registry.example, www.registry.example")
    monkeypatch.setenv("DEBUG", "yes")
    assert base.env_list("ALLOWED_HOSTS") == ["registry.example", "www.registry.example"]
    assert base.env_bool("DEBUG") is True
    assert base.env_bool("UNSET_FLAG", False) is False
