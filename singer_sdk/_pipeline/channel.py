"""A bounded one-producer, one-consumer channel of messages between two threads.

Messages are appended to and popped from a :class:`collections.deque` (both atomic), so passing
one costs no lock. Locks are taken only to wait: the consumer when the channel is empty (it
wakes when ``batch`` messages wait, when the producer asks, when it ends, or every
``poll_seconds``), the producer when ``capacity`` messages wait (it wakes when the consumer has
emptied the channel). With ``batch`` equal to ``capacity`` (the default) the two threads take
turns, a batch at a time, instead of both running and trading the interpreter lock every few
milliseconds: that costs less CPU, and a batch is still warm in the CPU cache when the
consumer reads it. A slow producer's messages are taken after ``poll_seconds`` at the latest.

Either side can stop the other: the producer ends the channel with :meth:`close` or
:meth:`fail` (the consumer sees every message put before, then the end or
:class:`UpstreamFailed`); the consumer gives up with :meth:`cancel` (the producer's next
:meth:`put` raises :class:`Cancelled`).
"""

from __future__ import annotations

import collections
import threading
import typing as t

__all__ = ["Cancelled", "Channel", "UpstreamFailed"]


class Cancelled(BaseException):
    """Raised in a producer whose consumer stopped: the run is over, stop producing.

    A :class:`BaseException`, so the ``except Exception`` of connector code does not swallow it.
    """


class UpstreamFailed(Exception):
    """Raised in a consumer after the last message of a producer that failed."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"the stage before this one failed: {type(error).__name__}: {error}")
        self.error = error


class Channel:
    """A bounded channel of messages from one thread to another (see the module docstring).

    Args:
        capacity: the producer waits while this many messages are in the channel.
        batch: the waiting consumer is woken when this many messages are in the channel.
        poll_seconds: the waiting consumer looks anyway after this long (slow producers).
    """

    def __init__(self, capacity: int = 1024, batch: int = 1024, poll_seconds: float = 0.05) -> None:
        self._items: collections.deque[t.Any] = collections.deque()
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)  # consumer waits on it
        self._room = threading.Condition(self._lock)  # producer waits on it
        self._capacity = capacity
        self._batch = min(batch, capacity)
        self._poll = poll_seconds
        self._consumer_waiting = False
        self._producer_waiting = False
        self._closed = False
        self._error: BaseException | None = None
        self._cancelled = False
        #: How many times the consumer found the channel empty (the producer waits for a change).
        self._emptied = 0

    # -- producer ------------------------------------------------------------------------------

    def put(self, item: t.Any) -> None:
        """Add ``item``; wait while the channel is full.

        Raises:
            Cancelled: the consumer stopped.
        """
        if self._cancelled:
            raise Cancelled
        items = self._items
        items.append(item)
        size = len(items)
        if size >= self._batch:
            if self._consumer_waiting:
                self._wake_consumer()
            if size >= self._capacity:
                self._wait_for_room()

    def push(self) -> None:
        """Wake the consumer now if it waits (after a STATE, or when the producer flushes)."""
        if self._consumer_waiting:
            self._wake_consumer()

    def close(self) -> None:
        """End the channel: the consumer gets what is in it, then the end."""
        with self._lock:
            self._closed = True
            self._ready.notify_all()

    def fail(self, error: BaseException) -> None:
        """End the channel with ``error``: the consumer gets what is in it, then the error."""
        with self._lock:
            self._error = error
            self._closed = True
            self._ready.notify_all()

    def _wake_consumer(self) -> None:
        with self._lock:
            self._ready.notify()

    def _wait_for_room(self) -> None:
        # Wait until the consumer has emptied the channel (not merely taken a few): the two
        # threads then take turns instead of running at once. The consumer may have emptied it
        # already, between the producer's last put and now: then there is nothing to wait for.
        items = self._items
        with self._lock:
            emptied = self._emptied
            self._producer_waiting = True
            try:
                while items and self._emptied == emptied and not self._cancelled:
                    self._room.wait(self._poll)
            finally:
                self._producer_waiting = False
        if self._cancelled:
            raise Cancelled

    # -- consumer ------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop the producer (its next ``put`` raises :class:`Cancelled`) and drop what waits."""
        with self._lock:
            self._cancelled = True
            self._items.clear()
            self._room.notify_all()

    def __iter__(self) -> t.Iterator[t.Any]:
        """Yield every message until the producer closes the channel.

        Raises:
            UpstreamFailed: the producer failed (after its last message).
        """
        items = self._items
        pop = items.popleft
        while True:
            size = len(items)
            if size:
                for _ in range(size):
                    yield pop()
                continue
            if not self._wait_for_items():
                if self._error is not None:
                    raise UpstreamFailed(self._error)
                return

    def _wait_for_items(self) -> bool:
        """Wait until messages arrive; False when the channel is closed and empty."""
        items = self._items
        with self._lock:
            self._emptied += 1
            self._room.notify()  # the channel is empty: the producer may go on
            self._consumer_waiting = True
            try:
                while not items:
                    if self._closed:
                        return False
                    self._ready.wait(self._poll)
                    if self._closed or len(items) >= self._batch:
                        break
                    # A slow producer: take what there is after one poll interval.
                    if items:
                        break
            finally:
                self._consumer_waiting = False
        return bool(items) or not self._closed
