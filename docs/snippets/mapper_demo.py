"""mapper-demo: an inline mapper with no code of its own; ``InlineMapper`` applies the
``stream_maps`` and flattening settings to the messages it reads (CLI reference)."""

from __future__ import annotations

from singer_sdk import InlineMapper
from singer_sdk import typing as th


class MapperDemo(InlineMapper):
    """Applies stream maps and flattening from its config."""

    name = "mapper-demo"
    config_jsonschema = th.PropertiesList().to_dict()


if __name__ == "__main__":
    MapperDemo.cli()
