"""Tests of {{ cookiecutter.mapper_id }}: run the mapper's command on a small Singer stream."""

from __future__ import annotations

import json
import subprocess
import sys
import typing as t

if t.TYPE_CHECKING:
    from pathlib import Path

#: The module that runs the mapper's command.
MAPPER_MODULE = "{{ cookiecutter.library_name }}.mapper"

INPUT = [
    {
        "type": "SCHEMA",
        "stream": "users",
        "schema": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": ["string", "null"]},
                "email": {"type": ["string", "null"]},
            },
        },
        "key_properties": ["id"],
    },
    {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": " Ada ", "email": "a@x.io"}},
    {"type": "RECORD", "stream": "users", "record": {"id": 2, "name": "Grace", "email": None}},
    {"type": "STATE", "value": {"bookmarks": {"users": {"id": 2}}}},
]


def run_mapper(config: dict[str, t.Any], tmp_path: Path) -> list[dict[str, t.Any]]:
    """Run ``{{ cookiecutter.mapper_id }}`` on ``INPUT`` with ``config``; return what it wrote."""
    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", MAPPER_MODULE, "--config", str(config_path)],
        input="".join(json.dumps(message) + "\n" for message in INPUT),
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_passes_messages_through_without_config(tmp_path: Path) -> None:
    """With no settings, every message comes out as it went in."""
    output = run_mapper({}, tmp_path)
    assert [message["type"] for message in output] == ["SCHEMA", "RECORD", "RECORD", "STATE"]
    assert output[1]["record"] == INPUT[1]["record"]


def test_applies_stream_maps(tmp_path: Path) -> None:
    """Stream maps rename the stream, drop and compute properties and filter records."""
    config = {
        "stream_maps": {
            "users": {
                "__alias__": "people",
                "__filter__": "email is not None",
                "email": None,
                "name_upper": "name.upper()",
            },
        },
    }
    output = run_mapper(config, tmp_path)
    schema = next(message for message in output if message["type"] == "SCHEMA")
    records = [message for message in output if message["type"] == "RECORD"]
    assert schema["stream"] == "people"
    assert sorted(schema["schema"]["properties"]) == ["id", "name", "name_upper"]
    assert [record["record"] for record in records] == [
        {"id": 1, "name": " Ada ", "name_upper": " ADA "},
    ]


def test_trims_strings(tmp_path: Path) -> None:
    """The ``trim_strings`` setting strips whitespace from string values."""
    output = run_mapper({"trim_strings": True}, tmp_path)
    records = [message["record"] for message in output if message["type"] == "RECORD"]
    assert records[0]["name"] == "Ada"
