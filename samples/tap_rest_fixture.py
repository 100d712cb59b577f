"""tap-fixture-rest: a sample REST tap for the bundled fixture API (``samples/fixture_api.py``).

It shows the parts of a typical REST tap:

- ``users``: page-number pagination followed through the ``Link: rel="next"`` header
  (``HeaderLinkPaginator``), incremental on ``updated_at``: the bookmark (or ``start_date``) is
  sent as the API's ``updated_since`` filter, and the API sorts by ``updated_at`` so the bookmark
  can advance page by page.
- ``orders``: a child of ``users`` (one request chain per user: ``/users/{user_id}/orders``),
  cursor pagination from the body (``JSONPathPaginator("$.next_cursor")``), incremental with one
  bookmark per user (``state_partitioning_keys``).
- Auth: an API key in the ``X-API-Key`` header (``APIKeyAuthenticator``); ``api_key`` is a secret
  setting, masked in logs and errors.
- Retries: 429 and 5xx are retried, waiting what the server's ``Retry-After`` asks.

Run it against a local fixture server (which sets the ``--config ENV`` variables for it)::

    python samples/fixture_api.py -- python samples/tap_rest_fixture.py --config ENV

or start the server yourself (``python samples/fixture_api.py --port 8765``) and set
``TAP_FIXTURE_REST_API_URL=http://127.0.0.1:8765`` and ``TAP_FIXTURE_REST_API_KEY=fixture-key``;
or ``--about``, ``--discover``, ``--config config.json --state state.json``.
"""

from __future__ import annotations

import typing as t
from urllib.parse import parse_qsl

from singer_sdk import RESTStream, Stream, Tap
from singer_sdk import typing as th
from singer_sdk.authenticators import APIKeyAuthenticator
from singer_sdk.pagination import HeaderLinkPaginator, JSONPathPaginator

if t.TYPE_CHECKING:
    from urllib.parse import ParseResult

    from singer_sdk.helpers.types import Context, Record

ORDER_STATUSES = ["pending", "paid", "shipped", "delivered", "refunded"]
ADDRESS = th.ObjectType(
    th.Property("street", th.StringType),
    th.Property("city", th.StringType),
    th.Property("country", th.StringType),
)


class FixtureStream(RESTStream[t.Any]):
    """What every stream of the fixture API shares: base URL, auth, where records are."""

    records_jsonpath = "$.data[*]"

    @property
    def url_base(self) -> str:
        """The API's base URL, from the ``api_url`` setting."""
        return str(self.config["api_url"]).rstrip("/")

    @property
    def authenticator(self) -> APIKeyAuthenticator:
        """Send the ``api_key`` setting in the ``X-API-Key`` header of each request."""
        return APIKeyAuthenticator(key="X-API-Key", value=self.config["api_key"])

    def starting_filter(self, context: Context | None) -> dict[str, str]:
        """Return the ``updated_since`` filter for the bookmark (or ``start_date``), if any."""
        start = self.get_starting_timestamp(context)
        return {"updated_since": start.isoformat()} if start is not None else {}


class UsersStream(FixtureStream):
    """Users, synced incrementally by ``updated_at``; pages followed via the ``Link`` header."""

    name = "users"
    path = "/users"
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True  # the request asks for sort=updated_at
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("name", th.StringType),
        th.Property("email", th.EmailType),
        th.Property("is_active", th.BooleanType),
        th.Property("score", th.NumberType),
        th.Property("created_at", th.DateTimeType),
        th.Property("updated_at", th.DateTimeType),
        th.Property("address", ADDRESS),
        th.Property("tags", th.ArrayType(th.StringType)),
    ).to_dict()

    def get_new_paginator(self) -> HeaderLinkPaginator:
        """Follow the ``Link: <...>; rel="next"`` header until there is none."""
        return HeaderLinkPaginator()

    def get_url_params(
        self, context: Context | None, next_page_token: ParseResult | None
    ) -> dict[str, t.Any]:
        """Ask for users updated since the bookmark, sorted by update; then the next page's."""
        params: dict[str, t.Any] = {
            "per_page": self.config["page_size"],
            "sort": "updated_at",
            **self.starting_filter(context),
        }
        if next_page_token is not None:  # the next page's URL carries every parameter
            params.update(parse_qsl(next_page_token.query))
        return params

    def get_child_context(self, record: Record, context: Context | None) -> Context:
        """Give each user's orders the user's id (filled into the orders path)."""
        return {"user_id": record["id"]}


class OrdersStream(FixtureStream):
    """Each user's orders (child of ``users``), cursor-paginated, one bookmark per user."""

    name = "orders"
    path = "/users/{user_id}/orders"
    parent_stream_type = UsersStream
    state_partitioning_keys = ("user_id",)
    primary_keys = ("id",)
    replication_key = "updated_at"
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("user_id", th.IntegerType, required=True),
        th.Property("status", th.StringType(allowed_values=ORDER_STATUSES)),
        th.Property("total", th.NumberType),
        th.Property("currency", th.StringType),
        th.Property("created_at", th.DateTimeType),
        th.Property("updated_at", th.DateTimeType),
        th.Property(
            "items",
            th.ArrayType(
                th.ObjectType(
                    th.Property("sku", th.StringType),
                    th.Property("quantity", th.IntegerType),
                )
            ),
        ),
    ).to_dict()

    def get_new_paginator(self) -> JSONPathPaginator:
        """Follow ``next_cursor`` in the body until it is null."""
        return JSONPathPaginator("$.next_cursor")

    def get_url_params(
        self, context: Context | None, next_page_token: str | None
    ) -> dict[str, t.Any]:
        """Ask for orders updated since this user's bookmark; ``cursor`` from the 2nd page on."""
        return {
            "limit": self.config["page_size"],
            "cursor": next_page_token,  # None values are left out of the query
            **self.starting_filter(context),
        }


class TapFixtureREST(Tap):
    """Users and their orders from the fixture API (``samples/fixture_api.py``)."""

    name = "tap-fixture-rest"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_url",
            th.URIType,
            required=True,
            title="API URL",
            description="Base URL of the fixture API, e.g. http://127.0.0.1:8765.",
        ),
        th.Property(
            "api_key",
            th.StringType,
            required=True,
            secret=True,
            title="API key",
            description="Sent in the X-API-Key header.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            description="Sync only users and orders updated at or after this time.",
        ),
        th.Property(
            "page_size",
            th.IntegerType,
            default=10,
            description="Records asked for per request (1 to 1000).",
        ),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        """Return the tap's streams: users, and orders as their child."""
        return [UsersStream(self), OrdersStream(self)]


if __name__ == "__main__":
    TapFixtureREST.cli()
