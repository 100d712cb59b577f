"""Stream maps in real plugins: a tap (snapshot), a target, and an InlineMapper in a pipe."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import types
import typing as t
from pathlib import Path

import pytest

from singer_sdk import RecordSink, Target
from singer_sdk import typing as th
from singer_sdk._messages.io import MessageWriter
from singer_sdk.exceptions import StreamMapConfigError
from singer_sdk.mapper_base import InlineMapper

REPO = Path(__file__).resolve().parents[2]
TAP_DEMO = REPO / "samples" / "tap_demo.py"
MAPPER_SCRIPT = Path(__file__).resolve().parents[2] / "samples" / "mapper_demo.py"
SNAPSHOT = Path(__file__).with_name("snapshots") / "tap_demo_maps.jsonl"

TAP_MAPS: dict[str, t.Any] = {
    "authors": {"__alias__": "writers", "name": "name.upper()", "country": None},
    "books": {
        "__filter__": "id % 4 == 0",
        "label": "f'{title} ({details[\"genre\"]})'",
        "genres": "[t for t in tags if t != 'demo']",
        "cheap": "price < 20",
        "tags": None,
    },
    "review_ids": {"__source__": "reviews", "__else__": None, "book": "book_id"},
}


@pytest.fixture(scope="module")
def tap_demo() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("tap_demo_for_maps", TAP_DEMO)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_tap(tap_class: type[t.Any], config: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap = tap_class(config=config, message_writer=writer)
    tap.sync_all()
    writer.flush()
    messages = [json.loads(line) for line in output.getvalue().splitlines()]
    for message in messages:
        message.pop("time_extracted", None)
    return messages


def without_state_values(messages: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    """The messages with STATE values left out (they hold the run's clock time)."""
    return [{"type": "STATE"} if m["type"] == "STATE" else m for m in messages]


def test_tap_with_maps_matches_snapshot(tap_demo: types.ModuleType) -> None:
    messages = run_tap(tap_demo.TapDemo, {"book_count": 8, "stream_maps": TAP_MAPS})
    text = "".join(json.dumps(m, sort_keys=True) + "\n" for m in without_state_values(messages))
    if os.environ.get("SINGER_SDK_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text()
    # What the snapshot shows, spelled out:
    streams = {m["stream"] for m in messages if m["type"] == "SCHEMA"}
    assert streams == {"writers", "books", "reviews", "review_ids"}
    books = [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "books"]
    assert [b["id"] for b in books] == [4, 8]
    assert books[0]["label"] == "Book 4 (poetry)"
    assert books[0]["genres"] == ["poetry"]
    assert "tags" not in books[0]
    schema = next(m for m in messages if m["type"] == "SCHEMA" and m["stream"] == "books")
    # A filter of an array property keeps its items' schema.
    assert schema["schema"]["properties"]["genres"] == {
        "type": ["array", "null"],
        "items": {"type": ["string"]},
    }
    assert schema["schema"]["properties"]["cheap"] == {"type": ["boolean", "null"]}
    # The books filter also applies to child streams: reviews only of books 4 and 8.
    reviews = [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "reviews"]
    assert {r["book_id"] for r in reviews} == {4, 8}
    ids = [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "review_ids"]
    assert ids == [{"id": r["id"], "book": r["book_id"]} for r in reviews]


def test_tap_drops_null_stream_and_flattens(tap_demo: types.ModuleType) -> None:
    config = {
        "book_count": 2,
        "stream_maps": {"authors": None, "reviews": "__NULL__"},
        "flattening_enabled": True,
        "flattening_max_depth": 1,
    }
    messages = run_tap(tap_demo.TapDemo, config)
    assert {m.get("stream") for m in messages if m["type"] != "STATE"} == {"books"}
    schema = next(m for m in messages if m["type"] == "SCHEMA")
    assert "details__genre" in schema["schema"]["properties"]
    assert schema["schema"]["properties"]["tags"] == {"type": ["string", "null"]}
    record = next(m["record"] for m in messages if m["type"] == "RECORD")
    assert record["details__pages"] == 107
    assert record["tags"] == '["fiction","demo"]'


@pytest.mark.parametrize(
    ("maps", "message"),
    [
        (
            {"books": {"id": None}},
            "Stream map 'books': removing key property 'id' is not permitted",
        ),
        ({"books": {"x": "1 +"}}, "Invalid expression '1 +' in stream map 'books', property 'x'"),
    ],
)
def test_tap_map_errors_happen_at_start_up(
    tap_demo: types.ModuleType, maps: dict[str, t.Any], message: str
) -> None:
    with pytest.raises(StreamMapConfigError, match=re.escape(message)):
        tap_demo.TapDemo(config={"stream_maps": maps})


# -- target ------------------------------------------------------------------------------------


class KeepSink(RecordSink):
    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        t.cast("KeepTarget", self._target).kept.append((self.stream_name, record))


class KeepTarget(Target):
    name = "target-keep"
    config_jsonschema = th.PropertiesList().to_dict()
    default_sink_class = KeepSink

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.kept: list[tuple[str, dict[str, t.Any]]] = []


USERS = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": ["string", "null"]}},
}


def feed(target: Target, messages: list[dict[str, t.Any]]) -> None:
    text = "".join(json.dumps(m) + "\n" for m in messages)
    target.listen(io.StringIO(text))


def test_target_with_maps() -> None:
    target = KeepTarget(
        config={
            "add_record_metadata": False,
            "stream_maps": {
                "users": {"__filter__": "id != 2", "name": "name.title()"},
                "user_ids": {"__source__": "users", "__else__": None},
                "logs": None,
            },
        }
    )
    feed(
        target,
        [
            {"type": "SCHEMA", "stream": "users", "schema": USERS, "key_properties": ["id"]},
            {"type": "SCHEMA", "stream": "logs", "schema": USERS, "key_properties": ["id"]},
            {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "ada l"}},
            {"type": "RECORD", "stream": "users", "record": {"id": 2, "name": "bob"}},
            {"type": "RECORD", "stream": "logs", "record": {"id": 9, "name": "x"}},
        ],
    )
    assert sorted(target.kept, key=lambda kept: kept[0]) == [
        ("user_ids", {"id": 1}),
        ("user_ids", {"id": 2}),
        ("users", {"id": 1, "name": "Ada L"}),
    ]
    assert "logs" not in target._sinks_active


