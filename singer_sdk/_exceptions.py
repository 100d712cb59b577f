"""Exceptions raised by singer_sdk.

The tree, by phase and then by what the caller should do::

    SingerSDKError
    ├── ConfigurationError
    │   ├── ConfigValidationError        config failed its JSON Schema (every error listed)
    │   └── MapperNotInitialized
    ├── DiscoveryError
    │   ├── EmptySchemaTypeError
    │   ├── InvalidReplicationKeyException
    │   ├── SchemaNotFoundError
    │   ├── SchemaNotValidError
    │   └── UnsupportedSchemaFormatError (alias UnsupportedOpenAPISpec)
    ├── MappingError
    │   ├── ConformedNameClashException
    │   ├── MapExpressionError
    │   └── StreamMapConfigError
    ├── SyncError
    │   ├── FatalSyncError               stop the sync
    │   │   ├── FatalAPIError
    │   │   │   └── AuthenticationError
    │   │   ├── InvalidStreamSortException
    │   │   ├── MissingKeyPropertiesError
    │   │   ├── RecordsWithoutSchemaException
    │   │   ├── TapStreamConnectionFailure
    │   │   └── TooManyRecordsException
    │   ├── RetriableSyncError           try again
    │   │   └── RetriableAPIError
    │   ├── SkippableSyncError           skip the item and go on
    │   │   ├── SkippableAPIError
    │   │   └── InvalidRecord
    │   └── DataError
    │       └── InvalidJSONSchema
    └── SyncLifecycleSignal              control flow, not failures
        ├── RequestedAbortException
        │   └── MaxRecordsLimitException
        └── AbortedSyncExceptionBase
            ├── AbortedSyncFailedException
            └── AbortedSyncPausedException

Names are those of Meltano's singer-sdk so ``except`` clauses in existing connectors keep
working. ``InvalidInputLine`` is the wire-level error of :mod:`singer_sdk._messages.errors`.

This is the classes' home; :mod:`singer_sdk.exceptions` is their public import path, and each
class names that module as its ``__module__`` so tracebacks and pickles show the public path.
"""

from __future__ import annotations

import typing as t

from singer_sdk._messages.errors import InvalidInputLine

if t.TYPE_CHECKING:
    import requests

__all__ = [
    "AbortedSyncExceptionBase",
    "AbortedSyncFailedException",
    "AbortedSyncPausedException",
    "AuthenticationError",
    "ConfigValidationError",
    "ConfigurationError",
    "ConformedNameClashException",
    "DataError",
    "DiscoveryError",
    "EmptySchemaTypeError",
    "FatalAPIError",
    "FatalSyncError",
    "InvalidInputLine",
    "InvalidJSONSchema",
    "InvalidRecord",
    "InvalidReplicationKeyException",
    "InvalidStreamSortException",
    "MapExpressionError",
    "MapperNotInitialized",
    "MappingError",
    "MaxRecordsLimitException",
    "MissingKeyPropertiesError",
    "RecordsWithoutSchemaException",
    "RequestedAbortException",
    "RetriableAPIError",
    "RetriableSyncError",
    "SchemaNotFoundError",
    "SchemaNotValidError",
    "SingerSDKError",
    "SkippableAPIError",
    "SkippableSyncError",
    "StreamMapConfigError",
    "SyncError",
    "SyncLifecycleSignal",
    "TapStreamConnectionFailure",
    "TooManyRecordsException",
    "UnsupportedOpenAPISpec",
    "UnsupportedSchemaFormatError",
]


class SingerSDKError(Exception):
    """Root of every exception singer_sdk raises on purpose."""


# --- configuration -------------------------------------------------------------------------


class ConfigurationError(SingerSDKError):
    """The plugin's configuration is missing, unreadable or wrong."""


class ConfigValidationError(ConfigurationError):
    """The configuration does not satisfy the plugin's settings schema.

    Attributes:
        errors: one human-readable line per violation, each naming the setting's config path.
        schema: the JSON Schema the configuration was validated against.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: list[str] | None = None,
        schema: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.errors: list[str] = errors or []
        self.schema: dict[str, t.Any] | None = schema

    def __str__(self) -> str:
        message = super().__str__()
        if not self.errors:
            return message
        return message + "\n" + "\n".join(f"  - {error}" for error in self.errors)


class MapperNotInitialized(ConfigurationError):
    """The stream mapper was used before ``setup_mapper()`` was called."""

    def __init__(self) -> None:
        super().__init__("The mapper was not initialized. Call `setup_mapper()` first.")


# --- discovery -----------------------------------------------------------------------------


class DiscoveryError(SingerSDKError):
    """Discovering streams, schemas or catalog entries failed."""


class EmptySchemaTypeError(DiscoveryError):
    """A schema has no usable ``type``."""

    def __init__(self, *args: object) -> None:
        if not args:
            args = (
                "Could not detect type from empty type_dict. Did you forget to define a property "
                "in the stream schema?",
            )
        super().__init__(*args)


class InvalidReplicationKeyException(DiscoveryError):
    """The replication key is not a property of the stream's schema."""


