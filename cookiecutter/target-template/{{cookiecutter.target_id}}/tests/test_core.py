"""Tests of {{ cookiecutter.target_id }}: the SDK's standard target tests, and one of its own."""

from __future__ import annotations

import io
import json
{%- if cookiecutter.serialization_method == "SQL" %}
import sqlite3
{%- endif %}
import tempfile
import typing as t
from pathlib import Path

from singer_sdk.testing import SuiteConfig, get_target_test_class

from {{ cookiecutter.library_name }}.target import Target{{ cookiecutter.destination_name }}

{%- if cookiecutter.serialization_method == "SQL" %}

SAMPLE_CONFIG: dict[str, t.Any] = {
    "sqlalchemy_url": f"sqlite:///{Path(tempfile.mkdtemp()) / 'standard-tests.db'}",
    "load_method": "upsert",
}
{%- else %}

SAMPLE_CONFIG: dict[str, t.Any] = {"output_dir": tempfile.mkdtemp()}
{%- endif %}

# strict=True: singer_sdk's richer inputs (arrays of objects, changing primary keys, more
# scripts and special characters); without it the inputs are those of Meltano's singer-sdk.
Test{{ cookiecutter.destination_name }} = get_target_test_class(
    Target{{ cookiecutter.destination_name }},
    config=SAMPLE_CONFIG,
    suite_config=SuiteConfig(strict=True),
)

USERS_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": ["string", "null"]},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def singer_input(messages: list[dict[str, t.Any]]) -> io.StringIO:
    """Return ``messages`` as the target reads them: one JSON document per line."""
    return io.StringIO("".join(json.dumps(message) + "\n" for message in messages))


def test_writes_every_record(tmp_path: Path) -> None:
    """Records of a stream end up in the destination, in order."""
    messages = [
        {"type": "SCHEMA", "stream": "users", "schema": USERS_SCHEMA, "key_properties": ["id"]},
        {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "Ada"}},
        {
            "type": "RECORD",
            "stream": "users",
            "record": {"id": 2, "name": "Grace", "updated_at": "2024-01-02T03:04:05+00:00"},
        },
        {"type": "STATE", "value": {"bookmarks": {"users": {"id": 2}}}},
    ]
{%- if cookiecutter.serialization_method == "SQL" %}
    database = tmp_path / "test.db"
    config = {"sqlalchemy_url": f"sqlite:///{database}"}
    target = Target{{ cookiecutter.destination_name }}(config=config)
    target.listen(singer_input(messages))
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT id, name FROM users ORDER BY id").fetchall()
    connection.close()
    assert rows == [(1, "Ada"), (2, "Grace")]
{%- else %}
    target = Target{{ cookiecutter.destination_name }}(config={"output_dir": str(tmp_path)})
    target.listen(singer_input(messages))
    lines = (tmp_path / "users.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(row["id"], row["name"]) for row in rows] == [(1, "Ada"), (2, "Grace")]
{%- endif %}
