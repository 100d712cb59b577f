"""The per-host rate limiter shared by the streams of a tap, against real local HTTP servers."""

from __future__ import annotations

import io
import threading
import time
import typing as t

import pytest

from singer_sdk import RESTStream, Tap
from singer_sdk._http.ratelimit import (
    HostRateLimiter,
    TokenBucket,
    host_of,
    rate_limit_for_stream,
    tap_rate_limiter,
)
from singer_sdk._messages.io import MessageWriter
from singer_sdk.exceptions import ConfigValidationError

if t.TYPE_CHECKING:
    from tests.http.conftest import Hit, Server

SCHEMA = {"type": "object", "properties": {"id": {"type": "integer"}}}
PAGES = 11  # per stream
JITTER = 0.04  # seconds of arrival-time noise tolerated on a loaded test machine


def _paged_route(arrivals: list[float]) -> t.Callable[[Hit], tuple[int, dict[str, str], t.Any]]:
    """A route answering pages 1..PAGES (``?page=n``), recording each arrival time."""
    lock = threading.Lock()

    def route(hit: Hit) -> tuple[int, dict[str, str], t.Any]:
        with lock:
            arrivals.append(time.monotonic())
        page = int(hit.query.get("page", ["1"])[0])
        headers = {"X-Next-Page": str(page + 1)} if page < PAGES else {}
        return 200, headers, [{"id": page}]

    return route


def _stream_class(name: str, url: str, rate: float | None) -> type[RESTStream[t.Any]]:
    class PagedStream(RESTStream[t.Any]):
        url_base = url
        path = f"/{name}"
        schema = SCHEMA
        rate_limit_rps = rate

        def get_url_params(self, context: t.Any, next_page_token: t.Any) -> dict[str, t.Any]:
            return {"page": next_page_token or 1}

    PagedStream.name = name
    return PagedStream


def _tap(streams: list[type[RESTStream[t.Any]]], config: dict[str, t.Any] | None = None) -> Tap:
    class RateTap(Tap):
        name = "tap-rate-test"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

        def discover_streams(self) -> list[t.Any]:
            return [stream_class(self) for stream_class in streams]

    writer = MessageWriter(io.BytesIO(), flush_interval=0)
    return RateTap(config=config or {}, validate_config=False, message_writer=writer)


def _sync_in_threads(tap: Tap) -> float:
    """Sync every stream of ``tap`` at once, one thread each; return the elapsed seconds."""
    streams = list(tap.streams.values())
    for stream in streams:
        stream.selected = True
    errors: list[BaseException] = []

    def run(stream: t.Any) -> None:
        try:
            for _ in stream.request_records(None):
                pass
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(stream,)) for stream in streams]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return time.monotonic() - start


