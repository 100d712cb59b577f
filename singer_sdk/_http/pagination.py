"""Paginators: objects that say which page to request next, and when to stop."""

from __future__ import annotations

import abc
import contextlib
import typing as t
import warnings
from urllib.parse import ParseResult, urlparse

from singer_sdk._compat import SingerSDKPendingDeprecationWarning
from singer_sdk._http.jsonpath import decoded_json, extract_jsonpath

if t.TYPE_CHECKING:
    import requests

__all__ = [
    "BaseAPIPaginator",
    "BaseHATEOASPaginator",
    "BaseOffsetPaginator",
    "BasePageNumberPaginator",
    "HeaderLinkPaginator",
    "JSONPathPaginator",
    "LegacyPaginatedStreamProtocol",
    "LegacyStreamPaginator",
    "OffsetPaginator",
    "PageNumberPaginator",
    "SimpleHeaderPaginator",
    "SinglePagePaginator",
    "first",
]

T = t.TypeVar("T")
TPageToken = t.TypeVar("TPageToken")


def first(iterable: t.Iterable[T]) -> T:
    """Return the first item of ``iterable``.

    Raises:
        StopIteration: the iterable is empty.
    """
    return next(iter(iterable))


class BaseAPIPaginator(t.Generic[TPageToken], metaclass=abc.ABCMeta):
    """Holds the token of the page to request and advances it from each response.

    Subclass it and implement :meth:`get_next`; override :meth:`has_more` to stop early and
    :meth:`continue_if_empty` to go on past pages without records.

    Args:
        start_value: the token of the first page (e.g. None, 1 or 0).
    """

    def __init__(self, start_value: TPageToken) -> None:
        self._value: TPageToken = start_value
        self._page_count = 0
        self._finished = False
        self._seen: set[t.Any] = set()

    @property
    def current_value(self) -> TPageToken:
        """The token of the page to request next."""
        return self._value

    @property
    def finished(self) -> bool:
        """Whether there are no more pages."""
        return self._finished

    @property
    def count(self) -> int:
        """How many pages were advanced over so far."""
        return self._page_count

    def __str__(self) -> str:
        return f"{type(self).__name__}<{self.current_value}>"

    def __repr__(self) -> str:
        return str(self)

    def continue_if_empty(self, response: requests.Response) -> bool:
        """Return whether to request the next page after one that yielded no records.

        Called by the stream when a page is empty; default: False (stop).
        """
        return False

    def advance(self, response: requests.Response) -> None:
        """Move to the next page given the ``response`` of the current one.

        Stops (``finished``) when :meth:`has_more` is False or the next token is falsy.

        Raises:
            RuntimeError: the API returned a token already used ("Loop detected in
                pagination"), which would request the same pages forever.
        """
        self._page_count += 1
        if not self.has_more(response):
            self._finished = True
            return
        new_value = self.get_next(response)
        if not new_value:
            self._finished = True
            return
        if new_value == self._value or self._already_seen(new_value):
            msg = (
                f"Loop detected in pagination. Pagination token {new_value} is identical to "
                f"a prior token (after {self._page_count} pages)."
            )
            raise RuntimeError(msg)
        self._value = new_value

    def _already_seen(self, value: t.Any) -> bool:
        try:
            hash(value)
        except TypeError:  # unhashable tokens (dicts): only consecutive repeats are caught
            return False
        if value in self._seen:
            return True
        self._seen.add(value)
        if self._value is not None:
            with contextlib.suppress(TypeError):
                self._seen.add(self._value)
        return False

    def has_more(self, response: requests.Response) -> bool:
        """Return whether there is a page after the one in ``response``; default: True."""
        return True

    @abc.abstractmethod
    def get_next(self, response: requests.Response) -> TPageToken | None:
        """Return the token of the next page, or None (or another falsy value) to stop."""
        ...


class SinglePagePaginator(BaseAPIPaginator[None]):
    """One page, then done."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(None)

    def has_more(self, response: requests.Response) -> bool:
        """Return False: there is only one page."""
        return False

    def get_next(self, response: requests.Response) -> None:
        """Return None: there is no next page."""
        return


class BaseHATEOASPaginator(BaseAPIPaginator[ParseResult | None], metaclass=abc.ABCMeta):
    """Follows a "next" link the API gives; the token is the parsed URL (``urlparse``).

    Implement :meth:`get_next_url`; in ``get_url_params`` use ``parse_qsl(token.query)``.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(None)

    @abc.abstractmethod
    def get_next_url(self, response: requests.Response) -> str | None:
        """Return the URL of the next page from ``response``, or None."""
        ...

    def get_next(self, response: requests.Response) -> ParseResult | None:
        """Return the next page's URL, parsed, or None."""
        next_url = self.get_next_url(response)
        return urlparse(next_url) if next_url else None


