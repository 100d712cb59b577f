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
)

TestTapFixtureGraphQL = get_tap_test_class(
    TapFixtureGraphQL,
    config={"api_url": _API.url, "api_key": _API.api_key, "page_size": 5},
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
)  # fmt: skip

TestTargetParquet = get_target_test_class(
    TargetParquet,
    config={"destination_path": _OUTPUT.name},
    suite_config=SuiteConfig(max_records_limit=None),
)