def _most_in_window(arrivals: list[float], window: float) -> int:
    """The largest number of arrivals within any half-open window of ``window`` seconds."""
    ordered = sorted(arrivals)
    most = 0
    start = 0
    for end, arrival in enumerate(ordered):
        while arrival - ordered[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_two_streams_of_one_tap_share_the_rate_of_their_host(server: Server) -> None:
    arrivals: list[float] = []
    server.routes["/a"] = _paged_route(arrivals)
    server.routes["/b"] = _paged_route(arrivals)
    tap = _tap([_stream_class("a", server.url, 20), _stream_class("b", server.url, 20)])

    elapsed = _sync_in_threads(tap)

    assert len(arrivals) == 2 * PAGES
    # 22 requests spaced 1/20 s apart need at least 21 intervals of 50 ms.
    assert elapsed >= (2 * PAGES - 1) / 20 - 0.01
    # Never more than 20 in a second. Arrival times carry the jitter of connection set-up and
    # thread scheduling on a busy machine (the limiter spaces the sends), so the window is
    # shortened by that (JITTER); a limiter even 10% too fast still fails this.
    assert _most_in_window(arrivals, 1.0 - JITTER) <= 20
    assert tap_rate_limiter(tap).hosts == [host_of(server.url)]


def test_the_tap_setting_overrides_the_streams_rate(server: Server) -> None:
    arrivals: list[float] = []
    server.routes["/a"] = _paged_route(arrivals)
    tap = _tap([_stream_class("a", server.url, None)], config={"rate_limit_rps": 40})

    elapsed = _sync_in_threads(tap)

    assert len(arrivals) == PAGES
    assert elapsed >= (PAGES - 1) / 40 - 0.01
    assert _most_in_window(arrivals, 1.0 - JITTER) <= 40


def test_different_hosts_do_not_share_a_bucket(server: Server) -> None:
    from tests.http.conftest import Server as ServerClass

    other = ServerClass()
    other.thread.start()
    try:
        arrivals_a: list[float] = []
        arrivals_b: list[float] = []
        server.routes["/a"] = _paged_route(arrivals_a)
        other.routes["/b"] = _paged_route(arrivals_b)
        tap = _tap([_stream_class("a", server.url, 20), _stream_class("b", other.url, 20)])

        elapsed = _sync_in_threads(tap)

        assert len(arrivals_a) == len(arrivals_b) == PAGES
        # Each host alone needs 10 intervals of 50 ms. That they do not share one bucket is
        # shown by the two buckets below (and without a clock by the HostRateLimiter tests),
        # not by an upper bound on the time, which a busy machine can always exceed.
        assert elapsed >= (PAGES - 1) / 20 - 0.01
        assert _most_in_window(arrivals_a, 1.0 - JITTER) <= 20
        assert _most_in_window(arrivals_b, 1.0 - JITTER) <= 20
        assert tap_rate_limiter(tap).hosts == sorted([host_of(server.url), host_of(other.url)])
    finally:
        other.httpd.shutdown()
        other.httpd.server_close()


def test_unconfigured_streams_are_not_limited(server: Server) -> None:
    arrivals: list[float] = []
    server.routes["/a"] = _paged_route(arrivals)
    tap = _tap([_stream_class("a", server.url, None)])
    stream = tap.streams["a"]

    _sync_in_threads(tap)

    assert len(arrivals) == PAGES
    assert rate_limit_for_stream(stream) is None
    assert not hasattr(tap, "_singer_sdk_http_rate_limiter")  # nothing was even created


def test_a_zero_rate_means_unlimited(server: Server) -> None:
    tap = _tap([_stream_class("a", server.url, 5)], config={"rate_limit_rps": 0})
    assert rate_limit_for_stream(tap.streams["a"]) is None


@pytest.mark.parametrize("value", [-1, "fast", True, [20]])
def test_a_bad_rate_setting_is_a_config_error(server: Server, value: object) -> None:
    tap = _tap([_stream_class("a", server.url, None)], config={"rate_limit_rps": value})
    with pytest.raises(ConfigValidationError) as info:
        rate_limit_for_stream(tap.streams["a"])
    assert str(info.value).startswith(
        f"'rate_limit_rps' must be a number of requests per second >= 0, not {value!r}"
    )


class FakeClock:
    """A clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_token_bucket_spaces_acquisitions() -> None:
    clock = FakeClock()
    bucket = TokenBucket(4, clock=clock, sleep=clock.sleep)
    waits = [bucket.acquire() for _ in range(5)]
    assert waits == [0.0, 0.25, 0.25, 0.25, 0.25]
    clock.now += 10  # idle: the next one goes at once, with no saved-up credit beyond burst
    assert [bucket.acquire(), bucket.acquire()] == [0.0, 0.25]


def test_token_bucket_allows_a_burst_after_idling() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10, burst=3, clock=clock, sleep=clock.sleep)
    clock.now += 5
    waits = [round(bucket.acquire(), 6) for _ in range(5)]
    assert waits == [0.0, 0.0, 0.0, 0.1, 0.1]


@pytest.mark.parametrize(
    ("rate", "burst", "message"),
    [
        (0, 1, "A rate limit must be a positive number of requests per second, not 0"),
        (-2.5, 1, "A rate limit must be a positive number of requests per second, not -2.5"),
        (5, 0, "A rate limit burst must be at least 1, not 0"),
    ],
)
def test_token_bucket_rejects_bad_arguments(rate: float, burst: int, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        TokenBucket(rate, burst=burst)


def test_host_limiter_keeps_the_lowest_rate_asked_for_a_host() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(clock=clock, sleep=clock.sleep)
    limiter.acquire("https://api.example.com/a", 10)
    limiter.acquire("https://API.example.com/b?x=1", 2)
    limiter.acquire("https://user:pw@api.example.com/c", 10)
    assert limiter.hosts == ["api.example.com"]
    assert limiter.bucket("api.example.com", 10).rate == 2
    assert clock.slept == pytest.approx([0.1, 0.5])


def test_host_limiter_gives_each_host_its_own_bucket() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.acquire("http://127.0.0.1:1/a", 20)
        limiter.acquire("http://127.0.0.1:2/b", 20)
    # One bucket for both hosts would wait before every request but the first (5 waits).
    assert limiter.hosts == ["127.0.0.1:1", "127.0.0.1:2"]
    assert clock.slept == pytest.approx([0.05, 0.05])


def test_host_of() -> None:
    assert host_of("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert host_of("https://Example.COM") == "example.com"
    assert host_of("https://u:p@h.io:1/x") == "h.io:1"
