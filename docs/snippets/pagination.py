"""Pagination recipes: a cursor paginator, an offset stream that stops itself, Link headers."""

from __future__ import annotations

import typing as t

from singer_sdk import RESTStream
from singer_sdk.pagination import BaseAPIPaginator, HeaderLinkPaginator, OffsetPaginator

if t.TYPE_CHECKING:
    import requests

    from singer_sdk.helpers.types import Context


class CursorPaginator(BaseAPIPaginator[str | None]):
    """Follows ``{"meta": {"has_more": true, "cursor": "..."}}`` in each response body."""

    def has_more(self, response: requests.Response) -> bool:
        return bool(response.json()["meta"]["has_more"])

    def get_next(self, response: requests.Response) -> str | None:
        return response.json()["meta"]["cursor"]


class OrdersStream(RESTStream[str]):
    """Uses the cursor paginator; the token becomes the ``cursor`` query parameter."""

    name = "orders"
    url_base = "https://api.example.com"
    path = "/orders"
    records_jsonpath = "$.data[*]"
    schema: t.ClassVar[dict[str, t.Any]] = {"properties": {"id": {"type": "integer"}}}

    def get_new_paginator(self) -> CursorPaginator:
        return CursorPaginator(start_value=None)

    def get_url_params(self, context: Context | None, next_page_token: str | None) -> dict:
        return {"limit": 100, "cursor": next_page_token}  # None values are left out


class StopWhenShortPaginator(OffsetPaginator):
    """An offset paginator that stops after a short page instead of asking for an empty one."""

    def has_more(self, response: requests.Response) -> bool:
        return len(response.json()["results"]) == self.page_size


class CustomersStream(RESTStream[int]):
    """Offset pagination: ``?offset=0``, ``?offset=100``, ... until a page is short."""

    name = "customers"
    url_base = "https://api.example.com"
    path = "/customers"
    records_jsonpath = "$.results[*]"
    schema: t.ClassVar[dict[str, t.Any]] = {"properties": {"id": {"type": "integer"}}}

    def get_new_paginator(self) -> StopWhenShortPaginator:
        return StopWhenShortPaginator(start_value=0, page_size=100)

    def get_url_params(self, context: Context | None, next_page_token: int | None) -> dict:
        return {"limit": 100, "offset": next_page_token or 0}


class EventsStream(RESTStream[t.Any]):
    """RFC 8288 ``Link: <...>; rel="next"`` headers: the token is the parsed next URL."""

    name = "events"
    url_base = "https://api.example.com"
    path = "/events"
    schema: t.ClassVar[dict[str, t.Any]] = {"properties": {"id": {"type": "integer"}}}

    def get_new_paginator(self) -> HeaderLinkPaginator:
        return HeaderLinkPaginator()

    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict:
        if next_page_token:  # a urllib.parse.ParseResult: keep the API's own query string
            return dict(pair.split("=", 1) for pair in next_page_token.query.split("&"))
        return {"per_page": 50}
