"""Garbage-collector settings for a loop that holds many objects alive for a while.

A target listening for records keeps batches of them (see :func:`batch_friendly_gc`).
"""

from __future__ import annotations

import contextlib
import gc
import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["batch_friendly_gc"]

#: Allocations between two youngest-generation collections while a target listens (Python's
#: default is 700).
_LISTEN_GC_THRESHOLD = 100_000


@contextlib.contextmanager
def batch_friendly_gc() -> Iterator[None]:
    """Make the cyclic garbage collector cheaper for a target that holds batches of records.

    A sink keeps up to ``batch_size_rows`` records alive, each several containers; with the
    default thresholds the collector scans them again and again while the batch fills, and
    rescans every object made at start-up (modules, classes) on each full collection. This
    freezes what exists when the target starts listening (it lives to the end anyway) and raises
    the youngest generation's threshold, which saves ~5% of a validating target's time. Garbage
    cycles are still collected, a little later. Both are undone on exit.
    """
    old = gc.get_threshold()
    gc.freeze()
    if old[0] and old[0] < _LISTEN_GC_THRESHOLD:  # 0: the collector is off; leave it so
        gc.set_threshold(_LISTEN_GC_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()
