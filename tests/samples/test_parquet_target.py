"""The Parquet sample target, run as a real process; files read back with pyarrow."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from fixture_api import FixtureServer, generate_data

TARGET = "target_parquet.py"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
UTC = dt.UTC

SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "price": {"type": ["number", "null"]},
        "count": {"type": ["integer", "number", "null"]},
        "name": {"type": ["string", "null"]},
        "ok": {"type": ["boolean", "null"]},
        "at": {"type": ["string", "null"], "format": "date-time"},
        "day": {"type": ["string", "null"], "format": "date"},
        "meta": {"type": ["object", "null"], "properties": {"a": {"type": "integer"}}},
        "tags": {"type": ["array", "null"], "items": {"type": "string"}},
        "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    },
}


def lines(*messages: dict[str, t.Any]) -> bytes:
    return b"".join(json.dumps(message).encode() + b"\n" for message in messages)


def schema_message(stream: str = "items", schema: dict[str, t.Any] = SCHEMA) -> dict[str, t.Any]:
    return {"type": "SCHEMA", "stream": stream, "schema": schema, "key_properties": ["id"]}


def record(stream: str = "items", **values: t.Any) -> dict[str, t.Any]:
    return {"type": "RECORD", "stream": stream, "record": values}


def test_json_schema_types_become_parquet_types(tmp_path: Path, run: t.Any) -> None:
    stdin = lines(
        schema_message(),
        record(id=1, price=9.5, count=3, name="a", ok=True, at="2024-05-01T10:00:00+02:00",
               day="2024-05-01", meta={"a": 1}, tags=["x", "y"], either=7),
        record(id=2),
        {"type": "STATE", "value": {"done": True}},
    )  # fmt: skip
    result = run(TARGET, config={"destination_path": "out"}, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.messages == [{"done": True}]  # the state, once its records are stored
    table = pq.read_table(tmp_path / "out/items.parquet")
    assert table.schema == pa.schema(
        [
            ("id", pa.int64()),
            ("price", pa.float64()),
            ("count", pa.float64()),
            ("name", pa.string()),
            ("ok", pa.bool_()),
            ("at", pa.timestamp("us", tz="UTC")),
            ("day", pa.date32()),
            ("meta", pa.string()),
            ("tags", pa.string()),
            ("either", pa.string()),
        ]
    )
    first, second = table.to_pylist()
    assert first == {
        "id": 1,
        "price": 9.5,
        "count": 3.0,
        "name": "a",
        "ok": True,
        "at": dt.datetime(2024, 5, 1, 8, 0, tzinfo=UTC),  # stored in UTC
        "day": dt.date(2024, 5, 1),
        "meta": '{"a":1}',
        "tags": '["x","y"]',
        "either": "7",
    }
    assert second == {name: (2 if name == "id" else None) for name in first}
    metadata = pq.read_schema(tmp_path / "out/items.parquet").metadata
    assert metadata[b"singer.stream"] == b"items"
    assert "Wrote 2 rows to out/items.parquet" in result.stderr


def test_each_batch_is_a_row_group_and_no_temporary_file_is_left(
    tmp_path: Path, run: t.Any
) -> None:
    stdin = lines(schema_message(), *(record(id=n) for n in range(1, 6)))
    config = {"destination_path": "out", "batch_size_rows": 2, "compression": "zstd"}
    result = run(TARGET, config=config, stdin=stdin)
    assert result.returncode == 0, result.stderr
    parquet = pq.ParquetFile(tmp_path / "out/items.parquet")
    assert [parquet.metadata.row_group(i).num_rows for i in range(3)] == [2, 2, 1]
    assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
    assert sorted(os.listdir(tmp_path / "out")) == ["items.parquet"]


def test_a_run_replaces_the_file_of_an_earlier_run(tmp_path: Path, run: t.Any) -> None:
    config = {"destination_path": "out"}
    assert run(TARGET, config=config, stdin=lines(schema_message(), record(id=1))).returncode == 0
    result = run(TARGET, config=config, stdin=lines(schema_message(), record(id=2)))
    assert result.returncode == 0, result.stderr
    assert pq.read_table(tmp_path / "out/items.parquet").column("id").to_pylist() == [2]


def test_a_stream_without_records_gets_an_empty_file_with_its_columns(
    tmp_path: Path, run: t.Any
) -> None:
    result = run(TARGET, config={"destination_path": "out"}, stdin=lines(schema_message()))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(tmp_path / "out/items.parquet")
    assert (table.num_rows, table.column_names[:2]) == (0, ["id", "price"])


def test_a_schema_change_mid_stream_keeps_every_row_in_one_file(tmp_path: Path, run: t.Any) -> None:
    before = {"properties": {"id": {"type": "integer"}, "v": {"type": "integer"}}}
    after = {"properties": {"id": {"type": "integer"}, "v": {"type": "string"},
                            "w": {"type": "number"}}}  # fmt: skip
    stdin = lines(
        schema_message(schema=before),
        record(id=1, v=10),
        schema_message(schema=after),
        record(id=2, v="ten", w=1.5),
    )
    result = run(TARGET, config={"destination_path": "out"}, stdin=stdin)
    assert result.returncode == 0, result.stderr
    table = pq.read_table(tmp_path / "out/items.parquet")
    assert table.schema.names == ["id", "v", "w"]
    assert table.schema.field("v").type == pa.string()
    assert table.to_pylist() == [
        {"id": 1, "v": "10", "w": None},
        {"id": 2, "v": "ten", "w": 1.5},
    ]
    assert sorted(os.listdir(tmp_path / "out")) == ["items.parquet"]


def test_an_unknown_compression_is_a_config_error(tmp_path: Path, run: t.Any) -> None:
    result = run(TARGET, config={"compression": "rar"}, stdin=b"")
    assert result.returncode == 1
    assert "compression" in result.stderr
    assert "Config validation failed" in result.stderr


def test_rest_tap_piped_into_the_parquet_target(tmp_path: Path, api: FixtureServer) -> None:
    tap_config = tmp_path / "tap.json"
    tap_config.write_text(json.dumps({"api_url": api.url, "api_key": api.api_key}))
    target_config = tmp_path / "target.json"
    target_config.write_text(json.dumps({"destination_path": str(tmp_path / "lake")}))
    tap = subprocess.Popen(
        [sys.executable, str(SAMPLES / "tap_rest_fixture.py"), "--config", str(tap_config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    target = subprocess.run(
        [sys.executable, str(SAMPLES / TARGET), "--config", str(target_config)],
        stdin=tap.stdout,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert tap.stdout is not None
    tap.stdout.close()
    assert tap.wait(timeout=60) == 0
    assert target.returncode == 0, target.stderr.decode()

    data = generate_data(7, 25)
    users = pq.read_table(tmp_path / "lake/users.parquet").to_pylist()
    assert len(users) == 25
    by_id = {user["id"]: user for user in users}
    assert by_id[5]["name"] == "Donald Wirth"
    assert by_id[5]["updated_at"] == dt.datetime(2024, 1, 2, tzinfo=UTC)
    assert json.loads(by_id[5]["address"]) == data.users[4]["address"]
    assert json.loads(by_id[5]["tags"]) == ["partner", "trial"]
    orders = pq.read_table(tmp_path / "lake/orders.parquet")
    assert orders.num_rows == 50
    assert sorted(orders.column("id").to_pylist()) == list(range(1, 51))
    pairs = set(zip(orders.column("id").to_pylist(), orders.column("user_id").to_pylist(),
                    strict=True))  # fmt: skip
    assert pairs == {(o["id"], uid) for uid, rows in data.orders.items() for o in rows}
    state = json.loads(target.stdout.decode().splitlines()[-1])
    assert state["bookmarks"]["users"]["replication_key_value"] == "2024-01-02T01:00:00Z"
