"""mapper-demo: a sample mapper with no code of its own; ``InlineMapper`` applies the maps.

Run it between the sample tap and target, with maps in the environment::

    export MAPPER_DEMO_STREAM_MAPS='{"books": {"title": "title.upper()", "tags": null}}'
    python samples/tap_demo.py --config ENV | python samples/mapper_demo.py --config ENV \
        | python samples/target_jsonl_demo.py --config ENV
"""

from __future__ import annotations

from singer_sdk import typing as th
from singer_sdk.mapper_base import InlineMapper


class MapperDemo(InlineMapper):
    """Applies ``stream_maps`` and flattening from its config to the messages it reads."""

    name = "mapper-demo"
    config_jsonschema = th.PropertiesList().to_dict()


if __name__ == "__main__":
    MapperDemo.cli()
