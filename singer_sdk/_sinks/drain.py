"""Draining sinks: one sink's batch handed to ``process_batch``, several sinks in threads, and
how far the drained sinks let the target's state advance.

When to drain (the drain policy: full, too old, schema change, end of input, signal) is the
target's business (:mod:`singer_sdk._target`); how a drain goes, and which input sequence number
a sink still holds back, is the sinks'.
"""

from __future__ import annotations

import math
import typing as t

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterable

    from singer_sdk._sinks.core import Sink

__all__ = ["drain_sink", "drain_sinks", "oldest_pending_seq"]


def drain_sink(sink: Sink, on_failure: Callable[[], None]) -> None:
    """Hand ``sink``'s pending batch to its ``process_batch``, timed, then mark it drained.

    ``on_failure`` is called if ``process_batch`` (or its timer) raises; the error propagates.
    """
    context = sink.start_drain()
    timer = sink.get_batch_processing_timer()
    sink._batch_timer = timer
    try:
        with timer:
            sink.process_batch(context)
    except BaseException:
        on_failure()
        raise
    sink.mark_drained()
    sink._pending_seq = None


def drain_sinks(
    sinks: Iterable[Sink],
    parallelism: int,
    drain_one: Callable[[Sink], None],
    logger: logging.Logger,
) -> None:
    """Drain those of ``sinks`` that hold records with ``drain_one``; in threads if
    ``parallelism`` > 1 and several have data.

    Raises:
        BaseException: the first sink's error; the others are logged.
    """
    busy = [sink for sink in sinks if sink.current_size]
    if parallelism <= 1 or len(busy) <= 1:
        for sink in busy:
            drain_one(sink)
        return
    from concurrent.futures import ThreadPoolExecutor

    from singer_sdk._signals import leave_signals_to_main_thread

    with ThreadPoolExecutor(
        max_workers=min(parallelism, len(busy)),
        thread_name_prefix="sink-drain",
        initializer=leave_signals_to_main_thread,
    ) as pool:
        futures = [pool.submit(drain_one, sink) for sink in busy]
    errors = [exc for future in futures if (exc := future.exception()) is not None]
    if errors:
        for extra in errors[1:]:
            logger.error("Another sink failed to drain too: %s", extra)
        raise errors[0]


def oldest_pending_seq(sinks: Iterable[Sink]) -> float:
    """Return the input sequence number of the oldest record ``sinks`` still hold (or inf).

    A state that came in before it is covered: every record before it is drained. Sinks that
    hold nothing (record sinks write each record at once) forget their number here.
    """
    floor = math.inf
    for sink in sinks:
        seq = sink._pending_seq
        if seq is None:
            continue
        if not sink.current_size:  # record sinks hold nothing back
            sink._pending_seq = None
        elif seq < floor:
            floor = seq
    return floor
