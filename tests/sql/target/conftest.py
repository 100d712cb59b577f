"""``db``: each SQL target test runs on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import typing as t

import pytest


class Database(t.NamedTuple):
    url: str
    #: The database schema the target writes to (None on SQLite).
    schema: str | None
    dialect: str

    def config(self) -> dict[str, t.Any]:
        return {"default_target_schema": self.schema} if self.schema else {}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Database:
    if request.param == "sqlite":
        return Database(request.getfixturevalue("sqlite_url"), None, "sqlite")
    url = request.getfixturevalue("pg_url")
    return Database(url, request.getfixturevalue("pg_schema"), "postgresql")
