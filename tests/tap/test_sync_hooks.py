"""The sync loop is a collaborator of the stream: overriding a hook on the stream still works.

The loop (``singer_sdk._sync.StreamSyncer``) calls its own code directly for the hooks a
stream class keeps at the default (its fast paths), and the stream's method for the ones the
class overrides. These tests override each such hook and check it is called with what the
reference passes, and that the output stays the same.
"""

from __future__ import annotations

import io
import json
import typing as t

from singer_sdk import Stream, Tap
from singer_sdk._messages.io import MessageWriter

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "extra": {"type": "string"}},
}


class Three(Stream):
    name = "three"
    primary_keys = ("id",)
    schema = SCHEMA

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        for i in (1, 2, 3):
            yield {"id": i}


def _run(stream_class: type[Stream]) -> tuple[Stream, list[dict[str, t.Any]]]:
    class OneStreamTap(Tap):
        name = "tap-three"

        def discover_streams(self) -> list[Stream]:
            return [stream_class(self)]

    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap = OneStreamTap(config={}, message_writer=writer)
    tap.sync_all()
    writer.flush()
    messages = [json.loads(line) for line in output.getvalue().splitlines() if line]
    return tap.streams["three"], messages


def _records(messages: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    return [m["record"] for m in messages if m["type"] == "RECORD"]


def test_default_hooks_take_the_fast_paths() -> None:
    stream, messages = _run(Three)
    assert stream._syncer._overridden == frozenset()
    assert _records(messages) == [{"id": 1}, {"id": 2}, {"id": 3}]


def test_overridden_write_record_message_is_called_per_record() -> None:
    seen: list[int] = []

    class Spy(Three):
        def _write_record_message(self, record: dict[str, t.Any]) -> None:
            seen.append(record["id"])
            super()._write_record_message(record)

    stream, messages = _run(Spy)
    assert "_write_record_message" in stream._syncer._overridden
    assert seen == [1, 2, 3]
    assert _records(messages) == [{"id": 1}, {"id": 2}, {"id": 3}]


def test_overridden_process_record_is_called_per_record() -> None:
    seen: list[tuple[int, t.Any]] = []

    class Spy(Three):
        def _process_record(
            self,
            record: dict[str, t.Any],
            child_context: t.Any = None,
            partition_context: t.Any = None,
        ) -> None:
            seen.append((record["id"], partition_context))
            record["extra"] = "processed"
            super()._process_record(record, child_context, partition_context)

    _, messages = _run(Spy)
    assert seen == [(1, None), (2, None), (3, None)]
    assert [r["extra"] for r in _records(messages)] == ["processed"] * 3


def test_overridden_generate_record_messages_replaces_the_compiled_writer() -> None:
    class Spy(Three):
        def _generate_record_messages(self, record: dict[str, t.Any]) -> t.Iterator[t.Any]:
            for message in super()._generate_record_messages(record):
                message.record["extra"] = "generated"
                yield message

    stream, messages = _run(Spy)
    compiled = stream._syncer.compiled
    assert compiled is not None
    assert compiled.write_dict is None  # the per-record dict writer is not used
    assert [r["extra"] for r in _records(messages)] == ["generated"] * 3


def test_overridden_post_process_is_called_and_may_drop() -> None:
    class Spy(Three):
        def post_process(
            self, row: dict[str, t.Any], context: t.Any = None
        ) -> dict[str, t.Any] | None:
            return None if row["id"] == 2 else row

    _, messages = _run(Spy)
    assert _records(messages) == [{"id": 1}, {"id": 3}]


def test_overridden_write_state_message_is_called_by_the_loop() -> None:
    calls: list[str] = []

    class Spy(Three):
        def _write_state_message(self) -> None:
            calls.append("state")
            super()._write_state_message()

    _, messages = _run(Spy)
    assert calls  # the loop asks the stream, not its own copy
    assert messages[-1]["type"] == "STATE"


def test_stream_version_reads_and_assigns_through_the_syncer() -> None:
    class Versioned(Three):
        pass

    stream, _ = _run(Versioned)
    assert stream._stream_version is None
    stream._stream_version = 17
    assert stream._syncer.stream_version == 17
