"""Shared fixtures: real databases (an SQLite file, and a PostgreSQL server when given).

PostgreSQL: `.ci/run` starts a throwaway server and sets
ASNWATCH_TEST_POSTGRES_URL; each test gets a database of its own. Outside CI
without that variable the PostgreSQL cases are skipped; in CI (CI=true) a
missing server is an error, so they can never be skipped silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crawler.config.model import load_config
from storage.repository import Repository
from tests.faults.table import (  # noqa: F401 (hooks: the fault suite's table)
    pytest_runtest_logreport,
    pytest_runtest_makereport,
    pytest_terminal_summary,
)

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "ASNWATCH_TEST_POSTGRES_URL"

#: The outlets the repository's config.yaml names, in its order: the one list tests
#: parametrize over, so adding an outlet to the config edits no list in the tests.
CONFIGURED_OUTLETS: tuple[str, ...] = tuple(load_config(ROOT / "config.yaml").outlets)


def _postgres_server() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {PG_ENV} is not set: .ci/run must start PostgreSQL")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'asnwatch.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    server = _postgres_server()
    if not server:
        pytest.skip(f"no PostgreSQL server ({PG_ENV} not set)")
    name = f"asnwatch_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on a real SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def repo(db_url: str) -> Iterator[Repository]:
    repository = Repository.open(db_url)
    yield repository
    repository.close()
