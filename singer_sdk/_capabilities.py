"""Plugin capabilities and the JSON Schemas of the settings that come with them.

A plugin lists what it supports in its ``capabilities`` class attribute; ``--about`` reports
the list, and each capability may bring built-in settings (for example ``stream-maps`` brings
``stream_maps``, ``stream_map_config`` and ``faker_config``). The setting schemas below are plain
dicts so that importing this module stays cheap; merge them into a plugin's settings schema with
``PluginBase.append_builtin_config``, which copies them.

Some enum members are deprecated: they still work, but using them warns with
:class:`~singer_sdk.helpers._compat.SingerSDKDeprecationWarning`. Connectors import these from
:mod:`singer_sdk.helpers.capabilities`, which re-exports them.
"""

from __future__ import annotations

import enum
import typing as t
import warnings

from singer_sdk._compat import SingerSDKDeprecationWarning

__all__ = [
    "ACTIVATE_VERSION_CONFIG",
    "ADD_RECORD_METADATA_CONFIG",
    "BATCH_CONFIG",
    "EMIT_ACTIVATE_VERSION_CONFIG",
    "FLATTENING_CONFIG",
    "SQL_TAP_USE_SINGER_DECIMAL",
    "STREAM_MAPS_CONFIG",
    "TARGET_BATCH_SIZE_ROWS_CONFIG",
    "TARGET_HARD_DELETE_CONFIG",
    "TARGET_LOAD_METHOD_CONFIG",
    "TARGET_SCHEMA_CONFIG",
    "TARGET_VALIDATE_RECORDS_CONFIG",
    "CapabilitiesEnum",
    "DeprecatedEnum",
    "DeprecatedEnumMeta",
    "PluginCapabilities",
    "TapCapabilities",
    "TargetCapabilities",
    "TargetLoadMethods",
]

_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_NULL_MARKER = "__NULL__"


