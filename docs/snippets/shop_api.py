"""A tiny shop API on 127.0.0.1 for the getting-started tutorial.

Endpoints (all JSON):

- ``GET /products?page=N&updated_since=ISO``: three products per page, sorted by
  ``updated_at``, as ``{"items": [...], "next_page": N + 1 or null}``. Needs
  ``Authorization: Bearer demo-token`` (401 otherwise).
- ``GET /products/<id>/reviews``: the reviews of one product, as a JSON array.
- ``POST /oauth/token``: client-credentials token endpoint (client ``demo`` / ``s3cret``)
  returning ``{"access_token": "demo-token", "expires_in": 3600}``.

Run it with ``python shop_api.py`` (port 8765), or start it from Python with
``ShopAPI().start()``.
"""

from __future__ import annotations

import http.server
import json
import threading
import typing as t
from urllib.parse import parse_qs, urlsplit

TOKEN = "demo-token"
PAGE_SIZE = 3
PRODUCTS = [
    {"id": i, "name": name, "price": price, "updated_at": f"2024-01-0{i}T12:00:00Z"}
    for i, (name, price) in enumerate(
        [
            ("kettle", "24.50"),
            ("teapot", "18.00"),
            ("mug", "6.25"),
            ("saucer", "3.10"),
            ("tray", "12.00"),
            ("spoon", "1.75"),
            ("strainer", "4.40"),
        ],
        start=1,
    )
]
REVIEWS = {1: ["Boils fast", "Loud"], 2: ["Pretty"], 5: ["Sturdy", "Heavy", "Good value"]}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # answer at once on kept-alive connections

    def log_message(self, *args: t.Any) -> None:  # keep the tutorial output quiet
        pass

    def _send(self, status: int, body: t.Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"error": "missing or wrong bearer token"})
            return
        parts = url.path.strip("/").split("/")
        if parts == ["products"]:
            since = query.get("updated_since", "")
            rows = [p for p in PRODUCTS if p["updated_at"] >= since]
            page = int(query.get("page", "1"))
            items = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            more = page * PAGE_SIZE < len(rows)
            self._send(200, {"items": items, "next_page": page + 1 if more else None})
        elif len(parts) == 3 and parts[0] == "products" and parts[2] == "reviews":
            product_id = int(parts[1])
            texts = REVIEWS.get(product_id, [])
            reviews = [{"id": product_id * 100 + n, "text": s} for n, s in enumerate(texts)]
            self._send(200, reviews)
        else:
            self._send(404, {"error": f"no route {url.path}"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if urlsplit(self.path).path != "/oauth/token":
            self._send(404, {"error": "no route"})
        elif form.get("client_id") == ["demo"] and form.get("client_secret") == ["s3cret"]:
            self._send(200, {"access_token": TOKEN, "expires_in": 3600})
        else:
            self._send(401, {"error": "invalid_client"})


class ShopAPI:
    """The shop API served from a background thread.

    Args:
        port: the port to listen on; 0 picks a free one.
    """

    def __init__(self, port: int = 0) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> ShopAPI:
        """Start serving; returns the server, whose ``url`` is the base URL."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    api = ShopAPI(port=8765)
    print(f"Shop API on {api.url} (Ctrl+C to stop)")
    api.httpd.serve_forever()
