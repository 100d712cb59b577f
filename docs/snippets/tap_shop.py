"""tap-shop: the tap built step by step in "Build a REST tap in 10 minutes"."""

from __future__ import annotations

import typing as t

from singer_sdk import RESTStream, Tap
from singer_sdk import typing as th
from singer_sdk.authenticators import BearerTokenAuthenticator

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record


# --- step 2: what every stream of the API shares --------------------------------------------
class ShopStream(RESTStream[int]):
    """Base class: where the API is, how to sign requests, how pages chain."""

    records_jsonpath = "$.items[*]"  # the records are in the "items" array
    next_page_token_jsonpath = "$.next_page"  # null on the last page: pagination stops

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"])

    @property
    def authenticator(self) -> BearerTokenAuthenticator:
        return BearerTokenAuthenticator(token=self.config["api_token"])

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, t.Any]:
        return {"page": next_page_token} if next_page_token else {}


# --- step 3: the products stream, read incrementally ----------------------------------------
class ProductsStream(ShopStream):
    """Products, newest changes last; only changed products are read again."""

    name = "products"
    path = "/products"
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True  # the API sorts by updated_at: the bookmark is saved as records come
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("name", th.StringType),
        th.Property("price", th.DecimalType),
        th.Property("updated_at", th.DateTimeType),
    ).to_dict()

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, t.Any]:
        params = super().get_url_params(context, next_page_token)
        start = self.get_starting_timestamp(context)  # the bookmark, else start_date
        if start is not None:
            params["updated_since"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        return params

    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        row["price"] = float(row["price"])  # the API sends prices as strings
        return row

    def get_child_context(self, record: Record, context: Context | None) -> Context:
        return {"product_id": record["id"]}  # one reviews sync per product


# --- step 5: a child stream, synced once per product ----------------------------------------
class ReviewsStream(ShopStream):
    """The reviews of each product."""

    name = "reviews"
    parent_stream_type = ProductsStream
    path = "/products/{product_id}/reviews"  # filled from the child context
    records_jsonpath = "$[*]"  # this endpoint returns a bare array
    primary_keys = ("id",)
    state_partitioning_keys: t.ClassVar[list[str]] = []  # no bookmark per product
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("product_id", th.IntegerType),
        th.Property("text", th.StringType),
    ).to_dict()

    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        row["product_id"] = context["product_id"] if context else None  # from the parent
        return row


# --- step 4: the tap ------------------------------------------------------------------------
class TapShop(Tap):
    """A tap for the demo shop API."""

    name = "tap-shop"
    config_jsonschema = th.PropertiesList(
        th.Property("api_url", th.URIType, default="http://127.0.0.1:8765"),
        th.Property("api_token", th.StringType, required=True, secret=True),
        th.Property("start_date", th.DateTimeType, description="Read changes since then."),
    ).to_dict()

    def discover_streams(self) -> list[ShopStream]:
        return [ProductsStream(self), ReviewsStream(self)]


if __name__ == "__main__":
    TapShop.cli()
