"""Fixtures of the SQL tests: a PostgreSQL server URL (started on demand) and a SQLite URL.

``pg_url``: ``SINGER_SDK_TEST_PG_URL`` if set, else the server of ``.ci/postgres.sh`` (run when
nothing answers yet). When no server can be reached the PostgreSQL tests fail in CI (``CI``
set) and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import typing as t
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
PG_SCRIPT = REPO / ".ci" / "postgres.sh"
SAMPLE_TAP = Path(__file__).resolve().parent / "sample_sqlite_tap.py"


def _default_pg_url() -> str:
    port = os.environ.get("SINGER_SDK_PG_PORT", "55432")
    return f"postgresql+psycopg://singer:singer@127.0.0.1:{port}/singer_sdk_test"


def _connect_error(url: str) -> str | None:
    """Return why ``url`` cannot be connected to, or None when it can."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        engine.dispose()
    return None


def _no_server(reason: str) -> t.NoReturn:
    message = f"NO POSTGRESQL SERVER for the SQL tests: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    print(f"\n*** {message} (PostgreSQL tests skipped) ***", file=sys.stderr)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The SQLAlchemy URL of a running PostgreSQL server (started by ``.ci/postgres.sh``)."""
    url = os.environ.get("SINGER_SDK_TEST_PG_URL")
    if url:
        error = _connect_error(url)
        if error:
            _no_server(f"SINGER_SDK_TEST_PG_URL does not answer ({error})")
        return url
    url = _default_pg_url()
    if _connect_error(url) is None:
        return url
    try:
        result = subprocess.run(
            ["bash", str(PG_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        _no_server(f"{PG_SCRIPT} could not run ({exc})")
    if result.returncode != 0:
        _no_server(f"{PG_SCRIPT} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    lines = result.stdout.strip().splitlines()
    url = lines[-1] if lines else url
    error = _connect_error(url)
    if error:
        _no_server(f"{PG_SCRIPT} ran but the server does not answer ({error})")
    return url


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test (dropped afterwards)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield name
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The SQLAlchemy URL of a new SQLite database file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def sample_tap_module() -> ModuleType:
    """The module of the sample SQL tap (``tests/sql/sample_sqlite_tap.py``)."""
    spec = importlib.util.spec_from_file_location("sample_sqlite_tap", SAMPLE_TAP)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_tap(
    tap_class: type[t.Any],
    config: dict[str, t.Any],
    *,
    catalog: dict[str, t.Any] | None = None,
    state: dict[str, t.Any] | None = None,
) -> list[dict[str, t.Any]]:
    """Run ``tap_class`` in-process (``sync_all``) and return the messages it wrote."""
    import io
    import json

    from singer_sdk._messages.io import MessageWriter

    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap = tap_class(config=config, catalog=catalog, state=state, message_writer=writer)
    try:
        tap.sync_all()
    finally:
        writer.flush()
    return [json.loads(line) for line in output.getvalue().splitlines() if line.strip()]


def records_of(messages: list[dict[str, t.Any]], stream: str) -> list[dict[str, t.Any]]:
    """Return the record dicts of ``stream`` in ``messages``."""
    return [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == stream]


def final_state(messages: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    """Return the value of the last STATE message."""
    return next(m["value"] for m in reversed(messages) if m["type"] == "STATE")


def incremental_catalog(
    catalog: dict[str, t.Any],
    stream_id: str,
    replication_key: str,
    *,
    properties: list[str] | None = None,
) -> dict[str, t.Any]:
    """Return ``catalog`` with only ``stream_id`` selected, incremental on ``replication_key``.

    With ``properties``, only those properties are selected (others deselected).
    """
    import copy

    result = copy.deepcopy(catalog)
    for entry in result["streams"]:
        chosen = entry["tap_stream_id"] == stream_id
        for item in entry["metadata"]:
            breadcrumb = item["breadcrumb"]
            if not breadcrumb:
                item["metadata"]["selected"] = chosen
                if chosen:
                    item["metadata"]["replication-key"] = replication_key
                    item["metadata"]["replication-method"] = "INCREMENTAL"
            elif chosen and properties is not None:
                item["metadata"]["selected"] = breadcrumb[-1] in properties
        if chosen:
            entry["replication_key"] = replication_key
            entry["replication_method"] = "INCREMENTAL"
    return result


def select_all(catalog: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return ``catalog`` with every stream selected (SQL taps select nothing by default)."""
    import copy

    result = copy.deepcopy(catalog)
    for entry in result["streams"]:
        for item in entry["metadata"]:
            if not item["breadcrumb"]:
                item["metadata"]["selected"] = True
    return result


@pytest.fixture
def sqlite_tap_class(sample_tap_module: ModuleType) -> type[t.Any]:
    """The sample SQL tap class."""
    return t.cast("type[t.Any]", sample_tap_module.SampleSQLTap)


@pytest.fixture
def sql_helpers() -> t.Any:
    """``run_tap``, ``records_of``, ``final_state`` and ``incremental_catalog`` in a namespace."""
    from types import SimpleNamespace

    return SimpleNamespace(
        run_tap=run_tap,
        records_of=records_of,
        final_state=final_state,
        incremental_catalog=incremental_catalog,
        select_all=select_all,
    )
