"""Singer message classes (public path ``singer_sdk.singerlib.messages``)."""

from __future__ import annotations

import typing as t

from singer_sdk._messages.models import (
    ActivateVersionMessage,
    BatchMessage,
    Message,
    RecordMessage,
    SchemaMessage,
    SingerMessageType,
    StateMessage,
    exclude_null_dict,
    format_message,
    write_message,
)

if t.TYPE_CHECKING:
    from singer_sdk._messages.io import SimpleSingerWriter as SingerWriter

__all__ = [
    "ActivateVersionMessage",
    "BatchMessage",
    "Message",
    "RecordMessage",
    "SchemaMessage",
    "SingerMessageType",
    "SingerWriter",
    "StateMessage",
    "exclude_null_dict",
    "format_message",
    "write_message",
]


_writer: t.Any = None


def __getattr__(name: str) -> t.Any:
    # ``SingerWriter`` (the class) and ``WRITER`` (a shared instance writing to stdout), as in
    # the reference module; created on first use.
    global _writer
    if name in {"SingerWriter", "WRITER"}:
        from singer_sdk._messages.io import SimpleSingerWriter

        if name == "SingerWriter":
            return SimpleSingerWriter
        if _writer is None:
            _writer = SimpleSingerWriter()
        return _writer
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
