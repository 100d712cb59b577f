"""Singer message models.

Each message is a slotted dataclass whose ``to_dict()`` gives the wire shape: ``type`` first,
optional keys left out when None. ``from_dict()`` is liberal: the message type is matched
case-insensitively and ``time_extracted`` may be a string.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from singer_sdk._messages import codec

__all__ = [
    "ActivateVersionMessage",
    "BatchMessage",
    "Message",
    "RecordMessage",
    "SchemaMessage",
    "SingerMessageType",
    "StateMessage",
    "exclude_null_dict",
    "format_message",
    "write_message",
]

_UTC = dt.UTC


class SingerMessageType(enum.StrEnum):
    """The type of a Singer message, as written in its ``type`` key."""

    RECORD = "RECORD"
    SCHEMA = "SCHEMA"
    STATE = "STATE"
    ACTIVATE_VERSION = "ACTIVATE_VERSION"
    BATCH = "BATCH"


def exclude_null_dict(pairs: t.Iterable[tuple[str, t.Any]]) -> dict[str, t.Any]:
    """Return a dict of ``pairs`` without the pairs whose value is None."""
    return {key: value for key, value in pairs if value is not None}


def _as_aware_utc(value: dt.datetime | str | None, *, field_name: str) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=_UTC)
    if value.tzinfo is None:
        msg = f"{field_name!r} must be either None or an aware datetime (with a time zone)"
        raise ValueError(msg)
    return value.astimezone(_UTC)


def _require(data: Mapping[str, t.Any], kind: str, *keys: str) -> None:
    missing = [key for key in keys if key not in data]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        msg = f"{kind} message is missing required key(s) {names}: {dict(data)!r}"
        raise ValueError(msg[:500])


@dataclass(slots=True)
class Message:
    """Base class of Singer messages."""

    type: SingerMessageType = field(init=False)

    def to_dict(self) -> dict[str, t.Any]:
        """Return the message as its wire dict: ``type`` first, None-valued keys left out."""
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: dict[str, t.Any]) -> Message:
        """Build the message of the right class from a wire dict (type matched case-insensitively).

        Raises:
            ValueError: the type is unknown or a required key is missing.
        """
        kind = str(data.get("type", "")).upper()
        message_class = _MESSAGE_CLASSES.get(kind)
        if message_class is None:
            msg = f"Unknown Singer message type {data.get('type')!r}"
            raise ValueError(msg)
        if cls is not Message and not issubclass(message_class, cls):
            msg = f"Cannot build a {cls.__name__} from a {kind} message"
            raise ValueError(msg)
        return message_class._from_wire(data)

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> Message:
        raise NotImplementedError


@dataclass(slots=True)
class RecordMessage(Message):
    """A RECORD: one record of a stream.

    ``time_extracted`` must be timezone-aware; it is normalised to UTC.
    """

    stream: str
    record: dict[str, t.Any]
    version: int | None = None
    time_extracted: dt.datetime | None = None

    def __post_init__(self) -> None:
        self.type = SingerMessageType.RECORD
        extracted = self.time_extracted
        if extracted is not None and extracted.tzinfo is not _UTC:
            self.time_extracted = _as_aware_utc(self.time_extracted, field_name="time_extracted")

    def to_dict(self) -> dict[str, t.Any]:
        """Return the RECORD wire dict."""
        data: dict[str, t.Any] = {"type": "RECORD", "stream": self.stream, "record": self.record}
        if self.version is not None:
            data["version"] = self.version
        if self.time_extracted is not None:
            data["time_extracted"] = self.time_extracted
        return data

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> RecordMessage:
        _require(data, "RECORD", "stream", "record")
        return cls(
            stream=data["stream"],
            record=data["record"],
            version=data.get("version"),
            time_extracted=_as_aware_utc(data.get("time_extracted"), field_name="time_extracted"),
        )


@dataclass(slots=True)
class SchemaMessage(Message):
    """A SCHEMA: the JSON Schema, key properties and bookmark properties of a stream.

    A single string given for ``key_properties`` or ``bookmark_properties`` becomes a one-item
    list. ``key_properties`` is always written (``[]`` when there are none), as the spec requires.
    """

    stream: str
    schema: dict[str, t.Any]
    key_properties: t.Sequence[str] | None = None
    bookmark_properties: t.Sequence[str] | None = None

    def __post_init__(self) -> None:
        self.type = SingerMessageType.SCHEMA
        if isinstance(self.key_properties, str):
            self.key_properties = [self.key_properties]
        if isinstance(self.bookmark_properties, str):
            self.bookmark_properties = [self.bookmark_properties]

    def to_dict(self) -> dict[str, t.Any]:
        """Return the SCHEMA wire dict."""
        data: dict[str, t.Any] = {
            "type": "SCHEMA",
            "stream": self.stream,
            "schema": self.schema,
            "key_properties": list(self.key_properties or ()),
        }
        if self.bookmark_properties:
            data["bookmark_properties"] = list(self.bookmark_properties)
        return data

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> SchemaMessage:
        _require(data, "SCHEMA", "stream", "schema")
        return cls(
            stream=data["stream"],
            schema=data["schema"],
            key_properties=data.get("key_properties"),
            bookmark_properties=data.get("bookmark_properties"),
        )


@dataclass(slots=True)
class StateMessage(Message):
    """A STATE: the tap's state (bookmarks) as of the messages written before it."""

    value: Mapping[str, t.Any]

    def __post_init__(self) -> None:
        self.type = SingerMessageType.STATE

    def to_dict(self) -> dict[str, t.Any]:
        """Return the STATE wire dict."""
        return {"type": "STATE", "value": self.value}

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> StateMessage:
        _require(data, "STATE", "value")
        return cls(value=data["value"])