class HeaderLinkPaginator(BaseHATEOASPaginator):
    """Follows the RFC 8288 ``Link: <url>; rel="next"`` response header."""

    def get_next_url(self, response: requests.Response) -> str | None:
        """Return the ``rel="next"`` link of the ``Link`` header, or None."""
        url: str | None = response.links.get("next", {}).get("url")
        return url


class JSONPathPaginator(BaseAPIPaginator[str | None]):
    """Reads the next token from the response body at a JSONPath.

    Args:
        jsonpath: where the token is, e.g. ``$.next_page``.
    """

    def __init__(self, jsonpath: str, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(None, *args, **kwargs)
        self._jsonpath = jsonpath

    def get_next(self, response: requests.Response) -> str | None:
        """Return the first value at the JSONPath, or None if absent."""
        return next(extract_jsonpath(self._jsonpath, decoded_json(response)), None)


class SimpleHeaderPaginator(BaseAPIPaginator[str | None]):
    """Reads the next token from a response header.

    Args:
        key: the header name, e.g. ``X-Next-Page``.
    """

    def __init__(self, key: str, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(None, *args, **kwargs)
        self._key = key

    def get_next(self, response: requests.Response) -> str | None:
        """Return the header's value, or None if absent."""
        return response.headers.get(self._key, None)


class PageNumberPaginator(BaseAPIPaginator[int]):
    """Page numbers: each page is the previous plus one.

    It never stops by itself: the stream stops at the first page without records, unless
    :meth:`has_more` is overridden.
    """

    def get_next(self, response: requests.Response) -> int | None:
        """Return the current page number plus one."""
        return self._value + 1


class BasePageNumberPaginator(PageNumberPaginator):
    """Deprecated alias of :class:`PageNumberPaginator`."""

    def __init__(self, start_value: int) -> None:
        warnings.warn(
            "Use PageNumberPaginator instead",
            SingerSDKPendingDeprecationWarning,
            stacklevel=2,
        )
        super().__init__(start_value)


class OffsetPaginator(BaseAPIPaginator[int]):
    """Offsets: each page starts ``page_size`` after the previous.

    It never stops by itself: the stream stops at the first page without records, unless
    :meth:`has_more` is overridden.

    Args:
        start_value: the first offset (usually 0).
        page_size: the number of records per page.
    """

    def __init__(self, start_value: int, page_size: int, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(start_value, *args, **kwargs)
        self._page_size = page_size

    @property
    def page_size(self) -> int:
        """The number of records per page."""
        return self._page_size

    def get_next(self, response: requests.Response) -> int | None:
        """Return the current offset plus the page size."""
        return self._value + self._page_size


class BaseOffsetPaginator(OffsetPaginator):
    """Deprecated alias of :class:`OffsetPaginator`."""

    def __init__(self, start_value: int, page_size: int, *args: t.Any, **kwargs: t.Any) -> None:
        warnings.warn(
            "Use OffsetPaginator instead",
            SingerSDKPendingDeprecationWarning,
            stacklevel=2,
        )
        super().__init__(start_value, page_size, *args, **kwargs)


class LegacyPaginatedStreamProtocol(t.Protocol[TPageToken]):
    """A stream with the old ``get_next_page_token(response, previous_token)`` method."""

    def get_next_page_token(
        self, response: requests.Response, previous_token: TPageToken | None
    ) -> TPageToken | None:
        """Return the next page token, or None at the end."""
        ...


class LegacyStreamPaginator(BaseAPIPaginator[TPageToken | None]):
    """Delegates to a stream's legacy ``get_next_page_token`` method.

    Args:
        stream: the stream with ``get_next_page_token``.
    """

    def __init__(
        self, stream: LegacyPaginatedStreamProtocol[TPageToken], *args: t.Any, **kwargs: t.Any
    ) -> None:
        super().__init__(None, *args, **kwargs)
        self.stream = stream

    def get_next(self, response: requests.Response) -> TPageToken | None:
        """Return what the stream's ``get_next_page_token`` returns for ``response``."""
        return self.stream.get_next_page_token(response, self.current_value)
