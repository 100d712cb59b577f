"""The SQLite sample tap and target, run as real processes (and through real pipes)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import typing as t
from pathlib import Path

if t.TYPE_CHECKING:
    from fixture_api import FixtureServer

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TAP = "tap_sqlite.py"
TARGET = "target_sqlite.py"

SOURCE_SQL = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, weight REAL, price NUMERIC(10, 2),
    born DATE, updated_at DATETIME, in_stock BOOLEAN, info JSON
);
INSERT INTO items VALUES
    (1, 'apple', 1.5, '12.50', '2024-01-02', '2024-01-02 10:00:00', 1, '{"a": [1, 2]}'),
    (2, 'pear', NULL, 3, '2024-02-03', '2024-02-03 11:30:00.250000', 0, NULL),
    (3, 'fig', 0.25, 0.1, '2023-12-31', '2024-01-15 08:00:00', 1, '[]');
CREATE TABLE notes (body VARCHAR(20));
INSERT INTO notes VALUES ('hi'), ('there');
CREATE VIEW light AS SELECT id, name FROM items WHERE weight < 2;
"""


def make_source(tmp_path: Path) -> Path:
    """Write the test's source database (three tables/views of every common type)."""
    path = tmp_path / "source.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(SOURCE_SQL)
    db.close()
    return path


def query(path: Path, sql: str) -> list[tuple[t.Any, ...]]:
    with sqlite3.connect(path) as db:
        rows = db.execute(sql).fetchall()
    db.close()
    return rows


def entry(catalog: dict[str, t.Any], stream: str) -> dict[str, t.Any]:
    return next(e for e in catalog["streams"] if e["tap_stream_id"] == stream)


def root_metadata(catalog_entry: dict[str, t.Any]) -> dict[str, t.Any]:
    return next(m["metadata"] for m in catalog_entry["metadata"] if not m["breadcrumb"])


