"""``SQLStream``: a stream that reads one table or view through a SQL connector."""

from __future__ import annotations

from singer_sdk._compat import aliases_getattr
from singer_sdk._sql.stream import SQLStream

__all__ = ["SQLStream"]


# Names the reference's module also offers (imported on first use), so connectors that import
# them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "CatalogEntry": "singer_sdk.singerlib.catalog",
        "REPLICATION_INCREMENTAL": "singer_sdk._catalog.metadata",
        "SQLConnector": "singer_sdk.sql.connector",
        "Stream": "singer_sdk.streams.core",
    },
)
