"""Real connectors built on Meltano's singer-sdk, from the package registry, run over OUR library.

The connectors (meltanolabs-tap-postgres, meltanolabs-target-postgres, meltano-map-transform,
pinned in ``conftest.py``) are installed with ``--no-deps`` beside this checkout, without
singer-sdk, and run as real commands joined by real pipes, against the PostgreSQL server of the
SQL tests: discovery, full and incremental syncs into target-jsonl (singer-python, no SDK), the
tap through the mapper into the target, upserts and schema changes; then target-postgres's own
test suite (shipped in its wheel) and the mappings that meltano-map-transform's CI runs on the
fixtures of its sdist. Everything compared is checked against the source rows.
"""

from __future__ import annotations

import ast
import copy
import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import typing as t
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import ConnectorsEnv  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[2]
TAP_VERSION, TARGET_VERSION, MAPPER_VERSION = "0.10.0", "0.8.1", "0.12.3"

#: Connector subprocesses must find our library through the installed environment only.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

ITEMS_DDL = """
CREATE TABLE {s}.items (
  id integer PRIMARY KEY, big bigint, price numeric(10,2), ratio double precision, name text,
  code varchar(8), born date, updated_at timestamp, updated_tz timestamptz, doc jsonb,
  tags text[], nums integer[], active boolean
)"""
ITEMS_ROWS = """
INSERT INTO {s}.items VALUES
 (1, 9007199254740993, 12.50, 0.25, 'alpha', 'A1', '2020-01-02', '2021-03-04 05:06:07',
  '2021-03-04 05:06:07+02', '{{"a": 1, "b": [1.5, 2]}}', '{{x,y}}', '{{1,2,3}}', true),
 (2, -5, 0.01, 1.5e10, 'beta ü', NULL, '1999-12-31', '2021-03-05 00:00:00.123456',
  '2021-03-05 00:00:00+00', '[1, "two", null]', '{{}}', NULL, false),
 (3, NULL, NULL, NULL, NULL, 'C3', NULL, '2021-03-06 12:00:00', NULL, NULL, NULL, '{{}}', NULL)
"""
EVENTS_DDL = (
    "CREATE TABLE {s}.events (ev_id serial PRIMARY KEY, kind text, at timestamptz NOT NULL)"
)
EVENTS_ROWS = (
    "INSERT INTO {s}.events (kind, at) VALUES ('a', '2022-01-01T00:00:00Z'), "
    "('b', '2022-01-02T00:00:00Z')"
)

# -- helpers ------------------------------------------------------------------------------------


def run(args: list[str], *, stdin: bytes | None = None, cwd: Path | None = None) -> str:
    """Run a command to completion; return its standard output (fails with its stderr)."""
    done = subprocess.run(
        args, input=stdin, capture_output=True, env=ENV, cwd=cwd, timeout=180, check=False
    )
    assert done.returncode == 0, (args, done.stderr.decode(errors="replace")[-3000:])
    return done.stdout.decode()


def pipe(*commands: list[str], cwd: Path | None = None) -> str:
    """Run ``commands`` joined by real OS pipes; return the last one's standard output."""
    procs: list[subprocess.Popen[bytes]] = []
    errors: list[t.IO[bytes]] = []
    previous: t.IO[bytes] | None = None
    for index, command in enumerate(commands):
        err = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
        errors.append(err)
        proc = subprocess.Popen(
            command, stdin=previous, stdout=subprocess.PIPE, stderr=err, env=ENV, cwd=cwd
        )
        if previous is not None:
            previous.close()  # the next process owns the read end now
        procs.append(proc)
        previous = proc.stdout if index < len(commands) - 1 else None
    out, _ = procs[-1].communicate(timeout=180)
    codes = [proc.wait(timeout=180) for proc in procs]
    stderr = []
    for err in errors:
        err.seek(0)
        stderr.append(err.read().decode(errors="replace")[-3000:])
        err.close()
    assert codes == [0] * len(commands), (codes, stderr)
    return out.decode()


