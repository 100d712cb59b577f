"""The database connection and sink of {{ cookiecutter.target_id }}."""

from __future__ import annotations

import typing as t

from singer_sdk.sql import SQLConnector, SQLSink


class {{ cookiecutter.destination_name }}Connector(SQLConnector):
    """Connects to the database given by the ``sqlalchemy_url`` setting.

    The flags say what the target may do to the database: add, rename and widen columns when
    a stream's schema changes, upsert by primary key (``load_method: upsert``), and replace
    tables (``load_method: overwrite``). Turn off what the database does not support.
    """

    allow_column_add = True
    allow_column_rename = True
    allow_column_alter = True
    allow_merge_upsert = True
    allow_overwrite = True
    allow_temp_tables = True

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        """Return the SQLAlchemy URL of the database.

        Args:
            config: the target's config.

        Returns:
            The ``sqlalchemy_url`` setting, e.g. ``sqlite:///path/to/file.db``.
        """
        return str(config["sqlalchemy_url"])


class {{ cookiecutter.destination_name }}Sink(SQLSink[{{ cookiecutter.destination_name }}Connector]):
    """Loads each stream into a table named after it, a batch of rows at a time."""

    connector_class = {{ cookiecutter.destination_name }}Connector
