"""REST streams: the hooks a connector overrides; the HTTP client does the work.

:class:`RESTStream` keeps every hook of the reference (request building, retries, response
handling, pagination, metrics); the defaults that build, send, retry and read requests delegate
to the stream's :class:`~singer_sdk._http.client.HTTPClient`, which calls back into the hooks.
"""

from __future__ import annotations

import abc
import functools
import typing as t
import warnings
from http import HTTPStatus

import singer_sdk._metrics as metrics
from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._http.auth import APIAuthenticatorBase, SimpleAuthenticator
from singer_sdk._http.client import HTTPClient, RequestFunc
from singer_sdk._http.pagination import (
    BaseAPIPaginator,
    JSONPathPaginator,
    LegacyStreamPaginator,
    SimpleHeaderPaginator,
)
from singer_sdk._http.ratelimit import BoundRateLimit, rate_limit_for_stream
from singer_sdk._http.redact import install_library_log_redaction
from singer_sdk._http.request import HTTPRequest, JSONPayload, PageContext
from singer_sdk._overrides import overrides
from singer_sdk._stream import Stream

if t.TYPE_CHECKING:
    import requests
    from backoff._typing import Details

    from singer_sdk._schema.model import Schema
    from singer_sdk._stream_types import TapLike
    from singer_sdk._types import Context

__all__ = ["HTTPRequest", "PageContext", "RESTStream"]

_TToken = t.TypeVar("_TToken")
_TNum = t.TypeVar("_TNum", int, float)

DEFAULT_PAGE_SIZE = 1000
DEFAULT_REQUEST_TIMEOUT = 300

install_library_log_redaction()


