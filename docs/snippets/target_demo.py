"""target-demo: a minimal target (records to standard error), used by the CLI reference."""

from __future__ import annotations

import sys
import typing as t

from singer_sdk import RecordSink, Target
from singer_sdk import typing as th


class PrintSink(RecordSink):
    """Prints each record."""

    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        print(self.stream_name, record, file=sys.stderr)


class TargetDemo(Target):
    """Prints the records it receives."""

    name = "target-demo"
    default_sink_class = PrintSink
    config_jsonschema = th.PropertiesList().to_dict()


if __name__ == "__main__":
    TargetDemo.cli()