@dataclass(slots=True)
class ActivateVersionMessage(Message):
    """An ACTIVATE_VERSION: records of older versions of the stream may be deleted."""

    stream: str
    version: int

    def __post_init__(self) -> None:
        self.type = SingerMessageType.ACTIVATE_VERSION

    def to_dict(self) -> dict[str, t.Any]:
        """Return the ACTIVATE_VERSION wire dict."""
        return {"type": "ACTIVATE_VERSION", "stream": self.stream, "version": self.version}

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> ActivateVersionMessage:
        _require(data, "ACTIVATE_VERSION", "stream", "version")
        return cls(stream=data["stream"], version=data["version"])


@dataclass(slots=True)
class BatchMessage(Message):
    """A BATCH: records of a stream are in the files listed in ``manifest``.

    ``encoding`` is a mapping such as ``{"format": "jsonl", "compression": "gzip"}``.
    """

    stream: str
    encoding: t.Any  # a mapping, or an encoding object with to_dict()
    manifest: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = SingerMessageType.BATCH

    def to_dict(self) -> dict[str, t.Any]:
        """Return the BATCH wire dict."""
        encoding = self.encoding
        if not isinstance(encoding, Mapping):  # an encoding object with to_dict()/asdict
            encoding = encoding.to_dict() if hasattr(encoding, "to_dict") else vars(encoding)
        return {
            "type": "BATCH",
            "stream": self.stream,
            "encoding": dict(encoding),
            "manifest": list(self.manifest),
        }

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> BatchMessage:
        _require(data, "BATCH", "stream", "encoding", "manifest")
        return cls(stream=data["stream"], encoding=data["encoding"], manifest=data["manifest"])


_MESSAGE_CLASSES: dict[str, type[Message]] = {
    "RECORD": RecordMessage,
    "SCHEMA": SchemaMessage,
    "STATE": StateMessage,
    "ACTIVATE_VERSION": ActivateVersionMessage,
    "BATCH": BatchMessage,
}


def format_message(message: Message) -> str:
    """Return ``message`` as one line of compact JSON (without the newline)."""
    return codec.encode_str(message.to_dict())


def write_message(message: Message) -> None:
    """Write ``message`` to stdout and flush.

    For many messages use a :class:`~singer_sdk._messages.io.MessageWriter`, which buffers.
    """
    sys.stdout.write(format_message(message) + "\n")
    sys.stdout.flush()
