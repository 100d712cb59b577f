"""Singer catalogs: a mapping of ``tap_stream_id`` to :class:`CatalogEntry`.

Reading is liberal where the meaning is clear (``"metadata": null``, booleans as strings,
repeated breadcrumbs) and strict where it is not: a catalog that is not an object, has no
``streams`` list, or an entry without ``tap_stream_id`` raises :class:`InvalidCatalogError`
naming the entry. Keys this module does not know are kept and written back.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from singer_sdk._catalog.errors import InvalidCatalogError, not_an_object
from singer_sdk._catalog.metadata import MetadataMapping
from singer_sdk._schema.model import Schema

__all__ = ["Catalog", "CatalogEntry"]

# Wire key -> attribute for the optional scalar fields of an entry.
_ENTRY_WIRE_KEYS: dict[str, str] = {
    "stream": "stream",
    "key_properties": "key_properties",
    "replication_key": "replication_key",
    "replication_method": "replication_method",
    "is_view": "is_view",
    "database_name": "database",
    "table_name": "table",
    "row_count": "row_count",
    "stream_alias": "stream_alias",
}
_ENTRY_KNOWN_KEYS = frozenset({*_ENTRY_WIRE_KEYS, "tap_stream_id", "schema", "metadata"})


_SUBSCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf")


def _schema_shape_problem(schema: t.Any, where: str = "schema") -> str | None:
    """Where ``schema`` (a JSON schema) has a keyword of the wrong shape, if anywhere."""
    stack: list[tuple[str, t.Any]] = [(where, schema)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, bool):
            continue
        if not isinstance(node, Mapping):
            return f"{path} must be an object, got {node!r:.100}"
        kind = node.get("type")
        if kind is not None and not (
            isinstance(kind, str)
            or (isinstance(kind, list) and all(isinstance(k, str) for k in kind))
        ):
            return f"{path}.type must be a string or a list of strings, got {kind!r:.100}"
        required = node.get("required")
        if required is not None and not isinstance(required, list | bool):
            return f"{path}.required must be a list, got {required!r:.100}"
        for keyword in _SUBSCHEMA_MAPS:
            children = node.get(keyword)
            if children is None:
                continue
            if not isinstance(children, Mapping):
                return f"{path}.{keyword} must be an object, got {children!r:.100}"
            stack.extend((f"{path}.{keyword}.{name}", child) for name, child in children.items())
        for keyword in _SUBSCHEMA_LISTS:
            children = node.get(keyword)
            if children is None:
                continue
            if not isinstance(children, list):
                return f"{path}.{keyword} must be a list, got {children!r:.100}"
            stack.extend((f"{path}.{keyword}[{i}]", child) for i, child in enumerate(children))
        for keyword in ("items", "additionalProperties", "not"):
            child = node.get(keyword)
            if child is not None:
                if isinstance(child, list) and keyword == "items":
                    stack.extend((f"{path}.items[{i}]", c) for i, c in enumerate(child))
                else:
                    stack.append((f"{path}.{keyword}", child))
    return None


@dataclass(slots=True)
class CatalogEntry:
    """One stream of a catalog.

    Attributes:
        tap_stream_id: the stream's unique id in the catalog.
        metadata: breadcrumb metadata (selection, keys, replication settings).
        schema: the stream's JSON Schema.
        stream: the stream name (may differ from ``tap_stream_id``).
        key_properties: entry-level primary key (legacy; see ``table-key-properties``).
        replication_key: entry-level replication key.
        is_view: whether the source is a database view.
        database: database name (``database_name`` on the wire).
        table: table name (``table_name`` on the wire).
        row_count: approximate row count.
        stream_alias: alternative stream name.
        replication_method: entry-level replication method.
        extras: other entry keys, written back unchanged.
    """

    tap_stream_id: str
    metadata: MetadataMapping
    schema: Schema
    stream: str | None = None
    key_properties: t.Sequence[str] | None = None
    replication_key: str | None = None
    is_view: bool | None = None
    database: str | None = None
    table: str | None = None
    row_count: int | None = None
    stream_alias: str | None = None
    replication_method: str | None = None
    extras: dict[str, t.Any] = field(default_factory=dict, kw_only=True)

    @classmethod
    def from_dict(cls, stream: Mapping[str, t.Any]) -> CatalogEntry:
        """Read one entry of a catalog's ``streams`` list.

        Args:
            stream: the wire object.

        Returns:
            The entry. A missing ``schema`` reads as ``{}``, a missing or null ``metadata``
            as no metadata, a lone string ``key_properties`` as a one-item list.

        Raises:
            InvalidCatalogError: the entry is not an object, ``tap_stream_id`` is missing or
                not a non-empty string, ``schema`` is not an object, ``metadata`` is not a
                list or one of its items is malformed.
        """
        problem = not_an_object(stream)
        if problem:
            msg = f"a catalog entry must be an object, got {problem}"
            raise InvalidCatalogError(msg)
        tap_stream_id = stream.get("tap_stream_id")
        if not isinstance(tap_stream_id, str) or not tap_stream_id:
            found = "it is missing" if "tap_stream_id" not in stream else f"got {tap_stream_id!r}"
            name = stream.get("stream")
            hint = f" (stream {name!r})" if isinstance(name, str) else ""
            msg = f"'tap_stream_id' must be a non-empty string, {found}{hint}"
            raise InvalidCatalogError(msg)
        try:
            return cls._from_checked_dict(tap_stream_id, stream)
        except InvalidCatalogError as exc:
            raise InvalidCatalogError(f"stream {tap_stream_id!r}: {exc}") from None

    @classmethod
    def _from_checked_dict(cls, tap_stream_id: str, stream: Mapping[str, t.Any]) -> CatalogEntry:
        schema = stream.get("schema")
        if schema is None:
            schema = {}
        problem = not_an_object(schema)
        if problem:
            msg = f"'schema' must be an object, got {problem}"
            raise InvalidCatalogError(msg)
        shape = _schema_shape_problem(schema)
        if shape:
            raise InvalidCatalogError(f"'schema' is not a valid JSON schema: {shape}")

        metadata = stream.get("metadata")
        if metadata is None:
            metadata = []
        if not isinstance(metadata, list | tuple):
            msg = (
                "'metadata' must be a list of {'breadcrumb': [...], 'metadata': {...}} objects, "
                f"got {type(metadata).__name__}: {metadata!r}"
            )
            raise InvalidCatalogError(msg)

        optional = {
            attribute: stream[wire_key]
            for wire_key, attribute in _ENTRY_WIRE_KEYS.items()
            if wire_key in stream
        }
        key_properties = optional.get("key_properties")
        if isinstance(key_properties, str):
            optional["key_properties"] = [key_properties]
        elif key_properties is not None and (
            not isinstance(key_properties, list | tuple)
            or not all(isinstance(key, str) for key in key_properties)
        ):
            msg = f"'key_properties' must be a list of strings, got {key_properties!r:.200}"
            raise InvalidCatalogError(msg)
        for wire_key in ("replication_key", "replication_method", "stream", "table_name"):
            value = stream.get(wire_key)
            if value is not None and not isinstance(value, str):
                msg = f"'{wire_key}' must be a string, got {value!r:.200}"
                raise InvalidCatalogError(msg)

        return cls(
            tap_stream_id=tap_stream_id,
            metadata=MetadataMapping.from_iterable(metadata),
            schema=Schema.from_dict(schema),
            **optional,
            extras={k: v for k, v in stream.items() if k not in _ENTRY_KNOWN_KEYS},
        )

    def to_dict(self) -> dict[str, t.Any]:
        """Return the wire object of this entry.

        Returns:
            A JSON-encodable dict; ``None`` fields (and empty database/table names) are
            left out, ``database``/``table`` are written as ``database_name``/``table_name``.
        """
        result: dict[str, t.Any] = {}
        if self.tap_stream_id:
            result["tap_stream_id"] = self.tap_stream_id
        if self.database:
            result["database_name"] = self.database
        if self.table:
            result["table_name"] = self.table
        if self.replication_key is not None:
            result["replication_key"] = self.replication_key
        if self.replication_method is not None:
            result["replication_method"] = self.replication_method
        if self.key_properties is not None:
            result["key_properties"] = list(self.key_properties)
        if self.schema is not None:
            result["schema"] = self.schema.to_dict()
        if self.is_view is not None:
            result["is_view"] = self.is_view
        if self.stream is not None:
            result["stream"] = self.stream
        if self.row_count is not None:
            result["row_count"] = self.row_count
        if self.stream_alias is not None:
            result["stream_alias"] = self.stream_alias
        if self.metadata is not None:
            result["metadata"] = self.metadata.to_list()
        for key, value in self.extras.items():
            result.setdefault(key, value)
        return result


class Catalog(dict[str, CatalogEntry]):
    """A Singer catalog: ``tap_stream_id`` -> :class:`CatalogEntry`, in catalog order."""

    @classmethod
    def from_dict(cls, data: Mapping[str, t.Any]) -> Catalog:
        """Read a catalog document (``{"streams": [...]}``).

        Args:
            data: the parsed catalog JSON. An empty object reads as an empty catalog.

        Returns:
            The catalog.

        Raises:
            InvalidCatalogError: ``data`` is not an object, has no ``streams`` list, an entry
                is malformed (the message starts with ``streams[<index>]`` and the
                ``tap_stream_id`` when there is one), or two entries share a ``tap_stream_id``.
        """
        problem = not_an_object(data)
        if problem:
            msg = f'a catalog must be a JSON object like {{"streams": [...]}}, got {problem}'
            raise InvalidCatalogError(msg)
        if not data:
            return cls()
        streams = data.get("streams")
        if not isinstance(streams, list | tuple):
            found = "it has no 'streams' key" if "streams" not in data else f"got {streams!r}"
            keys = ", ".join(repr(key) for key in data)
            msg = f"a catalog must have a 'streams' list, {found} (top-level keys: {keys})"
            raise InvalidCatalogError(msg)

        catalog = cls()
        first_index: dict[str, int] = {}
        for index, stream in enumerate(streams):
            try:
                entry = CatalogEntry.from_dict(stream)
            except InvalidCatalogError as exc:
                raise InvalidCatalogError(f"streams[{index}]: {exc}") from None
            if entry.tap_stream_id in first_index:
                msg = (
                    f"streams[{index}]: tap_stream_id {entry.tap_stream_id!r} is already used "
                    f"by streams[{first_index[entry.tap_stream_id]}]; ids must be unique"
                )
                raise InvalidCatalogError(msg)
            first_index[entry.tap_stream_id] = index
            catalog[entry.tap_stream_id] = entry
        return catalog

    @classmethod
    def from_entries(cls, entries: t.Iterable[CatalogEntry]) -> Catalog:
        """Build a catalog from entries, keyed by their ``tap_stream_id``.

        Args:
            entries: the entries, in catalog order (a later entry replaces an earlier one
                with the same id).

        Returns:
            The catalog.
        """
        return cls((entry.tap_stream_id, entry) for entry in entries)

    def to_dict(self) -> dict[str, t.Any]:
        """Return the catalog document.

        Returns:
            ``{"streams": [...]}`` with one wire object per entry.
        """
        return {"streams": [entry.to_dict() for entry in self.values()]}

    @property
    def streams(self) -> list[CatalogEntry]:
        """The entries, in catalog order (a new list)."""
        return list(self.values())

    def add_stream(self, entry: CatalogEntry) -> None:
        """Add an entry, replacing any entry with the same ``tap_stream_id``.

        Args:
            entry: the entry to add.
        """
        self[entry.tap_stream_id] = entry

    def get_stream(self, stream_id: str) -> CatalogEntry | None:
        """Return the entry with ``tap_stream_id`` ``stream_id``, or ``None``.

        Args:
            stream_id: the ``tap_stream_id`` to look up.

        Returns:
            The entry, or ``None`` when the catalog has no such stream.
        """
        return self.get(stream_id)