def _settings(**properties: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return an object schema holding ``properties``, in the shape of a plugin settings schema."""
    return {"type": "object", "properties": properties, "$schema": _DRAFT_2020_12}


def _nullable(type_name: str, **keywords: t.Any) -> dict[str, t.Any]:
    return {"type": [type_name, "null"], **keywords}


# --- deprecation-aware enums ---------------------------------------------------------------


class DeprecatedEnumMeta(enum.EnumMeta):
    """Metaclass of enums whose deprecated members warn whenever they are looked up.

    A member is looked up by attribute (``TapCapabilities.PROPERTIES``), by name
    (``TapCapabilities["PROPERTIES"]``) or by value (``TapCapabilities("properties")``).
    Iterating over the enum does not warn.
    """

    def __getattribute__(cls, name: str) -> t.Any:
        value = super().__getattribute__(name)
        if not name.startswith("_") and isinstance(value, DeprecatedEnum):
            value.emit_warning(stacklevel=2)
        return value

    def __getitem__(cls, name: str) -> t.Any:
        member: t.Any = super().__getitem__(name)
        if isinstance(member, DeprecatedEnum):
            member.emit_warning(stacklevel=2)
        return member

    def __call__(cls, *args: t.Any, **kwargs: t.Any) -> t.Any:
        result = super().__call__(*args, **kwargs)
        if isinstance(result, DeprecatedEnum):
            result.emit_warning(stacklevel=2)
        return result


class DeprecatedEnum(enum.Enum, metaclass=DeprecatedEnumMeta):
    """An enum whose members may carry a deprecation message.

    Declare a deprecated member as ``NAME = "value", "What to use instead."``; its value is the
    first item only.
    """

    _deprecation: str | None

    def __new__(cls, value: t.Any, deprecation: str | None = None) -> t.Self:
        member = object.__new__(cls)
        member._value_ = value
        member._deprecation = deprecation
        return member

    @property
    def deprecation(self) -> str | None:
        """The deprecation message of this member, or None if it is not deprecated."""
        return self._deprecation

    @property
    def deprecation_message(self) -> str | None:
        """The deprecation message of this member, or None if it is not deprecated."""
        return self._deprecation

    def emit_warning(self, stacklevel: int = 2) -> None:
        """Warn with :class:`SingerSDKDeprecationWarning` if this member is deprecated."""
        if self._deprecation is not None:
            warnings.warn(
                f"{self.name} is deprecated. {self._deprecation}",
                SingerSDKDeprecationWarning,
                stacklevel=stacklevel + 1,
            )


class CapabilitiesEnum(DeprecatedEnum):
    """Base class of capability enums; a member prints as its value, e.g. ``discover``."""

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return str(self.value)


class PluginCapabilities(CapabilitiesEnum):
    """Capabilities any plugin (tap, target or mapper) may declare."""

    #: Prints its metadata and settings with ``--about``.
    ABOUT = "about"
    #: Applies stream maps (``stream_maps`` setting).
    STREAM_MAPS = "stream-maps"
    #: Flattens nested properties (``flattening_*`` settings).
    FLATTENING = "schema-flattening"
    #: Emits or handles ``ACTIVATE_VERSION`` messages.
    ACTIVATE_VERSION = "activate-version"
    #: Emits or handles ``BATCH`` messages.
    BATCH = "batch"
    #: Can log in JSON (structured logging).
    STRUCTURED_LOGGING = "structured-logging"


class TapCapabilities(CapabilitiesEnum):
    """Capabilities only taps declare."""

    #: Generates a catalog with ``--discover``.
    DISCOVER = "discover"
    #: Accepts a catalog with ``--catalog``.
    CATALOG = "catalog"
    #: Accepts and emits state (incremental replication).
    STATE = "state"
    #: Runs a connection test with ``--test``.
    TEST = "test"
    #: Supports log-based replication.
    LOG_BASED = "log-based"
    #: Deprecated: the legacy ``--properties`` flag, never supported by this SDK.
    PROPERTIES = "properties", "Please use CATALOG instead."
    #: Emits ``ACTIVATE_VERSION`` messages (same value as ``PluginCapabilities.ACTIVATE_VERSION``).
    ACTIVATE_VERSION = "activate-version"


class TargetCapabilities(CapabilitiesEnum):
    """Capabilities only targets declare."""

    #: Marks deleted records instead of removing them (needs ``ACTIVATE_VERSION`` from the tap).
    SOFT_DELETE = "soft-delete"
    #: Removes deleted records (needs ``ACTIVATE_VERSION`` from the tap).
    HARD_DELETE = "hard-delete"
    #: Loads values of unexpected types as strings instead of failing.
    DATATYPE_FAILSAFE = "datatype-failsafe"
    #: Lets the user choose the destination schema (``default_target_schema`` setting).
    TARGET_SCHEMA = "target-schema"
    #: Validates incoming records against their schema (``validate_records`` setting).
    VALIDATE_RECORDS = "validate-records"


class TargetLoadMethods(str, enum.Enum):  # noqa: UP042 - str() as in the reference
    """How a target loads records into an existing destination table."""

    #: Insert every record, whether or not it already exists.
    APPEND_ONLY = "append-only"
    #: Update records that exist (by primary key) and insert the others.
    UPSERT = "upsert"
    #: Delete every existing record, then insert the new ones.
    OVERWRITE = "overwrite"


# --- built-in setting schemas ---------------------------------------------------------------

#: Settings of the ``stream-maps`` capability: ``stream_maps``, ``stream_map_config`` and
#: ``faker_config``. (The reference also lists a bare ``"null"`` string inside two ``anyOf``
#: lists, which is not a valid JSON Schema; it is left out here.)
STREAM_MAPS_CONFIG: dict[str, t.Any] = _settings(
    stream_maps={
        "type": ["object", "null"],
        "properties": {
            "__else__": {
                "anyOf": [{"const": _NULL_MARKER}, {"type": "null"}],
                "title": "Other streams",
                "description": (
                    "Currently, only setting this to `__NULL__` is supported. "
                    "This will remove all other streams."
                ),
            },
        },
        "additionalProperties": {
            "anyOf": [
                {"const": _NULL_MARKER},
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "__alias__": _nullable(
                            "string",
                            title="Stream Alias",
                            description="Alias to use for the stream.",
                        ),
                        "__else__": {
                            "anyOf": [{"const": _NULL_MARKER}, {"type": "null"}],
                            "title": "Other properties",
                            "description": (
                                "Currently, only setting this to `__NULL__` is supported. "
                                "This will remove all other properties from the stream."
                            ),
                        },
                        "__filter__": _nullable(
                            "string",
                            title="Filter",
                            description=(
                                "Filter out records from a stream. A string expression which "
                                "must evaluate to `true` to include the record, or `false` to "
                                "exclude it. Filter expressions should be wrapped in `bool()` "
                                "to ensure proper type conversion."
                            ),
                        ),
                        "__key_properties__": _nullable(
                            "array",
                            items={"type": ["string"]},
                            title="Key Properties",
                            description="Primary key properties for the stream.",
                        ),
                        "__source__": _nullable(
                            "string",
                            description="Create a new stream from this source stream.",
                        ),
                    },
                    "additionalProperties": {
                        "anyOf": [
                            {"const": _NULL_MARKER},
                            {"type": "null"},
                            {"type": ["string"]},
                            {
                                # singer_sdk addition: an expression with its declared type.
                                "type": "object",
                                "properties": {
                                    "expr": {"type": "string"},
                                    "type": {"type": "object"},
                                },
                                "required": ["expr"],
                                "additionalProperties": False,
                            },
                        ],
                    },
                },
            ],
        },
        "title": "Stream Maps",
        "description": (
            "Config object for stream maps capability. For more information check out "
            "[Stream Maps](https://sdk.meltano.com/en/latest/stream_maps.html)."
        ),
    },
    stream_map_config=_nullable(
        "object",
        properties={},
        additionalProperties=True,
        title="User Stream Map Configuration",
        description="User-defined config values to be used within map expressions.",
    ),
    faker_config=_nullable(
        "object",
        properties={
            "seed": {
                "oneOf": [
                    {"type": ["number"]},
                    {"type": ["string"]},
                    {"type": ["boolean"]},
                    {"type": "null"},
                ],
                "title": "Faker Seed",
                "description": (
                    "Value to seed the Faker generator for deterministic output: "
                    "https://faker.readthedocs.io/en/master/#seeding-the-generator"
                ),
            },
            "locale": {
                "oneOf": [
                    {"type": ["string"]},
                    {"type": "array", "items": {"type": ["string"]}},
                    {"type": "null"},
                ],
                "title": "Faker Locale",
                "description": (
                    "One or more LCID locale strings to produce localized output for: "
                    "https://faker.readthedocs.io/en/master/#localization"
                ),
            },
        },
        additionalProperties=True,
        title="Faker Configuration",
        description=(
            "Config for the [`Faker`](https://faker.readthedocs.io/en/master/) instance "
            "variable `fake` used within map expressions. Only applicable if the plugin "
            "specifies `faker` as an additional dependency (through the `singer-sdk` `faker` "
            "extra or directly)."
        ),
    ),
)

#: Settings of the ``schema-flattening`` capability.
FLATTENING_CONFIG: dict[str, t.Any] = _settings(
    flattening_enabled=_nullable(
        "boolean",
        title="Enable Schema Flattening",
        description=(
            "'True' to enable schema flattening and automatically expand nested properties."
        ),
    ),
    flattening_max_depth=_nullable(
        "integer",
        title="Max Flattening Depth",
        description="The max depth to flatten schemas.",
    ),
    flattening_max_key_length=_nullable(
        "integer",
        title="Max Key Length",
        description="The maximum length of a flattened key.",
    ),
    flattening_separator=_nullable(
        "string",
        title="Flattening Separator",
        description="The separator to use when flattening keys.",
    ),
)

#: Settings of the ``batch`` capability (taps).
BATCH_CONFIG: dict[str, t.Any] = _settings(
    batch_config=_nullable(
        "object",
        properties={
            "encoding": _nullable(
                "object",
                properties={
                    "format": _nullable(
                        "string",
                        title="Batch Encoding Format",
                        description="Format to use for batch files.",
                        enum=["jsonl", "parquet"],
                    ),
                    "compression": _nullable(
                        "string",
                        title="Batch Compression Format",
                        description="Compression format to use for batch files.",
                        enum=["gzip", "none"],
                    ),
                },
                additionalProperties=True,
                title="Batch Encoding Configuration",
                description="Specifies the format and compression of the batch files.",
            ),
            "storage": _nullable(
                "object",
                properties={
                    "root": _nullable(
                        "string",
                        title="Batch Storage Root",
                        description="Root path to use when writing batch files.",
                    ),
                    "prefix": _nullable(
                        "string",
                        title="Batch Storage Prefix",
                        description="Prefix to use when writing batch files.",
                    ),
                },
                additionalProperties=True,
                title="Batch Storage Configuration",
                description="Defines the storage layer to use when writing batch files",
            ),
        },
        additionalProperties=True,
        title="Batch Configuration",
        description="Configuration for BATCH message capabilities.",
    ),
)

#: The ``use_singer_decimal`` setting of SQL taps.
SQL_TAP_USE_SINGER_DECIMAL: dict[str, t.Any] = _settings(
    use_singer_decimal=_nullable(
        "boolean",
        title="Use Singer Decimal",
        description=(
            "Whether to use use strings with `x-singer.decimal` format for decimals in the "
            "discovered schema. This is useful to avoid precision loss when working with "
            "large numbers."
        ),
    ),
)

#: The ``default_target_schema`` setting of the ``target-schema`` capability.
TARGET_SCHEMA_CONFIG: dict[str, t.Any] = _settings(
    default_target_schema=_nullable(
        "string",
        title="Default Target Schema",
        description="The default target database schema name to use for all streams.",
    ),
)

#: The ``emit_activate_version_messages`` setting of taps.
EMIT_ACTIVATE_VERSION_CONFIG: dict[str, t.Any] = _settings(
    emit_activate_version_messages=_nullable(
        "boolean",
        title="Emit `ACTIVATE_VERSION` messages",
        default=False,
        description=(
            "Whether to emit `ACTIVATE_VERSION` messages. If set to `True`, the tap will emit "
            "`ACTIVATE_VERSION` messages for each stream."
        ),
    ),
)

#: The ``process_activate_version_messages`` setting of targets.
ACTIVATE_VERSION_CONFIG: dict[str, t.Any] = _settings(
    process_activate_version_messages=_nullable(
        "boolean",
        title="Process `ACTIVATE_VERSION` messages",
        default=True,
        description="Whether to process `ACTIVATE_VERSION` messages.",
    ),
)

#: The ``add_record_metadata`` setting of targets.
ADD_RECORD_METADATA_CONFIG: dict[str, t.Any] = _settings(
    add_record_metadata=_nullable(
        "boolean",
        title="Add Record Metadata",
        description="Whether to add metadata fields to records.",
    ),
)

#: The ``hard_delete`` setting of the ``hard-delete`` capability.
TARGET_HARD_DELETE_CONFIG: dict[str, t.Any] = _settings(
    hard_delete=_nullable(
        "boolean",
        title="Hard Delete",
        default=False,
        description="Hard delete records.",
    ),
)

#: The ``validate_records`` setting of the ``validate-records`` capability.
TARGET_VALIDATE_RECORDS_CONFIG: dict[str, t.Any] = _settings(
    validate_records=_nullable(
        "boolean",
        title="Validate Records",
        default=True,
        description="Whether to validate the schema of the incoming streams.",
    ),
)

#: The ``batch_size_rows`` setting of targets.
TARGET_BATCH_SIZE_ROWS_CONFIG: dict[str, t.Any] = _settings(
    batch_size_rows=_nullable(
        "integer",
        title="Batch Size Rows",
        description="Maximum number of rows in each batch.",
    ),
)

#: The ``load_method`` setting of targets.
TARGET_LOAD_METHOD_CONFIG: dict[str, t.Any] = _settings(
    load_method=_nullable(
        "string",
        default=TargetLoadMethods.APPEND_ONLY.value,
        description=(
            "The method to use when loading data into the destination. `append-only` will "
            "always write all input records whether that records already exists or not. "
            "`upsert` will update existing records and insert new records. `overwrite` will "
            "delete all existing records and insert all input records."
        ),
        enum=[method.value for method in TargetLoadMethods],
    ),
)
