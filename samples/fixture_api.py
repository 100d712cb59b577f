"""fixture-api: a small, deterministic REST + GraphQL API on a local port, for the sample taps.

Data (generated from a seed, the same on every run): users, each with 0 to 4 orders.

Endpoints (all but ``/`` need ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``,
else 401):

- ``GET /users``: page-number pagination (``page``, ``per_page``); the body is
  ``{"data": [...], "page": n, "per_page": m, "total": t, "next": <url or null>}`` and the next
  page's URL is also in a ``Link: <url>; rel="next"`` header. ``updated_since=<ISO 8601>`` keeps
  users updated at or after that time (inclusive); ``sort=updated_at`` orders by update time
  (default: by ``id``).
- ``GET /users/<id>/orders``: the user's orders, cursor pagination (``limit``, ``cursor``); the
  body is ``{"data": [...], "next_cursor": <opaque string or null>}``; ``updated_since`` as above.
- ``POST /graphql``: ``{"query": ..., "variables": {...}}`` answering one query shape,
  ``users(first: Int, after: String) { nodes { <user fields> } pageInfo { hasNextPage
  endCursor } totalCount }``, with field selection (``address { city }`` included).
- ``GET /``: what the API serves (no key needed).

Rate limiting on request: add ``throttle=1`` to a request's query and its first try answers 429
with ``Retry-After`` (the retry, same URL, succeeds); or start the server with
``throttle_every=N`` (every N-th API request is answered 429 once) or ``throttle_first=N`` (the
first N API requests are).

Run it standalone: ``python samples/fixture_api.py --port 0`` prints its base URL and serves until
Ctrl-C; ``python samples/fixture_api.py -- <command>`` serves while the command runs, with the
sample taps' ``--config ENV`` variables pointing at it (see :func:`environment_for`). From
Python::

    from fixture_api import serve

    with serve(seed=7, user_count=25) as url:
        ...  # run a tap with {"api_url": url, "api_key": "fixture-key"}
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import datetime as dt
import http.server
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import typing as t
from urllib.parse import parse_qs, urlencode, urlsplit

if t.TYPE_CHECKING:
    from email.message import Message

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_SEED",
    "FixtureData",
    "FixtureServer",
    "GraphQLQueryError",
    "Hit",
    "environment_for",
    "generate_data",
    "main",
    "run_graphql",
    "serve",
]

#: The API key the server accepts unless told otherwise.
DEFAULT_API_KEY = "fixture-key"
#: The seed of the generated data unless told otherwise.
DEFAULT_SEED = 7
#: The time every generated timestamp is counted from.
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

_FIRST_NAMES = ["Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace"]
_LAST_NAMES = ["Hopper", "Knuth", "Liskov", "Lovelace", "Shannon", "Turing", "Allen", "Wirth"]
_CITIES = [("Lyon", "FR"), ("Leeds", "GB"), ("Austin", "US"), ("Delft", "NL"), ("Turin", "IT")]
_STATUSES = ["pending", "paid", "shipped", "delivered", "refunded"]
_TAGS = ["beta", "vip", "newsletter", "trial", "partner"]
_USER_PATH = re.compile(r"^/users/(?P<user_id>[^/]+)/orders$")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> dt.datetime:
    """Return ``text`` (ISO 8601) as an aware datetime; naive times are UTC.

    Raises:
        ValueError: not ISO 8601.
    """
    moment = dt.datetime.fromisoformat(text.strip().replace("z", "Z"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class FixtureData:
    """The API's data: ``users`` (sorted by id) and ``orders`` by user id.

    Args:
        users: the user objects.
        orders: each user's orders, by user id.
    """

    def __init__(self, users: list[dict[str, t.Any]], orders: dict[int, list[dict[str, t.Any]]]):
        self.users = users
        self.orders = orders
        self.lock = threading.Lock()

    def user(self, user_id: int) -> dict[str, t.Any] | None:
        """Return the user with ``user_id``, or None."""
        return next((user for user in self.users if user["id"] == user_id), None)

    def latest_update(self) -> dt.datetime:
        """Return the latest ``updated_at`` of any user or order."""
        stamps = [user["updated_at"] for user in self.users]
        stamps += [order["updated_at"] for orders in self.orders.values() for order in orders]
        return max((_parse_time(stamp) for stamp in stamps), default=EPOCH)


def generate_data(seed: int = DEFAULT_SEED, user_count: int = 25) -> FixtureData:
    """Return the users and orders generated from ``seed`` (the same for the same arguments).

    User ``n`` was created ``n`` days before 2024-01-01 and last updated at a distinct hour of
    January 2024 (hours shuffled, so update order differs from id order). Orders have global
    sequential ids and are updated after their user was created.
    """
    rng = random.Random(seed)
    hours = list(range(1, user_count + 1))
    rng.shuffle(hours)
    users: list[dict[str, t.Any]] = []
    orders: dict[int, list[dict[str, t.Any]]] = {}
    order_id = 0
    for user_id in range(1, user_count + 1):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        city, country = rng.choice(_CITIES)
        created = EPOCH - dt.timedelta(days=user_id)
        users.append(
            {
                "id": user_id,
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}.{user_id}@example.com",
                "is_active": rng.random() < 0.8,
                "score": round(rng.uniform(0, 100), 2),
                "created_at": _iso(created),
                "updated_at": _iso(EPOCH + dt.timedelta(hours=hours[user_id - 1])),
                "address": {"street": f"{user_id} Main Street", "city": city, "country": country},
                "tags": sorted(rng.sample(_TAGS, rng.randrange(0, 3))),
            }
        )
        user_orders = []
        for number in range(rng.randrange(0, 5)):
            order_id += 1
            placed = created + dt.timedelta(hours=6 * (number + 1))
            user_orders.append(
                {
                    "id": order_id,
                    "user_id": user_id,
                    "status": rng.choice(_STATUSES),
                    "total": round(rng.uniform(5, 500), 2),
                    "currency": "EUR" if country in {"FR", "NL", "IT"} else "USD",
                    "created_at": _iso(placed),
                    "updated_at": _iso(placed + dt.timedelta(minutes=rng.randrange(1, 600))),
                    "items": [
                        {"sku": f"SKU-{rng.randrange(100, 999)}", "quantity": rng.randrange(1, 4)}
                        for _ in range(rng.randrange(1, 3))
                    ],
                }
            )
        orders[user_id] = user_orders
    return FixtureData(users, orders)


# -- GraphQL (one query shape, parsed by hand) -------------------------------------------------


class GraphQLQueryError(ValueError):
    """The GraphQL query is malformed or asks for something the API does not have."""


_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<number>-?\d+)|(?P<var>\$[_A-Za-z]\w*)'
    r"|(?P<name>[_A-Za-z]\w*)|(?P<punct>[{}():!,=\[\]])|(?P<bad>\S))"
)
_TYPE_NAMES = {"users": "UserConnection", "nodes": "User", "pageInfo": "PageInfo"}
_TYPE_NAMES["address"] = "Address"
Selection = dict[str, t.Any]  # field name -> {"args": {...}, "fields": Selection | None}


class _QueryParser:
    """Recursive descent over the tokens of one GraphQL query document."""

    def __init__(self, text: str, variables: dict[str, t.Any]) -> None:
        self.tokens: list[tuple[str, str]] = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup or "bad"
            value = match.group(kind)
            if kind == "bad":
                msg = f"Syntax error: unexpected character {value!r}"
                raise GraphQLQueryError(msg)
            self.tokens.append((kind, value))
        self.position = 0
        self.variables = variables

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("end", "")

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (expected is not None and token[1] != expected):
            want = repr(expected) if expected else "more input"
            msg = f"Syntax error: expected {want}, got {token[1] or 'end of query'!r}"
            raise GraphQLQueryError(msg)
        self.position += 1
        return token

    def document(self) -> Selection:
        if self.peek()[1] in {"query", "{"}:
            if self.peek()[1] == "query":
                self.take()
                if self.peek()[0] == "name":
                    self.take()
                if self.peek()[1] == "(":
                    self.skip_parenthesised()
            selection = self.selection_set()
            if self.peek()[0] != "end":
                msg = f"Syntax error: unexpected {self.peek()[1]!r} after the query"
                raise GraphQLQueryError(msg)
            return selection
        msg = "Only queries are supported (mutations and subscriptions are not)"
        raise GraphQLQueryError(msg)

    def skip_parenthesised(self) -> None:
        depth = 0
        while True:
            _, value = self.take()
            depth += {"(": 1, ")": -1}.get(value, 0)
            if depth == 0:
                return

    def selection_set(self) -> Selection:
        self.take("{")
        fields: Selection = {}
        while self.peek()[1] != "}":
            kind, name = self.take()
            if kind != "name":
                msg = f"Syntax error: expected a field name, got {name!r}"
                raise GraphQLQueryError(msg)
            args = self.arguments() if self.peek()[1] == "(" else {}
            sub = self.selection_set() if self.peek()[1] == "{" else None
            fields[name] = {"args": args, "fields": sub}
            if self.peek()[1] == ",":
                self.take()
        self.take("}")
        return fields

    def arguments(self) -> dict[str, t.Any]:
        self.take("(")
        args: dict[str, t.Any] = {}
        while self.peek()[1] != ")":
            kind, name = self.take()
            if kind != "name":
                msg = f"Syntax error: expected an argument name, got {name!r}"
                raise GraphQLQueryError(msg)
            self.take(":")
            args[name] = self.value()
            if self.peek()[1] == ",":
                self.take()
        self.take(")")
        return args

    def value(self) -> t.Any:
        kind, text = self.take()
        if kind == "var":
            return self.variables.get(text[1:])
        if kind == "number":
            return int(text)
        if kind == "string":
            return json.loads(text)
        if kind == "name" and text in {"null", "true", "false"}:
            return {"null": None, "true": True, "false": False}[text]
        msg = f"Syntax error: unsupported argument value {text!r}"
        raise GraphQLQueryError(msg)


def _project(value: dict[str, t.Any], fields: Selection, where: str) -> dict[str, t.Any]:
    """Return the part of ``value`` that ``fields`` selects (objects need a sub-selection)."""
    result: dict[str, t.Any] = {}
    for name, spec in fields.items():
        if name not in value:
            msg = f"Cannot query field {name!r} on type {where!r}"
            raise GraphQLQueryError(msg)
        item, sub = value[name], spec["fields"]
        items = item if isinstance(item, list) else [item]
        is_object = isinstance(item, dict) or any(isinstance(one, dict) for one in items)
        if is_object and sub is None:
            msg = f"Field {name!r} of type {where!r} must have a selection of subfields"
            raise GraphQLQueryError(msg)
        if sub is not None and not is_object and item not in ([], None):
            msg = f"Field {name!r} of type {where!r} is a scalar and has no subfields"
            raise GraphQLQueryError(msg)
        if sub is None or item is None:
            result[name] = copy.deepcopy(item)
        elif isinstance(item, list):
            result[name] = [_project(one, sub, _TYPE_NAMES.get(name, name)) for one in item]
        else:
            result[name] = _project(item, sub, _TYPE_NAMES.get(name, name))
    return result


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"position:{index}".encode()).decode()


def _uncursor(cursor: str) -> int:
    try:
        kind, _, index = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "position":
            raise ValueError(kind)
        return int(index)
    except (ValueError, UnicodeDecodeError) as exc:
        msg = f"Invalid cursor {cursor!r}"
        raise GraphQLQueryError(msg) from exc


def run_graphql(data: FixtureData, query: str, variables: dict[str, t.Any]) -> dict[str, t.Any]:
    """Answer one GraphQL request; return the response body (``data`` or ``errors``)."""
    try:
        selection = _QueryParser(query, variables).document()
        unknown = sorted(set(selection) - {"users"})
        if unknown:
            msg = f"Cannot query field {unknown[0]!r} on type 'Query'"
            raise GraphQLQueryError(msg)
        users = selection["users"]
        args = users["args"]
        first = args.get("first", 10)
        if not isinstance(first, int) or not 1 <= first <= 100:
            msg = f"Argument 'first' must be an integer from 1 to 100, got {first!r}"
            raise GraphQLQueryError(msg)
        start = 0 if args.get("after") is None else _uncursor(str(args["after"])) + 1
        with data.lock:
            everyone = copy.deepcopy(data.users)
        page = everyone[start : start + first]
        connection = {
            "nodes": page,
            "pageInfo": {
                "hasNextPage": start + first < len(everyone),
                "endCursor": _cursor(start + len(page) - 1) if page else None,
            },
            "totalCount": len(everyone),
        }
        result = _project({"users": connection}, {"users": users}, "Query")
    except GraphQLQueryError as exc:
        return {"errors": [{"message": str(exc)}]}
    return {"data": result}


# -- HTTP ----------------------------------------------------------------------------------------


class Hit(t.NamedTuple):
    """One request the server answered."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    at: float  # time.monotonic() when the answer was sent


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class FixtureServer:
    """The fixture API on a local port, served from a background thread.

    Use it as a context manager (``with FixtureServer() as api: api.url``) or call
    :meth:`start` and :meth:`stop`.

    Args:
        host: the interface to listen on.
        port: the port (0: any free port).
        seed: the seed of the generated data.
        user_count: how many users there are.
        api_key: the key requests must carry.
        page_size: the default ``per_page`` of ``/users`` and ``limit`` of orders.
        throttle_every: answer every N-th API request with 429 once (0: never).
        throttle_first: answer each of the first N API requests with 429 once.
        retry_after: the ``Retry-After`` seconds sent with a 429.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int = DEFAULT_SEED,
        user_count: int = 25,
        api_key: str = DEFAULT_API_KEY,
        page_size: int = 10,
        throttle_every: int = 0,
        throttle_first: int = 0,
        retry_after: int = 1,
    ) -> None:
        self.data = generate_data(seed, user_count)
        self.api_key = api_key
        self.page_size = page_size
        self.throttle_every = throttle_every
        self.throttle_first = throttle_first
        self.retry_after = retry_after
        self.hits: list[Hit] = []
        self._api_requests = 0
        self._throttled: set[str] = set()
        self._httpd = http.server.ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        bound_host, bound_port = self._httpd.server_address[:2]
        self.url = f"http://{bound_host!s}:{bound_port}"
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FixtureServer:
        """Start answering requests in a daemon thread; return the server."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fixture-api",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering and close the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- changing the data -------------------------------------------------------------------

    def touch_user(self, user_id: int, **changes: t.Any) -> dict[str, t.Any]:
        """Update a user: apply ``changes`` and move its ``updated_at`` after every other update.

        Returns:
            A copy of the updated user.

        Raises:
            KeyError: there is no such user.
        """
        with self.data.lock:
            user = self.data.user(user_id)
            if user is None:
                raise KeyError(user_id)
            user.update(changes)
            user["updated_at"] = _iso(self.data.latest_update() + dt.timedelta(hours=1))
            return copy.deepcopy(user)

    def add_user(self, name: str, email: str | None = None) -> dict[str, t.Any]:
        """Add a user (no orders), updated after every other update; return a copy of it."""
        with self.data.lock:
            user_id = max((user["id"] for user in self.data.users), default=0) + 1
            now = self.data.latest_update() + dt.timedelta(hours=1)
            user: dict[str, t.Any] = {
                "id": user_id,
                "name": name,
                "email": email or f"user.{user_id}@example.com",
                "is_active": True,
                "score": 0.0,
                "created_at": _iso(now),
                "updated_at": _iso(now),
                "address": {"street": None, "city": None, "country": None},
                "tags": [],
            }
            self.data.users.append(user)
            self.data.orders[user_id] = []
            return copy.deepcopy(user)

    # -- answering ---------------------------------------------------------------------------

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "fixture-api/1"
            disable_nagle_algorithm = True  # no 40 ms stalls between header and body writes

            def log_message(self, format: str, *args: t.Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                try:
                    status, headers, payload = server._route(
                        self.command, parts.path, query, self.headers, body
                    )
                except _HTTPError as exc:
                    status, headers = exc.status, exc.headers
                    payload = {"error": http.HTTPStatus(status).phrase, "message": str(exc)}
                data = json.dumps(payload).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                server.hits.append(Hit(self.command, parts.path, query, status, time.monotonic()))

            do_GET = do_POST = _answer

        return Handler

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: Message[str, str],
        body: bytes,
    ) -> tuple[int, dict[str, str], t.Any]:
        path = path.rstrip("/") or "/"
        if path == "/":
            return 200, {}, {
                "name": "fixture-api",
                "endpoints": ["/users", "/users/{id}/orders", "/graphql"],
                "auth": "X-API-Key: <key> or Authorization: Bearer <key>",
            }  # fmt: skip
        self._check_key(headers)
        self._maybe_throttle(method, path, query)
        if path == "/users" and method == "GET":
            return self._users(query)
        match = _USER_PATH.match(path)
        if match and method == "GET":
            return self._orders(match.group("user_id"), query)
        if path == "/graphql" and method == "POST":
            return self._graphql(body)
        if path in {"/users", "/graphql"} or match:
            raise _HTTPError(405, f"Method {method} is not allowed on {path}")
        raise _HTTPError(404, f"No such endpoint: {path}")

    def _check_key(self, headers: Message[str, str]) -> None:
        given = headers.get("X-API-Key")
        authorization = headers.get("Authorization") or ""
        if given is None and authorization.lower().startswith("bearer "):
            given = authorization[7:].strip()
        if given != self.api_key:
            reason = "Missing API key" if given is None else "Invalid API key"
            raise _HTTPError(401, reason, {"WWW-Authenticate": 'Bearer realm="fixture-api"'})

    def _maybe_throttle(self, method: str, path: str, query: dict[str, list[str]]) -> None:
        with self.data.lock:
            self._api_requests += 1
            key = f"{method} {path}?{sorted(query.items())}"
            every = self.throttle_every
            asked = query.get("throttle", ["0"])[-1] not in {"", "0", "false"}
            due = (every > 0 and self._api_requests % every == 0) or (
                self._api_requests <= self.throttle_first
            )
            if (asked or due) and key not in self._throttled:
                self._throttled.add(key)
                raise _HTTPError(429, "Too many requests", {"Retry-After": str(self.retry_after)})

    @staticmethod
    def _int_param(query: dict[str, list[str]], name: str, default: int, low: int = 1) -> int:
        text = query.get(name, [str(default)])[-1]
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= 1000:
            raise _HTTPError(400, f"Parameter {name!r} must be an integer from {low} to 1000")
        return value

    @staticmethod
    def _since(query: dict[str, list[str]]) -> dt.datetime | None:
        text = query.get("updated_since", [""])[-1]
        if not text:
            return None
        try:
            return _parse_time(text)
        except ValueError:
            msg = f"Parameter 'updated_since' is not an ISO 8601 date-time: {text!r}"
            raise _HTTPError(400, msg) from None

    def _users(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], t.Any]:
        page = self._int_param(query, "page", 1)
        per_page = self._int_param(query, "per_page", self.page_size)
        since = self._since(query)
        sort = query.get("sort", ["id"])[-1]
        if sort not in {"id", "updated_at"}:
            raise _HTTPError(400, f"Parameter 'sort' must be 'id' or 'updated_at', got {sort!r}")
        with self.data.lock:
            users = [
                copy.deepcopy(user)
                for user in self.data.users
                if since is None or _parse_time(user["updated_at"]) >= since
            ]
        if sort == "updated_at":
            users.sort(key=lambda user: (_parse_time(user["updated_at"]), user["id"]))
        rows = users[(page - 1) * per_page : page * per_page]
        next_url = None
        headers: dict[str, str] = {}
        if page * per_page < len(users):
            params = {key: values[-1] for key, values in query.items() if key != "throttle"}
            params.update(page=str(page + 1), per_page=str(per_page))
            next_url = f"{self.url}/users?{urlencode(params)}"
            headers["Link"] = f'<{next_url}>; rel="next"'
        body = {
            "data": rows,
            "page": page,
            "per_page": per_page,
            "total": len(users),
            "next": next_url,
        }
        return 200, headers, body

    def _orders(
        self, user_id_text: str, query: dict[str, list[str]]
    ) -> tuple[int, dict[str, str], t.Any]:
        try:
            user_id = int(user_id_text)
        except ValueError:
            raise _HTTPError(404, f"No user with id {user_id_text!r}") from None
        limit = self._int_param(query, "limit", self.page_size)
        since = self._since(query)
        cursor = query.get("cursor", [""])[-1]
        try:
            start = _uncursor(cursor) if cursor else 0
        except GraphQLQueryError as exc:
            raise _HTTPError(400, str(exc)) from None
        with self.data.lock:
            if self.data.user(user_id) is None:
                raise _HTTPError(404, f"No user with id {user_id}")
            orders = [
                copy.deepcopy(order)
                for order in self.data.orders.get(user_id, [])
                if since is None or _parse_time(order["updated_at"]) >= since
            ]
        rows = orders[start : start + limit]
        more = start + limit < len(orders)
        return 200, {}, {"data": rows, "next_cursor": _cursor(start + limit) if more else None}

    def _graphql(self, body: bytes) -> tuple[int, dict[str, str], t.Any]:
        try:
            request = json.loads(body or b"null")
        except ValueError:
            raise _HTTPError(400, "The body is not JSON") from None
        if not isinstance(request, dict) or not isinstance(request.get("query"), str):
            raise _HTTPError(400, "The body must be a JSON object with a 'query' string")
        variables = request.get("variables") or {}
        if not isinstance(variables, dict):
            raise _HTTPError(400, "'variables' must be a JSON object")
        return 200, {}, run_graphql(self.data, request["query"], variables)