def test_target_without_maps_skips_the_mapper() -> None:
    target = KeepTarget(config={"add_record_metadata": False})
    assert target.mapper.is_active is False
    feed(
        target,
        [
            {"type": "SCHEMA", "stream": "users", "schema": USERS, "key_properties": ["id"]},
            {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "a"}},
        ],
    )
    assert target.kept == [("users", {"id": 1, "name": "a"})]


# -- InlineMapper ------------------------------------------------------------------------------


def test_inline_mapper_in_a_real_pipe(tmp_path: Path) -> None:
    config = tmp_path / "mapper.json"
    config.write_text(
        json.dumps(
            {
                "stream_maps": {
                    "authors": {"__alias__": "'w_' + __stream_name__", "country": None},
                    "reviews": None,
                    "books": {"__else__": None, "title": "title.upper()"},
                }
            }
        )
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), TAP_DEMO_BOOK_COUNT="3")
    tap = subprocess.Popen(
        [sys.executable, str(TAP_DEMO), "--config", "ENV"],
        stdout=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    mapper = subprocess.run(
        [sys.executable, str(MAPPER_SCRIPT), "--config", str(config)],
        stdin=tap.stdout,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert tap.stdout is not None
    tap.stdout.close()
    assert tap.wait(timeout=60) == 0
    assert mapper.returncode == 0, mapper.stderr.decode()
    messages = [json.loads(line) for line in mapper.stdout.decode().splitlines()]
    kinds = {(m["type"], m.get("stream")) for m in messages}
    assert ("SCHEMA", "w_authors") in kinds
    assert not any(m.get("stream") in {"reviews", "authors"} for m in messages)
    writers = [
        m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "w_authors"
    ]
    assert writers[0] == {"id": 1, "name": "Ada Lovelace"}
    books = [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "books"]
    assert books == [{"id": i, "title": f"BOOK {i}"} for i in (1, 2, 3)]
    assert messages[-1]["type"] == "STATE"


class Upper(InlineMapper):
    name = "mapper-upper"
    config_jsonschema = th.PropertiesList().to_dict()


def test_inline_mapper_in_process_and_manual_wiring() -> None:
    output = io.BytesIO()
    mapper = Upper(
        config={"stream_maps": {"users": {"name": "name.upper()"}}},
        message_writer=MessageWriter(output, flush_interval=0),
    )
    lines = [
        {"type": "SCHEMA", "stream": "users", "schema": USERS, "key_properties": ["id"]},
        {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "a"}},
        {"type": "ACTIVATE_VERSION", "stream": "users", "version": 1},
    ]
    mapper.listen(io.StringIO("".join(json.dumps(m) + "\n" for m in lines)))
    mapper.message_writer.flush()
    out = [json.loads(line) for line in output.getvalue().splitlines()]
    assert out[1]["record"] == {"id": 1, "name": "A"}
    assert out[2] == {"type": "ACTIVATE_VERSION", "stream": "users", "version": 1}
    # Assigning a mapper means the subclass applies it itself: no automatic maps then.
    mapper.mapper = mapper.mapper
    assert mapper._apply_maps is False


def test_inline_mapper_refuses_batch() -> None:
    mapper = Upper(config={})
    with pytest.raises(NotImplementedError, match=r"BATCH messages are not supported by mappers\."):
        mapper._process_batch_message({"type": "BATCH", "stream": "s"})


def test_tap_accepts_the_declared_type_form_in_config() -> None:
    """`{"expr": ..., "type": ...}` passes the tap's config validation and sets the type."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
    from tap_demo import TapDemo

    tap = TapDemo(
        config={
            "stream_maps": {
                "books": {"pages_x2": {"expr": "details['pages'] * 2", "type": {"type": "integer"}}}
            }
        }
    )
    schema = tap.streams["books"].stream_maps[0].transformed_schema
    assert schema["properties"]["pages_x2"] == {"type": "integer"}
