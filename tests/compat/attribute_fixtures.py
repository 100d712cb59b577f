"""Minimal real instances of every public base class, built with whichever ``singer_sdk`` imports.

Used twice: by ``generate_attribute_contract.py`` under the reference interpreter (to record
the type each attribute has on Meltano's classes) and by ``test_attribute_contract.py`` with
ours (to check that ours match). Only API that both offer is used; nothing touches the network.
The SQL classes use a SQLite file in ``workdir``.

``build_instances(workdir)`` returns ``{base name: instance}``; abstract bases are represented
by the smallest concrete subclass (only the abstract methods defined).
"""

from __future__ import annotations

import sqlite3
import typing as t
import warnings
from pathlib import Path

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": ["string", "null"]},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

#: Stream subclasses that override a public property; the test checks that the private
#: attribute the reference keeps behind it is still there (``{base: (property, private)}``).
OVERRIDDEN_PROPERTIES: dict[str, tuple[str, ...]] = {
    "schema": ("_schema",),
    "config": ("_config",),
    "authenticator": ("_authenticator",),
    "requests_session": ("_requests_session",),
    "url_base": (),
}


def type_label(value: object) -> str:
    """Return a name for the type of ``value`` that reads the same for both libraries.

    Builtins by name (``dict``, ``mappingproxy``), SDK classes as ``sdk:<name of the nearest
    singer_sdk class>`` (module paths differ between the two, and fixture subclasses do not
    count), anything else as ``module.qualname``.
    """
    kind = type(value)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    for klass in kind.__mro__:
        if klass.__module__.split(".")[0] == "singer_sdk":
            return f"sdk:{klass.__name__}"
    return f"{kind.__module__}.{kind.__qualname__}"


