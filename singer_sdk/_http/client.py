"""The HTTP client of REST and GraphQL streams: it builds, sends, retries and reads requests.

A :class:`~singer_sdk.RESTStream` holds an :class:`HTTPClient` (``http_client_class``) and
its hook methods delegate to it; the client calls back into the stream's hooks for every
decision a connector may take (``get_http_request``, ``prepare_request``, ``authenticator``,
``requests_session``, ``request_decorator``, ``validate_response``, ``parse_response``, ...),
so a connector that overrides a hook is still called exactly where the reference calls it.

What the client owns:

- the page loop (:meth:`HTTPClient.request_records`): paginator, request, send, count, costs,
  records, next page;
- request preparation (:meth:`HTTPClient.prepare`, :meth:`HTTPClient.build_prepared_request`):
  ``HTTPRequest`` to ``requests.PreparedRequest`` through the stream's session, User-Agent added;
- one try of a request (:meth:`HTTPClient.send`): auth applied, the per-host rate limit
  (:mod:`singer_sdk._http.ratelimit`), ``session.send``, duration metric, validation;
- the retry policy (:meth:`HTTPClient.retrying`, pieces in :mod:`singer_sdk._http.retry`);
- the default response handling (:meth:`HTTPClient.validate`, :meth:`HTTPClient.error_message`,
  :meth:`HTTPClient.parse`) and secret redaction (:meth:`HTTPClient.redact`).

Sharing one client. The client keeps no state of its own: each method is given the stream whose
hooks it calls, and per-stream state (the ``requests`` session, the resolved rate limit, the
secrets to redact) stays on the stream, where connectors read and assign it. So a later change
can give all streams of a tap ONE client used from worker threads: the per-host rate limiter is
already one per tap and thread-safe (:func:`~singer_sdk._http.ratelimit.tap_rate_limiter`); the
connection pool would move from each stream's session to one session per host held by the
client (``requests.Session`` is not documented thread-safe, so: one per host and thread, or a
lock around ``send``); a shared authenticator needs its token refresh under a lock. Nothing here
takes a lock today: streams are synced one at a time.
"""

from __future__ import annotations

import copy
import decimal
import typing as t
import warnings
from http import HTTPStatus
from urllib.parse import urlparse

import msgspec

from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._exceptions import FatalAPIError, RetriableAPIError
from singer_sdk._http.jsonpath import extract_jsonpath, remember_document
from singer_sdk._http.pagination import SinglePagePaginator
from singer_sdk._http.redact import is_secret_name, redact_text
from singer_sdk._http.request import HTTPRequest, PageContext
from singer_sdk._http.retry import retrying

if t.TYPE_CHECKING:
    import logging

    import requests
    from backoff._typing import Details

    import singer_sdk._metrics as metrics
    from singer_sdk._http.pagination import BaseAPIPaginator
    from singer_sdk._http.ratelimit import BoundRateLimit
    from singer_sdk._types import Context

__all__ = ["HTTPClient", "HTTPStreamHooks", "RequestFunc"]

RequestFunc: t.TypeAlias = (
    "t.Callable[[requests.PreparedRequest, Context | None], requests.Response]"
)

#: Characters of a response body quoted in error messages.
ERROR_BODY_EXCERPT = 300

_decode_json = msgspec.json.Decoder(float_hook=decimal.Decimal).decode


