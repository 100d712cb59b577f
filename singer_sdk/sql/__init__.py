"""SQL taps and targets on SQLAlchemy (install the ``sql`` extra).

The classes are imported on first use, so importing this package does not import SQLAlchemy.
"""

from __future__ import annotations

import typing as t

from singer_sdk._lazy import lazy_attributes

if t.TYPE_CHECKING:
    from singer_sdk.sql.connector import SQLConnector
    from singer_sdk.sql.sink import SQLSink
    from singer_sdk.sql.stream import SQLStream
    from singer_sdk.sql.tap import SQLTap
    from singer_sdk.sql.target import SQLTarget

__all__ = ["SQLConnector", "SQLSink", "SQLStream", "SQLTap", "SQLTarget"]

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    {
        "SQLConnector": "singer_sdk.sql.connector",
        "SQLSink": "singer_sdk.sql.sink",
        "SQLStream": "singer_sdk.sql.stream",
        "SQLTap": "singer_sdk.sql.tap",
        "SQLTarget": "singer_sdk.sql.target",
    },
)
