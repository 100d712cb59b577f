"""The base stream class of {{ cookiecutter.tap_id }}: where and how requests are sent."""

from __future__ import annotations

{% if cookiecutter.auth_method in ("OAuth2", "JWT") -%}
import functools
{% endif -%}
import typing as t

{%- if cookiecutter.stream_type == "GraphQL" %}

from singer_sdk import GraphQLStream
{%- else %}

from singer_sdk import RESTStream
{%- endif %}
{%- if cookiecutter.auth_method == "API Key" %}
from singer_sdk.authenticators import APIKeyAuthenticator
{%- elif cookiecutter.auth_method == "Bearer Token" %}
from singer_sdk.authenticators import BearerTokenAuthenticator
{%- elif cookiecutter.auth_method == "Basic Auth" %}
from singer_sdk.authenticators import BasicAuthenticator
{%- endif %}
{%- if cookiecutter.auth_method in ("OAuth2", "JWT") %}

from {{ cookiecutter.library_name }}.auth import {{ cookiecutter.source_name }}Authenticator
{%- endif %}

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context


{%- if cookiecutter.stream_type == "GraphQL" %}


class {{ cookiecutter.source_name }}Stream(GraphQLStream[t.Any]):
    """Base class of the streams: sends each stream's ``query`` to the GraphQL endpoint.

    Records are read from ``data.<stream name>`` in each response.
    """
{%- else %}


class {{ cookiecutter.source_name }}Stream(RESTStream[t.Any]):
    """Base class of the streams: requests ``api_url`` + ``path``, one page at a time.

    The API answers ``{"data": [...], "next_page": 2}``; ``next_page`` is null on the last page.
    """

    #: Where the records are in each response.
    records_jsonpath = "$.data[*]"

    #: Where the next page number is in each response (the paginator stops when it is null).
    next_page_token_jsonpath = "$.next_page"
{%- endif %}

    @property
    def url_base(self) -> str:
        """The API's base URL, from the ``api_url`` setting."""
        return str(self.config["api_url"]).rstrip("/")
{%- if cookiecutter.auth_method == "API Key" %}

    @property
    def authenticator(self) -> APIKeyAuthenticator:
        """Sends the ``api_key`` setting in the ``X-API-Key`` header."""
        return APIKeyAuthenticator(
            key="X-API-Key",
            value=str(self.config["api_key"]),
            location="header",
        )
{%- elif cookiecutter.auth_method == "Bearer Token" %}

    @property
    def authenticator(self) -> BearerTokenAuthenticator:
        """Sends the ``auth_token`` setting as a bearer token."""
        return BearerTokenAuthenticator(token=str(self.config["auth_token"]))
{%- elif cookiecutter.auth_method == "Basic Auth" %}

    @property
    def authenticator(self) -> BasicAuthenticator:
        """Sends the ``username`` and ``password`` settings as HTTP Basic credentials."""
        return BasicAuthenticator(
            username=str(self.config["username"]),
            password=str(self.config["password"]),
        )
{%- elif cookiecutter.auth_method in ("OAuth2", "JWT") %}

    @functools.cached_property
    def authenticator(self) -> {{ cookiecutter.source_name }}Authenticator:
        """The stream's OAuth authenticator (created once, so its access token is reused)."""
        return {{ cookiecutter.source_name }}Authenticator.from_config(self.config)
{%- endif %}

    @property
    def http_headers(self) -> dict[str, str]:
        """Headers sent with every request (the SDK adds a User-Agent)."""
        headers = dict(super().http_headers)
        headers["Accept"] = "application/json"
{%- if cookiecutter.auth_method == "Custom or N/A" %}
        # TODO: add the API's credentials here if it needs some, e.g.
        # headers["X-Custom-Auth"] = self.config["custom_token"]
{%- endif %}
        return headers
{%- if cookiecutter.stream_type == "REST" %}

    def get_url_params(
        self,
        context: Context | None,
        next_page_token: t.Any | None,
    ) -> dict[str, t.Any]:
        """Return the query parameters of a page: the page number and, if any, ``since``.

        Args:
            context: the stream partition (None: the stream has no partitions).
            next_page_token: the page to request (None: the first page).

        Returns:
            The query parameters; None values are left out of the URL.
        """
        params: dict[str, t.Any] = {"page": next_page_token}
        if self.replication_key:
            start = self.get_starting_timestamp(context)
            if start is not None:
                params["since"] = start.isoformat()
        return params
{%- else %}

    def get_url_params(
        self,
        context: Context | None,
        next_page_token: t.Any | None,
    ) -> dict[str, t.Any]:
        """Return the GraphQL variables of the query.

        Args:
            context: the stream partition (None: the stream has no partitions).
            next_page_token: the page to request (None: the first page).

        Returns:
            The variables sent with the query.
        """
        return {}
{%- endif %}
