"""target-jsonl-demo: a minimal sample target that writes each stream to ``<stream>.jsonl``.

It is built on the message-reader plugin base, so it shows the reading side of the library:
strict line parsing (a bad line stops the run with its line number), SCHEMA before RECORD, and
the last STATE written to stdout once every record before it is on disk.

Run it: ``python samples/tap_demo.py --config ENV | python samples/target_jsonl_demo.py
--config ENV`` (``TARGET_JSONL_DEMO_OUTPUT_DIR`` chooses the folder).
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from singer_sdk import typing as th
from singer_sdk._config import ConfigInput
from singer_sdk._messages import codec
from singer_sdk.cli import CLIOption
from singer_sdk.exceptions import RecordsWithoutSchemaException
from singer_sdk.plugin_base import BaseSingerReader


class TargetJSONLDemo(BaseSingerReader):
    """Writes every stream to a JSON Lines file in ``output_dir``."""

    name = "target-jsonl-demo"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "output_dir",
            th.StringType,
            default=".demo/output",
            description="Folder the <stream>.jsonl files are written to.",
        ),
    ).to_dict()
    cli_options = (
        CLIOption(
            flags=("--input",),
            name="file_input",
            help="Read Singer messages from this file instead of standard input.",
            file=True,
        ),
    )

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.output_dir = Path(self.config["output_dir"])
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, t.BinaryIO] = {}
        self._state: dict[str, t.Any] | None = None
        self.record_counts: dict[str, int] = {}

    @property
    def state(self) -> dict[str, t.Any]:
        """The last state received."""
        return self._state or {}

    def _process_schema_message(self, message_dict: dict[str, t.Any]) -> None:
        stream = message_dict["stream"]
        if stream not in self._files:
            self._files[stream] = (self.output_dir / f"{stream}.jsonl").open("wb")
            self.record_counts[stream] = 0

    def _process_record_message(self, message_dict: dict[str, t.Any]) -> None:
        stream = message_dict["stream"]
        output = self._files.get(stream)
        if output is None:
            msg = f"A RECORD for stream '{stream}' arrived before its SCHEMA"
            raise RecordsWithoutSchemaException(msg)
        output.write(codec.encode(message_dict["record"]) + b"\n")
        self.record_counts[stream] += 1

    def _process_state_message(self, message_dict: dict[str, t.Any]) -> None:
        self._state = message_dict["value"]

    def _process_activate_version_message(self, message_dict: dict[str, t.Any]) -> None:
        self.logger.info(
            "ACTIVATE_VERSION %s for '%s'", message_dict["version"], message_dict["stream"]
        )

    def _process_batch_message(self, message_dict: dict[str, t.Any]) -> None:
        msg = "This sample target does not read BATCH messages"
        raise NotImplementedError(msg)

    def process_endofpipe(self) -> None:
        """Close the files, then write the last state (everything before it is on disk)."""
        for output in self._files.values():
            output.close()
        for stream, count in sorted(self.record_counts.items()):
            self.logger.info("Wrote %d records to %s", count, self.output_dir / f"{stream}.jsonl")
        if self._state is not None:
            print(json.dumps(self._state), flush=True)

    @classmethod
    def invoke(  # type: ignore[override]
        cls,
        *,
        about: bool = False,
        about_format: str | None = None,
        config: ConfigInput | None = None,
        file_input: t.IO[t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        """Run the target from the command line."""
        super().invoke(about=about, about_format=about_format)
        config = config or ConfigInput()
        target = cls(config=config.config, parse_env_config=config.parse_env)
        target.listen(file_input)


if __name__ == "__main__":
    TargetJSONLDemo.cli()
