"""Authentication recipes: API key, Basic, and OAuth client credentials."""

from __future__ import annotations

import typing as t
from functools import cached_property

from singer_sdk import RESTStream
from singer_sdk.authenticators import (
    APIKeyAuthenticator,
    BasicAuthenticator,
    OAuthAuthenticator,
)


class KeyStream(RESTStream[t.Any]):
    """Sends the key as an ``X-API-Key`` header (``location="params"`` for a query parameter)."""

    name = "key_stream"
    path = "/items"
    schema: t.ClassVar[dict[str, t.Any]] = {"properties": {"id": {"type": "integer"}}}

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"])

    @property
    def authenticator(self) -> APIKeyAuthenticator:
        return APIKeyAuthenticator(key="X-API-Key", value=self.config["api_key"])


class BasicStream(KeyStream):
    """HTTP Basic: user name and password."""

    name = "basic_stream"

    @property
    def authenticator(self) -> BasicAuthenticator:
        return BasicAuthenticator(
            username=self.config["username"], password=self.config["password"]
        )


class ShopOAuth(OAuthAuthenticator):
    """Client-credentials grant; the token is fetched once and refreshed before it expires."""

    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        return {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }


class OAuthProductsStream(RESTStream[int]):
    """Products from the tutorial's shop API, signed with an OAuth token."""

    name = "products"
    path = "/products"
    records_jsonpath = "$.items[*]"
    next_page_token_jsonpath = "$.next_page"
    schema: t.ClassVar[dict[str, t.Any]] = {
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}
    }

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"])

    @cached_property
    def authenticator(self) -> ShopOAuth:  # one instance: the token is reused
        return ShopOAuth(
            auth_endpoint=f"{self.url_base}/oauth/token",
            client_id=self.config["client_id"],
            client_secret=self.config["client_secret"],
        )

    def get_url_params(self, context: t.Any, next_page_token: int | None) -> dict[str, t.Any]:
        return {"page": next_page_token} if next_page_token else {}
