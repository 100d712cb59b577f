"""Rotated OAuth tokens written back to the config: stores, atomic writes, locks, real runs.

The token endpoint here issues single-use refresh tokens: a refresh token used twice gets
``invalid_grant``, as providers that rotate them answer. Runs of a real tap process
(``oauth_rotating_tap.py``) with ``--config FILE`` must never be refused, even when one is
killed in the middle of its sync.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import typing as t
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests

from singer_sdk import Tap
from singer_sdk._config_store import atomic_write_json
from singer_sdk.authenticators import OAuthAuthenticator
from singer_sdk.configuration import CallbackConfigStore, FileConfigStore

HERE = Path(__file__).resolve().parent
TAP_SCRIPT = HERE / "oauth_rotating_tap.py"
ROOT = HERE.parents[1]
Hit = Server = t.Any


class TokenIssuer:
    """The state of an OAuth server with single-use refresh tokens and short-lived tokens."""

    def __init__(self, expires_in: float, delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.delay = delay
        self.lock = threading.Lock()
        self.refresh_tokens = {"r0"}  # the one valid refresh token
        self.access_tokens: dict[str, float] = {}  # token -> expiry (monotonic)
        self.issued: list[float] = []  # when each refresh was answered
        self.refused: list[str] = []  # refresh tokens answered with invalid_grant
        self.unauthorized = 0
        self.counter = 0

    def token(self, hit: Hit) -> tuple[int, dict[str, str], t.Any]:
        form = parse_qs(hit.body.decode())
        time.sleep(self.delay)  # widen the window for a second refresh
        with self.lock:
            presented = form.get("refresh_token", [""])[0]
            if presented not in self.refresh_tokens:
                self.refused.append(presented)
                return 400, {}, {"error": "invalid_grant"}
            self.refresh_tokens.discard(presented)
            self.counter += 1
            access, refresh = f"at{self.counter}", f"r{self.counter}"
            self.refresh_tokens.add(refresh)
            self.access_tokens[access] = time.monotonic() + self.expires_in
            self.issued.append(time.monotonic())
            body = {"access_token": access, "refresh_token": refresh}
            return 200, {}, {**body, "expires_in": self.expires_in}

    def valid(self, hit: Hit) -> bool:
        token = hit.headers.get("Authorization", "").removeprefix("Bearer ")
        with self.lock:
            ok = self.access_tokens.get(token, 0) > time.monotonic()
            if not ok:
                self.unauthorized += 1
            return ok


def serve_api(server: Server, issuer: TokenIssuer, pages: int, delay: float) -> None:
    server.routes["/token"] = issuer.token

    def page_route(hit: Hit) -> tuple[int, dict[str, str], t.Any]:
        if not issuer.valid(hit):
            return 401, {}, {"error": "invalid_token"}
        time.sleep(delay)
        page = int(hit.query.get("page", ["0"])[0])
        next_page = page + 1 if page + 1 < pages else None
        return 200, {}, {"data": [{"id": page, "page": page}], "next_page": next_page}

    server.routes["/items"] = server.routes["/things"] = page_route


def write_config(path: Path, server: Server, mode: int = 0o640) -> None:
    path.write_text(json.dumps({"api_url": server.url, "client_id": "c", "refresh_token": "r0"}))
    path.chmod(mode)


def tap_process(*args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAP_")}
    return subprocess.Popen(
        [sys.executable, str(TAP_SCRIPT), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )


def run_tap_process(*args: str, timeout: float = 120) -> tuple[int, str, str]:
    process = tap_process(*args)
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out.decode(), err.decode()


# -- atomic writes and stores --------------------------------------------------------------------


def test_atomic_write_keeps_permissions_and_a_new_file_is_private(tmp_path: Path) -> None:
    existing = tmp_path / "config.json"
    existing.write_text("{}")
    existing.chmod(0o640)
    atomic_write_json(existing, {"a": 1})
    assert json.loads(existing.read_text()) == {"a": 1}
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    new = tmp_path / "new.json"
    atomic_write_json(new, {"b": 2})
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.json", "new.json"]


def test_atomic_write_through_a_symlink_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    atomic_write_json(link, {"x": True})
    assert link.is_symlink()
    assert json.loads(target.read_text()) == {"x": True}


def test_file_store_writes_each_setting_to_the_file_that_holds_it(tmp_path: Path) -> None:
    base, secrets = tmp_path / "base.json", tmp_path / "secrets.json"
    base.write_text(json.dumps({"api_url": "u", "refresh_token": "old-in-base"}))
    secrets.write_text(json.dumps({"refresh_token": "old", "client_id": "c"}))
    FileConfigStore(base, secrets).save({"refresh_token": "new", "other": 1})
    assert json.loads(base.read_text()) == {"api_url": "u", "refresh_token": "old-in-base"}
    assert json.loads(secrets.read_text()) == {"refresh_token": "new", "client_id": "c", "other": 1}


def test_callback_store_gets_the_changes() -> None:
    seen: list[dict[str, t.Any]] = []
    CallbackConfigStore(seen.append).save({"refresh_token": "x"})
    assert seen == [{"refresh_token": "x"}]


WRITER = textwrap.dedent(
    """
    import json, sys
    from singer_sdk.configuration import FileConfigStore

    store = FileConfigStore(sys.argv[1])
    with open(sys.argv[1]) as file:
        n = json.load(file)["n"]
    print("ready", flush=True)
    while True:
        n += 1
        store.save({"n": n, "blob": "x" * (1000 + (n % 7) * 40000)})
    """
)


def test_a_kill_during_writes_leaves_the_old_or_the_new_config(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"n": 0, "blob": "x" * 1000, "keep": "me"}))
    rng = random.Random(22)
    seen: set[int] = set()
    for _ in range(40):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, cwd=ROOT
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.01, 0.06))
        child.send_signal(signal.SIGKILL)
        child.wait()
        config = json.loads(path.read_text())  # never torn
        n = config["n"]
        assert config["keep"] == "me"
        assert config["blob"] == "x" * (1000 + (n % 7) * 40000)
        seen.add(n)
    assert len(seen) > 20  # the writers got on: kills landed at many points of the loop
    # Killed between creating its temporary file and the rename, a writer leaves the file
    # behind (the config itself is untouched): evidence that kills landed inside writes.
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers


def test_update_config_stores_first_then_reaches_the_tap_and_its_streams(tmp_path: Path) -> None:
    sys.path.insert(0, str(HERE))
    try:
        from oauth_rotating_tap import TapOAuthRotating
    finally:
        sys.path.remove(str(HERE))
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"api_url": "http://x", "client_id": "c", "refresh_token": "r0"}))
    tap = TapOAuthRotating(config=json.loads(path.read_text()))
    tap.config_store = FileConfigStore(path)
    streams = list(tap.streams.values())  # built before the change
    tap.update_config({"refresh_token": "r9"})
    assert json.loads(path.read_text())["refresh_token"] == "r9"
    assert tap.config["refresh_token"] == "r9"
    assert {stream.config["refresh_token"] for stream in streams} == {"r9"}

    def fail(updates: dict[str, t.Any]) -> None:
        raise OSError("read-only")

    tap.config_store = CallbackConfigStore(fail)
    with pytest.raises(OSError, match="read-only"):
        tap.update_config({"refresh_token": "r10"})
    assert tap.config["refresh_token"] == "r9"  # not applied when it could not be stored


# -- the authenticator, in process ---------------------------------------------------------------


class RotatingAuth(OAuthAuthenticator):
    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        return {"grant_type": "refresh_token", "refresh_token": self.config["refresh_token"]}


class OneTap(Tap):
    name = "tap-one"
    config_jsonschema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {"refresh_token": {"type": "string"}},
    }

    def discover_streams(self) -> list[t.Any]:
        return []


def prepared(url: str) -> requests.PreparedRequest:
    return requests.Request("GET", f"{url}/items").prepare()


def hammer(server: Server, auths: list[RotatingAuth], seconds: float) -> list[str]:
    """8 threads authenticate requests for ``seconds``; return the tokens they sent."""
    sent: list[str] = []
    errors: list[BaseException] = []
    stop = time.monotonic() + seconds

    def work(auth: RotatingAuth) -> None:
        try:
            while time.monotonic() < stop:
                request = auth.authenticate_request(prepared(server.url))
                sent.append(request.headers["Authorization"])
                time.sleep(0.002)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(auths[i % len(auths)],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return sent


@pytest.mark.parametrize("authenticators", [1, 8], ids=["one shared", "one per thread"])
def test_eight_threads_refresh_once_per_expiry(
    server: Server, tmp_path: Path, authenticators: int
) -> None:
    issuer = TokenIssuer(expires_in=1, delay=0.05)
    server.routes["/token"] = issuer.token
    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps({"refresh_token": "r0"}))
    tap = OneTap(config={"refresh_token": "r0"})
    tap.config_store = FileConfigStore(config_path)
    auths = [RotatingAuth(auth_endpoint=f"{server.url}/token") for _ in range(authenticators)]
    for auth in auths:
        auth._bind_plugin(tap)  # what the HTTP client does on a stream's first request
    sent = hammer(server, auths, seconds=2.6)
    assert issuer.refused == []
    # a token lives 1 s and is refreshed 0.1 s early: about 3 refreshes in 2.6 s, no more
    assert 2 <= len(issuer.issued) <= 4
    gaps = [b - a for a, b in zip(issuer.issued, issuer.issued[1:], strict=False)]
    assert all(gap > 0.8 for gap in gaps), gaps
    assert {header.removeprefix("Bearer ") for header in sent} == {
        f"at{i}" for i in range(1, len(issuer.issued) + 1)
    }
    stored = json.loads(config_path.read_text())
    assert stored["refresh_token"] == f"r{len(issuer.issued)}"
    assert stored["oauth_access_token"]["access_token"] == f"at{len(issuer.issued)}"
    assert tap.config["refresh_token"] == stored["refresh_token"]


def test_the_new_token_is_stored_before_it_is_used(server: Server) -> None:
    issuer = TokenIssuer(expires_in=3600)
    server.routes["/token"] = issuer.token
    order: list[str] = []
    tap = OneTap(config={"refresh_token": "r0"})
    tap.config_store = CallbackConfigStore(lambda updates: order.append(updates["refresh_token"]))
    auth = RotatingAuth(auth_endpoint=f"{server.url}/token")
    auth._bind_plugin(tap)
    request = auth.authenticate_request(prepared(server.url))
    order.append(request.headers["Authorization"])
    assert order == ["r1", "Bearer at1"]


def test_a_failing_store_is_logged_and_the_run_goes_on(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    issuer = TokenIssuer(expires_in=3600)
    server.routes["/token"] = issuer.token

    def fail(updates: dict[str, t.Any]) -> None:
        raise OSError("disk full")

    tap = OneTap(config={"refresh_token": "r0"})
    tap.config_store = CallbackConfigStore(fail)
    auth = RotatingAuth(auth_endpoint=f"{server.url}/token")
    auth._bind_plugin(tap)
    request = auth.authenticate_request(prepared(server.url))
    assert request.headers["Authorization"] == "Bearer at1"
    assert "Could not store the refreshed OAuth settings" in caplog.text
    assert "r1" not in caplog.text
    assert auth.refresh_token == "r1"


def test_unknown_settings_are_not_written(server: Server) -> None:
    """A refresh token the endpoint sends is only written to a setting the tap has."""
    issuer = TokenIssuer(expires_in=3600)
    server.routes["/token"] = issuer.token
    seen: list[dict[str, t.Any]] = []

    class NoRefreshSetting(OneTap):
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

    tap = NoRefreshSetting(config={})
    tap.config_store = CallbackConfigStore(seen.append)

    class ClientCredentials(OAuthAuthenticator):
        kept_token_setting = None

        @property
        def oauth_request_body(self) -> dict[str, t.Any]:
            return {"grant_type": "client_credentials", "refresh_token": "r0"}

    auth = ClientCredentials(auth_endpoint=f"{server.url}/token")
    auth._bind_plugin(tap)
    auth.authenticate_request(prepared(server.url))
    assert seen == []
    assert auth.refresh_token == "r1"


def test_no_kept_token_where_the_settings_schema_forbids_extra_settings(server: Server) -> None:
    issuer = TokenIssuer(expires_in=3600)
    server.routes["/token"] = issuer.token
    seen: list[dict[str, t.Any]] = []

    class Strict(OneTap):
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"refresh_token": {"type": "string"}},
            "additionalProperties": False,
        }

    tap = Strict(config={"refresh_token": "r0"})
    tap.config_store = CallbackConfigStore(seen.append)
    auth = RotatingAuth(auth_endpoint=f"{server.url}/token")
    auth._bind_plugin(tap)
    auth.authenticate_request(prepared(server.url))
    assert seen == [{"refresh_token": "r1"}]  # the next run's config still validates


# -- real tap processes with --config FILE -------------------------------------------------------


def test_three_runs_one_killed_mid_sync_never_get_invalid_grant(
    server: Server, tmp_path: Path
) -> None:
    issuer = TokenIssuer(expires_in=1.5, delay=0.02)
    serve_api(server, issuer, pages=25, delay=0.03)
    config = tmp_path / "config.json"
    write_config(config, server)

    code, out, err = run_tap_process("--config", str(config))
    assert code == 0, err
    assert out.count('"type":"RECORD"') == 50
    assert len(issuer.issued) >= 2  # the token expired during the run

    # Run 2: killed after some records, whatever it was doing (maybe storing a token).
    refreshes_before = len(issuer.issued)
    process = tap_process("--config", str(config))
    assert process.stdout is not None
    records = 0
    while records < 30:
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else ""
        records += b'"type":"RECORD"' in line
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert len(issuer.issued) > refreshes_before

    code, out, err = run_tap_process("--config", str(config))
    assert code == 0, err
    assert out.count('"type":"RECORD"') == 50

    assert issuer.refused == []
    assert "invalid_grant" not in err
    stored = json.loads(config.read_text())
    assert stored["refresh_token"] in issuer.refresh_tokens
    assert stored["api_url"] == server.url
    assert stat.S_IMODE(config.stat().st_mode) == 0o640


def test_a_valid_kept_token_is_not_refreshed_by_test_discover_or_about(
    server: Server, tmp_path: Path
) -> None:
    issuer = TokenIssuer(expires_in=3600)
    serve_api(server, issuer, pages=2, delay=0)
    config = tmp_path / "config.json"
    write_config(config, server, mode=0o600)
    code, _, err = run_tap_process("--config", str(config))
    assert code == 0, err
    assert len(issuer.issued) == 1
    kept = json.loads(config.read_text())
    assert kept["refresh_token"] == "r1"
    assert kept["oauth_access_token"]["access_token"] == "at1"

    for args in (["--test"], ["--discover"], ["--about"], []):
        code, _, err = run_tap_process("--config", str(config), *args)
        assert code == 0, (args, err)
    assert len(issuer.issued) == 1  # the sync at the end too: the kept token was still valid
    assert json.loads(config.read_text()) == kept
    assert issuer.unauthorized == 0