class HTTPStreamHooks(t.Protocol):
    """What the client uses of a stream: its settings, its per-stream state and its hooks."""

    _secrets_cache: list[str] | None

    @property
    def name(self) -> str: ...

    @property
    def path(self) -> str: ...

    @property
    def http_method(self) -> str: ...

    @property
    def payload_as_json(self) -> bool: ...

    @property
    def allow_redirects(self) -> bool: ...

    @property
    def records_jsonpath(self) -> str: ...

    @property
    def extra_retry_statuses(self) -> t.Sequence[int]: ...

    @property
    def _LOG_REQUEST_METRICS(self) -> bool: ...

    @property
    def config(self) -> t.Mapping[str, t.Any]: ...

    @property
    def logger(self) -> logging.Logger: ...

    @property
    def timeout(self) -> int | float | None: ...

    @property
    def user_agent(self) -> str: ...

    @property
    def requests_session(self) -> requests.Session: ...

    @property
    def authenticator(self) -> t.Any: ...

    @property
    def _rate_limit(self) -> BoundRateLimit | None: ...

    def get_http_request(self, *, page: PageContext[t.Any]) -> HTTPRequest: ...

    def build_prepared_request(self, *args: t.Any, **kwargs: t.Any) -> requests.PreparedRequest: ...

    def prepare_request(
        self, context: Context | None, next_page_token: t.Any
    ) -> requests.PreparedRequest: ...

    def request_decorator(self, func: RequestFunc) -> RequestFunc: ...

    def _request(
        self, prepared_request: requests.PreparedRequest, context: Context | None
    ) -> requests.Response: ...

    def backoff_wait_generator(self) -> t.Generator[float, None, None]: ...

    def backoff_max_tries(self) -> int: ...

    def backoff_jitter(self, value: float) -> float: ...

    def backoff_handler(self, details: Details) -> None: ...

    def validate_response(self, response: requests.Response) -> None: ...

    def response_error_message(self, response: requests.Response) -> str: ...

    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]: ...

    def get_new_paginator(self) -> BaseAPIPaginator[t.Any] | None: ...

    def get_http_request_counter(self) -> metrics.Counter: ...

    def update_sync_costs(
        self,
        request: requests.PreparedRequest,
        response: requests.Response,
        context: Context | None,
    ) -> dict[str, int]: ...

    def _write_request_duration_log(
        self,
        endpoint: str,
        response: requests.Response,
        context: Context | None,
        extra_tags: dict[str, t.Any] | None,
    ) -> None: ...