@contextlib.contextmanager
def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    **options: t.Any,
) -> t.Iterator[str]:
    """Serve the fixture API for the duration of a ``with`` block; yield its base URL.

    Args:
        host: the interface to listen on.
        port: the port (0: any free port).
        options: the keyword options of :class:`FixtureServer` (``seed``, ``user_count``,
            ``api_key``, ``page_size``, ``throttle_every``, ``throttle_first``, ``retry_after``).

    Yields:
        The base URL, e.g. ``http://127.0.0.1:50731`` (no trailing slash).
    """
    with FixtureServer(host, port, **options) as server:
        yield server.url


def environment_for(url: str, api_key: str = DEFAULT_API_KEY) -> dict[str, str]:
    """Return the environment variables that point the sample taps (``--config ENV``) at ``url``.

    ``FIXTURE_API_URL`` and ``FIXTURE_API_KEY``, and the ``api_url``/``api_key`` settings of
    ``tap-fixture-rest`` and ``tap-fixture-graphql``.
    """
    env = {"FIXTURE_API_URL": url, "FIXTURE_API_KEY": api_key}
    for tap in ("TAP_FIXTURE_REST", "TAP_FIXTURE_GRAPHQL"):
        env[f"{tap}_API_URL"] = url
        env[f"{tap}_API_KEY"] = api_key
    return env