def messages(text: str) -> list[dict[str, t.Any]]:
    return [json.loads(line, parse_float=Decimal) for line in text.splitlines() if line.strip()]


def canon(value: t.Any) -> t.Any:
    """A comparable form: numbers as normalized Decimals, date-times as naive UTC."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    if value is None or isinstance(value, bool | int | str | dt.date):
        return value
    if isinstance(value, float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, list):
        return [canon(item) for item in value]
    if isinstance(value, dict):
        return {key: canon(item) for key, item in value.items()}
    return value


#: How the tap writes each column that JSON cannot hold natively.
PARSE = {
    "born": dt.date.fromisoformat,
    "updated_at": dt.datetime.fromisoformat,
    "updated_tz": dt.datetime.fromisoformat,
    "at": dt.datetime.fromisoformat,
}


def from_json(record: dict[str, t.Any]) -> dict[str, t.Any]:
    return {
        key: canon(PARSE[key](value) if key in PARSE and value is not None else value)
        for key, value in record.items()
    }


def from_db(row: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """A row in comparable form (``_sdc_`` columns left out; naive date-times are UTC)."""
    out = {}
    for key, value in row.items():
        if key.startswith("_sdc_"):
            continue
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        out[key] = canon(value)
    return out


# -- fixtures -----------------------------------------------------------------------------------


class Database:
    """The test database: an engine, the tap's and target's connection settings, cleanup."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        parsed = sa.engine.make_url(url)
        self.settings = {
            "host": parsed.host,
            "port": parsed.port,
            "user": parsed.username,
            "password": parsed.password,
            "database": parsed.database,
        }
        self.schemas: list[str] = []

    def new_schema(self, prefix: str, *, create: bool = False) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        self.schemas.append(name)
        if create:
            self.execute(f'CREATE SCHEMA "{name}"')
        return name

    def execute(self, *statements: str) -> None:
        with self.engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))

    def rows(self, query: str) -> list[dict[str, t.Any]]:
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sa.text(query))]

    def columns(self, schema: str, table: str) -> dict[str, str]:
        query = (
            "SELECT column_name, data_type FROM information_schema.columns "
            f"WHERE table_schema = '{schema}' AND table_name = '{table}'"
        )
        return {row["column_name"]: row["data_type"] for row in self.rows(query)}

    def close(self) -> None:
        with self.engine.begin() as conn:
            for name in self.schemas:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self.engine.dispose()


@pytest.fixture(scope="module")
def db(pg_url: str) -> Iterator[Database]:
    database = Database(pg_url)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="module")
def source(db: Database) -> str:
    """A schema with the tables ``items`` (every column type) and ``events``."""
    name = db.new_schema("rc_src", create=True)
    db.execute(*(sql.format(s=name) for sql in (ITEMS_DDL, ITEMS_ROWS, EVENTS_DDL, EVENTS_ROWS)))
    return name


