"""The tap side of BATCH: resumption, maps, selection, atomic files, hooks and config."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest

from singer_sdk._batch.batchers import get_batcher_class, lazy_chunked_generator
from singer_sdk._batch.load import iter_file_records
from singer_sdk.batch import BaseBatcher, Batcher
from singer_sdk.contrib.batch_encoder_jsonl import JSONLinesBatcher
from singer_sdk.contrib.batch_encoder_parquet import ParquetBatcher
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.helpers._batch import BaseBatchFileEncoding, BatchConfig, SDKBatchMessage


def _file_records(run: t.Any) -> dict[str, list[dict[str, t.Any]]]:
    result: dict[str, list[dict[str, t.Any]]] = {}
    for message in run.of_type("BATCH"):
        encoding = BaseBatchFileEncoding.from_dict(message["encoding"])
        for url in message["manifest"]:
            result.setdefault(message["stream"], []).extend(iter_file_records(encoding, url))
    return result


def _lines_until_state(output: bytes, bookmark: int) -> tuple[bytes, dict[str, t.Any]]:
    """Return the output up to the first STATE with the events bookmark, and that state."""
    kept = []
    for line in output.splitlines(keepends=True):
        kept.append(line)
        if b'"type":"STATE"' in line and f'"replication_key_value":{bookmark}}}'.encode() in line:
            from singer_sdk._messages import codec

            return b"".join(kept), codec.decode(line)["value"]
    raise AssertionError(bookmark)


def test_resume_from_a_state_written_mid_run(bt: t.Any, tmp_path: Path) -> None:
    config = {"count": 25, **bt.batch_config(tmp_path, size=10)}
    full = bt.run_tap(config)
    head, state = _lines_until_state(full.output, 20)
    # an interrupted run: the target got everything up to that STATE, then the tap resumes
    rest = bt.run_tap(config, state=state)
    assert [r["id"] for r in _file_records(rest)["events"]] == [21, 22, 23, 24, 25]
    target = bt.run_target(head + rest.output)
    ids = [r["id"] for r in target.records()["events"]]
    assert ids == list(range(1, 26))  # nothing lost, nothing twice
    assert rest.final_state == full.final_state


def test_resume_partitioned_stream(bt: t.Any, tmp_path: Path) -> None:
    config = {"count": 3, **bt.batch_config(tmp_path, size=3)}
    full = bt.run_tap(config)
    states = [m["value"] for m in full.of_type("STATE")]
    # the STATE after the first file of partition eu (records 1-3)
    mid_eu = next(s for s in states if s["bookmarks"].get("regions"))
    assert mid_eu["bookmarks"]["regions"]["partitions"][0]["replication_key_value"] == 3
    rest = bt.run_tap(config, state=mid_eu)
    resumed = [(r["region"], r["n"]) for r in _file_records(rest)["regions"]]
    assert resumed == [("eu", n) for n in range(4, 8)] + [("us", n) for n in range(1, 8)]
    assert rest.final_state == full.final_state


STREAM_MAPS = {
    "events": {
        "double": "seq * 2",
        "name": "__NULL__",
        "__filter__": "seq % 5 != 0",
    },
    "events_ids": {"__source__": "events", "__else__": None, "label": "'id-' + str(id)"},
    "regions": {"__alias__": "areas"},
}


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_stream_maps_apply_in_batch_mode(bt: t.Any, tmp_path: Path, fmt: str) -> None:
    plain = bt.run_tap({"count": 25, "stream_maps": STREAM_MAPS})
    batched = bt.run_tap(
        {"count": 25, "stream_maps": STREAM_MAPS, **bt.batch_config(tmp_path, fmt, size=10)}
    )
    files = _file_records(batched)
    assert set(files) == {"events", "events_ids", "areas"}
    assert files == plain.records()
    assert files["events"][0] == {
        "id": 1, "seq": 1, "amount": 1.5, "active": False,
        "created": "2024-01-01T00:01:00.000000+00:00",
        "tags": ["a", "t1"], "meta": {"k": "v1"}, "double": 2,
    }  # fmt: skip
    assert files["events_ids"][:2] == [{"id": 1, "label": "id-1"}, {"id": 2, "label": "id-2"}]
    assert 5 not in [r["id"] for r in files["events"]]
    assert batched.of_type("SCHEMA") == plain.of_type("SCHEMA")
    assert batched.final_state == plain.final_state


def test_selection_applies_in_batch_mode(bt: t.Any, tmp_path: Path) -> None:
    catalog = bt.tap_module.BatchTestTap(config={}).catalog_dict
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            if entry["tap_stream_id"] == "regions" and item["breadcrumb"] == []:
                item["metadata"]["selected"] = False
            if item["breadcrumb"] in (["properties", "meta"], ["properties", "tags"]):
                item["metadata"]["selected"] = False
    plain = bt.run_tap({"count": 12}, catalog=catalog)
    batched = bt.run_tap({"count": 12, **bt.batch_config(tmp_path, size=5)}, catalog=catalog)
    files = _file_records(batched)
    assert set(files) == {"events"}
    assert files == plain.records()
    assert set(files["events"][0]) == {"id", "seq", "name", "amount", "active", "created"}


def test_failed_sync_leaves_no_partial_file(bt: t.Any, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="source went away"):
        bt.run_tap({"count": 25, "fail_at": 15, **bt.batch_config(tmp_path, size=10)})
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 1  # the first 10 records; records 11-15 were never completed
    assert files[0].endswith("-1.json.gz")


def test_files_appear_only_when_complete(bt: t.Any, tmp_path: Path) -> None:
    seen: list[list[str]] = []

    class Watched(bt.tap_module.EventsStream):
        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            for record in super().get_records(context):
                seen.append(sorted(p.name for p in tmp_path.iterdir()))
                yield record

    class WatchedTap(bt.tap_module.BatchTestTap):
        def discover_streams(self) -> list[t.Any]:
            return [Watched(self)]

    bt.run_tap({"count": 7, **bt.batch_config(tmp_path, size=5)}, tap_class=WatchedTap)
    # while records 2-5 are written, only a hidden temporary file exists
    assert all(len(names) == 1 and names[0].startswith(".test-") for names in seen[1:5])
    assert seen[1][0].endswith(".tmp")
    # record 7 comes after the first file was completed under its final name
    assert [n for n in seen[6] if not n.startswith(".")] == [seen[6][-1]]
    final = sorted(p.name for p in tmp_path.iterdir())
    assert len(final) == 2
    assert not [n for n in final if n.startswith(".")]


def test_overridden_get_batches_gets_batch_and_state_messages(bt: t.Any, tmp_path: Path) -> None:
    class Exported(bt.tap_module.EventsStream):
        def get_batches(self, batch_config: t.Any, context: t.Any = None) -> t.Any:
            encoding = BaseBatchFileEncoding("jsonl", "gzip")
            yield encoding, ["file:///exports/a.json.gz"]
            yield encoding, ["file:///exports/b.json.gz", "file:///exports/c.json.gz"]

    class ExportTap(bt.tap_module.BatchTestTap):
        def discover_streams(self) -> list[t.Any]:
            return [Exported(self)]

    run = bt.run_tap(bt.batch_config(tmp_path), tap_class=ExportTap)
    kinds = [m["type"] for m in run.messages]
    # a STATE follows each BATCH unless it is the same as the last one written
    assert kinds == ["SCHEMA", "BATCH", "STATE", "BATCH"]
    assert run.of_type("BATCH")[1]["manifest"] == [
        "file:///exports/b.json.gz",
        "file:///exports/c.json.gz",
    ]


def test_default_get_batches_yields_encoding_and_manifests(bt: t.Any, tmp_path: Path) -> None:
    config = bt.batch_config(tmp_path, size=4)
    tap = bt.tap_module.BatchTestTap(config={"count": 10, **config})
    stream = tap.streams["events"]
    batch_config = stream.get_batch_config(stream.config)
    assert batch_config == BatchConfig.from_dict(config["batch_config"])
    batches = list(stream.get_batches(batch_config))
    assert [encoding for encoding, _ in batches] == [BaseBatchFileEncoding("jsonl", "gzip")] * 3
    counts = [
        len(list(iter_file_records(encoding, url))) for encoding, urls in batches for url in urls
    ]
    assert counts == [4, 4, 2]
    assert stream.stream_state["replication_key_value"] == 10


def test_no_batch_config_means_record_mode(bt: t.Any) -> None:
    tap = bt.tap_module.BatchTestTap(config={"count": 1})
    assert tap.streams["events"].get_batch_config(tap.config) is None
    assert bt.run_tap({"count": 2}).of_type("BATCH") == []


def test_batch_config_from_dict_and_errors() -> None:
    config = BatchConfig.from_dict(
        {"encoding": {"format": "parquet", "compression": "gzip"}, "storage": {"root": "s3://b"}}
    )
    assert config.batch_size == 10_000
    assert config.asdict() == {
        "encoding": {"format": "parquet", "compression": "gzip"},
        "storage": {"root": "s3://b", "prefix": None, "params": {}},
        "batch_size": 10_000,
    }
    with pytest.raises(ConfigValidationError) as info:
        BatchConfig.from_dict({"encoding": {"compression": "zip"}, "batch_size": 0})
    assert info.value.errors == [
        "batch_config.encoding: A BATCH encoding must be an object with a 'format' string, "
        "not {'compression': 'zip'}",
        "batch_config.storage: required (an object with 'root')",
        "batch_config.batch_size: 0 is not a positive integer",
    ]
    with pytest.raises(ConfigValidationError) as info:
        BatchConfig.from_dict({"encoding": {"format": "jsonl", "compression": "zip"},
                               "storage": {"prefix": "x"}})  # fmt: skip
    assert info.value.errors == [
        "batch_config.encoding.compression: 'zip' is not 'gzip' or 'none'",
        "batch_config.storage: BATCH storage needs a 'root' URL, got {'prefix': 'x'}",
    ]


def test_batch_message_to_dict() -> None:
    message = SDKBatchMessage(
        stream="s", encoding=BaseBatchFileEncoding("jsonl", "gzip"), manifest=["file:///a"]
    )
    assert message.to_dict() == {
        "type": "BATCH",
        "stream": "s",
        "encoding": {"format": "jsonl", "compression": "gzip"},
        "manifest": ["file:///a"],
    }
    message.version = 7
    assert message.to_dict()["version"] == 7
    parsed = SDKBatchMessage.from_dict(message.to_dict())
    assert parsed == message
    with pytest.raises(ValueError, match="BATCH message is missing required key 'manifest'"):
        SDKBatchMessage.from_dict({"type": "BATCH", "stream": "s", "encoding": {"format": "x"}})


def test_encoder_registry() -> None:
    assert get_batcher_class("jsonl") is JSONLinesBatcher
    assert get_batcher_class("parquet") is ParquetBatcher
    assert Batcher.get_batcher("jsonl") is JSONLinesBatcher
    with pytest.raises(ValueError, match=r"No BATCH encoder for format 'avro': known formats are "):
        get_batcher_class("avro")
    assert issubclass(JSONLinesBatcher, BaseBatcher)


def test_batcher_writes_chunks(tmp_path: Path) -> None:
    config = BatchConfig.from_dict(
        {"encoding": {"format": "jsonl", "compression": "none"},
         "storage": {"root": str(tmp_path)}, "batch_size": 2}
    )  # fmt: skip
    manifests = list(Batcher("tap", "s", config).get_batches(iter([{"a": 1}, {"a": 2}, {"a": 3}])))
    assert len(manifests) == 2
    assert all(m[0].startswith(tmp_path.as_uri() + "/tap--s-") for m in manifests)
    encoding = config.encoding
    assert [r for m in manifests for r in iter_file_records(encoding, m[0])] == [
        {"a": 1}, {"a": 2}, {"a": 3},
    ]  # fmt: skip


def test_lazy_chunked_generator() -> None:
    assert [list(c) for c in lazy_chunked_generator(range(7), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(lazy_chunked_generator([], 3)) == []


def test_record_limit_abort_announces_what_was_read(bt: t.Any, tmp_path: Path) -> None:
    from singer_sdk.exceptions import AbortedSyncPausedException

    class Limited(bt.tap_module.EventsStream):
        ABORT_AT_RECORD_COUNT = 12

    class LimitedTap(bt.tap_module.BatchTestTap):
        def discover_streams(self) -> list[t.Any]:
            return [Limited(self)]

    import io

    from singer_sdk._messages.io import MessageWriter

    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap = LimitedTap(
        config={"count": 25, **bt.batch_config(tmp_path, size=5)}, message_writer=writer
    )
    with pytest.raises(AbortedSyncPausedException):
        tap.sync_all()
    writer.flush()
    run = bt.TapRun(output.getvalue())
    assert [len(r) for r in [_file_records(run)["events"]]] == [12]
    sizes = [
        len(list(iter_file_records(BaseBatchFileEncoding.from_dict(m["encoding"]), url)))
        for m in run.of_type("BATCH")
        for url in m["manifest"]
    ]
    assert sizes == [5, 5, 2]
    assert run.final_state["bookmarks"]["events"]["replication_key_value"] == 12
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
