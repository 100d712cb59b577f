"""A real pipe: the SQL tap on PostgreSQL into the SQL target on SQLite, values compared."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3
import subprocess
import sys
import typing as t
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

REPO = Path(__file__).resolve().parents[2]
TAP = Path(__file__).with_name("sample_sqlite_tap.py")
TARGET = REPO / "samples" / "target_sqlite.py"

ROWS = [
    {
        "id": i,
        "name": ["plain", 'O\'Brien "quoted"', "spaces  and\ttabs", "ünïcödé", None][i % 5],
        "price": decimal.Decimal(f"{i:02d}34567.1234"),
        "huge": decimal.Decimal(f"1234567890123456789{i % 10}.12345678{i % 10}"),
        "day": dt.date(2024, 5, 1) + dt.timedelta(days=i),
        "at": dt.datetime(2024, 5, 1, 12, 0, 0) + dt.timedelta(hours=i, microseconds=7),
        "doc": {"k": i, "nested": {"list": [1, 2]}},
        "tags": ["a", f"t{i}"],
        "ok": i % 2 == 0,
    }
    for i in range(1, 41)
]


def _create_source(pg_url: str, schema: str) -> None:
    engine = sa.create_engine(pg_url)
    meta = sa.MetaData(schema=schema)
    table = sa.Table(
        "order items",  # a space in the name
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("price", sa.Numeric(12, 4)),
        sa.Column("huge", sa.Numeric),
        sa.Column("day", sa.Date),
        sa.Column("at", sa.DateTime),
        sa.Column("doc", pg.JSONB),
        sa.Column("tags", pg.ARRAY(sa.Text)),
        sa.Column("ok", sa.Boolean),
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(table.insert(), ROWS)
    engine.dispose()


def _run(args: list[str], **kwargs: t.Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, *args], capture_output=True, timeout=120, **kwargs)


def test_postgres_tap_into_sqlite_target(pg_url: str, pg_schema: str, tmp_path: Path) -> None:
    _create_source(pg_url, pg_schema)
    tap_config = tmp_path / "tap.json"
    tap_config.write_text(
        json.dumps({"sqlalchemy_url": pg_url, "schemas": [pg_schema], "use_singer_decimal": True})
    )
    discovered = _run([str(TAP), "--config", str(tap_config), "--discover"], check=True)
    catalog = json.loads(discovered.stdout)
    (entry,) = catalog["streams"]
    for item in entry["metadata"]:
        item["metadata"]["selected"] = True
    catalog_path = tmp_path / "catalog.json"
    catalog_path.write_text(json.dumps(catalog))
    database = tmp_path / "warehouse.sqlite"
    target_config = tmp_path / "target.json"
    target_config.write_text(json.dumps({"database": str(database)}))

    tap = subprocess.Popen(
        [sys.executable, str(TAP), "--config", str(tap_config), "--catalog", str(catalog_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert tap.stdout is not None
    target = subprocess.run(
        [sys.executable, str(TARGET), "--config", str(target_config)],
        stdin=tap.stdout,
        capture_output=True,
        timeout=120,
        check=False,
    )
    tap.stdout.close()
    tap_stderr = tap.stderr.read().decode() if tap.stderr else ""
    assert tap.wait(timeout=60) == 0, tap_stderr
    assert target.returncode == 0, target.stderr.decode()

    with sqlite3.connect(database) as conn:
        (table,) = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        conn.row_factory = sqlite3.Row
        loaded = [dict(row) for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY id')]

    assert table == "order_items"  # the stream `<schema>-order items`, conformed
    assert len(loaded) == len(ROWS)
    for source, row in zip(ROWS, loaded, strict=True):
        assert row["id"] == source["id"]
        assert row["name"] == source["name"]
        assert decimal.Decimal(str(row["price"])) == source["price"]
        assert decimal.Decimal(str(row["huge"])) == source["huge"]  # every digit kept
        assert dt.date.fromisoformat(str(row["day"])) == source["day"]
        loaded_at = dt.datetime.fromisoformat(str(row["at"])).replace(tzinfo=None)
        assert loaded_at == source["at"]
        assert json.loads(row["doc"]) == source["doc"]
        assert json.loads(row["tags"]) == source["tags"]
        assert bool(row["ok"]) == source["ok"]
