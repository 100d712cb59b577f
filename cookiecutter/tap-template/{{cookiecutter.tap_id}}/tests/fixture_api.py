"""A local stand-in for the {{ cookiecutter.source_name }} API, so the tests run offline.

It serves the sample records below from ``127.0.0.1`` on a free port and checks the
credentials the tests configure. Replace the samples with responses recorded from the real
API when you have them.
"""

from __future__ import annotations

{% if cookiecutter.auth_method == "Basic Auth" -%}
import base64
{% endif -%}
import json
import threading
import typing as t
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
{%- if cookiecutter.stream_type == "REST" %}
from urllib.parse import parse_qs, urlsplit
{%- elif cookiecutter.auth_method in ("OAuth2", "JWT") %}
from urllib.parse import parse_qs
{%- endif %}

USERS: list[dict[str, t.Any]] = [
    {
        "id": number,
        "name": f"User {number}",
        "email": f"user{number}@example.com",
        "active": number % 2 == 1,
        "updated_at": f"2024-01-0{number}T00:00:00Z",
    }
    for number in range(1, 6)
]
GROUPS: list[dict[str, t.Any]] = [
    {"id": 1, "name": "Admins", "member_ids": [1, 2]},
    {"id": 2, "name": "Readers", "member_ids": [3, 4, 5]},
]
{%- if cookiecutter.stream_type == "REST" %}
PAGE_SIZE = 2
{%- endif %}

{%- if cookiecutter.auth_method == "API Key" %}

API_KEY = "test-api-key"
{%- elif cookiecutter.auth_method == "Bearer Token" %}

AUTH_TOKEN = "test-auth-token"
{%- elif cookiecutter.auth_method == "Basic Auth" %}

USERNAME = "test-user"
PASSWORD = "test-password"
{%- elif cookiecutter.auth_method in ("OAuth2", "JWT") %}

CLIENT_ID = "test-client"
{%- if cookiecutter.auth_method == "OAuth2" %}
CLIENT_SECRET = "test-client-secret"
{%- endif %}
ACCESS_TOKEN = "test-access-token"
TOKEN_PATH = "/oauth/token"
{%- endif %}


def expected_authorization() -> dict[str, str]:
    """Return the headers a request must carry to be served (empty: none needed)."""
{%- if cookiecutter.auth_method == "API Key" %}
    return {"X-API-Key": API_KEY}
{%- elif cookiecutter.auth_method == "Bearer Token" %}
    return {"Authorization": f"Bearer {AUTH_TOKEN}"}
{%- elif cookiecutter.auth_method == "Basic Auth" %}
    credentials = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}
{%- elif cookiecutter.auth_method in ("OAuth2", "JWT") %}
    return {"Authorization": f"Bearer {ACCESS_TOKEN}"}
{%- else %}
    return {}
{%- endif %}


class _Handler(BaseHTTPRequestHandler):
    """Answers the API's requests from the sample data."""
{%- if cookiecutter.auth_method == "JWT" %}

    #: The PEM public key that JWT assertions must be signed for (set by the tests).
    public_key: t.ClassVar[str] = ""
{%- endif %}

    def log_message(self, format: str, *args: t.Any) -> None:
        """Keep the test output quiet."""

    def _send_json(self, status: int, body: object) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _authorized(self) -> bool:
        return all(self.headers.get(k) == v for k, v in expected_authorization().items())

    def _read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))
{%- if cookiecutter.auth_method in ("OAuth2", "JWT") %}

    def _issue_token(self) -> None:
        form = {key: values[0] for key, values in parse_qs(self._read_body().decode()).items()}
{%- if cookiecutter.auth_method == "OAuth2" %}
        valid = (
            form.get("grant_type") == "client_credentials"
            and form.get("client_id") == CLIENT_ID
            and form.get("client_secret") == CLIENT_SECRET
        )
{%- else %}
        import jwt

        valid = form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer"
        if valid:
            try:
                claims = jwt.decode(
                    form.get("assertion", ""),
                    self.public_key,
                    algorithms=["RS256"],
                    audience=f"http://{self.headers['Host']}{TOKEN_PATH}",
                )
            except jwt.PyJWTError:
                valid = False
            else:
                valid = claims.get("iss") == CLIENT_ID
{%- endif %}
        if not valid:
            self._send_json(401, {"error": "invalid_client"})
            return
        self._send_json(200, {"access_token": ACCESS_TOKEN, "expires_in": 3600})
{%- endif %}
{%- if cookiecutter.stream_type == "REST" %}

    def do_GET(self) -> None:
        """Serve ``/users`` and ``/groups``, ``PAGE_SIZE`` records per page."""
        url = urlsplit(self.path)
        if not self._authorized():
            self._send_json(401, {"error": "unauthorized"})
            return
        collections = {"/users": USERS, "/groups": GROUPS}
        if url.path not in collections:
            self._send_json(404, {"error": "not found"})
            return
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        rows = collections[url.path]
        if "since" in query:
            since = query["since"].replace("+00:00", "Z")
            rows = [row for row in rows if row["updated_at"] >= since]
        page = int(query.get("page", "1"))
        start = (page - 1) * PAGE_SIZE
        next_page = page + 1 if start + PAGE_SIZE < len(rows) else None
        self._send_json(200, {"data": rows[start : start + PAGE_SIZE], "next_page": next_page})
{%- endif %}

    def do_POST(self) -> None:
{%- if cookiecutter.stream_type == "GraphQL" %}
        """Answer GraphQL queries for ``users`` and ``groups`` (and the token endpoint)."""
{%- else %}
        """Answer the token endpoint."""
{%- endif %}
{%- if cookiecutter.auth_method in ("OAuth2", "JWT") %}
        if self.path == TOKEN_PATH:
            self._issue_token()
            return
{%- endif %}
{%- if cookiecutter.stream_type == "GraphQL" %}
        if not self._authorized():
            self._send_json(401, {"errors": [{"message": "unauthorized"}]})
            return
        query = str(json.loads(self._read_body() or b"{}").get("query", ""))
        for name, rows in (("users", USERS), ("groups", GROUPS)):
            if name in query:
                self._send_json(200, {"data": {name: rows}})
                return
        self._send_json(400, {"errors": [{"message": "unknown query"}]})
{%- else %}
        self._send_json(404, {"error": "not found"})
{%- endif %}


def start_fixture_api({% if cookiecutter.auth_method == "JWT" %}public_key: str{% endif %}) -> str:
    """Start the stand-in API in a background thread and return its base URL.

{%- if cookiecutter.auth_method == "JWT" %}

    Args:
        public_key: the PEM public key that checks the tap's JWT assertions.
{%- endif %}

    Returns:
        ``http://127.0.0.1:<port>``; the server stops when the test process exits.
    """
{%- if cookiecutter.auth_method == "JWT" %}
    _Handler.public_key = public_key
{%- endif %}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"
