"""The channel between two threads: every message once, in order, whatever the timing."""

from __future__ import annotations

import sys
import threading
import time
import typing as t

import pytest

from singer_sdk._pipeline.channel import Cancelled, Channel, UpstreamFailed


@pytest.fixture
def _switch_often() -> t.Iterator[None]:
    """Switch threads as often as possible, to hit the races between the two sides."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("_switch_often")
@pytest.mark.parametrize(("capacity", "batch"), [(1, 1), (2, 1), (3, 3), (16, 4), (64, 64)])
def test_every_message_arrives_once_in_order(capacity: int, batch: int) -> None:
    channel = Channel(capacity=capacity, batch=batch, poll_seconds=0.01)
    count = 30_000

    def produce() -> None:
        for number in range(count):
            channel.put(number)
            if number % 997 == 0:
                time.sleep(0)  # let the consumer catch up now and then
        channel.close()

    received: list[int] = []
    threads = [
        threading.Thread(target=produce),
        threading.Thread(target=received.extend, args=(channel,)),
    ]
    for thread in threads:
        thread.daemon = True  # a lost wake-up must fail the test, not hang it
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "the two sides wait for each other"
    assert received == list(range(count))


def test_a_slow_producer_is_read_without_waiting_for_a_full_batch() -> None:
    channel = Channel(capacity=100, batch=100, poll_seconds=0.01)
    seen: list[float] = []

    def produce() -> None:
        channel.put("first")
        time.sleep(0.5)
        channel.close()

    thread = threading.Thread(target=produce)
    started = time.monotonic()
    thread.start()
    for _ in channel:
        seen.append(time.monotonic() - started)
    thread.join()
    assert seen and seen[0] < 0.4


def test_a_failed_producer_ends_the_channel_with_its_error_after_its_messages() -> None:
    channel = Channel()
    channel.put(1)
    error = ValueError("boom")
    channel.fail(error)
    received = []
    with pytest.raises(UpstreamFailed) as caught:
        received.extend(channel)
    assert received == [1]
    assert caught.value.error is error


def test_a_cancelled_channel_stops_the_producer() -> None:
    channel = Channel(capacity=4, batch=4, poll_seconds=0.01)
    outcome: list[BaseException] = []

    def produce() -> None:
        try:
            while True:
                channel.put("x")
        except Cancelled as exc:
            outcome.append(exc)

    thread = threading.Thread(target=produce)
    thread.start()
    time.sleep(0.05)
    channel.cancel()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert outcome
