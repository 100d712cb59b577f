"""Micro-benchmark of bookmark increments, runnable under this library or the reference.

Run as ``python state_workload.py ours|reference N``; prints one JSON object with the
microseconds per increment of each scenario. Driven by ``state_increments.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

ROUND = 100_000  # records per round; each round starts from a fresh state
PARTITIONS = 1_000
PARTITIONED = 20_000  # records of the partitioned scenario


def _records(n: int) -> list[dict[str, str]]:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return [{"u": (start + dt.timedelta(seconds=i)).isoformat()} for i in range(n)]


def main() -> None:
    side, total = sys.argv[1], int(sys.argv[2])
    records = _records(min(ROUND, total))
    rounds = max(1, total // len(records))
    if side == "ours":
        from singer_sdk._state.bookmarks import increment_state
        from singer_sdk._state.manager import StreamStateManager

        def manager(state: dict, is_sorted: bool):  # type: ignore[no-untyped-def]
            m = StreamStateManager(
                tap_state=state,
                tap_stream_id="s",
                replication_key="u",
                is_sorted=is_sorted,
                is_timestamp_key=True,
            )
            return lambda record, context: m.increment(record, context)

        pure_kwargs = {"is_timestamp_key": True}
    else:
        from singer_sdk.streams._state import StreamStateManager

        from singer_sdk.helpers._state import increment_state

        def manager(state: dict, is_sorted: bool):  # type: ignore[no-untyped-def]
            m = StreamStateManager(stream_name="s", tap_state=state, is_sorted=is_sorted)
            return lambda record, context: m.increment_state(
                record, context=context, replication_key="u"
            )

        pure_kwargs = {}

    import logging

    logging.disable(logging.WARNING)
    results: dict[str, float] = {}

    # 1. the module function on one stream state, sorted; with the key declared a timestamp
    #    (compared as date-times here; the reference has no such parameter) and without
    for name, kwargs in (("function_sorted_timestamp", pure_kwargs), ("function_sorted", {})):
        elapsed = 0.0
        for _ in range(rounds):
            state: dict = {}
            begin = time.perf_counter()
            for record in records:
                increment_state(
                    state,
                    latest_record=record,
                    replication_key="u",
                    is_sorted=True,
                    check_sorted=True,
                    **kwargs,
                )
            elapsed += time.perf_counter() - begin
        results[name] = elapsed / (rounds * len(records)) * 1e6

    # 2. the stream state manager, unpartitioned, sorted and unsorted
    for is_sorted in (True, False):
        elapsed = 0.0
        for _ in range(rounds):
            increment = manager({}, is_sorted)
            begin = time.perf_counter()
            for record in records:
                increment(record, None)
            elapsed += time.perf_counter() - begin
        name = "manager_sorted" if is_sorted else "manager_unsorted"
        results[name] = elapsed / (rounds * len(records)) * 1e6

    # 3. the manager with many partitions (records grouped by context, as a sync runs them);
    #    PARTITIONED records only: the reference scans the partitions list for every record.
    records = records[:PARTITIONED]
    per_context = max(1, len(records) // PARTITIONS)
    contexts = [{"id": i} for i in range(PARTITIONS)]
    increment = manager({}, False)
    begin = time.perf_counter()
    for i, record in enumerate(records):
        increment(record, contexts[(i // per_context) % PARTITIONS])
    results["manager_1000_partitions"] = (time.perf_counter() - begin) / len(records) * 1e6
    results["increments"] = rounds * ROUND if total >= ROUND else total
    print(json.dumps(results))


if __name__ == "__main__":
    main()
