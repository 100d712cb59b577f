"""The database connection and stream class of {{ cookiecutter.tap_id }}."""

from __future__ import annotations

import typing as t

from singer_sdk.sql import SQLConnector, SQLStream


class {{ cookiecutter.source_name }}Connector(SQLConnector):
    """Connects to the database given by the ``sqlalchemy_url`` setting.

    Override the type conversion hooks here if the database has types of its own.
    """

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        """Return the SQLAlchemy URL of the database.

        Args:
            config: the tap's config.

        Returns:
            The ``sqlalchemy_url`` setting, e.g. ``sqlite:///path/to/file.db``.
        """
        return str(config["sqlalchemy_url"])


class {{ cookiecutter.source_name }}Stream(SQLStream):
    """One table or view of the database (all of them are discovered)."""

    connector_class = {{ cookiecutter.source_name }}Connector
