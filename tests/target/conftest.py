"""Shared helpers of the target tests: small in-memory targets and a way to feed them lines."""

from __future__ import annotations

import io
import json
import threading
import typing as t

import pytest

from singer_sdk import BatchSink, RecordSink, Target
from singer_sdk import typing as th

USERS_SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": ["string", "null"]},
        "age": {"type": ["integer", "null"]},
    },
}


class MemoryBatchSink(BatchSink):
    """Keeps every drained batch on the target, in drain order."""

    def process_batch(self, context: dict[str, t.Any]) -> None:
        target = t.cast("MemoryTarget", self._target)
        with target.lock:
            target.batches.append((self.stream_name, list(context.get("records", []))))


class MemoryRecordSink(RecordSink):
    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        target = t.cast("MemoryTarget", self._target)
        target.written.append((self.stream_name, record))


class MemoryTarget(Target):
    """A target that keeps what it loads in memory."""

    name = "target-memory"
    config_jsonschema = th.PropertiesList().to_dict()
    default_sink_class = MemoryBatchSink

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.lock = threading.Lock()
        self.batches: list[tuple[str, list[dict[str, t.Any]]]] = []
        self.written: list[tuple[str, dict[str, t.Any]]] = []

    def records_of(self, stream: str) -> list[dict[str, t.Any]]:
        return [r for name, batch in self.batches if name == stream for r in batch]


class MemoryRecordTarget(MemoryTarget):
    default_sink_class = MemoryRecordSink


def schema(
    stream: str = "users", props: dict[str, t.Any] | None = None, keys: t.Any = ("id",)
) -> str:
    message: dict[str, t.Any] = {
        "type": "SCHEMA",
        "stream": stream,
        "schema": {"type": "object", "properties": props} if props else USERS_SCHEMA,
    }
    if keys is not None:
        message["key_properties"] = list(keys)
    return json.dumps(message)


def record(stream: str = "users", **values: t.Any) -> str:
    return json.dumps({"type": "RECORD", "stream": stream, "record": values})


def state(value: dict[str, t.Any]) -> str:
    return json.dumps({"type": "STATE", "value": value})


def feed(target: Target, lines: t.Iterable[str]) -> None:
    """Run ``target`` over ``lines`` (as the bytes standard input would give)."""
    data = "".join(line + "\n" for line in lines).encode()
    target.listen(io.BytesIO(data))


def state_lines(out: str) -> list[t.Any]:
    return [json.loads(line) for line in out.splitlines() if line]


@pytest.fixture
def make_target() -> t.Callable[..., MemoryTarget]:
    def make(cls: type[MemoryTarget] = MemoryTarget, **config: t.Any) -> MemoryTarget:
        return cls(config=config)

    return make


@pytest.fixture
def tk() -> t.Any:
    """These helpers (conftest modules cannot be imported by the tests themselves)."""
    import sys

    return sys.modules[__name__]