@pytest.fixture(scope="module")
def tap_config(db: Database, source: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tap") / "config.json"
    path.write_text(json.dumps({**db.settings, "filter_schemas": [source]}))
    return path


@pytest.fixture(scope="module")
def catalog(connectors_env: ConnectorsEnv, tap_config: Path) -> dict[str, t.Any]:
    return t.cast(
        "dict[str, t.Any]",
        json.loads(
            run([connectors_env.exe("tap-postgres"), "--config", str(tap_config), "--discover"])
        ),
    )


def select(
    catalog: dict[str, t.Any], streams: set[str], *, replication_key: str | None = None
) -> dict[str, t.Any]:
    """``catalog`` with only ``streams`` selected; with a replication key set in the metadata."""
    result = copy.deepcopy(catalog)
    for entry in result["streams"]:
        root = next(m["metadata"] for m in entry["metadata"] if m["breadcrumb"] == [])
        root["selected"] = entry["tap_stream_id"] in streams
        if replication_key and root["selected"]:
            root["replication-key"] = replication_key
    return result


def write_json(folder: Path, name: str, value: t.Any) -> str:
    path = folder / name
    path.write_text(json.dumps(value))
    return str(path)


# -- the library under the connectors -----------------------------------------------------------


def test_environment_runs_our_library_without_singer_sdk(connectors_env: ConnectorsEnv) -> None:
    show = subprocess.run(
        [connectors_env.python, "-m", "pip", "show", "singer-sdk"],
        capture_output=True,
        env=ENV,
        check=False,
    )
    assert show.returncode != 0, show.stdout  # not installed
    probe = "import singer_sdk, simplejson; print(singer_sdk.__file__)"
    assert Path(run([connectors_env.python, "-c", probe]).strip()) == (
        ROOT / "singer_sdk" / "__init__.py"
    )
    ours = run([connectors_env.python, "-m", "pip", "show", "singer-connector-sdk"])
    assert f"Editable project location: {ROOT}" in ours


@pytest.mark.parametrize(
    ("command", "name", "version"),
    [
        ("tap-postgres", "tap-postgres", TAP_VERSION),
        ("target-postgres", "target-postgres", TARGET_VERSION),
        ("meltano-map-transform", "meltano-map-transformer", MAPPER_VERSION),
    ],
)
def test_about_and_version(
    connectors_env: ConnectorsEnv, command: str, name: str, version: str
) -> None:
    ours = run(
        [
            connectors_env.python,
            "-c",
            "import importlib.metadata as m; print(m.version('singer-connector-sdk'))",
        ]
    ).strip()
    assert run([connectors_env.exe(command), "--version"]).strip() == (
        f"{name} v{version}, singer-connector-sdk v{ours}"
    )
    about = json.loads(run([connectors_env.exe(command), "--about", "--format=json"]))
    assert about["name"] == name
    assert about["version"] == version
    assert about["sdk_version"] == ours
    assert {"about", "stream-maps", "schema-flattening"} <= set(about["capabilities"])
    assert "stream_maps" in about["settings"]["properties"]
    markdown = run([connectors_env.exe(command), "--about", "--format=markdown"])
    assert markdown.startswith(f"# `{name}`")


# -- tap-postgres -------------------------------------------------------------------------------


def test_discovery(catalog: dict[str, t.Any], source: str) -> None:
    from jsonschema import Draft202012Validator

    from singer_sdk.singerlib import Catalog

    entries = {entry["tap_stream_id"]: entry for entry in catalog["streams"]}
    assert set(entries) == {f"{source}-items", f"{source}-events"}
    items = entries[f"{source}-items"]
    # Regression: tap-postgres indexes entry["replication_method"] of every entry.
    assert items["replication_method"] == ""
    assert items["key_properties"] == ["id"]
    props = items["schema"]["properties"]
    assert props["id"] == {"type": ["integer"]}
    assert props["big"] == {"type": ["integer", "null"]}
    assert props["price"]["type"] == ["number", "null"]
    assert props["ratio"]["type"] == ["number", "null"]
    assert props["name"] == {"type": ["string", "null"]}
    assert props["code"] == {"type": ["string", "null"], "maxLength": 8}
    assert props["born"] == {"type": ["string", "null"], "format": "date"}
    assert props["updated_at"] == {"type": ["string", "null"], "format": "date-time"}
    assert props["updated_tz"] == {"type": ["string", "null"], "format": "date-time"}
    assert "object" in props["doc"]["type"]
    assert "array" in props["doc"]["type"]
    assert props["tags"] == {"type": ["array", "null"], "items": {"type": ["string"]}}
    assert props["nums"] == {"type": ["array", "null"], "items": {"type": ["integer"]}}
    assert props["active"] == {"type": ["boolean", "null"]}
    for entry in entries.values():
        Draft202012Validator.check_schema(entry["schema"])
    assert Catalog.from_dict(catalog).to_dict() == catalog


def test_full_then_incremental_sync_into_target_jsonl(
    connectors_env: ConnectorsEnv,
    target_jsonl_env: Path,
    catalog: dict[str, t.Any],
    db: Database,
    source: str,
    tap_config: Path,
    tmp_path: Path,
) -> None:
    tap = connectors_env.exe("tap-postgres")
    items, events = f"{source}-items", f"{source}-events"

    # Full sync of both streams.
    out = tmp_path / "full"
    jsonl = write_json(
        tmp_path, "jsonl.json", {"destination_path": str(out), "do_timestamp_file": False}
    )
    full = write_json(tmp_path, "full.json", select(catalog, {items, events}))
    state = pipe(
        [tap, "--config", str(tap_config), "--catalog", full],
        [str(target_jsonl_env), "--config", jsonl],
    )
    assert json.loads(state) == {"bookmarks": {events: {}, items: {}}}
    written = [
        from_json(json.loads(line, parse_float=Decimal))
        for line in (out / f"{items}.jsonl").read_text().splitlines()
    ]
    expected = [from_db(row) for row in db.rows(f"SELECT * FROM {source}.items ORDER BY id")]
    assert written == expected
    assert written[0]["big"] == 9007199254740993  # no float rounding on the way
    written_events = [
        from_json(json.loads(line)) for line in (out / f"{events}.jsonl").read_text().splitlines()
    ]
    assert written_events == [
        from_db(row) for row in db.rows(f"SELECT * FROM {source}.events ORDER BY ev_id")
    ]

    # Incremental on updated_at, picked in the catalog metadata only.
    incremental = write_json(
        tmp_path, "inc.json", select(catalog, {items}, replication_key="updated_at")
    )
    first_out = tmp_path / "inc1"
    jsonl1 = write_json(
        tmp_path, "jsonl1.json", {"destination_path": str(first_out), "do_timestamp_file": False}
    )
    tap_out = run([tap, "--config", str(tap_config), "--catalog", incremental])
    first = messages(tap_out)
    last_state = next(m["value"] for m in reversed(first) if m["type"] == "STATE")
    assert last_state == {
        "bookmarks": {
            items: {
                "replication_key": "updated_at",
                "replication_key_value": "2021-03-06T12:00:00.000000+00:00",
            }
        }
    }
    assert (
        json.loads(run([str(target_jsonl_env), "--config", jsonl1], stdin=tap_out.encode()))
        == last_state
    )
    assert [
        json.loads(line)["id"] for line in (first_out / f"{items}.jsonl").read_text().splitlines()
    ] == [1, 2, 3]

    # New and changed rows; a change to an older row is not read again.
    db.execute(
        f"INSERT INTO {source}.items (id, name, updated_at) VALUES (4, 'delta', '2021-03-07')",
        f"UPDATE {source}.items SET name = 'changed' WHERE id = 1",
    )
    try:
        second_out = tmp_path / "inc2"
        jsonl2 = write_json(
            tmp_path,
            "jsonl2.json",
            {"destination_path": str(second_out), "do_timestamp_file": False},
        )
        state_file = write_json(tmp_path, "state.json", last_state)
        second_state = pipe(
            [tap, "--config", str(tap_config), "--catalog", incremental, "--state", state_file],
            [str(target_jsonl_env), "--config", jsonl2],
        )
        assert json.loads(second_state)["bookmarks"][items]["replication_key_value"] == (
            "2021-03-07T00:00:00.000000+00:00"
        )
        rows = [
            from_json(json.loads(line, parse_float=Decimal))
            for line in (second_out / f"{items}.jsonl").read_text().splitlines()
        ]
        # The bookmarked row is read again (>=), then the newer one.
        assert rows == [
            from_db(row)
            for row in db.rows(f"SELECT * FROM {source}.items WHERE id IN (3, 4) ORDER BY id")
        ]
    finally:
        db.execute(
            f"DELETE FROM {source}.items WHERE id = 4",
            f"UPDATE {source}.items SET name = 'alpha' WHERE id = 1",
        )


def test_tap_through_mapper_into_target_postgres(
    connectors_env: ConnectorsEnv,
    catalog: dict[str, t.Any],
    db: Database,
    source: str,
    tap_config: Path,
    tmp_path: Path,
) -> None:
    items, events = f"{source}-items", f"{source}-events"
    maps = {
        "stream_maps": {
            items: {
                "__alias__": "items_mapped",
                "label": "name",  # a rename
                "name": "__NULL__",
                "big_plus": "big + 1 if big is not None else None",  # a computed field
                "__filter__": "id != 3",  # a filter
            },
            events: "__NULL__",
        }
    }
    target_schema = db.new_schema("rc_dst")
    target = write_json(
        tmp_path, "target.json", {**db.settings, "default_target_schema": target_schema}
    )
    state = pipe(
        [
            connectors_env.exe("tap-postgres"),
            "--config",
            str(tap_config),
            "--catalog",
            write_json(tmp_path, "catalog.json", select(catalog, {items, events})),
        ],
        [
            connectors_env.exe("meltano-map-transform"),
            "--config",
            write_json(tmp_path, "map.json", maps),
        ],
        [connectors_env.exe("target-postgres"), "--config", target],
    )
    assert json.loads(state.splitlines()[-1]) == {"bookmarks": {events: {}, items: {}}}
    columns = db.columns(target_schema, "items_mapped")
    assert "name" not in columns
    assert columns["label"] == "text"
    assert columns["big_plus"] == "bigint"
    loaded = [
        from_db(row) for row in db.rows(f"SELECT * FROM {target_schema}.items_mapped ORDER BY id")
    ]
    expected = []
    for row in db.rows(f"SELECT * FROM {source}.items WHERE id <> 3 ORDER BY id"):
        mapped = {key: value for key, value in row.items() if key != "name"}
        mapped["label"] = row["name"]
        mapped["big_plus"] = row["big"] + 1 if row["big"] is not None else None
        expected.append(from_db(mapped))
    assert loaded == expected


def test_target_postgres_upserts_and_adds_columns(
    connectors_env: ConnectorsEnv, db: Database, tmp_path: Path
) -> None:
    target_schema = db.new_schema("rc_up")
    config = write_json(
        tmp_path, "target.json", {**db.settings, "default_target_schema": target_schema}
    )
    props = {
        "id": {"type": "integer"},
        "name": {"type": ["string", "null"]},
        "score": {"type": ["number", "null"]},
    }

    def batch(properties: dict[str, t.Any], records: list[dict[str, t.Any]], n: int) -> bytes:
        lines = [
            {
                "type": "SCHEMA",
                "stream": "people",
                "key_properties": ["id"],
                "schema": {"type": "object", "properties": properties, "required": ["id"]},
            }
        ]
        lines += [{"type": "RECORD", "stream": "people", "record": r} for r in records]
        lines.append({"type": "STATE", "value": {"bookmarks": {"people": {"n": n}}}})
        return "".join(json.dumps(line) + "\n" for line in lines).encode()

    first = batch(
        props,
        [
            {"id": 1, "name": "ann", "score": 1.5},
            {"id": 2, "name": "bob"},
            {"id": 1, "name": "ann2", "score": 2.5},
        ],
        1,
    )
    target = [connectors_env.exe("target-postgres"), "--config", config]
    for _ in range(2):  # the same records twice: upserted on the key, no duplicates
        assert json.loads(run(target, stdin=first)) == {"bookmarks": {"people": {"n": 1}}}
    query = f"SELECT id, name, score FROM {target_schema}.people ORDER BY id"
    assert db.rows(query) == [
        {"id": 1, "name": "ann2", "score": Decimal("2.5")},
        {"id": 2, "name": "bob", "score": None},
    ]
    # A new SCHEMA with a new column.
    second = batch(
        {**props, "city": {"type": ["string", "null"]}},
        [
            {"id": 2, "name": "bob", "score": 3, "city": "Oslo"},
            {"id": 3, "name": "cid", "city": "Rome"},
        ],
        2,
    )
    assert json.loads(run(target, stdin=second)) == {"bookmarks": {"people": {"n": 2}}}
    assert db.columns(target_schema, "people")["city"] == "text"
    assert db.rows(f"SELECT id, name, score, city FROM {target_schema}.people ORDER BY id") == [
        {"id": 1, "name": "ann2", "score": Decimal("2.5"), "city": None},
        {"id": 2, "name": "bob", "score": Decimal("3"), "city": "Oslo"},
        {"id": 3, "name": "cid", "score": None, "city": "Rome"},
    ]


# -- the connectors' own tests ------------------------------------------------------------------

#: target-postgres tests that need what this machine cannot offer, with the reason.
_NEEDS_SSL = "needs a PostgreSQL server with SSL and client certificates"
TARGET_POSTGRES_DESELECTED = {
    "test_postgres_ssl_no_pkey": _NEEDS_SSL,
    "test_postgres_ssl_no_client_cert": _NEEDS_SSL,
}
_STUB_TAP_COUNTRIES = """
import pytest


class TapCountries:
    def __init__(self, *args, **kwargs):
        pytest.skip("singer-sdk's sample tap-countries reads a public GraphQL API (no network)")
"""
_STUB_FUNDAMENTALS = """
import pytest


class Fundamentals:
    def __init__(self, *args, **kwargs):
        pytest.skip("singer-sdk's sample tap-fundamentals is not published")
"""


def _patched_core(text: str, settings: dict[str, t.Any], schema: str) -> str:
    """target-postgres's ``tests/core.py`` with both plain configs pointing at our server."""
    start = text.index("def postgres_config():")
    end = text.index("def postgres_config_ssh_tunnel():")
    config = {
        **settings,
        "add_record_metadata": True,
        "hard_delete": False,
        "default_target_schema": schema,
    }
    replacement = (
        f"def postgres_config():\n    return postgres_config_no_ssl()\n\n\n"
        f"def postgres_config_no_ssl():\n    return {config!r}\n\n\n"
    )
    return text[:start] + replacement + text[end:]


def _summary(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(count) for count, word in re.findall(r"(\d+) (\w+)", last)}


def test_target_postgres_own_test_suite(
    connectors_env: ConnectorsEnv, db: Database, tmp_path: Path
) -> None:
    """The tests shipped in the target-postgres wheel (its SDK suite included), over our library.

    Each test builds targets whose engines stay open until the process ends; with the
    reference library too, one process runs out of the server's 100 connections, so the tests
    run in a few processes.
    """
    package = Path(
        run(
            [connectors_env.python, "-c", "import target_postgres; print(target_postgres.__file__)"]
        ).strip()
    ).parent
    tests = tmp_path / "tp_tests"
    shutil.copytree(package / "tests", tests)
    schema = db.new_schema("rc_melty")
    core = tests / "core.py"
    core.write_text(_patched_core(core.read_text(), db.settings, schema))
    stubs = tmp_path / "stubs"
    (stubs / "tap_countries").mkdir(parents=True)
    (stubs / "tap_countries" / "__init__.py").write_text("")
    (stubs / "tap_countries" / "tap.py").write_text(_STUB_TAP_COUNTRIES)
    (stubs / "tap_fundamentals.py").write_text(_STUB_FUNDAMENTALS)

    module = ast.parse((tests / "test_target_postgres.py").read_text())
    names = [
        node.name
        for node in module.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    assert set(TARGET_POSTGRES_DESELECTED) <= set(names)
    names = [name for name in names if name not in TARGET_POSTGRES_DESELECTED]
    half = len(names) // 2
    runs = [
        ["tp_tests/test_sdk.py", "tp_tests/test_types.py"],
        [f"tp_tests/test_target_postgres.py::{name}" for name in names[:half]],
        [f"tp_tests/test_target_postgres.py::{name}" for name in names[half:]],
    ]
    totals: dict[str, int] = {}
    env = {**ENV, "PYTHONPATH": str(stubs)}
    for args in runs:
        done = subprocess.run(
            [
                connectors_env.python,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--rootdir",
                str(tmp_path),
                "-rfEs",
                *args,
            ],
            capture_output=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
            check=False,
        )
        output = done.stdout.decode(errors="replace")
        assert done.returncode == 0, output[-6000:]
        for word, count in _summary(output).items():
            totals[word] = totals.get(word, 0) + count
        skips = [line for line in output.splitlines() if line.startswith("SKIPPED")]
        assert all("tap-countries" in line or "tap-fundamentals" in line for line in skips), skips
    # 25 type tests (+1 expected failure) and 14 SDK suite tests; 45 target tests, 10 of which
    # need a sample tap that reads the network (one of them also an SSH server).
    assert totals == {"passed": 74, "skipped": 10, "xfailed": 1}, totals


#: meltano-map-transform's mappings (its meltano.yml) and the fixture its CI feeds each one.
MAPPINGS = {
    "hash_email": "customers",
    "whitelist": "animals",
    "json_field": "animals",
    "flatten": "people",
    "comprehension": "nested",
    "fake": "customers",
    "glob": "multi",
    "single_field": "customers",
    "alias_property_all_streams": "customers",
    "expand_env_vars": "customers",
}


def _csv_stream(name: str, path: Path) -> list[dict[str, t.Any]]:
    """What tap-csv writes for ``path``: every column a nullable string, keyed by ``id``."""
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    schema = {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in rows[0]}}
    return [
        {"type": "SCHEMA", "stream": name, "schema": schema, "key_properties": ["id"]},
        *({"type": "RECORD", "stream": name, "record": row} for row in rows),
    ]


def _fixture_messages(source: Path, name: str) -> list[dict[str, t.Any]]:
    fixtures = source / "fixtures"
    if name == "customers":
        found = _csv_stream("customers", fixtures / "customers.csv")
    elif name == "multi":
        found = _csv_stream("customers", fixtures / "customers.csv") + _csv_stream(
            "employees", fixtures / "employees.csv"
        )
    elif name == "animals":  # what tap-smoke-test infers from the JSONL file
        rows = [json.loads(line) for line in (fixtures / "animals-data.jsonl").open()]
        props = {
            "id": {"type": "integer"},
            "description": {"type": ["string", "null"]},
            "verified": {"type": ["boolean", "null"]},
            "views": {"type": ["integer", "null"]},
            "created_at": {"type": ["string", "null"], "format": "date-time"},
        }
        found = [
            {
                "type": "SCHEMA",
                "stream": "animals",
                "key_properties": ["id"],
                "schema": {"type": "object", "properties": props},
            }
        ]
        found += [{"type": "RECORD", "stream": "animals", "record": row} for row in rows]
    else:
        text = (fixtures / f"{name}.singer").read_text()
        found = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [*found, {"type": "STATE", "value": {"bookmarks": {"done": name}}}]


def _check_mapping(
    mapping: str,
    config: dict[str, t.Any],
    given: list[dict[str, t.Any]],
    output: list[dict[str, t.Any]],
) -> None:
    records = [m for m in given if m["type"] == "RECORD"]
    out = [m for m in output if m["type"] == "RECORD"]
    schemas = {m["stream"]: m["schema"]["properties"] for m in output if m["type"] == "SCHEMA"}
    assert output[-1] == {"type": "STATE", "value": given[-1]["value"]}
    seed = config.get("stream_map_config", {}).get("hash_seed", "")
    if mapping in {"hash_email", "glob"}:
        assert len(out) == len(records)
        for before, after in zip(records, out, strict=True):
            email = before["record"]["email"]
            assert after["stream"] == before["stream"]
            assert after["record"]["email_domain"] == email.split("@")[-1]
            assert after["record"]["email_hash"] == hashlib.md5((seed + email).encode()).hexdigest()
            assert "email" not in after["record"]
        assert set(schemas) == {m["stream"] for m in records}
        assert all("email" not in props for props in schemas.values())
    elif mapping == "whitelist":
        assert schemas == {
            "animals": {
                "id": {"type": ["integer", "null"]},
                "description": {"type": ["string", "null"]},
            }
        }
        assert [m["record"] for m in out] == [
            {"id": m["record"]["id"], "description": m["record"]["description"]} for m in records
        ]
    elif mapping == "json_field":
        for before, after in zip(records, out, strict=True):
            row = before["record"]
            keys = ("description", "verified", "views", "created_at")
            assert after["record"] == {
                "id": row["id"],
                "data": json.dumps({k: row[k] for k in keys}),
            }
    elif mapping == "flatten":
        assert "address__coordinates" in schemas["people"]
        for before, after in zip(records, out, strict=True):
            address = before["record"]["address"]
            flat = after["record"]
            assert flat["address__city"] == address["city"]
            # Nested decimals stay JSON numbers (regression: they were quoted strings).
            assert json.loads(flat["address__coordinates"], parse_float=Decimal) == {
                key: Decimal(str(value)) for key, value in address["coordinates"].items()
            }
    elif mapping == "comprehension":
        assert schemas["users"]["fields"]["items"]["properties"]["key"] == {"type": "string"}
        for before, after in zip(records, out, strict=True):
            kept = [f for f in before["record"]["fields"] if f["key"] != "age"]
            assert after["record"] == {"id": before["record"]["id"], "fields": kept}
    elif mapping == "fake":
        # The seeded faker gives the same numbers as with the reference library.
        assert [m["record"] for m in out[:3]] == [
            {"id": "1", "first_name": "Ethe", "cc": "4201040137208265027"},
            {"id": "2", "first_name": "Myranda", "cc": "675987782884"},
            {"id": "3", "first_name": "Remus", "cc": "502011811259"},
        ]
    elif mapping == "single_field":
        for before, after in zip(records, out, strict=True):
            assert after["record"] == {"id": before["record"]["id"], "data": before["record"]}
    elif mapping == "alias_property_all_streams":
        for before, after in zip(records, out, strict=True):
            expected = {k: v for k, v in before["record"].items() if k != "first_name"}
            assert after["record"] == {**expected, "name": before["record"]["first_name"]}
    elif mapping == "expand_env_vars":  # Meltano expands the variables; here they stay as text
        assert out[0]["record"]["_extract__run_id"] == "$MELTANO_RUN_ID"
        assert out[0]["record"]["_extract__run_started_at"] == "$ELT_RUN_STARTED_AT"
    else:  # pragma: no cover - a mapping added to MAPPINGS without a check
        pytest.fail(f"no check for {mapping}")


def test_map_transform_own_mappings(connectors_env: ConnectorsEnv, tmp_path: Path) -> None:
    """Every mapping of meltano-map-transform's meltano.yml on the fixture its CI uses."""
    meltano = yaml.safe_load((connectors_env.mapper_source / "meltano.yml").read_text())
    (mapper,) = meltano["plugins"]["mappers"]
    configs = {m["name"]: m["config"] for m in mapper["mappings"]}
    assert set(configs) == set(MAPPINGS)
    for mapping, fixture in MAPPINGS.items():
        given = _fixture_messages(connectors_env.mapper_source, fixture)
        stdin = "".join(json.dumps(m) + "\n" for m in given).encode()
        config = write_json(tmp_path, f"{mapping}.json", configs[mapping])
        output = messages(
            run([connectors_env.exe("meltano-map-transform"), "--config", config], stdin=stdin)
        )
        _check_mapping(mapping, configs[mapping], given, output)
