"""Targets for the BATCH tests: keep what they load in memory (or write it, as a script)."""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

from singer_sdk import BatchSink, Target
from singer_sdk import typing as th
from singer_sdk._messages import codec


class MemorySink(BatchSink):
    def process_batch(self, context: dict[str, t.Any]) -> None:
        target = t.cast("MemoryTarget", self._target)
        target.batches.append((self.stream_name, list(context.get("records", []))))


class MemoryTarget(Target):
    name = "target-batchmemory"
    config_jsonschema = th.PropertiesList(th.Property("output", th.StringType)).to_dict()
    default_sink_class = MemorySink

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.batches: list[tuple[str, list[dict[str, t.Any]]]] = []

    def records(self) -> dict[str, list[dict[str, t.Any]]]:
        result: dict[str, list[dict[str, t.Any]]] = {}
        for stream, batch in self.batches:
            result.setdefault(stream, []).extend(batch)
        return result


class DumpingTarget(MemoryTarget):
    """As a script: writes every loaded record to the ``output`` file at the end."""

    def process_endofpipe(self) -> None:
        super().process_endofpipe()
        with Path(self.config["output"]).open("wb") as file:
            for stream, batch in self.batches:
                for record in batch:
                    file.write(codec.encode({"stream": stream, "record": record}) + b"\n")


if __name__ == "__main__":
    sys.exit(DumpingTarget.cli())
