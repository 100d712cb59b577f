"""Breadcrumb metadata of a catalog entry, and how it resolves to a selection mask.

A breadcrumb is a tuple of strings: ``()`` is the stream itself, ``("properties", "id")`` a
top-level property, ``("properties", "address", "properties", "city")`` a nested one and
``("properties", "tags", "items", ...)`` something inside the items of an array.

On the wire metadata keys are dash-case (``selected-by-default``); as attributes they are
snake_case (``selected_by_default``). Keys this module does not know are kept in ``extras``
and written back unchanged, so a catalog survives a read/write round trip.
"""

from __future__ import annotations

import enum
import logging
import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from singer_sdk._catalog.errors import InvalidCatalogError, not_an_object

__all__ = [
    "REPLICATION_FULL_TABLE",
    "REPLICATION_INCREMENTAL",
    "REPLICATION_LOG_BASED",
    "AnyMetadata",
    "Breadcrumb",
    "InclusionType",
    "Metadata",
    "MetadataMapping",
    "SelectionMask",
    "StreamMetadata",
    "parent_breadcrumb",
]

logger = logging.getLogger(__name__)

Breadcrumb: t.TypeAlias = tuple[str, ...]

REPLICATION_FULL_TABLE = "FULL_TABLE"
REPLICATION_INCREMENTAL = "INCREMENTAL"
REPLICATION_LOG_BASED = "LOG_BASED"

_REPLICATION_METHODS = frozenset(
    {REPLICATION_FULL_TABLE, REPLICATION_INCREMENTAL, REPLICATION_LOG_BASED}
)
_TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1"})
_FALSE_WORDS = frozenset({"false", "f", "no", "n", "0"})


def parent_breadcrumb(breadcrumb: Breadcrumb) -> Breadcrumb:
    """Return the breadcrumb one step up: the enclosing property, array or the stream.

    Steps are read from the left: ``"properties"`` takes the next element as a property
    name, anything else (``"items"``) is a step on its own. So a property literally named
    ``"items"`` or ``"properties"`` is never mistaken for a keyword.

    Args:
        breadcrumb: a property breadcrumb; ``()`` is its own parent.

    Returns:
        The breadcrumb with its last step removed.
    """
    index = 0
    last_step = 0
    length = len(breadcrumb)
    while index < length:
        last_step = index
        index += 2 if breadcrumb[index] == "properties" else 1
    return breadcrumb[:last_step]


# --- value coercion (liberal input, canonical attributes) ---------------------------------


