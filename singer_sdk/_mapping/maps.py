"""Stream maps: per-stream transforms built from the ``stream_maps`` config.

:class:`PluginMapper` reads the plugin config once (expressions are checked then), and builds
the maps of each stream when its schema is registered: ``stream_maps[name]`` is a list whose
first map writes the stream under its own name (or drops it, or renames it) and whose other
maps are the extra outputs declared with ``__source__``. Each map knows its output
``stream_alias``, ``transformed_schema`` and ``transformed_key_properties``, and returns the
output record from :meth:`StreamMap.transform` (None to drop it) without changing its input.
"""

from __future__ import annotations

import abc
import ast
import fnmatch
import logging
import typing as t

from singer_sdk._exceptions import MapExpressionError, StreamMapConfigError
from singer_sdk._mapping.flattening import (
    FlatteningOptions,
    compile_flattener,
    get_flattening_options,
)

if t.TYPE_CHECKING:
    from singer_sdk._catalog.catalog import Catalog
    from singer_sdk._mapping import expressions as ex

__all__ = [
    "MAPPER_ALIAS_OPTION",
    "MAPPER_ELSE_OPTION",
    "MAPPER_FILTER_OPTION",
    "MAPPER_KEY_PROPERTIES_OPTION",
    "MAPPER_SOURCE_OPTION",
    "NULL_STRING",
    "CustomStreamMap",
    "DefaultStreamMap",
    "PluginMapper",
    "RemoveRecordTransform",
    "SameRecordTransform",
    "StreamMap",
    "StreamMapsDict",
]

MAPPER_ELSE_OPTION = "__else__"
MAPPER_FILTER_OPTION = "__filter__"
MAPPER_SOURCE_OPTION = "__source__"
MAPPER_ALIAS_OPTION = "__alias__"
MAPPER_KEY_PROPERTIES_OPTION = "__key_properties__"
NULL_STRING = "__NULL__"

_STREAM_OPTIONS = frozenset(
    {MAPPER_ELSE_OPTION, MAPPER_FILTER_OPTION, MAPPER_SOURCE_OPTION, MAPPER_ALIAS_OPTION,
     MAPPER_KEY_PROPERTIES_OPTION}
)  # fmt: skip

#: The ``stream_maps`` setting: stream name or glob -> map definition (or None to drop).
StreamMapsDict: t.TypeAlias = dict[str, "str | dict[str, t.Any] | None"]

_logger = logging.getLogger("singer_sdk.mapper")


def _is_null(value: t.Any) -> bool:
    return value is None or value == NULL_STRING


