"""A stream-map mapper with no code of its own: ``InlineMapper`` applies the maps itself."""

from __future__ import annotations

from singer_sdk import typing as th
from singer_sdk.mapper_base import InlineMapper


class MapperDemo(InlineMapper):
    """Applies ``stream_maps`` and flattening from its config to the messages it reads."""

    name = "mapper-demo"
    config_jsonschema = th.PropertiesList().to_dict()


if __name__ == "__main__":
    MapperDemo.cli()
