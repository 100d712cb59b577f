"""OAuth token endpoint flows, JWT assertion, GraphQL streams, JSONPath and Retry-After."""

from __future__ import annotations

import datetime as dt
import logging
import typing as t
from decimal import Decimal
from urllib.parse import parse_qs

import pytest

from singer_sdk._http.retry import parse_retry_after
from singer_sdk.authenticators import (
    APIKeyAuthenticator,
    BasicAuthenticator,
    OAuthAuthenticator,
    OAuthJWTAuthenticator,
)
from singer_sdk.exceptions import AuthenticationError, FatalAPIError
from singer_sdk.helpers.jsonpath import extract_jsonpath
from singer_sdk.streams import GraphQLStream, RESTStream

Hit = Server = t.Any
SCHEMA = {"type": "object", "properties": {"id": {"type": "integer"}}}


class ClientCredentials(OAuthAuthenticator):
    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        return {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }


class RefreshToken(OAuthAuthenticator):
    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        return {"grant_type": "refresh_token", "refresh_token": self.refresh_token or "r0"}


def token_route(server: Server, expires_in: int | None = 3600) -> list[dict[str, list[str]]]:
    """Serve /token; return the list of decoded form bodies it received."""
    forms: list[dict[str, list[str]]] = []

    def route(hit: Hit) -> t.Any:
        form = parse_qs(hit.body.decode())
        forms.append(form)
        if form.get("client_secret") == ["wrong"]:
            return 401, {}, {"error": "invalid_client", "client_secret": "wrong"}
        body: dict[str, t.Any] = {
            "access_token": f"at{len(forms)}",
            "refresh_token": f"r{len(forms)}",
        }
        if expires_in is not None:
            body["expires_in"] = expires_in
        return 200, {}, body

    server.routes["/token"] = route
    return forms


def oauth_stream(server: Server, auth: OAuthAuthenticator) -> type[RESTStream[t.Any]]:
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}])
    return type(
        "Items",
        (RESTStream,),
        {
            "name": "items",
            "path": "/items",
            "schema": SCHEMA,
            "url_base": server.url,
            "authenticator": property(lambda self: auth),
        },
    )


def test_client_credentials_token_is_fetched_once_and_sent(server: Server, run_tap: t.Any) -> None:
    forms = token_route(server)
    auth = ClientCredentials(
        auth_endpoint=f"{server.url}/token", client_id="cid", client_secret="cs"
    )
    stream = oauth_stream(server, auth)
    run_tap(stream)
    run_tap(stream)
    assert len(forms) == 1
    assert forms[0] == {
        "grant_type": ["client_credentials"],
        "client_id": ["cid"],
        "client_secret": ["cs"],
    }
    item_hits = [hit for hit in server.hits if hit.path == "/items"]
    assert [hit.headers["Authorization"] for hit in item_hits] == ["Bearer at1", "Bearer at1"]
    assert auth.refresh_token == "r1"
    assert auth.expires_in == 3600


def test_token_refreshed_before_expiry_with_the_returned_refresh_token(
    server: Server, run_tap: t.Any
) -> None:
    forms = token_route(server, expires_in=100)
    auth = RefreshToken(auth_endpoint=f"{server.url}/token")
    stream = oauth_stream(server, auth)
    run_tap(stream)
    assert auth.is_token_valid()
    # 95 s later the token has 5 s left: within the refresh margin (10% of 100 s).
    assert auth.last_refreshed is not None
    auth.last_refreshed -= dt.timedelta(seconds=95)
    assert not auth.is_token_valid()
    run_tap(stream)
    assert [form["refresh_token"] for form in forms] == [["r0"], ["r1"]]
    assert server.hits[-1].headers["Authorization"] == "Bearer at2"


def test_token_without_expiry_never_expires(server: Server) -> None:
    token_route(server, expires_in=None)
    auth = ClientCredentials(auth_endpoint=f"{server.url}/token", client_id="a", client_secret="b")
    auth.update_access_token()
    auth.last_refreshed = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert auth.is_token_valid()


def test_failed_token_request_is_an_authentication_error_without_secrets(
    server: Server, caplog: pytest.LogCaptureFixture, run_tap: t.Any
) -> None:
    caplog.set_level(logging.DEBUG)
    token_route(server)
    auth = ClientCredentials(
        auth_endpoint=f"{server.url}/token", client_id="cid", client_secret="wrong"
    )
    with pytest.raises(AuthenticationError, match=r"Failed to update access token \(status=401\)"):
        run_tap(oauth_stream(server, auth))
    assert "invalid_client" not in caplog.text
    with pytest.raises(RuntimeError):  # still a RuntimeError, as in the reference
        auth.update_access_token()


def test_missing_endpoint_and_body_errors() -> None:
    with pytest.raises(ValueError, match=r"Authorization endpoint not set\."):
        _ = OAuthAuthenticator().auth_endpoint
    with pytest.raises(NotImplementedError, match="oauth_request_body"):
        _ = OAuthAuthenticator(auth_endpoint="http://x").oauth_request_payload


