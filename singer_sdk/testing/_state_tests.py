"""singer_sdk's own stream tests of incremental state, run only with ``SuiteConfig(strict=True)``.

``incremental`` (no record is older than the bookmark written after it), ``bookmarks_advance``
(bookmarks never go back from one STATE to the next) and ``future_state`` (a bookmark in the far
future yields no record). Meltano's singer-sdk has none of them; they are importable from
:mod:`singer_sdk.testing.tap_tests`, where the other tap tests are.
"""

from __future__ import annotations

import json
import typing as t

import pytest

from singer_sdk._check.values import bookmark_for, compare_values
from singer_sdk._schema import predicates as th
from singer_sdk.testing._support import _fail_with
from singer_sdk.testing.templates import StreamTestTemplate

if t.TYPE_CHECKING:
    from singer_sdk._stream import Stream
    from singer_sdk.testing.runners import TapTestRunner

__all__ = ["StreamBookmarksAdvanceTest", "StreamFutureStateTest", "StreamIncrementalTest"]

#: Far-future bookmark values for the future-state test, by replication key kind.
_FUTURE_DATETIME = "9999-12-31T23:59:59+00:00"
_FUTURE_NUMBER = 2**62


def _replication_key_is_datetime(stream: Stream) -> bool:
    key = stream.replication_key
    schema = stream.schema.get("properties", {}).get(key or "", {})
    return bool(th.is_date_or_datetime_type(schema)) if isinstance(schema, dict) else False


class StreamIncrementalTest(StreamTestTemplate):
    """A second sync from the first sync's final state returns no record older than its bookmark.

    The bookmark is inclusive (a record equal to it may come again). Only generated for streams
    with a replication key, with ``SuiteConfig(strict=True)``.
    """

    name = "incremental"

    @classmethod
    def applies_to(cls, stream: Stream) -> bool:
        """Streams with a replication key.

        Returns:
            True when the stream has a replication key.
        """
        return bool(stream.replication_key)

    def test(self) -> None:
        """Resume from the final state; compare each record with its bookmark."""
        if not self.runner.state_messages:
            pytest.skip("The tap wrote no STATE message to resume from.")
        state = self.runner.state_messages[-1]["value"]
        key = t.cast("str", self.stream.replication_key)
        records = _records_from_state(self.runner, "final", state).get(self.stream.name, [])
        problems: list[str] = []
        for index, record in enumerate(records):
            found, bookmark = bookmark_for(state, self.stream.tap_stream_id, key, record)
            if not found or record.get(key) is None:
                continue
            if compare_values(bookmark, record[key]) == -1:
                problems.append(
                    f"record {index} of the second sync, field '{key}': {record[key]!r} is "
                    f"older than the bookmark {bookmark!r}"
                )
        _fail_with(
            problems,
            f"Stream '{self.stream.name}': a second sync from the final state returned records "
            "older than the bookmark:",
        )


class StreamBookmarksAdvanceTest(StreamTestTemplate):
    """The stream's bookmark never goes back from one STATE message to the next.

    Only generated for streams with a replication key, with ``SuiteConfig(strict=True)``.
    """

    name = "bookmarks_advance"

    @classmethod
    def applies_to(cls, stream: Stream) -> bool:
        """Streams with a replication key.

        Returns:
            True when the stream has a replication key.
        """
        return bool(stream.replication_key)

    def test(self) -> None:
        """Compare each STATE's bookmark (per partition) with the previous one."""
        stream_id = self.stream.tap_stream_id
        last: dict[str, t.Any] = {}
        problems: list[str] = []
        for number, message in enumerate(self.runner.state_messages):
            value = message.get("value")
            entry = (
                (value or {}).get("bookmarks", {}).get(stream_id)
                if isinstance(value, dict)
                else None
            )
            if not isinstance(entry, dict):
                continue
            places = [("", entry)] + [
                (json.dumps(part.get("context"), sort_keys=True, default=str), part)
                for part in entry.get("partitions") or []
                if isinstance(part, dict)
            ]
            for context, place in places:
                if "replication_key_value" not in place:
                    continue
                new = place["replication_key_value"]
                old = last.get(context)
                if old is not None and compare_values(old, new) == -1:
                    where = f" (partition {context})" if context else ""
                    problems.append(
                        f"STATE message {number}{where}: bookmark went back from {old!r} to {new!r}"
                    )
                last[context] = new
        _fail_with(problems, f"Stream '{self.stream.name}': the bookmark goes backwards:")