def main(argv: t.Sequence[str] | None = None) -> int:
    """Serve the fixture API; return the exit code.

    Without a command: print the base URL, serve until interrupted, return 0. With a command
    (after ``--``): serve while the command runs, with :func:`environment_for` variables set,
    and return the command's exit code.
    """
    parser = argparse.ArgumentParser(
        prog="fixture-api",
        description=__doc__.splitlines()[0],
        epilog="Example: fixture_api.py -- sh -c 'python samples/tap_rest_fixture.py "
        "--config ENV | ...'",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--users", type=int, default=25, help="how many users")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--page-size", type=int, default=10)
    parser.add_argument("--throttle-every", type=int, default=0)
    parser.add_argument("--throttle-first", type=int, default=0)
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="run this, then stop")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    server = FixtureServer(
        args.host,
        args.port,
        seed=args.seed,
        user_count=args.users,
        api_key=args.api_key,
        page_size=args.page_size,
        throttle_every=args.throttle_every,
        throttle_first=args.throttle_first,
        retry_after=args.retry_after,
    )
    print(f"fixture-api: serving on {server.url} (API key {args.api_key!r})", file=sys.stderr)
    try:
        server.start()
        if command:
            env = {**os.environ, **environment_for(server.url, args.api_key)}
            return subprocess.run(command, env=env, check=False).returncode
        print(server.url, flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