def _as_bool(value: t.Any, key: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    elif isinstance(value, int) and value in {0, 1}:
        return bool(value)
    msg = f"'{key}' must be a boolean (true or false), got {value!r}"
    raise InvalidCatalogError(msg)


def _as_inclusion(value: t.Any) -> InclusionType | None:
    if value is None or isinstance(value, InclusionType):
        return value
    if isinstance(value, str):
        try:
            return InclusionType(value.strip().lower())
        except ValueError:
            pass
    expected = ", ".join(repr(member.value) for member in InclusionType)
    msg = f"'inclusion' must be one of {expected}, got {value!r}"
    raise InvalidCatalogError(msg)


def _as_str(value: t.Any, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    msg = f"'{key}' must be a string, got {value!r}"
    raise InvalidCatalogError(msg)


def _as_str_list(value: t.Any, key: str) -> t.Any:
    """Keep a list/tuple of strings as given; a lone string becomes a one-item list."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return value
    msg = f"'{key}' must be a list of strings, got {value!r}"
    raise InvalidCatalogError(msg)


def _as_replication_method(value: t.Any, key: str) -> str | None:
    method = _as_str(value, key)
    if method is not None and method.strip().upper() in _REPLICATION_METHODS:
        return method.strip().upper()
    return method


def _to_wire(value: t.Any) -> t.Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


_WIRE_KEYS: dict[type[Metadata], dict[str, str]] = {}


def _wire_keys(cls: type[Metadata]) -> dict[str, str]:
    """Map each dash-case wire key of a metadata class to its attribute name."""
    keys = _WIRE_KEYS.get(cls)
    if keys is None:
        keys = {f.name.replace("_", "-"): f.name for f in fields(cls) if f.name != "extras"}
        _WIRE_KEYS[cls] = keys
    return keys


# --- metadata entries ----------------------------------------------------------------------


@dataclass(slots=True)
class Metadata:
    """Metadata of one breadcrumb: how the property is included and whether it is selected.

    Attributes:
        inclusion: ``available`` (synced when selected), ``automatic`` (always synced) or
            ``unsupported`` (never synced). Strings are converted to :class:`InclusionType`.
        selected: the user's choice; ``None`` when they expressed none. The strings
            ``"true"``/``"false"`` (and yes/no, 1/0) are accepted and stored as booleans.
        selected_by_default: what applies when ``selected`` is ``None``.
        extras: every other wire key of this breadcrumb (``sql-datatype``,
            ``replication-method``, ...), written back unchanged by :meth:`to_dict`.
    """

    class InclusionType(enum.StrEnum):
        """How a stream or property is included in a sync (the ``inclusion`` key)."""

        AVAILABLE = "available"
        AUTOMATIC = "automatic"
        UNSUPPORTED = "unsupported"

    inclusion: InclusionType | None = None
    selected: bool | None = None
    selected_by_default: bool | None = None
    extras: dict[str, t.Any] = field(default_factory=dict, kw_only=True)

    def __post_init__(self) -> None:
        """Bring liberal values (strings for booleans and enums) to their canonical types."""
        self.inclusion = _as_inclusion(self.inclusion)
        self.selected = _as_bool(self.selected, "selected")
        self.selected_by_default = _as_bool(self.selected_by_default, "selected-by-default")

    @classmethod
    def from_dict(cls, value: Mapping[str, t.Any]) -> t.Self:
        """Read the ``metadata`` object of one breadcrumb.

        Args:
            value: the wire object, with dash-case keys.

        Returns:
            The metadata; unknown keys are kept in ``extras``.

        Raises:
            InvalidCatalogError: ``value`` is not an object, or a known key has a value of
                the wrong type (e.g. ``"selected": "maybe"``).
        """
        problem = not_an_object(value)
        if problem:
            msg = f"'metadata' must be an object, got {problem}"
            raise InvalidCatalogError(msg)
        wire_keys = _wire_keys(cls)
        known: dict[str, t.Any] = {}
        extras: dict[str, t.Any] = {}
        for key, item in value.items():
            attribute = wire_keys.get(key)
            if attribute is None:
                extras[key] = item
            else:
                known[attribute] = item
        return cls(**known, extras=extras)

    def to_dict(self) -> dict[str, t.Any]:
        """Return the wire object: dash-case keys, ``None`` values left out, extras kept.

        Returns:
            A JSON-encodable dict.
        """
        result: dict[str, t.Any] = {}
        for wire_key, attribute in _wire_keys(type(self)).items():
            value = getattr(self, attribute)
            if value is not None:
                result[wire_key] = _to_wire(value)
        for key, value in self.extras.items():
            result.setdefault(key, value)
        return result


InclusionType = Metadata.InclusionType


@dataclass(slots=True)
class StreamMetadata(Metadata):
    """Metadata of the stream itself (breadcrumb ``()``).

    Attributes:
        table_key_properties: the primary key (``table-key-properties``).
        replication_key: the bookmark property chosen for incremental replication.
        forced_replication_method: ``FULL_TABLE``, ``INCREMENTAL`` or ``LOG_BASED`` when the
            tap allows only one (known values are upper-cased).
        valid_replication_keys: properties that may serve as replication key.
        schema_name: the database schema of the stream's table, for SQL taps.
    """

    table_key_properties: t.Sequence[str] | None = None
    replication_key: str | None = None
    forced_replication_method: str | None = None
    valid_replication_keys: list[str] | None = None
    schema_name: str | None = None

    def __post_init__(self) -> None:
        """Bring liberal values to their canonical types (see :class:`Metadata`)."""
        Metadata.__post_init__(self)
        self.table_key_properties = _as_str_list(self.table_key_properties, "table-key-properties")
        self.replication_key = _as_str(self.replication_key, "replication-key")
        self.forced_replication_method = _as_replication_method(
            self.forced_replication_method, "forced-replication-method"
        )
        valid_keys = _as_str_list(self.valid_replication_keys, "valid-replication-keys")
        self.valid_replication_keys = None if valid_keys is None else list(valid_keys)
        self.schema_name = _as_str(self.schema_name, "schema-name")


AnyMetadata: t.TypeAlias = Metadata | StreamMetadata


# --- selection mask ------------------------------------------------------------------------


class SelectionMask(dict[Breadcrumb, bool]):
    """Whether each breadcrumb is selected.

    A breadcrumb that is not in the mask takes the value of its parent (see
    :func:`parent_breadcrumb`); the stream (``()``) defaults to selected. Looking up a
    missing breadcrumb does not add it.
    """

    # Compiled pruners derived from this mask (see singer_sdk._catalog.selection); any
    # change to the mask drops them.
    _derived: dict[str, t.Any] | None = None

    def __missing__(self, breadcrumb: Breadcrumb) -> bool:
        if not breadcrumb:
            return True
        return self[parent_breadcrumb(breadcrumb)]

    def __reduce__(self) -> tuple[t.Any, ...]:
        return (type(self), (dict(self),))

    def _forget_derived(self) -> None:
        self._derived = None

    def __setitem__(self, key: Breadcrumb, value: bool) -> None:
        self._forget_derived()
        super().__setitem__(key, value)

    def __delitem__(self, key: Breadcrumb) -> None:
        self._forget_derived()
        super().__delitem__(key)

    def __ior__(self, other: t.Any) -> t.Self:  # type: ignore[override,misc]
        self._forget_derived()
        return super().__ior__(other)

    def clear(self) -> None:
        """Remove every breadcrumb."""
        self._forget_derived()
        super().clear()

    def pop(self, key: Breadcrumb, *default: t.Any) -> t.Any:
        """Remove a breadcrumb and return its value (or ``default``)."""
        self._forget_derived()
        return super().pop(key, *default)

    def popitem(self) -> tuple[Breadcrumb, bool]:
        """Remove and return the last inserted breadcrumb and value."""
        self._forget_derived()
        return super().popitem()

    def setdefault(self, key: Breadcrumb, default: bool = True) -> bool:
        """Return the value of ``key``, storing ``default`` first if it is absent."""
        self._forget_derived()
        return super().setdefault(key, default)

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:
        """Add or replace breadcrumbs, as :meth:`dict.update`."""
        self._forget_derived()
        super().update(*args, **kwargs)


# --- metadata mapping ----------------------------------------------------------------------


def _parse_breadcrumb(value: t.Any) -> Breadcrumb:
    if not isinstance(value, list | tuple) or not all(isinstance(step, str) for step in value):
        msg = f"'breadcrumb' must be a list of strings, got {value!r}"
        raise InvalidCatalogError(msg)
    breadcrumb = tuple(value)
    if (
        breadcrumb
        and breadcrumb[-1] == "properties"
        and parent_breadcrumb(breadcrumb) == (breadcrumb[:-1])
    ):
        msg = f"'breadcrumb' {value!r} ends with 'properties' but names no property"
        raise InvalidCatalogError(msg)
    return breadcrumb


class MetadataMapping(dict[Breadcrumb, Metadata]):
    """The metadata of one catalog entry: breadcrumb -> :class:`Metadata`.

    The stream's own entry (``()``) is a :class:`StreamMetadata`. Looking up a breadcrumb
    that has no entry creates an empty one, so ``mapping.root.selected = True`` works on a
    fresh mapping.
    """

    @classmethod
    def from_iterable(cls, iterable: t.Iterable[Mapping[str, t.Any]]) -> MetadataMapping:
        """Read a wire metadata list (``[{"breadcrumb": [...], "metadata": {...}}, ...]``).

        Entries that repeat a breadcrumb are merged, later keys winning, so nothing a tool
        appended is lost.

        Args:
            iterable: the metadata list of a catalog entry.

        Returns:
            The mapping, in the order the breadcrumbs first appear.

        Raises:
            InvalidCatalogError: an item is not an object, has no list-of-strings
                ``breadcrumb``, or its ``metadata`` is not an object or holds a bad value.
                The message names the item index.
        """
        raw: dict[Breadcrumb, dict[str, t.Any]] = {}
        for index, item in enumerate(iterable):
            where = f"metadata[{index}]"
            problem = not_an_object(item)
            if problem:
                msg = f"{where} must be an object with 'breadcrumb' and 'metadata', got {problem}"
                raise InvalidCatalogError(msg)
            if "breadcrumb" not in item:
                msg = f"{where} has no 'breadcrumb' (expected a list of strings, [] for the stream)"
                raise InvalidCatalogError(msg)
            try:
                breadcrumb = _parse_breadcrumb(item["breadcrumb"])
            except InvalidCatalogError as exc:
                raise InvalidCatalogError(f"{where}: {exc}") from None
            values = item.get("metadata")
            if values is None:
                values = {}
            problem = not_an_object(values)
            if problem:
                msg = (
                    f"{where} (breadcrumb {list(breadcrumb)}): 'metadata' must be an object, "
                    f"got {problem}"
                )
                raise InvalidCatalogError(msg)
            raw.setdefault(breadcrumb, {}).update(values)

        mapping = cls()
        for breadcrumb, values in raw.items():
            metadata_class = StreamMetadata if not breadcrumb else Metadata
            try:
                mapping[breadcrumb] = metadata_class.from_dict(values)
            except InvalidCatalogError as exc:
                msg = f"metadata for breadcrumb {list(breadcrumb)}: {exc}"
                raise InvalidCatalogError(msg) from None
        return mapping

    def to_list(self) -> list[dict[str, t.Any]]:
        """Return the wire metadata list.

        Returns:
            One ``{"breadcrumb": [...], "metadata": {...}}`` object per entry, in order.
        """
        return [
            {"breadcrumb": list(breadcrumb), "metadata": metadata.to_dict()}
            for breadcrumb, metadata in self.items()
        ]

    def __missing__(self, breadcrumb: Breadcrumb) -> Metadata:
        created = Metadata() if breadcrumb else StreamMetadata()
        self[breadcrumb] = created
        return created

    @property
    def root(self) -> StreamMetadata:
        """The stream's own metadata (breadcrumb ``()``), created empty if absent.

        Returns:
            The stream metadata. A plain :class:`Metadata` stored at ``()`` is upgraded in
            place to a :class:`StreamMetadata` carrying the same values.
        """
        entry = self[()]
        if not isinstance(entry, StreamMetadata):
            entry = StreamMetadata.from_dict(entry.to_dict())
            self[()] = entry
        return entry

    @classmethod
    def get_standard_metadata(
        cls,
        *,
        schema: Mapping[str, t.Any] | None = None,
        schema_name: str | None = None,
        key_properties: t.Sequence[str] | None = None,
        valid_replication_keys: list[str] | None = None,
        replication_method: str | None = None,
        selected_by_default: bool | None = None,
    ) -> MetadataMapping:
        """Return the metadata a tap publishes for a stream at discovery.

        Every property of ``schema`` (nested object properties too) gets
        ``inclusion: available``, except top-level key properties and valid replication keys,
        which get ``automatic``. The stream entry comes last and carries
        ``table-key-properties``, ``valid-replication-keys``, ``replication-key`` (only when
        there is exactly one valid key), ``forced-replication-method`` (from
        ``replication_method``), ``selected-by-default``, and, when a schema is given,
        ``inclusion: available`` and ``schema-name``. ``selected`` is not set.

        Args:
            schema: the stream's JSON Schema.
            schema_name: database schema name (SQL taps).
            key_properties: the primary key.
            valid_replication_keys: candidate replication keys.
            replication_method: the replication method the stream forces, if any.
            selected_by_default: whether the stream is selected when the catalog says nothing.

        Returns:
            A new mapping.
        """
        mapping = cls()
        automatic = {*(key_properties or ()), *(valid_replication_keys or ())}
        only_key = (
            valid_replication_keys[0]
            if valid_replication_keys and len(valid_replication_keys) == 1
            else None
        )
        root = StreamMetadata(
            selected_by_default=selected_by_default,
            table_key_properties=key_properties,
            replication_key=only_key,
            forced_replication_method=replication_method,
            valid_replication_keys=valid_replication_keys,
        )

        def add_properties(properties: t.Any, parent: Breadcrumb, *, top: bool) -> None:
            if not isinstance(properties, Mapping):
                return
            for name, property_schema in properties.items():
                breadcrumb = (*parent, "properties", name)
                inclusion = (
                    InclusionType.AUTOMATIC
                    if top and name in automatic
                    else InclusionType.AVAILABLE
                )
                mapping[breadcrumb] = Metadata(inclusion=inclusion)
                if isinstance(property_schema, Mapping):
                    add_properties(property_schema.get("properties"), breadcrumb, top=False)

        if schema:
            root.inclusion = InclusionType.AVAILABLE
            if schema_name:
                root.schema_name = schema_name
            add_properties(schema.get("properties"), (), top=True)

        mapping[()] = root
        return mapping

    def resolve_selection(self) -> SelectionMask:
        """Decide, for every breadcrumb in the mapping, whether it is selected.

        Rules, first match wins: a deselected parent deselects its children;
        ``unsupported`` is never selected; ``automatic`` is always selected (a
        ``selected: false`` is ignored); then ``selected``; then ``selected-by-default``;
        then the parent's value. A breadcrumb without an entry takes its parent's value,
        and a stream without an entry counts as selected; a stream entry that says nothing
        about selection counts as not selected.

        Returns:
            A mask with one value per breadcrumb of this mapping.
        """
        resolved: dict[Breadcrumb, bool] = {}

        def decide(breadcrumb: Breadcrumb) -> bool:
            known = resolved.get(breadcrumb)
            if known is not None:
                return known
            parent_value = decide(parent_breadcrumb(breadcrumb)) if breadcrumb else None
            entry = self.get(breadcrumb)
            value: bool
            if parent_value is False:
                value = False
            elif entry is None:
                value = True if parent_value is None else parent_value
            elif entry.inclusion == InclusionType.UNSUPPORTED:
                if entry.selected:
                    logger.debug("Ignoring selected=true for unsupported %s", list(breadcrumb))
                value = False
            elif entry.inclusion == InclusionType.AUTOMATIC:
                if entry.selected is False:
                    logger.debug("Ignoring selected=false for automatic %s", list(breadcrumb))
                value = True
            elif (selected := _as_bool(entry.selected, "selected")) is not None:
                # (coerced again: the attribute may have been assigned a string after parsing)
                value = selected
            elif (
                by_default := _as_bool(entry.selected_by_default, "selected-by-default")
            ) is not None:
                value = by_default
            else:
                value = bool(parent_value)
            resolved[breadcrumb] = value
            return value

        return SelectionMask((breadcrumb, decide(breadcrumb)) for breadcrumb in self)
