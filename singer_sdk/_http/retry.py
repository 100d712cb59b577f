"""Retry policy pieces: which failures are retried, and how long to wait (Retry-After)."""

from __future__ import annotations

import datetime as dt
import email.utils
import typing as t

__all__ = ["honour_retry_after", "parse_retry_after", "retriable_exceptions", "retrying"]

_F = t.TypeVar("_F", bound=t.Callable[..., t.Any])

#: The longest wait a ``Retry-After`` header may impose, in seconds.
MAX_RETRY_AFTER = 600.0


def retriable_exceptions() -> tuple[type[Exception], ...]:
    """Return the exception types a request is retried on (imports ``requests``)."""
    import requests

    from singer_sdk._exceptions import RetriableAPIError

    return (
        ConnectionResetError,
        RetriableAPIError,
        requests.exceptions.Timeout,
        requests.exceptions.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
    )


def retrying(
    func: _F,
    *,
    wait_gen: t.Callable[[], t.Generator[float, t.Any, None]],
    max_tries: t.Callable[[], int] | int,
    on_backoff: t.Callable[[t.Any], None],
    jitter: t.Callable[[float], float] | None,
) -> _F:
    """Return ``func`` retried on :func:`retriable_exceptions` (imports ``backoff``).

    Args:
        func: the function sending one try.
        wait_gen: makes the wait generator of a call (``Retry-After`` wins over its waits).
        max_tries: how many tries a call gets in all (or a function returning it).
        on_backoff: called with ``backoff``'s details before each wait.
        jitter: adds jitter to each wait.
    """
    import backoff  # imported on first use: `--about` stays fast

    decorator = backoff.on_exception(
        lambda: honour_retry_after(wait_gen()),
        retriable_exceptions(),
        max_tries=max_tries,
        on_backoff=on_backoff,
        jitter=jitter,
        logger=None,
    )
    decorated: _F = decorator(func)
    return decorated


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header value asks to wait, or None if unusable.

    Args:
        value: the header value: delay seconds (``"120"``) or an HTTP-date.
        now: the current time (for HTTP-dates); default: now.

    Returns:
        Seconds to wait (0 for dates in the past, at most ``MAX_RETRY_AFTER``), or None.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _retry_after_of(exception: t.Any) -> float | None:
    response = getattr(exception, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    return parse_retry_after(headers.get("Retry-After"))


def honour_retry_after(
    base: t.Generator[float, t.Any, None],
) -> t.Generator[float, t.Any, None]:
    """Wrap a ``backoff`` wait generator so a response's ``Retry-After`` wins when present.

    Args:
        base: the wait generator (e.g. ``backoff.expo(factor=2)``), not yet started.

    Returns:
        A wait generator for ``backoff.on_exception``: it is sent the exception of each failed
        try and yields the server's ``Retry-After`` seconds if any, else the base's next wait.
    """
    base.send(None)
    exception = yield 0.0
    while True:
        fallback = base.send(exception)
        delay = _retry_after_of(exception)
        exception = yield fallback if delay is None else delay
