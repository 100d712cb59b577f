"""Fuzz the paths a secret setting can take out of a tap: no log line or error may show it.

A REST tap whose setting ``k`` is marked ``secret=True`` (a name no pattern would guess) runs
through its command line against a real HTTP server on 127.0.0.1, at DEBUG level so that
``urllib3`` logs every URL. Hypothesis chooses the secret (URL and JSON special characters
included), where the stream puts it (query parameter, URL path, header, JSON body, its own log
line, an exception message) and how the server answers (records, 401, 404, 500 echoing the
whole request, a dropped connection, nobody listening). Everything the tap writes, standard
error and output, is searched for the secret in every form it could take (raw, percent-encoded,
``+`` for spaces, JSON- and repr-escaped).
"""

from __future__ import annotations

import http.server
import json
import logging
import os
import signal
import string
import threading
import typing as t
from urllib.parse import quote, quote_plus

import backoff
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from singer_sdk import RESTStream, Tap
from singer_sdk import typing as th
from singer_sdk._redaction import clear_secrets

FACTOR = max(1, int(os.environ.get("SINGER_SDK_FUZZ_FACTOR", "1")))
PLACES = ["query", "path", "header", "body", "log", "exception"]
ANSWERS = ["200", "401", "404", "500-echo", "drop", "down"]


class _Echo(http.server.BaseHTTPRequestHandler):
    """Answers as ``server.answer`` says; a 500 echoes the request line, headers and body."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: t.Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        answer = self.server.answer  # type: ignore[attr-defined]
        if answer == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if answer == "500-echo":
            status = 500
            data = json.dumps(
                {"line": self.requestline, "headers": dict(self.headers), "body": body.decode()}
            ).encode()
        elif answer in {"401", "404"}:
            status, data = int(answer), json.dumps({"error": self.path}).encode()
        else:
            status, data = 200, b'[{"id": 1}]'
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _serve


@pytest.fixture(scope="module")
def echo_server() -> t.Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    server.answer = "200"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.daemon = True
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class LeakyStream(RESTStream[t.Any]):
    """A stream that carries the secret wherever the config's ``place`` says."""

    name = "s0"
    records_jsonpath = "$[*]"
    schema = th.PropertiesList(th.Property("id", th.IntegerType)).to_dict()

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"])

    @property
    def path(self) -> str:  # type: ignore[override]
        if self.config["place"] == "path":
            return "/s0/" + quote(self.config["k"], safe="")
        return "/s0"

    @property
    def rest_method(self) -> str:  # type: ignore[override]
        return "POST" if self.config["place"] == "body" else "GET"

    @property
    def http_headers(self) -> dict[str, str]:
        headers = dict(super().http_headers)
        if self.config["place"] == "header":
            headers["X-K"] = self.config["k"]
        return headers

    def get_url_params(self, context: t.Any, next_page_token: t.Any) -> dict[str, t.Any]:
        if self.config["place"] == "query":
            return {"p": 0, "q": self.config["k"]}
        return {}

    def prepare_request_payload(self, context: t.Any, next_page_token: t.Any) -> t.Any:
        if self.config["place"] == "body":
            return {"data": {"k": self.config["k"]}}
        return None

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        if self.config["place"] == "log":
            self.logger.info("Config is %r; settings %s", self.config, dict(self.config))
        if self.config["place"] == "exception":
            msg = f"cannot sync with {dict(self.config)!r}"
            raise RuntimeError(msg)
        yield from super().get_records(context)

    @property
    def backoff_max_tries(self) -> int:  # type: ignore[override]
        return 2

    def backoff_wait_generator(self) -> t.Generator[float, None, None]:
        return backoff.constant(interval=0)  # type: ignore[no-any-return]


class SecretTap(Tap):
    name = "tap-secret-fuzz"
    config_jsonschema = th.PropertiesList(
        th.Property("api_url", th.StringType, required=True),
        th.Property("k", th.StringType, required=True, secret=True),
        th.Property("place", th.StringType, required=True),
    ).to_dict()

    def discover_streams(self) -> list[t.Any]:
        return [LeakyStream(self)]


SECRET_ALPHABET = string.ascii_letters + string.digits + "-_.~!$&'()*+,;=:@/?%#[]{}\"\\<>^`| "
secrets = st.text(alphabet=SECRET_ALPHABET, min_size=10, max_size=30).filter(
    lambda s: len(set(s)) >= 6 and s.strip() == s and "REDACTED" not in s
)


def forms(secret: str) -> set[str]:
    return {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        repr(secret)[1:-1],
    }


def run_tap(config: dict[str, t.Any], tmp_path: t.Any) -> tuple[int, str]:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    sigint, sigterm = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    os.environ["TAP_SECRET_FUZZ_LOGLEVEL"] = "DEBUG"
    try:
        result = _runner().invoke(SecretTap.cli, ["--config", str(path)])
    finally:
        os.environ.pop("TAP_SECRET_FUZZ_LOGLEVEL", None)
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.captureWarnings(False)
        signal.signal(signal.SIGINT, sigint)
        signal.signal(signal.SIGTERM, sigterm)
        clear_secrets()  # the next tests' logs are theirs
    return result.exit_code, result.stdout + result.stderr


@hsettings(max_examples=24 * FACTOR)
@given(secret=secrets, place=st.sampled_from(PLACES), answer=st.sampled_from(ANSWERS))
def test_no_secret_leaves_the_process(
    echo_server: http.server.ThreadingHTTPServer,
    tmp_path_factory: pytest.TempPathFactory,
    count_example: t.Callable[[str], None],
    secret: str,
    place: str,
    answer: str,
) -> None:
    count_example("secrets")
    echo_server.answer = answer  # type: ignore[attr-defined]
    port = echo_server.server_address[1]
    url = "http://127.0.0.1:1" if answer == "down" else f"http://127.0.0.1:{port}"
    config = {"api_url": url, "k": secret, "place": place}
    exit_code, text = run_tap(config, tmp_path_factory.mktemp("secret"))
    leaked = sorted(form for form in forms(secret) if form in text)
    assert not leaked, f"{place}/{answer}: {leaked} in:\n{text[-4000:]}"
    failing = answer != "200" or place == "exception"
    assert exit_code == (1 if failing else 0), text[-3000:]
    if place in {"query", "path"} and answer in {"401", "404", "500-echo", "down"}:
        # The secret was on its way into the logs: it was masked, not missing.
        assert "REDACTED" in text, text[-3000:]


def test_the_issue_example_a_query_secret_when_the_api_is_down(
    tmp_path: t.Any, count_example: t.Callable[[str], None]
) -> None:
    # Issue 18: "... /s0?p=0&token=<the secret>" was printed in the connection error.
    count_example("secrets (fixed)")
    secret = "s3cr3t-V4lue-0f-the-t0ken"
    exit_code, text = run_tap(
        {"api_url": "http://127.0.0.1:1", "k": secret, "place": "query"}, tmp_path
    )
    assert exit_code == 1
    assert secret not in text
    assert "/s0?p=0&q=REDACTED" in text


def _runner() -> CliRunner:
    """A CliRunner keeping stderr apart on every supported click (8.1 mixes it unless told)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()
