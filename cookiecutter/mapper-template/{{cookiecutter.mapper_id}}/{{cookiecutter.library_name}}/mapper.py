"""{{ cookiecutter.name }} mapper class."""

from __future__ import annotations

import typing as t

from singer_sdk import InlineMapper
from singer_sdk import typing as th
from singer_sdk.singerlib import RecordMessage

if t.TYPE_CHECKING:
    from singer_sdk.singerlib import Message


class {{ cookiecutter.name }}Mapper(InlineMapper):
    """Reads Singer messages, reshapes them and writes them out.

    The ``stream_maps`` and flattening settings are applied by the SDK before the
    ``map_*_message`` hooks see a message: rename, drop, compute or filter with config alone.
    The hooks below add what settings cannot express; here, trimming string values.
    """

    name = "{{ cookiecutter.mapper_id }}"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "trim_strings",
            th.BooleanType,
            default=False,
            title="Trim strings",
            description="Strip leading and trailing whitespace from top-level string values",
        ),
    ).to_dict()

    def map_record_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[Message]:
        """Return the RECORD messages to write for one (already stream-mapped) record.

        Args:
            message_dict: the RECORD message, as a dict.

        Returns:
            The message, with its string values trimmed if ``trim_strings`` is on.
        """
        if self.config.get("trim_strings"):
            record = {
                key: value.strip() if isinstance(value, str) else value
                for key, value in message_dict["record"].items()
            }
            message_dict = {**message_dict, "record": record}
        return [RecordMessage.from_dict(message_dict)]


if __name__ == "__main__":
    {{ cookiecutter.name }}Mapper.cli()