class _HTTPStream(Stream, t.Generic[_TToken], metaclass=abc.ABCMeta):
    """An HTTP API stream: request building, retries, pagination and record parsing."""

    _page_size: int = DEFAULT_PAGE_SIZE
    _LOG_REQUEST_METRICS: bool = True
    _LOG_REQUEST_METRIC_URLS: bool = False
    #: The HTTP method of the requests.
    http_method: str = "GET"
    #: Where the records are in each response body.
    records_jsonpath: str = "$[*]"
    #: Where the next page token is in each response body (None: not in the body).
    next_page_token_jsonpath: str | None = None
    #: Statuses retried on top of 429 and 5xx.
    extra_retry_statuses: t.Sequence[int] = [HTTPStatus.TOO_MANY_REQUESTS]
    #: Whether redirects are followed.
    allow_redirects: bool = True
    #: Whether the payload is sent as JSON (True) or form data (False).
    payload_as_json: bool = False
    #: The URL path, with ``{placeholders}`` filled from config and context.
    path: str = ""
    #: Requests per second allowed to the API host, shared by all streams of the tap (None:
    #: no limit). The tap setting ``rate_limit_rps`` overrides it.
    rate_limit_rps: float | None = None
    #: The HTTP client the default hooks delegate to (see :mod:`singer_sdk._http.client`).
    http_client_class: type[HTTPClient] = HTTPClient

    def __init__(
        self,
        tap: TapLike,
        name: str | None = None,
        schema: dict[str, t.Any] | Schema | None = None,
        path: str | None = None,
        *,
        http_method: str | None = None,
    ) -> None:
        super().__init__(tap=tap, name=name, schema=schema)
        if path:
            self.path = path
        if http_method:
            self.http_method = http_method
        elif getattr(self, "rest_method", None):
            warnings.warn(
                "rest_method is deprecated; use http_method.",
                SingerSDKDeprecationWarning,
                stacklevel=2,
            )
            self.http_method = str(getattr(self, "rest_method"))  # noqa: B009
        self._http_headers: dict[str, str] = {}
        # The session behind ``_requests_session``, made on first use (see there).
        self._requests_session_value: requests.Session | None = None
        self._requests_session_set = False
        self._secrets_cache: list[str] | None = None
        self._http_client = self.http_client_class()

    # -- settings --------------------------------------------------------------------------------

    @property
    @abc.abstractmethod
    def url_base(self) -> str:
        """The API's base URL, e.g. ``https://api.example.com/v1``; the path is appended."""

    @property
    def timeout(self) -> int | float | None:
        """Seconds to wait for the server (connect and each read); default 300."""
        return DEFAULT_REQUEST_TIMEOUT

    @functools.cached_property
    def user_agent(self) -> str:
        """The User-Agent sent: config ``user_agent``, else ``<tap>/<version> singer-sdk/<v>``."""
        configured = self.config.get("user_agent")
        if configured:
            return str(configured)
        tap = type(self._tap)
        return f"{self.tap_name}/{tap.get_plugin_version()} singer-sdk/{tap.get_sdk_version()}"

    @property
    def http_headers(self) -> dict[str, str]:
        """Headers sent with every request (the User-Agent is added if missing)."""
        return self._http_headers

    @property
    def _requests_session(self) -> requests.Session | None:
        """The session :attr:`requests_session` returns; connectors read and assign it.

        Reads as a fresh session until assigned (the reference makes one in ``__init__``; here
        it is made on first use, so ``--about`` and discovery need not import ``requests``).
        An assigned value, None included, is kept as is.
        """
        if not self._requests_session_set:
            self._requests_session_value = self._http_client.new_session()
            self._requests_session_set = True
        return self._requests_session_value

    @_requests_session.setter
    def _requests_session(self, value: requests.Session | None) -> None:
        self._requests_session_value = value
        self._requests_session_set = True

    @property
    def requests_session(self) -> requests.Session:
        """The ``requests`` session (connection pool) the stream sends with."""
        session = self._requests_session
        if not session:
            session = self._requests_session = self._http_client.new_session()
        return session

    @property
    def authenticator(self) -> APIAuthenticatorBase:
        """The authenticator applied to every request; default: none."""
        return SimpleAuthenticator()

    # -- request building -----------------------------------------------------------------------

    def get_url(self, context: Context | None) -> str:
        """Return the URL of a request: ``url_base`` + ``path``, placeholders filled.

        ``{name}`` placeholders are filled from the config and then the context, each value
        through :meth:`_url_encode` (a ``/`` in a value does not make a new path segment).
        """
        url = "".join([self.url_base, self.path or ""])
        if "{" not in url:
            return url
        values = {**self.config, **(context or {})}
        for key, value in values.items():
            token = "{" + str(key) + "}"
            if token in url:
                url = url.replace(token, self._url_encode(value))
        return url

    @staticmethod
    def _url_encode(val: t.Any) -> str:
        """Return a placeholder value as :meth:`get_url` puts it in the URL.

        Strings have their ``/`` escaped (``%2F``); other values are written with ``str()``.
        """
        return val.replace("/", "%2F") if isinstance(val, str) else str(val)

    def get_url_params(
        self, context: Context | None, next_page_token: _TToken | None
    ) -> dict[str, t.Any] | str:
        """Return the query parameters of a page request (a dict, or a ready query string).

        Called for each page; default: none.
        """
        return {}

    def prepare_request_payload(
        self, context: Context | None, next_page_token: _TToken | None
    ) -> JSONPayload:
        """Return the request body of a page request (POST APIs); default: None."""
        return None

    def get_http_request(self, *, page: PageContext[_TToken]) -> HTTPRequest:
        """Return the request for ``page``; default: from the hooks above."""
        headers = dict(self.http_headers)
        return HTTPRequest(
            url=self.get_url(page.stream_context),
            method=self.http_method,
            params=self.get_url_params(page.stream_context, page.next_page_token),
            headers=headers,
            data=self.prepare_request_payload(page.stream_context, page.next_page_token),
        )

    def build_prepared_request(self, *args: t.Any, **kwargs: t.Any) -> requests.PreparedRequest:
        """Return a ``requests.PreparedRequest`` from ``requests.Request`` arguments.

        The stream's User-Agent is added unless a header sets one.
        """
        return self._http_client.build_prepared_request(self, *args, **kwargs)

    def prepare_request(
        self, context: Context | None, next_page_token: _TToken | None
    ) -> requests.PreparedRequest:
        """Deprecated: return the prepared request of a page (override get_http_request)."""
        return self._http_client.prepare(self, context, next_page_token)

    # -- sending, retries ------------------------------------------------------------------------

    def request_decorator(self, func: RequestFunc) -> RequestFunc:
        """Return ``func`` wrapped in the retry policy.

        Called once per sync of a context. Default: retry connection errors, timeouts and
        ``RetriableAPIError`` (429, 5xx, ``extra_retry_statuses``) up to
        :meth:`backoff_max_tries` tries, waiting :meth:`backoff_wait_generator` (or the
        server's ``Retry-After``) plus :meth:`backoff_jitter`.
        """
        return self._http_client.retrying(self, func)

    def backoff_wait_generator(self) -> t.Generator[float, None, None]:
        """Return the ``backoff`` wait generator between tries; default: 2, 4, 8, 16 s."""
        import backoff

        return t.cast("t.Generator[float, None, None]", backoff.expo(factor=2))

    def backoff_max_tries(self) -> int:
        """Return how many tries a request gets in all; default: 5."""
        return 5

    def backoff_jitter(self, value: float) -> float:
        """Return the wait ``value`` with jitter added; default: plus 0 to 1 s at random."""
        import backoff

        return float(backoff.random_jitter(value))

    def backoff_handler(self, details: Details) -> None:
        """Log a failed try before waiting. Called by the retry policy; logs at ERROR."""
        exception = details.get("exception")
        self.logger.error(
            "Backing off %0.2f seconds after %d tries calling function %s: %s",
            details.get("wait", 0.0),
            details.get("tries", 0),
            getattr(details.get("target"), "__name__", "request"),
            self._http_client.redact(self, str(exception)) if exception is not None else "",
        )

    def backoff_runtime(
        self, *, value: t.Callable[[t.Any], _TNum]
    ) -> t.Generator[_TNum, None, None]:
        """Return a wait generator that asks ``value(exception)`` for each wait.

        Use it in :meth:`backoff_wait_generator` to derive waits from the failure.
        """
        exception = yield  # type: ignore[misc]
        while True:
            exception = yield value(exception)

    def _request(
        self, prepared_request: requests.PreparedRequest, context: Context | None
    ) -> requests.Response:
        """Send one try of a request (authenticated now), record its metrics, validate it."""
        return self._http_client.send(self, prepared_request, context)

    @functools.cached_property
    def _rate_limit(self) -> BoundRateLimit | None:
        """The per-host rate limit of this stream's requests (None: unlimited)."""
        return rate_limit_for_stream(self)

    def validate_response(self, response: requests.Response) -> None:
        """Raise if ``response`` is an error. Called for every response.

        Default: 429, 5xx and ``extra_retry_statuses`` raise ``RetriableAPIError`` (retried);
        other 4xx raise ``FatalAPIError``; anything else passes.

        Raises:
            RetriableAPIError: a failure worth retrying.
            FatalAPIError: a failure retrying will not fix.
        """
        self._http_client.validate(self, response)

    def response_error_message(self, response: requests.Response) -> str:
        """Return the error message for a failed ``response``, secrets masked.

        Names the status, the method and URL path, and quotes the start of the body.
        """
        return self._http_client.error_message(self, response)

    # -- responses -------------------------------------------------------------------------------

    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        """Yield the records of ``response``: ``records_jsonpath`` over the JSON body.

        Numbers with a fraction are decoded as ``Decimal`` (no precision lost).

        Raises:
            FatalAPIError: the body is not JSON.
        """
        return self._http_client.parse(self, response)

    def get_new_paginator(self) -> BaseAPIPaginator[t.Any] | None:
        """Return a fresh paginator for a sync of one context.

        Default: the legacy ``get_next_page_token`` method if the stream has one, else a
        ``JSONPathPaginator`` on ``next_page_token_jsonpath`` if set, else the
        ``X-Next-Page`` header. None: a single page.
        """
        if hasattr(self, "get_next_page_token"):
            warnings.warn(
                "get_next_page_token is deprecated; override get_new_paginator.",
                SingerSDKDeprecationWarning,
                stacklevel=2,
            )
            return LegacyStreamPaginator(t.cast("t.Any", self))
        if self.next_page_token_jsonpath:
            return JSONPathPaginator(self.next_page_token_jsonpath)
        return SimpleHeaderPaginator("X-Next-Page")

    # -- metrics ---------------------------------------------------------------------------------

    def get_http_request_counter(self) -> metrics.Counter:
        """Return the ``http_request_count`` counter of the stream."""
        return metrics.http_request_counter(self.name, self.path)

    def _write_request_duration_log(
        self,
        endpoint: str,
        response: requests.Response,
        context: Context | None,
        extra_tags: dict[str, t.Any] | None,
    ) -> None:
        tags: dict[str, t.Any] = {
            metrics.Tag.STREAM: self.name,
            metrics.Tag.ENDPOINT: endpoint,
            metrics.Tag.HTTP_STATUS_CODE: response.status_code,
            metrics.Tag.STATUS: (
                metrics.Status.SUCCEEDED if response.status_code < 400 else metrics.Status.FAILED
            ),
        }
        if extra_tags:
            tags.update(extra_tags)
        point = metrics.Point(
            "timer", metrics.Metric.HTTP_REQUEST_DURATION, response.elapsed.total_seconds(), tags
        )
        metrics.log(self.metrics_logger, point)

    def update_sync_costs(
        self,
        request: requests.PreparedRequest,
        response: requests.Response,
        context: Context | None,
    ) -> dict[str, int]:
        """Add the cost of one request (:meth:`calculate_sync_cost`) to the stream's totals."""
        costs = self.calculate_sync_cost(request, response, context)
        for key, value in costs.items():
            self._sync_costs[key] = self._sync_costs.get(key, 0) + value
        return self._sync_costs

    def calculate_sync_cost(
        self,
        request: requests.PreparedRequest,
        response: requests.Response,
        context: Context | None,
    ) -> dict[str, int]:
        """Return the cost of one request (e.g. ``{"rest": 1}``); default: nothing counted."""
        return {}

    # -- the loop --------------------------------------------------------------------------------

    def request_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        """Yield the records of every page for ``context``, one page at a time.

        The next page is requested only when the records of the current one were consumed.
        """
        # The client's generator itself, not one around it: no extra step per record.
        return self._http_client.request_records(
            self, context, legacy_prepare=overrides(type(self), _HTTPStream, "prepare_request")
        )

    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        """Yield the stream's records for ``context``: every page's records, in order."""
        yield from self.request_records(context)


class RESTStream(_HTTPStream[_TToken], t.Generic[_TToken], metaclass=abc.ABCMeta):
    """A stream of a REST API: subclass it, set ``url_base``, ``path``, ``name``, ``schema``.

    Override the hooks (``get_url_params``, ``get_new_paginator``, ``parse_response``,
    ``authenticator``, ...) for what the API does differently.
    """

    payload_as_json: bool = True