class SchemaNotFoundError(DiscoveryError):
    """No schema was found for a stream in its schema source."""


class SchemaNotValidError(DiscoveryError):
    """A schema was found but is not valid JSON Schema."""


class UnsupportedSchemaFormatError(DiscoveryError):
    """A schema source is in a format (e.g. OpenAPI version) that is not supported."""


UnsupportedOpenAPISpec = UnsupportedSchemaFormatError


# --- stream maps ---------------------------------------------------------------------------


class MappingError(SingerSDKError):
    """Applying stream maps failed."""


class ConformedNameClashException(MappingError):
    """Two names conform to the same target name."""


class MapExpressionError(MappingError):
    """A stream-map expression could not be evaluated."""


class StreamMapConfigError(MappingError):
    """The ``stream_maps`` configuration is invalid."""


# --- sync ----------------------------------------------------------------------------------


class SyncError(SingerSDKError):
    """A sync failed."""


class FatalSyncError(SyncError):
    """A failure that stops the sync."""


class FatalAPIError(FatalSyncError):
    """An API answered with an error that retrying will not fix."""


class AuthenticationError(FatalAPIError):
    """Authenticating with an API failed."""


class InvalidStreamSortException(FatalSyncError):
    """A stream declared sorted (``is_sorted``) emitted a decreasing replication key."""


class MissingKeyPropertiesError(FatalSyncError):
    """A record lacks one of its stream's key properties."""


class RecordsWithoutSchemaException(FatalSyncError):
    """A RECORD arrived for a stream whose SCHEMA was never received."""


class TapStreamConnectionFailure(FatalSyncError):
    """A stream could not connect to its source."""


class TooManyRecordsException(FatalSyncError):
    """More records arrived than the configured maximum."""


class RetriableSyncError(SyncError):
    """A failure that may go away if the operation is retried."""


class RetriableAPIError(RetriableSyncError):
    """An API answered with an error worth retrying (e.g. 429, 5xx).

    Attributes:
        response: the HTTP response that caused the error, when there was one.
    """

    def __init__(self, message: str, response: requests.Response | None = None) -> None:
        super().__init__(message)
        self.response = response


class SkippableSyncError(SyncError):
    """A failure limited to one item; the sync can skip it and go on."""


class SkippableAPIError(SkippableSyncError):
    """An API request failed in a way that lets the sync skip it."""


class InvalidRecord(SkippableSyncError):
    """A record does not match its stream's schema.

    Attributes:
        error_message: what is wrong with the record.
        record: the offending record.
    """

    def __init__(self, error_message: str, record: dict[str, t.Any]) -> None:
        super().__init__(f"Record Message Validation Error: {error_message}")
        self.error_message = error_message
        self.record = record


class DataError(SyncError):
    """Data is not in the shape it was declared to be."""


class InvalidJSONSchema(DataError):
    """A JSON Schema is not valid."""


# --- lifecycle signals ---------------------------------------------------------------------


class SyncLifecycleSignal(SingerSDKError):
    """Control flow through the sync, not a failure."""


class RequestedAbortException(SyncLifecycleSignal):
    """The sync was asked to stop early."""


class MaxRecordsLimitException(RequestedAbortException):
    """The sync reached its record limit (``ABORT_AT_RECORD_COUNT``)."""


class AbortedSyncExceptionBase(SyncLifecycleSignal):
    """The sync stopped before finishing."""


class AbortedSyncFailedException(AbortedSyncExceptionBase):
    """The sync stopped early and its state cannot be resumed from."""


class AbortedSyncPausedException(AbortedSyncExceptionBase):
    """The sync stopped early at a point its state can be resumed from."""


def _public_module(names: list[str], module: str) -> None:
    """Make the classes among ``names`` report ``module`` (their public path) as their home."""
    for name in names:
        obj = globals()[name]
        if isinstance(obj, type) and obj.__module__ == __name__:
            obj.__module__ = module


_public_module(__all__, "singer_sdk.exceptions")
