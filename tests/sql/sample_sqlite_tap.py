"""A small SQL tap for the tests: reads any SQLAlchemy URL given as ``sqlalchemy_url``.

Run it as a script (``python sample_sqlite_tap.py --config ...``) to get the tap's CLI.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th
from singer_sdk.sql import SQLConnector, SQLStream, SQLTap

__all__ = ["SampleSQLConnector", "SampleSQLStream", "SampleSQLTap"]


class SampleSQLConnector(SQLConnector):
    """The generic connector; the optional ``schemas`` setting limits discovery to those."""

    def get_schema_names(self, engine: t.Any, inspected: t.Any) -> list[str]:
        """Return the schemas to discover: the ``schemas`` setting, else all."""
        wanted = self.config.get("schemas")
        return list(wanted) if wanted else super().get_schema_names(engine, inspected)


class SampleSQLStream(SQLStream):
    """A stream of the sample tap."""

    connector_class = SampleSQLConnector


class SampleSQLTap(SQLTap):
    """The sample SQL tap."""

    name = "tap-sample-sql"
    default_stream_class = SampleSQLStream
    config_jsonschema: t.ClassVar[dict[str, t.Any]] = th.PropertiesList(
        th.Property("sqlalchemy_url", th.StringType, required=True),
        th.Property("start_date", th.DateTimeType),
        th.Property("schemas", th.ArrayType(th.StringType)),
    ).to_dict()


if __name__ == "__main__":
    SampleSQLTap.cli()