def build_instances(workdir: Path) -> dict[str, t.Any]:
    """Return one instance of each public base class (see the module docstring)."""
    from singer_sdk import (
        BatchSink,
        GraphQLStream,
        InlineMapper,
        RecordSink,
        RESTStream,
        Sink,
        Stream,
        Tap,
        Target,
    )
    from singer_sdk import authenticators as auth
    from singer_sdk import pagination as pag

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from singer_sdk.sql import SQLConnector, SQLSink, SQLStream, SQLTap, SQLTarget

    class PlainStream(Stream):
        name = "plain"
        schema = SCHEMA
        primary_keys = ("id",)
        replication_key = "updated_at"

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            yield {"id": 1}

    class Items(RESTStream):  # type: ignore[type-arg]
        name = "items"
        schema = SCHEMA
        path = "/items"
        url_base = "https://example.invalid/api"
        primary_keys = ("id",)

    class Query(GraphQLStream):  # type: ignore[type-arg]
        name = "query"
        schema = SCHEMA
        url_base = "https://example.invalid/graphql"
        query = "items { id name updated_at }"

    class SmallTap(Tap):
        name = "tap-small"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"api_key": {"type": "string"}},
        }

        def discover_streams(self) -> list[t.Any]:
            return [PlainStream(self), Items(self), Query(self)]

    tap = SmallTap(config={"api_key": "secret"}, validate_config=False)
    streams = tap.streams

    class SmallRecordSink(RecordSink):
        def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
            pass

    class SmallBatchSink(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            pass

    class SmallSink(Sink):
        def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
            pass

        def process_batch(self, context: dict[str, t.Any]) -> None:
            pass

    class SmallTarget(Target):
        name = "target-small"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}
        default_sink_class = SmallRecordSink

    target = SmallTarget(config={}, validate_config=False)

    class SmallMapper(InlineMapper):
        name = "mapper-small"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

        def map_schema_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[t.Any]:
            return []

        def map_record_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[t.Any]:
            return []

        def map_state_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[t.Any]:
            return []

        def map_activate_version_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[t.Any]:
            return []

    mapper = SmallMapper(config={}, validate_config=False)

    # -- SQL, on a SQLite file ------------------------------------------------------------------
    database = workdir / "contract.db"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT)"
        )
    url = f"sqlite:///{database}"

    class SqliteConnector(SQLConnector):
        def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
            return url

    class SqliteStream(SQLStream):
        connector_class = SqliteConnector

    class SqliteTap(SQLTap):
        name = "tap-sqlite"
        default_stream_class = SqliteStream
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

    class SqliteSink(SQLSink):  # type: ignore[type-arg]
        connector_class = SqliteConnector

    class SqliteTarget(SQLTarget):
        name = "target-sqlite"
        default_sink_class = SqliteSink
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

    connector = SqliteConnector(config={"sqlalchemy_url": url}, sqlalchemy_url=url)
    sql_tap = SqliteTap(config={"sqlalchemy_url": url}, validate_config=False)
    sql_stream = next(iter(sql_tap.streams.values()))
    sql_target = SqliteTarget(config={"sqlalchemy_url": url}, validate_config=False)
    sql_sink = SqliteSink(sql_target, "items", SCHEMA, ["id"])

    # -- paginators and authenticators ----------------------------------------------------------
    class CountingPaginator(pag.BaseAPIPaginator):  # type: ignore[type-arg]
        def get_next(self, response: t.Any) -> t.Any:
            return None

    class NextUrlPaginator(pag.BaseHATEOASPaginator):
        def get_next_url(self, response: t.Any) -> t.Any:
            return None

    class MorePagesPaginator(pag.BasePageNumberPaginator):
        def has_more(self, response: t.Any) -> bool:
            return False

    class MoreOffsetsPaginator(pag.BaseOffsetPaginator):
        def has_more(self, response: t.Any) -> bool:
            return False

    rest_stream = streams["items"]
    instances: dict[str, t.Any] = {
        "Tap": tap,
        "Stream": streams["plain"],
        "RESTStream": rest_stream,
        "GraphQLStream": streams["query"],
        "Target": target,
        "Sink": SmallSink(target, "items", SCHEMA, ["id"]),
        "RecordSink": SmallRecordSink(target, "items", SCHEMA, ["id"]),
        "BatchSink": SmallBatchSink(target, "items", SCHEMA, ["id"]),
        "InlineMapper": mapper,
        "SQLConnector": connector,
        "SQLTap": sql_tap,
        "SQLStream": sql_stream,
        "SQLTarget": sql_target,
        "SQLSink": sql_sink,
        "BaseAPIPaginator": CountingPaginator(None),
        "SinglePagePaginator": pag.SinglePagePaginator(),
        "BaseHATEOASPaginator": NextUrlPaginator(),
        "HeaderLinkPaginator": pag.HeaderLinkPaginator(),
        "JSONPathPaginator": pag.JSONPathPaginator("$.next"),
        "SimpleHeaderPaginator": pag.SimpleHeaderPaginator("X-Next-Page"),
        "BasePageNumberPaginator": MorePagesPaginator(1),
        "PageNumberPaginator": pag.PageNumberPaginator(1),
        "BaseOffsetPaginator": MoreOffsetsPaginator(0, 100),
        "OffsetPaginator": pag.OffsetPaginator(0, 100),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the stream argument is deprecated but still common
        instances.update(
            {
                "APIAuthenticatorBase": auth.APIAuthenticatorBase(stream=rest_stream),
                "SimpleAuthenticator": auth.SimpleAuthenticator(
                    stream=rest_stream, auth_headers={"X-Key": "secret"}
                ),
                "APIKeyAuthenticator": auth.APIKeyAuthenticator(
                    stream=rest_stream, key="X-Key", value="secret", location="header"
                ),
                "BearerTokenAuthenticator": auth.BearerTokenAuthenticator(
                    stream=rest_stream, token="secret"
                ),
                "BasicAuthenticator": auth.BasicAuthenticator(
                    stream=rest_stream, username="user", password="secret"
                ),
                "OAuthAuthenticator": _oauth(auth.OAuthAuthenticator, rest_stream),
                "OAuthJWTAuthenticator": _oauth(auth.OAuthJWTAuthenticator, rest_stream),
            }
        )
    return instances


def _oauth(base: type[t.Any], stream: t.Any) -> t.Any:
    class SmallOAuth(base):  # type: ignore[misc, valid-type]
        @property
        def oauth_request_body(self) -> dict[str, t.Any]:
            return {"grant_type": "client_credentials"}

    return SmallOAuth(
        stream=stream,
        auth_endpoint="https://example.invalid/token",
        oauth_scopes="read",
        default_expiration=3600,
        client_id="client",
        client_secret="secret",
    )


def overriding_streams(tap: t.Any) -> dict[str, t.Any]:
    """Return streams whose classes override the public properties of OVERRIDDEN_PROPERTIES.

    Each override reads the base's value through ``super()``-free means, as the connectors in
    the corpus do, so only the private attribute is exercised.
    """
    from singer_sdk import RESTStream

    class SchemaOverride(RESTStream):  # type: ignore[type-arg]
        name = "schema_override"
        path = "/items"
        url_base = "https://example.invalid/api"

        @property
        def schema(self) -> dict[str, t.Any]:
            if self._schema is None:
                self._schema = dict(SCHEMA)
            return self._schema  # type: ignore[no-any-return]

    class ConfigOverride(RESTStream):  # type: ignore[type-arg]
        name = "config_override"
        schema = SCHEMA
        path = "/items"
        url_base = "https://example.invalid/api"

        @property
        def config(self) -> t.Mapping[str, t.Any]:
            return {**self._config, "extra": True}

    class SessionOverride(RESTStream):  # type: ignore[type-arg]
        name = "session_override"
        schema = SCHEMA
        path = "/items"
        url_base = "https://example.invalid/api"

        @property
        def requests_session(self) -> t.Any:
            if not self._requests_session:
                import requests

                self._requests_session = requests.Session()
            return self._requests_session

    class AuthenticatorOverride(RESTStream):  # type: ignore[type-arg]
        name = "authenticator_override"
        schema = SCHEMA
        path = "/items"
        url_base = "https://example.invalid/api"

        @property
        def authenticator(self) -> t.Any:
            from singer_sdk.authenticators import BearerTokenAuthenticator

            return BearerTokenAuthenticator(token=self.config["api_key"])

    class UrlBaseOverride(RESTStream):  # type: ignore[type-arg]
        name = "url_base_override"
        schema = SCHEMA
        path = "/items"

        @property
        def url_base(self) -> str:
            return str(self.config.get("api_url", "https://example.invalid/api"))

    return {
        "schema": SchemaOverride(tap),
        "config": ConfigOverride(tap),
        "requests_session": SessionOverride(tap),
        "authenticator": AuthenticatorOverride(tap),
        "url_base": UrlBaseOverride(tap),
    }


__all__ = [
    "OVERRIDDEN_PROPERTIES",
    "SCHEMA",
    "build_instances",
    "overriding_streams",
    "type_label",
]
