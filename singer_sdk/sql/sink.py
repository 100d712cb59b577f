"""The SQL sink: loads a stream's records into a database table."""

from __future__ import annotations

from singer_sdk._compat import aliases_getattr
from singer_sdk._sql.sink import SQLSink

__all__ = ["SQLSink"]


# Names the reference's module also offers (imported on first use), so connectors that import
# them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "BatchSink": "singer_sdk.sinks.batch",
        "ConformedNameClashException": "singer_sdk.exceptions",
        "SQLConnector": "singer_sdk.sql.connector",
        "replace_leading_digit": "singer_sdk.helpers._conformers",
        "utc_now": "singer_sdk.helpers._util",
    },
)
