"""A per-host request rate limit shared by all streams of one tap.

A REST stream asks for a rate with its ``rate_limit_rps`` attribute (requests per second), or
the user sets the tap setting ``rate_limit_rps``, which wins. Requests to one host (scheme-less
``host:port`` of the URL) from every stream of the tap then go through one
:class:`TokenBucket`, so the tap as a whole never sends more than that many requests per
second to the host, whatever the number of streams or threads. Without a rate nothing is
looked up and nothing sleeps.
"""

from __future__ import annotations

import threading
import time
import typing as t
from urllib.parse import urlsplit

from singer_sdk._exceptions import ConfigValidationError

__all__ = [
    "RATE_LIMIT_SETTING",
    "BoundRateLimit",
    "HostRateLimiter",
    "TokenBucket",
    "host_of",
    "rate_limit_for_stream",
    "tap_rate_limiter",
]

#: The tap setting (requests per second per host) that overrides the streams' own rate.
RATE_LIMIT_SETTING = "rate_limit_rps"

_TAP_ATTRIBUTE = "_singer_sdk_http_rate_limiter"
_TAP_LOCK = threading.Lock()


class TokenBucket:
    """Spaces acquisitions ``1 / rate`` seconds apart, allowing bursts of ``burst``.

    Thread-safe and first-come first-served: each caller reserves the next free slot under a
    lock, then sleeps outside it until its slot comes.

    Args:
        rate: acquisitions per second (> 0).
        burst: how many acquisitions may happen at once after an idle period (>= 1). With 1,
            no window of one second ever holds more than ``rate`` acquisitions.
        clock: a monotonic clock in seconds (a seam for tests).
        sleep: the function that waits (a seam for tests).
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: int = 1,
        clock: t.Callable[[], float] = time.monotonic,
        sleep: t.Callable[[float], None] = time.sleep,
    ) -> None:
        if not rate > 0:
            msg = f"A rate limit must be a positive number of requests per second, not {rate!r}"
            raise ValueError(msg)
        if burst < 1:
            msg = f"A rate limit burst must be at least 1, not {burst!r}"
            raise ValueError(msg)
        self.rate = float(rate)
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = float("-inf")  # when the next acquisition is due (no burst credit)

    def set_rate(self, rate: float) -> None:
        """Change the rate; slots already reserved keep their time."""
        with self._lock:
            self.rate = float(rate)

    def reserve(self) -> float:
        """Reserve the next slot; return the seconds to wait before using it (0 if now)."""
        with self._lock:
            now = self._clock()
            interval = 1.0 / self.rate
            slot = max(self._next_slot, now - (self.burst - 1) * interval)
            self._next_slot = slot + interval
            return max(0.0, slot - now)

    def acquire(self) -> float:
        """Wait for the next slot; return the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait


class HostRateLimiter:
    """One :class:`TokenBucket` per host, created on first use.

    Args:
        burst: the burst size of new buckets.
        clock: passed to the buckets (a seam for tests).
        sleep: passed to the buckets (a seam for tests).
    """

    def __init__(
        self,
        *,
        burst: int = 1,
        clock: t.Callable[[], float] = time.monotonic,
        sleep: t.Callable[[float], None] = time.sleep,
    ) -> None:
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, host: str, rate: float) -> TokenBucket:
        """Return the bucket of ``host``; if streams ask different rates, the lowest applies."""
        with self._lock:
            bucket = self._buckets.get(host)
            if bucket is None:
                bucket = TokenBucket(rate, burst=self.burst, clock=self._clock, sleep=self._sleep)
                self._buckets[host] = bucket
            elif rate < bucket.rate:
                bucket.set_rate(rate)
            return bucket

    def acquire(self, url: str, rate: float) -> float:
        """Wait until a request to ``url``'s host may be sent; return the seconds waited."""
        return self.bucket(host_of(url), rate).acquire()

    @property
    def hosts(self) -> list[str]:
        """The hosts that have a bucket, sorted."""
        with self._lock:
            return sorted(self._buckets)


class BoundRateLimit(t.NamedTuple):
    """A stream's rate (requests per second) and the limiter of its tap."""

    limiter: HostRateLimiter
    rate: float

    def acquire(self, url: str) -> float:
        """Wait until a request to ``url`` may be sent; return the seconds waited."""
        return self.limiter.acquire(url, self.rate)


def host_of(url: str) -> str:
    """Return the key of ``url``'s host: its lower-cased ``host[:port]``."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


def tap_rate_limiter(tap: object) -> HostRateLimiter:
    """Return the rate limiter shared by the streams of ``tap`` (created on first use)."""
    limiter = getattr(tap, _TAP_ATTRIBUTE, None)
    if limiter is None:
        with _TAP_LOCK:
            limiter = getattr(tap, _TAP_ATTRIBUTE, None)
            if limiter is None:
                limiter = HostRateLimiter()
                setattr(tap, _TAP_ATTRIBUTE, limiter)
    return t.cast("HostRateLimiter", limiter)


def rate_limit_for_stream(stream: t.Any) -> BoundRateLimit | None:
    """Return the rate limit that applies to ``stream``'s requests, or None if there is none.

    The tap setting ``rate_limit_rps`` wins over the stream's ``rate_limit_rps`` attribute;
    None or 0 means unlimited.

    Raises:
        ConfigValidationError: the setting is not a number >= 0.
    """
    configured = stream.config.get(RATE_LIMIT_SETTING)
    rate = configured if configured is not None else getattr(stream, "rate_limit_rps", None)
    if rate is None:
        return None
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not rate >= 0:
        msg = f"'{RATE_LIMIT_SETTING}' must be a number of requests per second >= 0, not {rate!r}"
        raise ConfigValidationError(msg, errors=[f"{RATE_LIMIT_SETTING}: {rate!r}"])
    if rate == 0:
        return None
    return BoundRateLimit(tap_rate_limiter(stream._tap), float(rate))
