"""The standard conformance suites on the fixture-API, CSV and Parquet samples."""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path

from fixture_api import FixtureServer
from tap_csv import TapCSV
from tap_graphql_fixture import TapFixtureGraphQL
from tap_rest_fixture import TapFixtureREST
from target_parquet import TargetParquet

from singer_sdk.testing import SuiteConfig, get_tap_test_class, get_target_test_class

# Our samples meet singer_sdk's stricter checks, not only the reference suite's.
STRICT = SuiteConfig(strict=True)

# The suites' classes are built at import, with their config: the API must be up by then.
_API = FixtureServer(user_count=12, page_size=5).start()
atexit.register(_API.stop)
_FILES = tempfile.TemporaryDirectory(prefix="tap-csv-suite-")
Path(_FILES.name, "people.csv").write_text("id,name,city\n1,Ann,Lyon\n2,Bob,Leeds\n3,Cy,\n")
Path(_FILES.name, "cities.csv").write_text("name,country\nLyon,FR\nLeeds,GB\n")
_OUTPUT = tempfile.TemporaryDirectory(prefix="target-parquet-suite-")

TestTapFixtureREST = get_tap_test_class(
    TapFixtureREST,
    config={"api_url": _API.url, "api_key": _API.api_key, "page_size": 5},
    suite_config=STRICT,
)

TestTapFixtureGraphQL = get_tap_test_class(
    TapFixtureGraphQL,
    config={"api_url": _API.url, "api_key": _API.api_key, "page_size": 5},
    suite_config=STRICT,
)

TestTapCSV = get_tap_test_class(
    TapCSV,
    config={
        "files": [
            {"path": str(Path(_FILES.name, "people.csv")), "keys": ["id"],
             "schema": {"properties": {"id": {"type": "integer"}}}},
            {"path": str(Path(_FILES.name, "cities.csv")), "keys": ["name"]},
        ]
    },
    suite_config=STRICT,
)  # fmt: skip

TestTargetParquet = get_target_test_class(
    TargetParquet,
    config={"destination_path": _OUTPUT.name},
    suite_config=SuiteConfig(max_records_limit=None, strict=True),
)


# -- the SQLite samples: a small database to read, a fresh file to load into --------------------
import sqlite3  # noqa: E402

from tap_sqlite import TapSQLite  # noqa: E402
from target_sqlite import TargetSQLite  # noqa: E402

_SQLITE = tempfile.TemporaryDirectory(prefix="sqlite-suite-")
with sqlite3.connect(Path(_SQLITE.name, "source.sqlite")) as _db:
    _db.executescript(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weight REAL,"
        " price NUMERIC(10, 2), born DATE, updated_at DATETIME);"
        "INSERT INTO items VALUES (1, 'apple', 1.5, 12.5, '2024-01-02', '2024-01-02 10:00:00'),"
        " (2, 'pear', NULL, 3, '2024-02-03', '2024-02-03 11:30:00');"
        "CREATE VIEW light AS SELECT id, name FROM items WHERE weight < 2;"
    )
_db.close()

TestTapSQLite = get_tap_test_class(
    TapSQLite,
    config={"database": str(Path(_SQLITE.name, "source.sqlite"))},
    suite_config=STRICT,
)

TestTargetSQLite = get_target_test_class(
    TargetSQLite,
    config={"database": str(Path(_SQLITE.name, "warehouse.sqlite"))},
    suite_config=STRICT,
)
