"""Partitions: several contexts per stream, and state_partitioning_keys."""

from __future__ import annotations

import typing as t

import pytest

from singer_sdk import Stream, Tap

CONTEXTS = [
    {"region": "eu", "shop": 1},
    {"region": "eu", "shop": 2},
    {"region": "us", "shop": 1},
]


class SalesStream(Stream):
    """Two sales per shop; ``seq`` ascends within a shop; filters by the starting value."""

    name = "sales"
    replication_key = "seq"
    is_sorted = True
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {
            "seq": {"type": "integer"},
            "region": {"type": "string"},
            "shop": {"type": "integer"},
        },
    }
    partitions = CONTEXTS
    calls: t.ClassVar[list[tuple[dict[str, t.Any], t.Any]]]

    def get_records(self, context):
        assert context is not None
        start = self.get_starting_replication_key_value(context)
        type(self).calls.append((dict(context), start))
        base = {"eu": 10, "us": 20}[context["region"]] + context["shop"]
        for seq in (base, base + 2):
            if start is None or seq >= start:
                yield {"seq": seq}


def make_tap(keys: list[str] | None) -> type[Tap]:
    stream_class = type("Sales", (SalesStream,), {"state_partitioning_keys": keys, "calls": []})

    class SalesTap(Tap):
        name = "tap-sales"
        sales = stream_class

        def discover_streams(self):
            return [stream_class(self)]

    return SalesTap


def test_each_partition_is_synced_with_its_context(run_tap) -> None:
    tap_class = make_tap(None)
    run = run_tap(tap_class)
    assert [context for context, _ in tap_class.sales.calls] == CONTEXTS
    # Every context key is merged into the records (they lack them).
    assert run.records("sales") == [
        {"seq": 11, "region": "eu", "shop": 1},
        {"seq": 13, "region": "eu", "shop": 1},
        {"seq": 12, "region": "eu", "shop": 2},
        {"seq": 14, "region": "eu", "shop": 2},
        {"seq": 21, "region": "us", "shop": 1},
        {"seq": 23, "region": "us", "shop": 1},
    ]
    assert run.final_state == {
        "bookmarks": {
            "sales": {
                "partitions": [
                    {"context": CONTEXTS[0], "replication_key": "seq", "replication_key_value": 13},
                    {"context": CONTEXTS[1], "replication_key": "seq", "replication_key_value": 14},
                    {"context": CONTEXTS[2], "replication_key": "seq", "replication_key_value": 23},
                ]
            }
        }
    }


def test_state_is_written_after_each_partition(run_tap) -> None:
    run = run_tap(make_tap(None))
    kinds = run.kinds()
    # SCHEMA, 2 records, STATE, 2 records, STATE, 2 records, STATE (final one deduplicated).
    assert kinds == [
        "SCHEMA:sales",
        "RECORD:sales",
        "RECORD:sales",
        "STATE",
        "RECORD:sales",
        "RECORD:sales",
        "STATE",
        "RECORD:sales",
        "RECORD:sales",
        "STATE",
    ]
    done = [len(state["bookmarks"]["sales"]["partitions"]) for state in run.states]
    assert done == [1, 2, 3]


def test_partitions_resume_each_from_its_own_bookmark(run_tap) -> None:
    first = run_tap(make_tap(None))
    tap_class = make_tap(None)
    second = run_tap(tap_class, state=first.final_state)
    assert tap_class.sales.calls == [(CONTEXTS[0], 13), (CONTEXTS[1], 14), (CONTEXTS[2], 23)]
    assert [record["seq"] for record in second.records("sales")] == [13, 14, 23]
    assert second.final_state == first.final_state


def test_record_values_win_over_context_values(run_tap) -> None:
    class Own(SalesStream):
        name = "sales"
        calls: t.ClassVar[list[t.Any]] = []

        def get_records(self, context):
            yield {"seq": 1, "region": "own"}

    class OwnTap(Tap):
        name = "tap-own"

        def discover_streams(self):
            return [Own(self)]

    run = run_tap(OwnTap)
    assert {record["region"] for record in run.records("sales")} == {"own"}


def test_subset_of_context_keys_shares_partition_state(run_tap) -> None:
    tap_class = make_tap(["region"])
    run = run_tap(tap_class)
    # Only the partitioning keys are merged into the records.
    assert run.records("sales")[0] == {"seq": 11, "region": "eu"}
    assert run.final_state == {
        "bookmarks": {
            "sales": {
                "partitions": [
                    {"context": {"region": "eu"}, "replication_key": "seq",
                     "replication_key_value": 14},
                    {"context": {"region": "us"}, "replication_key": "seq",
                     "replication_key_value": 23},
                ]
            }
        }
    }  # fmt: skip
    # A shared partition is not final until the stream ends: no bookmark mid-way.
    for state in run.states[:-1]:
        for partition in state["bookmarks"]["sales"]["partitions"]:
            assert "replication_key_value" not in partition


def test_subset_of_context_keys_resumes_from_the_shared_bookmark(run_tap) -> None:
    first = run_tap(make_tap(["region"]))
    tap_class = make_tap(["region"])
    run_tap(tap_class, state=first.final_state)
    assert [start for _, start in tap_class.sales.calls] == [14, 14, 23]


def test_empty_partitioning_keys_keep_one_flat_bookmark(run_tap) -> None:
    tap_class = make_tap([])
    run = run_tap(tap_class)
    assert run.records("sales")[0] == {"seq": 11}  # nothing merged
    assert run.final_state == {
        "bookmarks": {"sales": {"replication_key": "seq", "replication_key_value": 23}}
    }
    for state in run.states:
        assert "partitions" not in state["bookmarks"]["sales"]

    again = make_tap([])
    run_tap(again, state=run.final_state)
    assert [start for _, start in again.sales.calls] == [23, 23, 23]


def test_partitions_from_state_are_synced_when_the_stream_lists_none(run_tap) -> None:
    class FromState(Stream):
        name = "sales"
        replication_key = "seq"
        schema = SalesStream.schema
        calls: t.ClassVar[list[t.Any]] = []

        def get_records(self, context):
            type(self).calls.append(None if context is None else dict(context))
            yield {"seq": 100}

    class FromStateTap(Tap):
        name = "tap-from-state"

        def discover_streams(self):
            return [FromState(self)]

    state = {
        "bookmarks": {
            "sales": {
                "partitions": [
                    {"context": {"region": "eu", "shop": 9}, "replication_key": "seq",
                     "replication_key_value": 5},
                ]
            }
        }
    }  # fmt: skip
    run = run_tap(FromStateTap, state=state)
    assert FromState.calls == [{"region": "eu", "shop": 9}]
    assert run.final_state["bookmarks"]["sales"]["partitions"] == [
        {"context": {"region": "eu", "shop": 9}, "replication_key": "seq",
         "replication_key_value": 100},
    ]  # fmt: skip


def test_stream_context_is_the_frozen_partition_while_it_syncs(run_tap) -> None:
    # The reference leaves ``self.context`` None while partitions sync.
    seen: list[t.Any] = []

    class Watched(SalesStream):
        calls: t.ClassVar[list[t.Any]] = []

        def get_records(self, context):
            seen.append(self.context)
            with pytest.raises(TypeError):
                self.context["region"] = "changed"  # type: ignore[index]
            yield {"seq": 1}

    class WatchedTap(Tap):
        name = "tap-watched"

        def discover_streams(self):
            return [Watched(self)]

    run_tap(WatchedTap)
    assert [dict(context) for context in seen] == CONTEXTS