class HTTPClient:
    """Builds, sends, retries and reads the requests of HTTP streams (see the module docs)."""

    # -- requests --------------------------------------------------------------------------------

    def new_session(self) -> requests.Session:
        """Return a new ``requests`` session (a connection pool); imports ``requests``."""
        import requests

        return requests.Session()

    def prepare(
        self, stream: HTTPStreamHooks, context: Context | None, next_page_token: t.Any
    ) -> requests.PreparedRequest:
        """Return the prepared request of a page: the stream's ``get_http_request``, prepared."""
        spec = stream.get_http_request(page=PageContext(context, next_page_token))
        query = spec.encode_params()
        kwargs: dict[str, t.Any] = {"method": spec.method, "url": spec.url, "headers": spec.headers}
        if query:
            kwargs["url"] = f"{spec.url}{'&' if '?' in spec.url else '?'}{query}"
        if spec.data is not None:
            kwargs["json" if stream.payload_as_json else "data"] = spec.data
        return stream.build_prepared_request(**kwargs)

    def build_prepared_request(
        self, stream: HTTPStreamHooks, *args: t.Any, **kwargs: t.Any
    ) -> requests.PreparedRequest:
        """Return a prepared request from ``requests.Request`` arguments, with a User-Agent."""
        import requests  # imported on first use

        request = requests.Request(*args, **kwargs)
        if "User-Agent" not in request.headers and "user-agent" not in {
            key.lower() for key in request.headers
        }:
            request.headers["User-Agent"] = stream.user_agent
        return stream.requests_session.prepare_request(request)

    def send(
        self,
        stream: HTTPStreamHooks,
        prepared_request: requests.PreparedRequest,
        context: Context | None,
    ) -> requests.Response:
        """Send one try of a request (authenticated now), record its metrics, validate it."""
        authenticator = stream.authenticator
        if authenticator is not None:
            bind = getattr(authenticator, "_bind_plugin", None)
            if bind is not None:  # an OAuthAuthenticator keeps its tokens in the tap's config
                bind(getattr(stream, "_tap", None))
            # The ``requests`` auth protocol: any ``requests.auth.AuthBase`` works, as in the
            # reference, not only the SDK's authenticators.
            authenticated = authenticator(prepared_request)
            if authenticated is not None:
                prepared_request = authenticated
        rate_limit = stream._rate_limit
        if rate_limit is not None:
            rate_limit.acquire(prepared_request.url or "")
        response = stream.requests_session.send(
            prepared_request, timeout=stream.timeout, allow_redirects=stream.allow_redirects
        )
        if stream._LOG_REQUEST_METRICS:
            stream._write_request_duration_log(
                endpoint=stream.path, response=response, context=context, extra_tags=None
            )
        stream.validate_response(response)
        return response

    def retrying(self, stream: HTTPStreamHooks, func: RequestFunc) -> RequestFunc:
        """Return ``func`` wrapped in the stream's retry policy (its ``backoff_*`` hooks)."""
        return retrying(
            func,
            wait_gen=stream.backoff_wait_generator,
            max_tries=stream.backoff_max_tries,
            on_backoff=stream.backoff_handler,
            jitter=stream.backoff_jitter,
        )

    # -- responses -------------------------------------------------------------------------------

    def validate(self, stream: HTTPStreamHooks, response: requests.Response) -> None:
        """Raise if ``response`` is an error (the default ``validate_response``).

        Raises:
            RetriableAPIError: 429, 5xx and the stream's ``extra_retry_statuses``.
            FatalAPIError: other 4xx.
        """
        status = response.status_code
        if (
            status in stream.extra_retry_statuses
            or status == HTTPStatus.TOO_MANY_REQUESTS
            or status >= HTTPStatus.INTERNAL_SERVER_ERROR
        ):
            raise RetriableAPIError(stream.response_error_message(response), response)
        if HTTPStatus.BAD_REQUEST <= status < HTTPStatus.INTERNAL_SERVER_ERROR:
            raise FatalAPIError(stream.response_error_message(response))

    def error_message(self, stream: HTTPStreamHooks, response: requests.Response) -> str:
        """Return the error message of a failed ``response``, secrets masked."""
        kind = "Client" if response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR else "Server"
        method = response.request.method if response.request is not None else stream.http_method
        path = urlparse(response.url).path or stream.path
        message = (
            f"{response.status_code} {kind} Error: {response.reason} for path: {path} ({method})"
        )
        if response.content:
            body = response.text
            excerpt = body[:ERROR_BODY_EXCERPT] + ("..." if len(body) > ERROR_BODY_EXCERPT else "")
            message += f", content is {excerpt}"
        return self.redact(stream, message)

    def parse(
        self, stream: HTTPStreamHooks, response: requests.Response
    ) -> t.Iterator[dict[str, t.Any]]:
        """Yield the records of ``response``: ``records_jsonpath`` over the JSON body.

        Raises:
            FatalAPIError: the body is not JSON.
        """
        try:
            document = _decode_json(response.content)
        except msgspec.DecodeError as exc:
            excerpt = self.redact(stream, response.text[:ERROR_BODY_EXCERPT])
            msg = (
                f"Response of {response.request.method} {urlparse(response.url).path} is not "
                f"valid JSON ({exc}): {excerpt!r}"
            )
            raise FatalAPIError(msg) from exc
        remember_document(response, document)
        yield from extract_jsonpath(stream.records_jsonpath, input=document)

    def redact(self, stream: HTTPStreamHooks, text: str) -> str:
        """Return ``text`` with the stream's secrets (config and authenticator) masked."""
        if stream._secrets_cache is None:
            found: list[str] = []
            for key, value in stream.config.items():
                if isinstance(value, str) and is_secret_name(str(key)):
                    found.append(value)
            stream._secrets_cache = found
        extra: list[str] = []
        try:
            secrets_of = getattr(stream.authenticator, "secrets", None)
            if callable(secrets_of):
                extra = list(secrets_of())
        except Exception:
            extra = []
        return redact_text(text, [*stream._secrets_cache, *extra])

    # -- the loop --------------------------------------------------------------------------------

    def request_records(
        self, stream: HTTPStreamHooks, context: Context | None, *, legacy_prepare: bool
    ) -> t.Iterator[dict[str, t.Any]]:
        """Yield the records of every page for ``context``, one page at a time.

        The next page is requested only when the records of the current one were consumed.
        With ``legacy_prepare`` (the stream overrides ``prepare_request``) each page is
        prepared by that hook, with a deprecation warning.
        """
        paginator = stream.get_new_paginator() or SinglePagePaginator()
        send = stream.request_decorator(stream._request)
        if legacy_prepare:
            warnings.warn(
                "Overriding prepare_request is deprecated; override get_http_request.",
                SingerSDKDeprecationWarning,
                stacklevel=2,
            )
        with stream.get_http_request_counter() as counter:
            counter.context = context
            while not paginator.finished:
                token = copy.copy(paginator.current_value)
                prepared = (
                    stream.prepare_request(context, token)
                    if legacy_prepare
                    else self.prepare(stream, context, token)
                )
                response = send(prepared, context)
                counter.increment()
                stream.update_sync_costs(prepared, response, context)
                records = iter(stream.parse_response(response))
                first_record = next(records, None)
                if first_record is None:
                    if paginator.continue_if_empty(response):
                        paginator.advance(response)
                        continue
                    stream.logger.info(
                        "Pagination stopped after %d pages because no records were found in "
                        "the last response",
                        paginator.count,
                    )
                    break
                yield first_record
                yield from records
                paginator.advance(response)
