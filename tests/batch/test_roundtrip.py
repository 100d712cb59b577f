"""tap -> BATCH files -> target gives the same records and state as the RECORD path."""

from __future__ import annotations

import gzip
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from singer_sdk._batch.load import iter_file_records
from singer_sdk.helpers._batch import BaseBatchFileEncoding

FORMATS = [("jsonl", "gzip"), ("jsonl", "none"), ("parquet", "gzip"), ("parquet", "none")]


def _file_records(run: t.Any) -> dict[str, list[dict[str, t.Any]]]:
    result: dict[str, list[dict[str, t.Any]]] = {}
    for message in run.of_type("BATCH"):
        encoding = BaseBatchFileEncoding.from_dict(message["encoding"])
        for url in message["manifest"]:
            result.setdefault(message["stream"], []).extend(iter_file_records(encoding, url))
    return result


@pytest.mark.parametrize(("fmt", "compression"), FORMATS)
def test_same_records_and_state_as_record_mode(
    bt: t.Any, tmp_path: Path, fmt: str, compression: str | None
) -> None:
    plain = bt.run_tap({"count": 25})
    batched = bt.run_tap({"count": 25, **bt.batch_config(tmp_path, fmt, compression, size=10)})

    assert not batched.of_type("RECORD")
    assert _file_records(batched) == plain.records()
    assert batched.final_state == plain.final_state
    # events: 25 records in files of 10; regions: one file per partition (7 records each)
    assert [len(m["manifest"]) for m in batched.of_type("BATCH")] == [1] * 5
    assert {m["encoding"]["format"] for m in batched.of_type("BATCH")} == {fmt}

    target_plain = bt.run_target(plain.output)
    target_batched = bt.run_target(batched.output)
    assert target_batched.records() == target_plain.records()
    assert target_batched.records()["events"][0]["created"].year == 2024  # parsed, as for RECORD


def test_batch_message_shape_and_files(bt: t.Any, tmp_path: Path) -> None:
    run = bt.run_tap({"count": 25, **bt.batch_config(tmp_path, "jsonl", "gzip", size=10)})
    message = run.of_type("BATCH")[0]
    assert list(message) == ["type", "stream", "encoding", "manifest"]
    assert message["stream"] == "events"
    assert message["encoding"] == {"format": "jsonl", "compression": "gzip"}
    path = Path(urlsplit(message["manifest"][0]).path)
    assert path.parent == tmp_path
    assert path.name.startswith("test-tap-batchtest--events-")
    assert path.name.endswith("-1.json.gz")
    with gzip.open(path) as file:  # really gzip (the reference writes gzip whatever is set)
        assert file.readline().startswith(b'{"id":1,"seq":1,"name":"event 1","amount":1.5,')
    plain = bt.run_tap(
        {"count": 25, **bt.batch_config(tmp_path / "plain", "jsonl", "none", size=10)}
    )
    first = Path(urlsplit(plain.of_type("BATCH")[0]["manifest"][0]).path)
    assert first.name.endswith("-1.json")
    assert first.read_bytes().startswith(b'{"id":1,')
    # no temporary file is left behind
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]


def test_state_after_each_batch_covers_exactly_the_announced_records(
    bt: t.Any, tmp_path: Path
) -> None:
    run = bt.run_tap({"count": 25, **bt.batch_config(tmp_path, size=10)})
    kinds = [(m["type"], m.get("stream")) for m in run.messages if m["type"] in {"BATCH", "STATE"}]
    assert kinds[:6] == [
        ("BATCH", "events"), ("STATE", None),
        ("BATCH", "events"), ("STATE", None),
        ("BATCH", "events"), ("STATE", None),
    ]  # fmt: skip
    announced = 0
    for message in run.messages:
        if message["type"] == "BATCH" and message["stream"] == "events":
            encoding = BaseBatchFileEncoding.from_dict(message["encoding"])
            announced = max(
                r["seq"] for url in message["manifest"] for r in iter_file_records(encoding, url)
            )
        elif message["type"] == "STATE" and announced:
            bookmark = message["value"]["bookmarks"]["events"]["replication_key_value"]
            assert bookmark == announced
    assert announced == 25


def test_target_state_waits_for_the_batch(bt: t.Any, tmp_path: Path, capsys: t.Any) -> None:
    run = bt.run_tap({"count": 25, **bt.batch_config(tmp_path, size=10)})
    bt.run_target(run.output, config={"batch_size_rows": 4})
    states = [bt.codec.decode(line) for line in capsys.readouterr().out.splitlines()]
    # one state per BATCH that was fully loaded, in order; the last is the tap's final state
    assert [s["bookmarks"]["events"]["replication_key_value"] for s in states[:3]] == [10, 20, 25]
    assert states[-1] == run.final_state


def test_parent_child_streams_in_batch_mode(bt: t.Any, tmp_path: Path) -> None:
    demo = bt._load("../../samples/tap_demo")
    plain = bt.run_tap({}, tap_class=demo.TapDemo)
    batched = bt.run_tap(bt.batch_config(tmp_path, size=3), tap_class=demo.TapDemo)
    assert _file_records(batched) == plain.records()
    assert batched.final_state == plain.final_state
    assert bt.run_target(batched.output).records() == bt.run_target(plain.output).records()


def test_fsspec_storage_round_trip(bt: t.Any) -> None:
    pytest.importorskip("fsspec")
    import fsspec

    config = bt.batch_config("memory://batchtest/out", "jsonl", "gzip", size=10)
    run = bt.run_tap({"count": 12, **config})
    urls = [url for m in run.of_type("BATCH") for url in m["manifest"]]
    assert all(url.startswith("memory://batchtest/out/test-") for url in urls)
    memory = fsspec.filesystem("memory")
    assert sorted(p.rsplit("/", 1)[1][:5] for p in memory.ls("/batchtest/out", detail=False)) == [
        "test-"
    ] * len(urls)
    target = bt.run_target(run.output)
    assert [r["id"] for r in target.records()["events"]] == list(range(1, 13))
