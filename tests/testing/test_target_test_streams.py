"""The built-in target test data stays within what a default SQL target can load.

Regression: meltanolabs-target-postgres 0.8.1 (whose own suite runs the built-in
``TargetArrayData`` and ``TargetSchemaUpdates``) failed on our data, not on the reference's: a
``number`` array mixing ints and decimals cannot be bound by psycopg, and a property changing
type needs ``allow_column_alter``, off by default in SQL targets.
"""

from __future__ import annotations

import json
import typing as t
from decimal import Decimal
from pathlib import Path

import pytest

import singer_sdk.testing

STREAMS = Path(singer_sdk.testing.__file__).resolve().parent / "target_test_streams"
# The default inputs and the richer ones of SuiteConfig(strict=True).
FILES = sorted(STREAMS.glob("*.singer")) + sorted(STREAMS.glob("strict/*.singer"))
IDS = [str(path.relative_to(STREAMS).with_suffix("")) for path in FILES]


def _messages(path: Path) -> list[dict[str, t.Any]]:
    messages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            messages.append(json.loads(line, parse_float=Decimal))
        except json.JSONDecodeError:
            continue  # files about malformed input hold such lines on purpose
    return messages


def _types(schema: dict[str, t.Any]) -> set[str]:
    json_type = schema.get("type", [])
    return {json_type} if isinstance(json_type, str) else set(json_type)


def test_there_are_stream_files() -> None:
    assert {"array_data", "schema_updates", "strict/array_data", "strict/schema_updates"} <= set(
        IDS
    )
    # Every strict input has a default one of the same name (the strict folder only overrides).
    assert {path.name for path in STREAMS.glob("strict/*.singer")} <= {
        path.name for path in STREAMS.glob("*.singer")
    }


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_number_array_mixes_ints_and_decimals(path: Path) -> None:
    for message in _messages(path):
        if message.get("type") != "RECORD" or not isinstance(message.get("record"), dict):
            continue
        for name, value in message["record"].items():
            if isinstance(value, list) and value:
                kinds = {type(item) for item in value if isinstance(item, int | Decimal)}
                kinds.discard(bool)
                assert len(kinds) <= 1, (path.name, name, value)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_property_changes_type_between_schemas(path: Path) -> None:
    seen: dict[tuple[str, str], set[str]] = {}
    for message in _messages(path):
        schema = message.get("schema")
        if message.get("type") != "SCHEMA" or not isinstance(schema, dict):
            continue
        for name, prop in (schema.get("properties") or {}).items():
            types = _types(prop) - {"null"}
            before = seen.setdefault((message["stream"], name), types)
            # Only nullability may change: anything else needs an ALTER COLUMN.
            assert types == before, (path.name, message["stream"], name, before, types)
