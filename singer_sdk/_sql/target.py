"""``SQLTarget``: a target whose sinks share one SQL connector."""

from __future__ import annotations

import typing as t

import singer_sdk._capabilities as caps
from singer_sdk._config import merge_missing_config_jsonschema
from singer_sdk._sql.sink import SQLSink
from singer_sdk._target import Target

if t.TYPE_CHECKING:
    from singer_sdk._sinks.core import Sink
    from singer_sdk._sql.connector import SQLConnector

__all__ = ["SQLTarget"]


class SQLTarget(Target):
    """Base class of SQL targets: set ``name``, ``config_jsonschema`` and a
    :class:`~singer_sdk.sql.SQLSink` subclass as ``default_sink_class``.

    Every sink gets the same connector (:attr:`target_connector`), so the engine, its
    connection pool and the reflected table columns are shared. Besides the target settings,
    SQL targets have ``default_target_schema``, ``hard_delete`` and
    ``process_activate_version_messages``.
    """

    _target_connector: SQLConnector | None = None

    #: The sink class used for every stream unless :meth:`get_sink_class` says otherwise.
    default_sink_class: type[SQLSink[t.Any]]

    #: The connector class of :attr:`target_connector`; None: the default sink's
    #: ``connector_class``.
    default_connector_class: type[SQLConnector] | None = None

    capabilities: t.ClassVar[t.Sequence[caps.CapabilitiesEnum]] = [
        *Target.capabilities,
        caps.PluginCapabilities.ACTIVATE_VERSION,
        caps.TargetCapabilities.TARGET_SCHEMA,
        caps.TargetCapabilities.HARD_DELETE,
    ]

    @property
    def target_connector(self) -> SQLConnector:
        """The connector shared by all sinks, created on first use from the config."""
        if self._target_connector is None:
            connector_class = (
                self.default_connector_class or self.default_sink_class.connector_class
            )
            self._target_connector = connector_class(dict(self.config))
        return self._target_connector

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict[str, t.Any]) -> None:
        """Add the built-in settings missing from ``config_jsonschema``.

        ``default_target_schema`` with the ``target-schema`` capability, ``hard_delete`` with
        ``hard-delete``, then the target settings.
        """
        config_jsonschema.setdefault("properties", {})
        capabilities = cls.capabilities
        if caps.TargetCapabilities.TARGET_SCHEMA in capabilities:
            merge_missing_config_jsonschema(caps.TARGET_SCHEMA_CONFIG, config_jsonschema)
        if caps.TargetCapabilities.HARD_DELETE in capabilities:
            merge_missing_config_jsonschema(caps.TARGET_HARD_DELETE_CONFIG, config_jsonschema)
        super().append_builtin_config(config_jsonschema)

    def get_sink_class(self, stream_name: str) -> type[SQLSink[t.Any]]:
        """Return the sink class for ``stream_name``; called when a sink is created.

        The default returns :attr:`default_sink_class`.

        Raises:
            ValueError: there is no default sink class.
        """
        sink_class = getattr(self, "default_sink_class", None)
        if sink_class is not None:
            return t.cast("type[SQLSink[t.Any]]", sink_class)
        msg = f"No sink class defined for '{stream_name}' and no default sink class available."
        raise ValueError(msg)

    def create_sink(
        self,
        *,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
    ) -> Sink:
        """Return a new sink for a stream, given the shared :attr:`target_connector`.

        Called by :meth:`add_sink`. Sink classes that are not SQL sinks are built without it.
        """
        sink_class: type[t.Any] = self.get_sink_class(stream_name)
        if issubclass(sink_class, SQLSink):
            return sink_class(
                target=self,
                stream_name=stream_name,
                schema=schema,
                key_properties=key_properties,
                connector=self.target_connector,
            )
        return super().create_sink(
            stream_name=stream_name, schema=schema, key_properties=key_properties
        )

    @t.final
    def add_sqlsink(
        self,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None = None,
    ) -> Sink:
        """Create, set up and register the sink of a stream (same as :meth:`add_sink`).

        Returns:
            The new sink.
        """
        return self.add_sink(stream_name, schema, key_properties)
