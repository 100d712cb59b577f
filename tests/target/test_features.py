"""Record metadata, ACTIVATE_VERSION, BATCH messages and the built-in settings."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import typing as t

import pytest

from singer_sdk.helpers.capabilities import PluginCapabilities


def test_sdc_metadata_added(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={"add_record_metadata": True})
    message = {
        "type": "RECORD", "stream": "users", "record": {"id": 1},
        "time_extracted": "2024-01-01T00:00:00+00:00", "version": 7,
    }  # fmt: skip
    tk.feed(target, [tk.schema(), json.dumps(message)])
    (rec,) = target.records_of("users")
    assert rec["_sdc_extracted_at"] == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert isinstance(rec["_sdc_received_at"], dt.datetime)
    assert isinstance(rec["_sdc_batched_at"], dt.datetime)
    assert rec["_sdc_deleted_at"] is None
    assert rec["_sdc_table_version"] == 7
    assert rec["_sdc_sync_started_at"] == target.initialized_at
    assert isinstance(rec["_sdc_sequence"], int)
    props = target._sinks_active["users"].schema["properties"]
    assert props["_sdc_batched_at"] == {"type": ["null", "string"], "format": "date-time"}
    assert props["_sdc_sequence"] == {"type": ["null", "integer"]}


def test_sdc_metadata_stripped_when_off(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={})
    props = {"id": {"type": "integer"}, "_sdc_sequence": {"type": "integer"}}
    tk.feed(target, [tk.schema("u", props), tk.record("u", id=1, _sdc_sequence=5)])
    assert target.records_of("u") == [{"id": 1}]
    assert "_sdc_sequence" not in target._sinks_active["u"].schema["properties"]
    assert "_sdc_sequence" in target._sinks_active["u"].original_schema["properties"]


def test_activate_version_default_warns(tk: t.Any, caplog: pytest.LogCaptureFixture) -> None:
    target = tk.MemoryTarget(config={})
    with caplog.at_level(logging.WARNING):
        tk.feed(target, [tk.schema(), '{"type":"ACTIVATE_VERSION","stream":"users","version":3}'])
    assert "ACTIVATE_VERSION message received but not implemented" in caplog.text


def test_activate_version_after_the_records_are_drained(tk: t.Any) -> None:
    events: list[t.Any] = []

    class Versioned(tk.MemoryBatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            events.append(("batch", [r["id"] for r in context["records"]]))

        def activate_version(self, new_version: int) -> None:
            events.append(("activate", new_version))

    class VersionTarget(tk.MemoryTarget):
        default_sink_class = Versioned
        capabilities = [*tk.MemoryTarget.capabilities, PluginCapabilities.ACTIVATE_VERSION]

    activate = '{"type":"ACTIVATE_VERSION","stream":"users","version":3}'
    tk.feed(VersionTarget(config={}), [tk.schema(), tk.record(id=1), activate, tk.record(id=2)])
    assert events == [("batch", [1]), ("activate", 3), ("batch", [2])]

    events.clear()
    off = VersionTarget(config={"process_activate_version_messages": False})
    tk.feed(off, [tk.schema(), activate])
    assert events == []


def test_batch_message_reads_jsonl_files(tk: t.Any, tmp_path: t.Any) -> None:
    path = tmp_path / "part-1.jsonl.gz"
    with gzip.open(path, "wt") as file:
        file.write('{"id":1,"n":1.5}\n{"id":2,"n":2.25}\n')
    message = {
        "type": "BATCH", "stream": "users",
        "encoding": {"format": "jsonl", "compression": "gzip"},
        "manifest": [path.as_uri()],
    }  # fmt: skip
    target = tk.MemoryTarget(config={})
    tk.feed(target, [tk.schema(), json.dumps(message)])
    assert [r["id"] for r in target.records_of("users")] == [1, 2]

    message["encoding"] = {"format": "avro"}
    with pytest.raises(NotImplementedError, match="Unsupported batch encoding format: avro"):
        tk.feed(tk.MemoryTarget(config={}), [tk.schema(), json.dumps(message)])


def test_builtin_settings(tk: t.Any) -> None:
    props = tk.MemoryTarget(config={}).config_jsonschema["properties"]
    assert {
        "add_record_metadata", "load_method", "batch_size_rows", "validate_records",
        "batch_wait_limit_seconds", "stream_maps", "flattening_enabled",
    } <= set(props)  # fmt: skip
    assert "process_activate_version_messages" not in props
    assert "batch_config" not in props

    class Full(tk.MemoryTarget):
        capabilities = [
            *tk.MemoryTarget.capabilities,
            PluginCapabilities.ACTIVATE_VERSION,
            PluginCapabilities.BATCH,
        ]

    props = Full(config={}).config_jsonschema["properties"]
    assert props["process_activate_version_messages"]["default"] is True
    assert "batch_config" in props
    assert Full(config={}).config["load_method"] == "append-only"


def test_declared_setting_is_not_replaced(tk: t.Any) -> None:
    class Own(tk.MemoryTarget):
        config_jsonschema = {"properties": {"batch_size_rows": {"type": "integer", "default": 5}}}

    target = Own(config={})
    assert target.config_jsonschema["properties"]["batch_size_rows"]["default"] == 5
    assert target.config["batch_size_rows"] == 5