def test_jwt_assertion_is_signed_rs256(server: Server) -> None:
    import jwt  # in the dev extra: the test must run, not skip
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pass"),
    ).decode()
    forms = token_route(server)
    auth = OAuthJWTAuthenticator(
        auth_endpoint=f"{server.url}/token",
        client_id="me",
        oauth_scopes="read",
        private_key=pem,
        private_key_passphrase="pass",
    )
    auth.update_access_token()
    assert forms[0]["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    claims = jwt.decode(
        forms[0]["assertion"][0],
        key.public_key(),
        algorithms=["RS256"],
        audience=f"{server.url}/token",
    )
    assert claims["iss"] == "me"
    assert claims["scope"] == "read"
    assert claims["exp"] - claims["iat"] == 3600


def test_jwt_without_key_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Missing 'private_key' for OAuth JWT authentication"):
        _ = OAuthJWTAuthenticator(auth_endpoint="http://x").oauth_request_payload


def test_simple_authenticators() -> None:
    import requests

    request = requests.Request("GET", "http://h/p?a=1").prepare()
    APIKeyAuthenticator(key="k", value="v", location="params")(request)
    assert request.url == "http://h/p?a=1&k=v"
    BasicAuthenticator(username="u", password="p")(request)
    assert request.headers["Authorization"] == "Basic dTpw"
    with pytest.raises(ValueError, match="location must be 'header' or 'params', not 'body'"):
        APIKeyAuthenticator(key="k", value="v", location="body")  # type: ignore[arg-type]


def graphql_stream(server: Server, body: t.Any) -> type[GraphQLStream[t.Any]]:
    server.routes["/graphql"] = lambda hit: (200, {}, body)
    return type(
        "Users",
        (GraphQLStream,),
        {
            "name": "users",
            "schema": SCHEMA,
            "url_base": f"{server.url}/graphql",
            "query": "users {\n  id\n}",
            "get_url_params": lambda self, context, token: {"first": 2},
        },
    )


def test_graphql_query_and_records(server: Server, run_tap: t.Any) -> None:
    import json

    _, messages = run_tap(graphql_stream(server, {"data": {"users": [{"id": 1}, {"id": 2}]}}))
    assert [m["record"]["id"] for m in messages if m["type"] == "RECORD"] == [1, 2]
    hit = server.hits[0]
    assert hit.method == "POST"
    assert json.loads(hit.body) == {"query": "query { users { id } }", "variables": {"first": 2}}


def test_graphql_errors_without_data_are_fatal(server: Server, run_tap: t.Any) -> None:
    body = {"errors": [{"message": "Field 'x' doesn't exist"}], "data": None}
    with pytest.raises(FatalAPIError, match="GraphQL errors in response of 'users': Field 'x'"):
        run_tap(graphql_stream(server, body))


def test_graphql_partial_data_warns(
    server: Server, caplog: pytest.LogCaptureFixture, run_tap: t.Any
) -> None:
    body = {"errors": [{"message": "partial"}], "data": {"users": [{"id": 5}]}}
    _, messages = run_tap(graphql_stream(server, body))
    assert [m["record"]["id"] for m in messages if m["type"] == "RECORD"] == [5]
    assert "GraphQL errors with partial data: partial" in caplog.text


def test_graphql_query_unset_is_a_clear_error(server: Server, run_tap: t.Any) -> None:
    stream = graphql_stream(server, {})
    del stream.query  # type: ignore[attr-defined]
    with pytest.raises(NotImplementedError, match=r"GraphQLStream 'users' has no 'query'\."):
        run_tap(stream)


@pytest.mark.parametrize(
    ("expression", "document", "expected"),
    [
        ("$[*]", [1, 2], [1, 2]),
        ("$.data[*]", {"data": [{"a": 1}]}, [{"a": 1}]),
        ("$.a.b[*]", {"a": {"b": [3, 4]}}, [3, 4]),
        ("$.a.b[*]", {"a": {}}, []),
        ("$.a.b", {"a": {"b": [3]}}, [[3]]),
        (
            "$.items[?(@.ok == true)].id",
            {"items": [{"id": 1, "ok": True}, {"id": 2, "ok": False}]},
            [1],
        ),
        ("$..id", {"x": {"id": 9}}, [9]),
    ],
)
def test_extract_jsonpath(expression: str, document: t.Any, expected: list[t.Any]) -> None:
    assert list(extract_jsonpath(expression, document)) == expected


def test_retry_after_values() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("99999") == 600.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert Decimal("1") == 1


def test_a_plain_requests_auth_object_works_as_authenticator(
    server: Server, run_tap: t.Any
) -> None:
    """Any ``requests.auth.AuthBase`` is accepted, as with Meltano's SDK (requests protocol)."""
    import requests

    class Signature(requests.auth.AuthBase):
        def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
            request.headers["X-Signature"] = f"signed:{request.path_url}"
            return request

    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}])
    stream = type(
        "Items",
        (RESTStream,),
        {
            "name": "items",
            "path": "/items",
            "schema": SCHEMA,
            "url_base": server.url,
            "authenticator": property(lambda self: Signature()),
        },
    )
    _, messages = run_tap(stream)
    assert [m["record"] for m in messages if m["type"] == "RECORD"] == [{"id": 1}]
    assert server.hits[0].headers["X-Signature"] == "signed:/items"