def as_instant(text: str) -> dt.datetime:
    """A date-time string as an aware UTC datetime (naive ones are UTC)."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def discover(run: t.Any, database: Path) -> dict[str, t.Any]:
    result = run(TAP, "--discover", config={"database": str(database)})
    assert result.returncode == 0, result.stderr
    return t.cast("dict[str, t.Any]", json.loads(result.stdout))


# -- tap_sqlite ------------------------------------------------------------------------------


def test_tap_discovers_every_table_and_view_with_json_schema_types(
    tmp_path: Path, run: t.Any
) -> None:
    catalog = discover(run, make_source(tmp_path))
    assert sorted(e["tap_stream_id"] for e in catalog["streams"]) == ["items", "light", "notes"]
    items = entry(catalog, "items")
    assert items["table_name"] == "items"
    assert items["key_properties"] == ["id"]
    assert items["is_view"] is False
    assert items["schema"]["properties"] == {
        "id": {"type": ["integer", "null"]},  # SQLite reports INTEGER PRIMARY KEY as nullable
        "name": {"type": ["string"]},
        "weight": {"type": ["number", "null"]},
        "price": {"type": ["number", "null"]},
        "born": {"type": ["string", "null"], "format": "date"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "in_stock": {"type": ["boolean", "null"]},
        "info": {"type": ["string", "number", "integer", "boolean", "object", "array", "null"]},
    }
    assert items["schema"]["required"] == ["id"]
    assert root_metadata(items)["selected-by-default"] is True
    assert "replication-method" not in root_metadata(items)  # full table until one is picked
    assert entry(catalog, "light")["is_view"] is True
    assert entry(catalog, "notes")["schema"]["properties"] == {
        "body": {"type": ["string", "null"], "maxLength": 20}
    }
    assert entry(catalog, "notes")["key_properties"] == []


def test_tap_syncs_every_stream_without_a_catalog(tmp_path: Path, run: t.Any) -> None:
    result = run(TAP, config={"database": str(make_source(tmp_path))})
    assert result.returncode == 0, result.stderr
    items = result.records("items")
    assert [row["id"] for row in items] == [1, 2, 3]
    apple = items[0]
    assert apple["name"] == "apple"
    assert apple["weight"] == 1.5
    assert apple["price"] == 12.5
    assert apple["born"] == "2024-01-02"
    assert as_instant(apple["updated_at"]) == dt.datetime(2024, 1, 2, 10, tzinfo=dt.UTC)
    assert apple["in_stock"] is True
    assert apple["info"] == {"a": [1, 2]}  # a JSON column reads back as its value
    pear = items[1]
    assert pear["weight"] is None
    assert pear["price"] == 3
    assert pear["in_stock"] is False
    assert as_instant(pear["updated_at"]).microsecond == 250000
    assert result.records("notes") == [{"body": "hi"}, {"body": "there"}]
    assert result.records("light") == [{"id": 1, "name": "apple"}, {"id": 3, "name": "fig"}]
    assert result.last_state() == {"bookmarks": {"items": {}, "light": {}, "notes": {}}}


def test_tap_writes_exact_decimals_as_strings_with_use_singer_decimal(
    tmp_path: Path, run: t.Any
) -> None:
    config = {"database": str(make_source(tmp_path)), "use_singer_decimal": True}
    result = run(TAP, config=config)
    assert result.returncode == 0, result.stderr
    schema = next(m for m in result.messages if m["type"] == "SCHEMA" and m["stream"] == "items")
    assert schema["schema"]["properties"]["price"] == {
        "type": ["string", "null"],
        "format": "x-singer.decimal",
        "precision": 10,
        "scale": 2,
    }
    assert [row["price"] for row in result.records("items")] == ["12.50", "3.00", "0.10"]
    assert result.records("items")[0]["weight"] == 1.5  # REAL stays a number


def incremental_catalog(catalog: dict[str, t.Any]) -> dict[str, t.Any]:
    """``items`` incremental on ``updated_at``, ``notes`` deselected, ``light`` as it is."""
    root_metadata(entry(catalog, "items")).update(
        {"replication-method": "INCREMENTAL", "replication-key": "updated_at"}
    )
    root_metadata(entry(catalog, "notes"))["selected"] = False
    return catalog


def test_tap_is_incremental_on_the_replication_key_chosen_in_the_catalog(
    tmp_path: Path, run: t.Any
) -> None:
    database = make_source(tmp_path)
    with sqlite3.connect(database) as db:  # the last row stamped without fraction of second
        db.execute("UPDATE items SET updated_at = '2024-02-03 11:30:00' WHERE id = 2")
    db.close()
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(json.dumps(incremental_catalog(discover(run, database))))
    config = {"database": str(database)}

    first = run(TAP, "--catalog", str(catalog_file), config=config)
    assert first.returncode == 0, first.stderr
    assert [row["id"] for row in first.records("items")] == [1, 3, 2]  # by updated_at
    assert first.records("notes") == []
    bookmark = first.last_state()["bookmarks"]["items"]
    assert bookmark["replication_key"] == "updated_at"
    assert as_instant(bookmark["replication_key_value"]) == dt.datetime(
        2024, 2, 3, 11, 30, tzinfo=dt.UTC
    )
    assert bookmark["replication_key_value"] != "2024-02-03 11:30:00"  # not the stored text

    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO items (id, name, updated_at) VALUES (4, 'kiwi', '2024-03-01')")
        db.execute("UPDATE items SET name = 'apple!', updated_at = '2024-02-10' WHERE id = 1")
        db.execute("UPDATE items SET name = 'fig!' WHERE id = 3")  # not re-stamped: not seen
    db.close()
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(first.last_state()))
    second = run(TAP, "--catalog", str(catalog_file), "--state", str(state_file), config=config)
    assert second.returncode == 0, second.stderr
    # The bookmark is inclusive: row 2 again (its text in the table and in the state differ:
    # compared as instants), then the rows changed after it.
    assert [(row["id"], row["name"]) for row in second.records("items")] == [
        (2, "pear"),
        (1, "apple!"),
        (4, "kiwi"),
    ]
    assert as_instant(
        second.last_state()["bookmarks"]["items"]["replication_key_value"]
    ) == dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert len(second.records("light")) == 2  # full table every run


def test_tap_start_date_is_where_a_stream_without_bookmark_starts(
    tmp_path: Path, run: t.Any
) -> None:
    database = make_source(tmp_path)
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(json.dumps(incremental_catalog(discover(run, database))))
    config = {"database": str(database), "start_date": "2024-01-15T08:00:00Z"}
    result = run(TAP, "--catalog", str(catalog_file), config=config)
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in result.records("items")] == [3, 2]


def test_tap_reports_a_missing_database_file(tmp_path: Path, run: t.Any) -> None:
    missing = tmp_path / "nowhere.sqlite"
    result = run(TAP, "--discover", config={"database": str(missing)})
    assert result.returncode == 1
    assert f"SQLite database file not found: {missing}" in result.stderr
    assert not missing.exists()  # SQLite would have created an empty file
    assert "Traceback" not in result.stderr


def test_tap_needs_a_database_or_a_url(tmp_path: Path, run: t.Any) -> None:
    result = run(TAP, "--discover", config={})
    assert result.returncode == 1
    assert "Set 'database' (the SQLite file to read) or 'sqlalchemy_url'." in result.stderr


# -- target_sqlite ---------------------------------------------------------------------------


def pipe(
    commands: list[list[str]], *, cwd: Path, env: dict[str, str] | None = None
) -> tuple[list[int], bytes, list[bytes]]:
    """Run ``commands`` as one pipeline of real processes.

    Returns:
        Each command's exit code, the last command's stdout, each command's stderr.
    """
    full_env = {**os.environ, **(env or {})}
    processes: list[subprocess.Popen[bytes]] = []
    previous: t.IO[bytes] | None = None
    for index, command in enumerate(commands):
        with (cwd / f"stderr.{index}").open("wb") as errors:
            process = subprocess.Popen(
                command, stdin=previous, stdout=subprocess.PIPE, stderr=errors, cwd=cwd,
                env=full_env,
            )  # fmt: skip
        if previous is not None:
            previous.close()  # the next process holds it now
        previous = process.stdout
        processes.append(process)
    out, _ = processes[-1].communicate(timeout=120)
    codes = [process.wait(timeout=60) for process in processes]
    return codes, out, [(cwd / f"stderr.{i}").read_bytes() for i in range(len(commands))]


def sample(script: str, config: dict[str, t.Any], folder: Path) -> list[str]:
    config_file = folder / f"{script}.json"
    config_file.write_text(json.dumps(config))
    return [sys.executable, str(SAMPLES / script), "--config", str(config_file)]


def test_target_loads_the_taps_output_through_a_pipe(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    warehouse = tmp_path / "out" / "warehouse.sqlite"  # the folder is created
    codes, out, errors = pipe(
        [
            sample(TAP, {"database": str(source)}, tmp_path),
            sample(TARGET, {"database": str(warehouse)}, tmp_path),
        ],
        cwd=tmp_path,
    )
    assert codes == [0, 0], errors
    assert json.loads(out.splitlines()[-1]) == {
        "bookmarks": {"items": {}, "light": {}, "notes": {}}
    }
    assert query(warehouse, "SELECT name, sql FROM sqlite_master WHERE name = 'items'") == [
        (
            "items",
            "CREATE TABLE items (\n\tid INTEGER NOT NULL, \n\tname VARCHAR, \n\t"
            "weight REAL, \n\tprice REAL, \n\tborn DATE, \n\tupdated_at DATETIME, \n\t"
            "in_stock BOOLEAN, \n\tinfo VARCHAR, \n\tPRIMARY KEY (id)\n)",
        )
    ]
    assert query(warehouse, "SELECT * FROM items ORDER BY id") == [
        (1, "apple", 1.5, 12.5, "2024-01-02", "2024-01-02 10:00:00.000000", 1, '{"a":[1,2]}'),
        (2, "pear", None, 3.0, "2024-02-03", "2024-02-03 11:30:00.250000", 0, None),
        (3, "fig", 0.25, 0.1, "2023-12-31", "2024-01-15 08:00:00.000000", 1, "[]"),
    ]
    assert query(warehouse, "SELECT body FROM notes") == [("hi",), ("there",)]
    assert query(warehouse, "SELECT id, name FROM light ORDER BY id") == [(1, "apple"), (3, "fig")]


def test_target_upserts_by_key_by_default_and_appends_on_request(
    tmp_path: Path, run: t.Any
) -> None:
    warehouse = tmp_path / "w.sqlite"
    lines = [
        {"type": "SCHEMA", "stream": "users", "key_properties": ["id"],
         "schema": {"properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}},
        {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "Ann"}},
        {"type": "RECORD", "stream": "users", "record": {"id": 2, "name": "Bob"}},
        {"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "Ann B."}},
    ]  # fmt: skip
    text = "".join(json.dumps(line) + "\n" for line in lines).encode()
    for _ in range(2):
        result = run(TARGET, config={"database": str(warehouse)}, stdin=text)
        assert result.returncode == 0, result.stderr
    assert query(warehouse, "SELECT id, name FROM users ORDER BY id") == [(1, "Ann B."), (2, "Bob")]

    appended = tmp_path / "a.sqlite"
    config = {"database": str(appended), "load_method": "append-only"}
    lines[0]["key_properties"] = []
    text = "".join(json.dumps(line) + "\n" for line in lines).encode()
    result = run(TARGET, config=config, stdin=text)
    assert result.returncode == 0, result.stderr
    assert query(appended, "SELECT id, name FROM users") == [(1, "Ann"), (2, "Bob"), (1, "Ann B.")]


def test_target_keeps_a_column_whose_type_widens(tmp_path: Path, run: t.Any) -> None:
    warehouse = tmp_path / "w.sqlite"

    def schema(price: t.Any) -> dict[str, t.Any]:
        properties = {"id": {"type": "integer"}, "price": price}
        return {"type": "SCHEMA", "stream": "p", "key_properties": ["id"],
                "schema": {"properties": properties}}  # fmt: skip

    lines = [
        schema({"type": "number"}),
        {"type": "RECORD", "stream": "p", "record": {"id": 1, "price": 2.5}},
        schema({"type": ["number", "string"]}),
        {"type": "RECORD", "stream": "p", "record": {"id": 2, "price": "n/a"}},
    ]
    text = "".join(json.dumps(line) + "\n" for line in lines).encode()
    result = run(TARGET, config={"database": str(warehouse)}, stdin=text)
    assert result.returncode == 0, result.stderr
    assert query(warehouse, "SELECT id, price, typeof(price) FROM p ORDER BY id") == [
        (1, 2.5, "real"),
        (2, "n/a", "text"),
    ]
    assert "Column p.price keeps its declared type REAL" in result.stderr


def test_target_reports_a_file_that_is_not_a_database(tmp_path: Path, run: t.Any) -> None:
    warehouse = tmp_path / "w.sqlite"
    warehouse.write_text("not a database\n" * 100)
    text = (
        b'{"type":"SCHEMA","stream":"s","schema":{"properties":{"a":{"type":"integer"}}},'
        b'"key_properties":[]}\n{"type":"RECORD","stream":"s","record":{"a":1}}\n'
    )
    result = run(TARGET, config={"database": str(warehouse)}, stdin=text)
    assert result.returncode == 1
    assert "file is not a database" in result.stderr
    assert result.stdout == ""


def test_target_about_lists_its_settings_with_upsert_as_the_default(run: t.Any) -> None:
    result = run(TARGET, "--about", "--format", "json")
    assert result.returncode == 0, result.stderr
    about = json.loads(result.stdout)
    settings = about["settings"]["properties"]
    assert settings["database"]["default"] == "output/warehouse.sqlite"
    assert settings["load_method"]["default"] == "upsert"
    assert settings["load_method"]["enum"] == ["append-only", "upsert", "overwrite"]
    assert {"sqlalchemy_url", "hard_delete", "batch_size_rows", "stream_maps"} <= set(settings)
    assert "activate-version" in about["capabilities"]


# -- the round trip: REST API -> SQLite -> tap_sqlite ----------------------------------------


def normalize(record: dict[str, t.Any], datetimes: t.Sequence[str]) -> dict[str, t.Any]:
    return {
        key: as_instant(value) if key in datetimes and value is not None else value
        for key, value in record.items()
    }


def test_rest_api_to_sqlite_and_back_gives_the_same_rows(
    api: FixtureServer, tmp_path: Path, run: t.Any
) -> None:
    warehouse = tmp_path / "warehouse.sqlite"
    script = (
        f'"{sys.executable}" {SAMPLES / "tap_rest_fixture.py"} --config ENV 2>tap.log '
        "| tee rest.singer "
        f'| "{sys.executable}" {SAMPLES / "target_sqlite.py"} --config ENV 2>target.log '
        ">state.json"
    )
    env = {
        **os.environ,
        "TAP_FIXTURE_REST_API_URL": api.url,
        "TAP_FIXTURE_REST_API_KEY": api.api_key,
        "TARGET_SQLITE_DATABASE": str(warehouse),
    }
    loaded = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script], cwd=tmp_path, env=env, timeout=120, check=False
    )
    assert loaded.returncode == 0, (tmp_path / "target.log").read_text()[-3000:]
    sent = [json.loads(line) for line in (tmp_path / "rest.singer").read_text().splitlines()]

    back = run(TAP, config={"database": str(warehouse)})
    assert back.returncode == 0, back.stderr
    stamps = ("created_at", "updated_at")
    for stream, count in (("users", 25), ("orders", 50)):
        expected = sorted(
            (m["record"] for m in sent if m["type"] == "RECORD" and m["stream"] == stream),
            key=lambda record: record["id"],
        )
        assert len(expected) == count
        assert [normalize(r, stamps) for r in back.records(stream)] == [
            normalize(r, stamps) for r in expected
        ]
    users = back.records("users")
    assert isinstance(users[0]["address"], dict)  # objects and arrays are JSON columns
    assert isinstance(users[0]["tags"], list)
    assert query(warehouse, "SELECT json_extract(address, '$.city') FROM users WHERE id = 1") == [
        ("Turin",)
    ]