class StreamFutureStateTest(StreamTestTemplate):
    """A sync from a state whose bookmarks lie far in the future returns no records.

    Only generated for streams whose replication key is a date-time or a number, with
    ``SuiteConfig(strict=True)``.
    """

    name = "future_state"

    @classmethod
    def applies_to(cls, stream: Stream) -> bool:
        """Streams with a date-time or numeric replication key.

        Returns:
            True when a far-future bookmark can be built for the stream.
        """
        if not stream.replication_key:
            return False
        schema = stream.schema.get("properties", {}).get(stream.replication_key, {})
        return _replication_key_is_datetime(stream) or bool(
            isinstance(schema, dict) and th.is_number_type(schema)
        )

    def test(self) -> None:
        """Sync from a far-future state; expect no records of this stream."""
        state = _future_state(self.runner)
        records = _records_from_state(self.runner, "future", state).get(self.stream.name, [])
        key = self.stream.replication_key
        listed = [
            f"record {index}, field '{key}': {record.get(key or '')!r}"
            for index, record in enumerate(records)
        ]
        _fail_with(
            listed,
            f"Stream '{self.stream.name}': {len(records)} record(s) returned from a state "
            "whose bookmarks lie in the future:",
        )


def _future_state(runner: TapTestRunner) -> dict[str, t.Any]:
    """A state with far-future bookmarks for every incremental stream (partitions included)."""
    final: dict[str, t.Any] = {}
    if runner.state_messages:
        value = runner.state_messages[-1].get("value")
        final = value if isinstance(value, dict) else {}
    old_bookmarks = final.get("bookmarks") if isinstance(final.get("bookmarks"), dict) else {}
    bookmarks: dict[str, t.Any] = {}
    for stream in runner.new_tap().streams.values():
        key = stream.replication_key
        if not key or not StreamFutureStateTest.applies_to(stream):
            continue
        future = _FUTURE_DATETIME if _replication_key_is_datetime(stream) else _FUTURE_NUMBER
        entry: dict[str, t.Any] = {"replication_key": key, "replication_key_value": future}
        old = (old_bookmarks or {}).get(stream.tap_stream_id)
        if isinstance(old, dict) and isinstance(old.get("partitions"), list):
            entry["partitions"] = [
                {
                    "context": part["context"],
                    "replication_key": key,
                    "replication_key_value": future,
                }
                for part in old["partitions"]
                if isinstance(part, dict) and "context" in part
            ]
        bookmarks[stream.tap_stream_id] = entry
    return {"bookmarks": bookmarks}


def _records_from_state(
    runner: TapTestRunner, label: str, state: dict[str, t.Any]
) -> dict[str, list[dict[str, t.Any]]]:
    """Run (once per runner and label) a dry sync of a new tap given ``state``.

    Returns:
        The records of each stream.
    """
    cache: dict[str, dict[str, list[dict[str, t.Any]]]] = runner.__dict__.setdefault(
        "_state_runs", {}
    )
    if label not in cache:
        from singer_sdk.testing.runners import TapTestRunner

        kwargs = {**runner.default_kwargs, "state": state}
        second = TapTestRunner(runner.singer_class, runner.config, runner.suite_config, **kwargs)
        second.sync_all()
        cache[label] = dict(second.records)
    return cache[label]
