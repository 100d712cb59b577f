"""The request objects of the REST hooks: what a page request is built from, and the request.

``PageContext`` is what :meth:`~singer_sdk.RESTStream.get_http_request` is given; the
``HTTPRequest`` it returns is turned into a ``requests.PreparedRequest`` by the HTTP client
(:mod:`singer_sdk._http.client`).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from urllib.parse import urlencode

if t.TYPE_CHECKING:
    from singer_sdk._types import Context

__all__ = ["HTTPRequest", "JSONPayload", "PageContext"]

_TToken = t.TypeVar("_TToken")
JSONPayload: t.TypeAlias = dict[str, t.Any] | list[t.Any] | str | bytes | None
_ParamsDict: t.TypeAlias = dict[str, t.Any]


@dataclass
class PageContext(t.Generic[_TToken]):
    """What a page request is built from: the stream context and the page token."""

    stream_context: Context | None
    next_page_token: _TToken | None


@dataclass
class HTTPRequest:
    """An HTTP request before it is prepared: URL, method, query, headers and body."""

    url: str
    method: str = "GET"
    params: _ParamsDict | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    data: JSONPayload = None
    safe_query_chars: str = ""

    def encode_params(self) -> str:
        """Return the query string: None values dropped, lists repeated per item."""
        if isinstance(self.params, str):
            return self.params
        pairs = [(key, value) for key, value in self.params.items() if value is not None]
        return urlencode(pairs, doseq=True, safe=self.safe_query_chars)
