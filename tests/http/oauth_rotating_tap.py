"""tap-oauth-rotating: a tap whose API wants a token got with a single-use refresh token.

Run as a real process by ``test_oauth_write_back.py`` (``--config FILE``). Two streams, each
building its own ``OAuthAuthenticator`` (as many connectors do): the tap's lock and config keep
them to one refresh per expiry.
"""

from __future__ import annotations

import functools
import typing as t

from singer_sdk import RESTStream, Tap
from singer_sdk.authenticators import OAuthAuthenticator
from singer_sdk.pagination import JSONPathPaginator


class RotatingAuth(OAuthAuthenticator):
    """The refresh-token grant, reading the refresh token from the config."""

    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        return {
            "grant_type": "refresh_token",
            "refresh_token": self.config["refresh_token"],
            "client_id": self.config["client_id"],
        }


class Pages(RESTStream[int]):
    """``/<name>?page=N``: pages of one record each, ``next_page`` in the body until null."""

    records_jsonpath = "$.data[*]"
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "page": {"type": "integer"}},
    }
    primary_keys = ("id",)

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"])

    @functools.cached_property
    def authenticator(self) -> RotatingAuth:  # type: ignore[override]
        return RotatingAuth(auth_endpoint=f"{self.config['api_url']}/token")

    def get_new_paginator(self) -> JSONPathPaginator:
        return JSONPathPaginator("$.next_page")

    def get_url_params(self, context: t.Any, next_page_token: int | None) -> dict[str, t.Any]:
        return {"page": next_page_token or 0}


class Items(Pages):
    name = "items"
    path = "/items"


class Things(Pages):
    name = "things"
    path = "/things"


class TapOAuthRotating(Tap):
    name = "tap-oauth-rotating"
    config_jsonschema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {
            "api_url": {"type": "string"},
            "client_id": {"type": "string"},
            "refresh_token": {"type": "string", "secret": True},
        },
        "required": ["api_url", "client_id", "refresh_token"],
    }

    def discover_streams(self) -> list[t.Any]:
        return [Items(self), Things(self)]


if __name__ == "__main__":
    TapOAuthRotating.cli()
