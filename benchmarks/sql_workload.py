"""One timed run of a minimal SQL target loading N records into SQLite; runs under either SDK.

The target is built only from the public API (``SQLConnector``, ``SQLSink``, ``SQLTarget`` from
``singer_sdk.sql``) with the default settings (records validated, ``append-only``). The
records are the flat fields of ``records.py`` (integers, strings, a boolean, two date-times,
a nullable string): the reference's generic SQLSink cannot bind numbers (``Decimal``) or
objects on SQLite, so those fields are left out for both. The Singer input is built first
(not timed); the timed part is ``Target.listen`` on it, from the first SCHEMA line to the
last committed batch in a new database file. Prints ``seconds peak_rss_kib`` on stderr.

    python benchmarks/sql_workload.py --n 200000
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sqlite3
import sys
import tempfile
import time
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from records import SCHEMA, STREAM, make_record

from singer_sdk.sql import SQLConnector, SQLSink, SQLTarget

FIELDS = [
    "id", "name", "email", "description", "quantity", "is_active", "created_at", "updated_at",
    "notes",
]  # fmt: skip


class BenchConnector(SQLConnector):
    """Connects to the SQLite file named by the ``path`` setting."""

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        return f"sqlite:///{config['path']}"


class BenchSink(SQLSink):  # type: ignore[type-arg]
    connector_class = BenchConnector


class BenchTarget(SQLTarget):
    name = "target-bench-sqlite"
    default_sink_class = BenchSink
    config_jsonschema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {"path": {"type": "string"}},
    }


def singer_input(n: int) -> str:
    """SCHEMA, N RECORD and a STATE message, as a tap would write them."""
    schema = {"type": "object", "properties": {k: SCHEMA["properties"][k] for k in FIELDS}}  # type: ignore[index]
    lines = [
        json.dumps({"type": "SCHEMA", "stream": STREAM, "schema": schema, "key_properties": ["id"]})
    ]
    for i in range(n):
        record = make_record(i)
        lines.append(
            json.dumps(
                {
                    "type": "RECORD",
                    "stream": STREAM,
                    "record": {k: record[k] for k in FIELDS},
                    "time_extracted": "2024-01-01T00:00:00+00:00",
                }
            )
        )
    lines.append(json.dumps({"type": "STATE", "value": {"bookmarks": {STREAM: {"n": n}}}}))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    text = singer_input(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.db")
        target = BenchTarget(config={"path": path})
        start = time.perf_counter()
        target.listen(io.StringIO(text))
        elapsed = time.perf_counter() - start
        with sqlite3.connect(path) as conn:
            loaded = conn.execute(f"SELECT count(*) FROM {STREAM}").fetchone()[0]
    if loaded != args.n:
        raise SystemExit(f"loaded {loaded} rows, expected {args.n}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{elapsed:.4f} {peak}", file=sys.stderr)


if __name__ == "__main__":
    main()
