"""``SQLTap``: a tap whose streams are the tables and views discovered in a database."""

from __future__ import annotations

import copy
import typing as t

from singer_sdk._capabilities import SQL_TAP_USE_SINGER_DECIMAL
from singer_sdk._sql.stream import SQLStream
from singer_sdk._tap import Tap

if t.TYPE_CHECKING:
    from singer_sdk._sql.connector import SQLConnector
    from singer_sdk._stream import Stream

__all__ = ["SQLTap"]


class SQLTap(Tap):
    """A tap with one :class:`SQLStream` per discovered table or view.

    Subclass it, set ``name``, ``config_jsonschema`` and ``default_stream_class`` (a
    :class:`SQLStream` subclass whose ``connector_class`` knows the database). Discovery runs
    once, only when no input catalog is given; all streams share one connector.
    """

    #: The stream class built for each catalog entry.
    default_stream_class: type[SQLStream] = SQLStream
    #: The catalog depends on the config (the database): ``--discover`` validates the config.
    dynamic_catalog: bool = True
    #: Schemas left out of discovery.
    exclude_schemas: t.Sequence[str] = []

    _tap_connector: SQLConnector | None = None

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        self._catalog_dict: dict[str, t.Any] | None = None
        super().__init__(*args, **kwargs)

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict[str, t.Any]) -> None:
        """Add the built-in settings, including ``use_singer_decimal``, missing from the schema."""
        properties = config_jsonschema.setdefault("properties", {})
        for name, prop in SQL_TAP_USE_SINGER_DECIMAL["properties"].items():
            properties.setdefault(name, copy.deepcopy(prop))
        super().append_builtin_config(config_jsonschema)

    @property
    def tap_connector(self) -> SQLConnector:
        """The connector all streams share (a ``default_stream_class.connector_class``)."""
        if self._tap_connector is None:
            self._tap_connector = self.default_stream_class.connector_class(dict(self.config))
        return self._tap_connector

    @property
    def catalog_dict(self) -> dict[str, t.Any]:
        """The catalog as a dict: the input catalog if given, else discovered (once)."""
        if self._catalog_dict is not None:
            return self._catalog_dict
        if self.input_catalog is not None:
            return self.input_catalog.to_dict()
        entries = self.tap_connector.discover_catalog_entries(exclude_schemas=self.exclude_schemas)
        self._catalog_dict = {"streams": entries}
        return self._catalog_dict

    def discover_streams(self) -> t.Sequence[Stream]:
        """Return one ``default_stream_class`` stream per entry of :attr:`catalog_dict`."""
        return [
            self.default_stream_class(
                tap=self,
                catalog_entry=entry,
                connector=self.tap_connector,
            )
            for entry in self.catalog_dict["streams"]
        ]