class StreamMap(abc.ABC):
    """Base of all stream maps.

    Args:
        stream_alias: the output stream name.
        raw_schema: the schema of the source stream.
        key_properties: the primary key of the source stream.
        flattening_options: how to flatten the output, or None not to.
    """

    #: True when records and schema leave the map exactly as they came in.
    passes_through: bool = False
    #: True when the map writes no output stream at all.
    drops_stream: bool = False

    def __init__(
        self,
        stream_alias: str,
        raw_schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
        flattening_options: FlatteningOptions | None,
    ) -> None:
        self.stream_alias = stream_alias
        self.raw_schema = raw_schema
        self.raw_key_properties = key_properties
        self.transformed_schema = raw_schema
        self.transformed_key_properties: t.Sequence[str] | None = key_properties
        self.flattening_options = flattening_options
        self._flatten: t.Callable[[t.Mapping[str, t.Any]], dict[str, t.Any]] | None = None
        if self.flattening_enabled:
            self.transformed_schema = self.flatten_schema(self.transformed_schema)

    @property
    def flattening_enabled(self) -> bool:
        """Whether this map flattens its output."""
        options = self.flattening_options
        return options is not None and options.enabled and options.max_level > 0

    def flatten_schema(self, raw_schema: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return ``raw_schema`` flattened (and prepare :meth:`flatten_record` for it)."""
        if not self.flattening_enabled or self.flattening_options is None:
            return raw_schema
        flat_schema, self._flatten = compile_flattener(raw_schema, self.flattening_options)
        return flat_schema

    def flatten_record(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return ``record`` flattened like the transformed schema (unchanged if not flattening)."""
        if self._flatten is None:
            return record
        return self._flatten(record)

    @abc.abstractmethod
    def transform(self, record: dict[str, t.Any]) -> dict[str, t.Any] | None:
        """Return the output record of ``record``, or None to drop it; ``record`` is unchanged."""

    @abc.abstractmethod
    def get_filter_result(self, record: dict[str, t.Any]) -> bool:
        """Return whether ``record`` is kept by this map's filter."""


class DefaultStreamMap(StreamMap):
    """Base of the maps used for streams the ``stream_maps`` config does not name."""


class RemoveRecordTransform(DefaultStreamMap):
    """Drops the stream: no SCHEMA and no records are written for it."""

    drops_stream = True

    def transform(self, record: dict[str, t.Any]) -> None:
        """Return None: every record is dropped."""
        return

    def get_filter_result(self, record: dict[str, t.Any]) -> bool:
        """Return False: every record is dropped."""
        return False


class SameRecordTransform(DefaultStreamMap):
    """Writes the stream as it is (flattened when flattening is enabled)."""

    def __init__(
        self,
        stream_alias: str,
        raw_schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
        flattening_options: FlatteningOptions | None,
    ) -> None:
        super().__init__(stream_alias, raw_schema, key_properties, flattening_options)
        self.passes_through = self._flatten is None

    def transform(self, record: dict[str, t.Any]) -> dict[str, t.Any] | None:
        """Return ``record`` itself, or its flat copy when flattening."""
        flatten = self._flatten
        return record if flatten is None else flatten(record)

    def get_filter_result(self, record: dict[str, t.Any]) -> bool:
        """Return True: no record is filtered out."""
        return True


class _Computed(t.NamedTuple):
    name: str
    expression: ex.CompiledExpression | None  # None: remove the property


class CustomStreamMap(StreamMap):
    """A stream map defined in the ``stream_maps`` config.

    Args:
        stream_alias: the output stream name.
        map_config: the ``stream_map_config`` (``config`` in expressions).
        faker_config: the ``faker_config`` (``seed``, ``locale``).
        raw_schema: the schema of the source stream.
        key_properties: the primary key of the source stream.
        map_transform: the map definition: property -> expression, or None/``__NULL__`` to
            remove it, or ``{"expr": ..., "type": {...}}`` to give the output type; plus
            ``__filter__``, ``__key_properties__`` and ``__else__``.
        flattening_options: how to flatten the output, or None not to.
        stream_name: the source stream name (``__original_stream_name__``).

    Raises:
        StreamMapConfigError: the definition is not valid for this stream (bad expression,
            unknown ``__x__`` option, a removed key property, an unknown key property).
    """

    def __init__(
        self,
        stream_alias: str,
        map_config: dict[str, t.Any],
        faker_config: dict[str, t.Any],
        raw_schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
        map_transform: dict[str, t.Any],
        flattening_options: FlatteningOptions | None,
        *,
        stream_name: str | None = None,
    ) -> None:
        super().__init__(stream_alias, raw_schema, key_properties, None)
        self.flattening_options = flattening_options
        self.map_config = map_config
        self.faker_config = faker_config
        self.stream_name = stream_name or stream_alias
        self.map_transform = map_transform
        self.fake = None
        self._filter: ex.CompiledExpression | None = None
        self._computed: list[_Computed] = []
        self._build(dict(map_transform))
        if self.flattening_enabled:
            self.transformed_schema = self.flatten_schema(self.transformed_schema)

    def _error(self, message: str) -> StreamMapConfigError:
        return StreamMapConfigError(f"Stream map '{self.stream_alias}': {message}")

    def _compile(self, text: t.Any, prop: str | None) -> ex.CompiledExpression:
        from singer_sdk._mapping import expressions as ex  # only needed when maps exist

        uses_fake = isinstance(text, str) and "fake" in text
        if uses_fake and self.fake is None:
            self.fake = _make_faker(self.faker_config)
        return ex.compile_expression(
            text,
            stream=self.stream_alias,
            prop=prop,
            config=self.map_config,
            original_stream=self.stream_name,
            fake=self.fake,
        )

    def _build(self, definition: dict[str, t.Any]) -> None:
        from singer_sdk._mapping import expressions as ex

        self._missing = ex._MISSING
        for key in definition:
            if key.startswith("__") and key.endswith("__") and key not in _STREAM_OPTIONS:
                msg = (
                    f"unknown option '{key}' (expected one of {', '.join(sorted(_STREAM_OPTIONS))})"
                )
                raise self._error(msg)
        definition.pop(MAPPER_SOURCE_OPTION, None)
        definition.pop(MAPPER_ALIAS_OPTION, None)
        filter_rule = definition.pop(MAPPER_FILTER_OPTION, None)
        if filter_rule is not None:
            self._filter = self._compile(filter_rule, MAPPER_FILTER_OPTION)
        if MAPPER_KEY_PROPERTIES_OPTION in definition:
            keys = definition.pop(MAPPER_KEY_PROPERTIES_OPTION)
            if keys is not None and (
                not isinstance(keys, list) or not all(isinstance(k, str) for k in keys)
            ):
                raise self._error(f"'__key_properties__' must be a list of names, not {keys!r}")
            self.transformed_key_properties = keys
        include_others = True
        if MAPPER_ELSE_OPTION in definition:
            other = definition.pop(MAPPER_ELSE_OPTION)
            if not _is_null(other):
                msg = f"option '__else__={other!r}' is not supported (only null or '__NULL__')"
                raise self._error(msg)
            include_others = False

        raw_properties: dict[str, t.Any] = self.raw_schema.get("properties") or {}
        keys_kept = list(self.transformed_key_properties or [])
        if include_others:
            properties = dict(raw_properties)
        else:
            properties = {k: raw_properties[k] for k in keys_kept if k in raw_properties}
        required = [r for r in self.raw_schema.get("required") or [] if r in properties]
        for prop, spec in definition.items():
            if _is_null(spec):
                if prop in (self.transformed_key_properties or []):
                    msg = (
                        f"removing key property '{prop}' is not permitted; to remove it, "
                        "also override '__key_properties__'"
                    )
                    raise self._error(msg)
                properties.pop(prop, None)
                required = [r for r in required if r != prop]
                self._computed.append(_Computed(prop, None))
                continue
            declared: dict[str, t.Any] | None = None
            text = spec
            if isinstance(spec, dict):
                if set(spec) - {"expr", "type"} or "expr" not in spec:
                    msg = (
                        f"property '{prop}': a dict definition takes 'expr' (required) and "
                        f"'type', got {sorted(spec)}"
                    )
                    raise self._error(msg)
                text = spec["expr"]
                declared = spec.get("type")
                if declared is not None and not isinstance(declared, dict):
                    raise self._error(f"property '{prop}': 'type' must be a JSON schema object")
            elif not isinstance(spec, str):
                msg = (
                    f"property '{prop}': unexpected definition of type "
                    f"'{type(spec).__name__}'; expected a string expression or null"
                )
                raise self._error(msg)
            compiled = self._compile(text, prop)
            if declared is not None:
                schema = dict(declared)
            else:
                existing = properties.get(prop) or raw_properties.get(str(text).strip())
                schema = ex.infer_schema(
                    compiled.text,
                    compiled.tree,
                    existing=existing,
                    properties=raw_properties,
                    raw_schema=self.raw_schema,
                )
            properties[prop] = schema
            self._computed.append(_Computed(prop, compiled))

        for key in self.transformed_key_properties or []:
            if key not in properties:
                msg = (
                    f"invalid key properties {list(self.transformed_key_properties or [])}: "
                    f"property '{key}' is not in the output schema"
                )
                raise self._error(msg)
        schema = {k: v for k, v in self.raw_schema.items() if k not in {"properties", "required"}}
        schema.setdefault("type", "object")
        schema["properties"] = properties
        if required:
            schema["required"] = required
        self.transformed_schema = schema
        self._include_others = include_others
        self._keys_kept = keys_kept

    def get_filter_result(self, record: dict[str, t.Any]) -> bool:
        """Return whether ``record`` passes the ``__filter__`` expression (True without one)."""
        rule = self._filter
        return rule is None or bool(rule(record))

    def transform(self, record: dict[str, t.Any]) -> dict[str, t.Any] | None:
        """Return the mapped (and flattened) copy of ``record``, or None when filtered out.

        Raises:
            MapExpressionError: an expression failed on this record.
        """
        current: ex.CompiledExpression | None = self._filter
        missing = self._missing
        try:
            if current is not None and not current.evaluate(record, missing):
                return None
            if self._include_others:
                result = dict(record)
            else:
                result = {k: record[k] for k in self._keys_kept if k in record}
            for name, expression in self._computed:
                if expression is None:
                    result.pop(name, None)
                    continue
                current = expression
                self_value = record.get(name, missing) if expression.uses_self else missing
                result[name] = expression.evaluate(record, self_value)
        except MapExpressionError:
            raise
        except Exception as exc:
            if current is None:
                raise
            raise current.failure(exc) from exc
        flatten = self._flatten
        return result if flatten is None else flatten(result)


def _make_faker(faker_config: t.Mapping[str, t.Any]) -> t.Any:
    try:
        from faker import Faker  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    fake = Faker(locale=faker_config.get("locale"))
    if faker_config.get("seed") is not None:
        fake.seed_instance(faker_config["seed"])
    return fake


def _eval_alias(expression: str, stream_name: str) -> str:
    """Return the stream alias ``expression`` gives for ``stream_name``.

    A plain name (or anything that is not a valid expression over ``__stream_name__``) is
    the alias itself; an expression using ``__stream_name__`` is evaluated.
    """
    from singer_sdk._mapping import expressions as ex

    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return expression
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    if not names <= {"__stream_name__", *ex.default_functions()}:
        return expression
    if "__stream_name__" not in names and not isinstance(tree.body, ast.Constant):
        return expression
    try:
        compiled = ex.compile_expression(expression, stream=stream_name, prop="__alias__")
        value = compiled({})
    except (StreamMapConfigError, MapExpressionError) as exc:
        msg = f"Stream map '{stream_name}': invalid '__alias__' expression {expression!r}: {exc}"
        raise StreamMapConfigError(msg) from exc
    if not isinstance(value, str) or not value:
        msg = (
            f"Stream map '{stream_name}': '__alias__' expression {expression!r} gave "
            f"{value!r}, not a stream name"
        )
        raise StreamMapConfigError(msg)
    return value


class PluginMapper:
    """The stream maps of a plugin, built from its config.

    Args:
        plugin_config: the plugin config (``stream_maps``, ``stream_map_config``,
            ``faker_config`` and the ``flattening_*`` settings are read).
        logger: the logger for map set-up messages.

    Raises:
        StreamMapConfigError: the ``stream_maps`` setting is not valid (unknown top-level
            option, a non-null string definition, an expression that does not parse or
            leaves the sandbox).
        ConfigValidationError: flattening is enabled without ``flattening_max_depth``.
    """

    def __init__(
        self, plugin_config: t.Mapping[str, t.Any], logger: logging.Logger | None = None
    ) -> None:
        self.logger = logger or _logger
        self.stream_maps: dict[str, list[StreamMap]] = {}
        self.map_config: dict[str, t.Any] = dict(plugin_config.get("stream_map_config") or {})
        self.faker_config: dict[str, t.Any] = dict(plugin_config.get("faker_config") or {})
        self.flattening_options = get_flattening_options(plugin_config)
        self.default_mapper_type: type[DefaultStreamMap] = SameRecordTransform
        maps = dict(plugin_config.get("stream_maps") or {})
        if MAPPER_ELSE_OPTION in maps:
            other = maps.pop(MAPPER_ELSE_OPTION)
            if not _is_null(other):
                msg = f"Undefined transform for '{MAPPER_ELSE_OPTION}' case: {other!r}"
                raise StreamMapConfigError(msg)
            self.logger.info("Found '__else__: null': streams not mapped are dropped")
            self.default_mapper_type = RemoveRecordTransform
        for key, definition in maps.items():
            if key.startswith("__"):
                msg = f"Option '{key}:{definition}' is not expected."
                raise StreamMapConfigError(msg)
            if isinstance(definition, str) and not _is_null(definition):
                msg = f"Option '{key}:{definition}' is not expected."
                raise StreamMapConfigError(msg)
            if definition is not None and not isinstance(definition, str | dict):
                msg = (
                    "Unexpected stream definition type. Expected str, dict, or None. "
                    f"Got '{type(definition).__name__}'."
                )
                raise StreamMapConfigError(msg)
            if isinstance(definition, dict):
                self._precheck(key, definition)
        self.stream_maps_dict: dict[str, t.Any] = maps

    @property
    def is_active(self) -> bool:
        """Whether any stream map or flattening is configured (else records pass through)."""
        return (
            bool(self.stream_maps_dict)
            or self.default_mapper_type is not (SameRecordTransform)
            or self.flattening_options.enabled
        )

    def _precheck(self, key: str, definition: dict[str, t.Any]) -> None:
        """Check the expressions of a map definition before any stream is known."""
        from singer_sdk._mapping import expressions as ex

        for option in definition:
            if option.startswith("__") and option.endswith("__") and option not in _STREAM_OPTIONS:
                msg = (
                    f"Stream map '{key}': unknown option '{option}' (expected one of "
                    f"{', '.join(sorted(_STREAM_OPTIONS))})"
                )
                raise StreamMapConfigError(msg)
        for prop, spec in definition.items():
            if prop in {MAPPER_SOURCE_OPTION, MAPPER_ALIAS_OPTION, MAPPER_KEY_PROPERTIES_OPTION}:
                continue
            if prop == MAPPER_ELSE_OPTION or _is_null(spec):
                continue
            if not isinstance(spec, str | dict):
                msg = (
                    f"Stream map '{key}': property '{prop}': unexpected definition of type "
                    f"'{type(spec).__name__}'; expected a string expression or null"
                )
                raise StreamMapConfigError(msg)
            text = spec.get("expr") if isinstance(spec, dict) else spec
            if isinstance(text, str) and "fake" in text:
                continue  # checked with the Faker instance when the stream is registered
            ex.compile_expression(text, stream=key, prop=prop, config=self.map_config)

    def register_raw_streams_from_catalog(self, catalog: Catalog) -> None:
        """Register the selected schema and key properties of every stream of ``catalog``."""
        from singer_sdk._catalog.selection import get_selected_schema

        for entry in catalog.streams:
            name = entry.stream or entry.tap_stream_id
            schema = get_selected_schema(
                name, entry.schema.to_dict(), entry.metadata.resolve_selection()
            )
            self.register_raw_stream_schema(name, schema, entry.key_properties)

    def register_raw_stream_schema(
        self,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
    ) -> None:
        """Build the maps of ``stream_name`` for ``schema`` (again only if it changed).

        Raises:
            StreamMapConfigError: a map definition is not valid for this stream.
        """
        current = self.stream_maps.get(stream_name)
        if current and (
            current[0].raw_schema == schema
            and list(current[0].raw_key_properties or []) == list(key_properties or [])
        ):
            return
        maps: list[StreamMap] = [
            self.default_mapper_type(
                stream_name, schema, key_properties, flattening_options=self.flattening_options
            )
        ]
        for key, value in self.stream_maps_dict.items():
            definition = dict(value) if isinstance(value, dict) else value
            source = key
            alias = key
            primary = True
            if isinstance(definition, dict):
                if MAPPER_SOURCE_OPTION in definition:
                    source = definition.pop(MAPPER_SOURCE_OPTION)
                    primary = False
                elif MAPPER_ALIAS_OPTION in definition:
                    alias = _eval_alias(str(definition.pop(MAPPER_ALIAS_OPTION)), stream_name)
            if stream_name != source:
                if not fnmatch.fnmatchcase(stream_name, source):
                    continue
                if alias == source:
                    alias = stream_name
                source = stream_name
            stream_map: StreamMap
            if isinstance(definition, dict):
                stream_map = CustomStreamMap(
                    stream_alias=alias,
                    map_config=self.map_config,
                    faker_config=self.faker_config,
                    raw_schema=schema,
                    key_properties=key_properties,
                    map_transform=definition,
                    flattening_options=self.flattening_options,
                    stream_name=stream_name,
                )
            else:
                stream_map = RemoveRecordTransform(
                    alias, schema, None, flattening_options=self.flattening_options
                )
            if primary:
                maps[0] = stream_map
            else:
                maps.append(stream_map)
        self.stream_maps[stream_name] = maps
