"""Singer message classes (public path ``singer_sdk.singerlib.messages``)."""

from __future__ import annotations

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
