"""Fixtures: the app on a fresh database per test, a client, a CLI runner.

Database per test: SQLite by default — a schema migrated once per session is
copied to a new file for each test. With TEST_DATABASE_URL=postgresql://… the
suite migrates that database once and truncates every table between tests; under
pytest-xdist each worker gets its own database beside it (``portal_test_gw0`` …),
so the PostgreSQL run can use both cores.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

from portal import create_app
from portal import db as dbmod

# A shared 2-core machine makes timings noisy: no per-example deadlines.
settings.register_profile("portal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("portal")

TEST_TODAY = dt.date(2023, 3, 15)  # inside fiscal year 2566
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgres")


def _worker_database(url: str) -> str:
    """The PostgreSQL database of this xdist worker, created empty next to ``url`` (the role needs
    CREATEDB, which .ci/postgres.sh grants); ``url`` itself outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    import psycopg2

    base, _, name = url.rpartition("/")
    mine = f"{name.split('?')[0]}_{worker}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{mine}"')
            cur.execute(f"CREATE DATABASE \"{mine}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
    finally:
        admin.close()
    return f"{base}/{mine}"


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory):
    """A migrated SQLite file to copy, or the migrated PostgreSQL database (one per xdist worker)."""
    if ON_POSTGRES:
        url = _worker_database(TEST_DATABASE_URL)
        database = dbmod.make_database(url)
        dbmod.check_connection(database, url)
        with database.connection_context():
            # Start from an empty schema so every run proves the migrations.
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
            dbmod.upgrade(database)
            _load_reference(database)
        return url
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    database = dbmod.make_database(f"sqlite:///{path}")
    with database.connection_context():
        dbmod.upgrade(database)
        _load_reference(database)
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


# Reference data is loaded into the template once; tests never change it.
REFERENCE_TABLES = {"schema_migration", "centre", "province", "office", "coop_type", "business_line"}


def _load_reference(database):
    from portal.services.reference import sync_reference

    dbmod.database.initialize(database)
    sync_reference()


def _truncate_all(database):
    tables = [t for t in database.get_tables() if t not in REFERENCE_TABLES]
    if tables:
        database.execute_sql(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )


@pytest.fixture
def database_url(_migrated_template, tmp_path):
    if ON_POSTGRES:
        return _migrated_template
    path = tmp_path / "portal.sqlite3"
    shutil.copyfile(_migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "PORTAL_ENV": "testing",
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "TODAY": TEST_TODAY,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SERVER_NAME": None,
        },
        environ={"PORTAL_ENV": "testing", "SECRET_KEY": "test-secret-key"},
    )
    database = app.extensions["database"]
    with app.app_context():
        if ON_POSTGRES:
            _truncate_all(database)
        yield app
    if not database.is_closed():
        database.close()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF enforced, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    return app.extensions["database"]


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + TEST_DATABASE_URL.split('@')[-1] if ON_POSTGRES else 'SQLite (a file per test)'}"


# -- people and places for view tests (tests/support.py) --------------------------

from support import PASSWORD, World, login  # noqa: E402,F401


@pytest.fixture
def world(app):
    return World()


@pytest.fixture
def login_as(client, world):
    """login_as("centre_director") signs the test client in as that role of the own centre."""

    def _login(role):
        return login(client, world.users[role])

    return _login
