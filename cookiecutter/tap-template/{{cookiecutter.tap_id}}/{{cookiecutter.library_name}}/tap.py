"""{{ cookiecutter.source_name }} tap class."""

from __future__ import annotations

{%- if cookiecutter.stream_type == "SQL" %}

from singer_sdk import typing as th
from singer_sdk.sql import SQLTap

from {{ cookiecutter.library_name }}.client import {{ cookiecutter.source_name }}Stream


class Tap{{ cookiecutter.source_name }}(SQLTap):
    """Singer tap for {{ cookiecutter.source_name }}: every table of the database is a stream."""

    name = "{{ cookiecutter.tap_id }}"
    default_stream_class = {{ cookiecutter.source_name }}Stream
    config_jsonschema = th.PropertiesList(
        th.Property(
            "sqlalchemy_url",
            th.StringType,
            required=True,
            secret=True,
            title="SQLAlchemy URL",
            description="The database URL, e.g. sqlite:///path/to/file.db",
        ),
    ).to_dict()
{%- else %}

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

from {{ cookiecutter.library_name }} import streams


class Tap{{ cookiecutter.source_name }}(Tap):
    """Singer tap for {{ cookiecutter.source_name }}."""

    name = "{{ cookiecutter.tap_id }}"
    config_jsonschema = th.PropertiesList(
{%- if cookiecutter.stream_type in ("REST", "GraphQL") %}
        th.Property(
            "api_url",
            th.URIType,
            required=True,
            title="API URL",
            description="The base URL of the {{ cookiecutter.source_name }} API",
        ),
{%- if cookiecutter.auth_method == "API Key" %}
        th.Property(
            "api_key",
            th.StringType,
            required=True,
            secret=True,
            title="API key",
            description="The key sent in the X-API-Key header",
        ),
{%- elif cookiecutter.auth_method == "Bearer Token" %}
        th.Property(
            "auth_token",
            th.StringType,
            required=True,
            secret=True,
            title="Auth token",
            description="The bearer token sent with every request",
        ),
{%- elif cookiecutter.auth_method == "Basic Auth" %}
        th.Property(
            "username",
            th.StringType,
            required=True,
            title="User name",
            description="The user name for HTTP Basic authentication",
        ),
        th.Property(
            "password",
            th.StringType,
            required=True,
            secret=True,
            title="Password",
            description="The password for HTTP Basic authentication",
        ),
{%- elif cookiecutter.auth_method in ("OAuth2", "JWT") %}
        th.Property(
            "token_url",
            th.URIType,
            required=True,
            title="Token URL",
            description="The OAuth 2 token endpoint",
        ),
        th.Property(
            "client_id",
            th.StringType,
            required=True,
            title="Client ID",
            description="The OAuth 2 client ID",
        ),
{%- if cookiecutter.auth_method == "OAuth2" %}
        th.Property(
            "client_secret",
            th.StringType,
            required=True,
            secret=True,
            title="Client secret",
            description="The OAuth 2 client secret",
        ),
{%- else %}
        th.Property(
            "private_key",
            th.StringType,
            required=True,
            secret=True,
            title="Private key",
            description="The PEM private key that signs the JWT assertion",
        ),
        th.Property(
            "private_key_passphrase",
            th.StringType,
            secret=True,
            title="Private key passphrase",
            description="The passphrase of the private key, if it has one",
        ),
{%- endif %}
        th.Property(
            "oauth_scopes",
            th.StringType,
            title="OAuth scopes",
            description="The scopes to request, separated by spaces",
        ),
{%- endif %}
{%- endif %}
        th.Property(
            "start_date",
            th.DateTimeType,
            title="Start date",
            description="Only records updated at or after this time are synced on the first run",
        ),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        """Return one instance of each stream of the tap."""
        return [
            streams.GroupsStream(self),
            streams.UsersStream(self),
        ]
{%- endif %}


if __name__ == "__main__":
    Tap{{ cookiecutter.source_name }}.cli()
