"""demo-report: the two helpers of ``samples/demo.sh`` (the README's main job).

``python samples/demo_report.py progress COUNTS.json`` sits in the pipe between a tap and a
target: it passes every line through unchanged, counts the RECORD messages of each stream,
shows ``N records so far (stream n, ...)`` on stderr at most once a second (on a terminal, one
line rewritten in place), and writes the final counts to ``COUNTS.json`` at the end.

``python samples/demo_report.py report --database FILE --state FILE [--counts FILE]`` prints
what was loaded: each table of the SQLite file with its rows now and the records this run
sent, where the data is, and the bookmarks of the final state.

Only the standard library is used (``sqlite3`` reads the database), so both start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
import typing as t
from pathlib import Path

__all__ = ["count_records", "main", "render_report", "summarize_state", "table_counts"]

_RECORD_PREFIX = b'{"type":"RECORD","stream":"'


def _stream_of(line: bytes) -> str | None:
    """Return the stream of a RECORD message line, or None for other lines."""
    if line.startswith(_RECORD_PREFIX):
        end = line.find(b'"', len(_RECORD_PREFIX))
        name = line[len(_RECORD_PREFIX) : end]
        if end > 0 and b"\\" not in name:
            return name.decode()
    if b'"RECORD"' not in line:
        return None
    try:  # another writer's spacing or an escaped stream name: parse the line
        message = json.loads(line)
    except ValueError:
        return None
    if isinstance(message, dict) and message.get("type") == "RECORD":
        return str(message.get("stream"))
    return None


def _progress_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    streams = ", ".join(f"{name} {count}" for name, count in counts.items())
    return f"{total} records so far ({streams})" if streams else "0 records so far"


def count_records(
    source: t.BinaryIO,
    sink: t.BinaryIO,
    progress: t.TextIO,
    *,
    interval: float = 1.0,
    clock: t.Callable[[], float] = time.monotonic,
) -> dict[str, int]:
    """Copy ``source`` to ``sink`` line by line; return the RECORD count of each stream.

    From ``interval`` seconds after the first record on, a progress line goes to ``progress``
    every ``interval`` seconds (rewritten in place when it is a terminal, and then cleared at
    the end), so short runs show none.
    """
    counts: dict[str, int] = {}
    interactive = progress.isatty()
    shown = False
    next_report: float | None = None
    write = sink.write
    for line in source:
        write(line)
        stream = _stream_of(line)
        if stream is None:
            continue
        counts[stream] = counts.get(stream, 0) + 1
        now = clock()
        if next_report is None:
            next_report = now + interval
        elif now >= next_report:
            next_report = now + interval
            text = _progress_text(counts)
            progress.write(f"\r\x1b[K{text}" if interactive else f"{text}\n")
            progress.flush()
            shown = True
    sink.flush()
    if shown and interactive:
        progress.write("\r\x1b[K")
        progress.flush()
    return counts


def table_counts(database: Path) -> dict[str, int]:
    """Return the row count of every table of the SQLite file, by table name."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {}
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            counts[name] = int(connection.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0])
        return counts
    finally:
        connection.close()


def summarize_state(state: dict[str, t.Any]) -> list[str]:
    """Return one line per stream bookmark of a Singer state: its key and where it stands."""
    lines = []
    for stream, bookmark in sorted((state.get("bookmarks") or {}).items()):
        if not isinstance(bookmark, dict):
            continue
        partitions = bookmark.get("partitions")
        if partitions:
            values = [
                p["replication_key_value"] for p in partitions if "replication_key_value" in p
            ]
            keys = sorted({k for p in partitions for k in (p.get("context") or {})})
            key = partitions[0].get("replication_key", "?")
            by = f", one per {', '.join(keys)}" if keys else ""
            latest = f" (latest {key} {max(values)})" if values else ""
            lines.append(f"{stream}: {len(partitions)} bookmarks{by}{latest}")
        elif "replication_key_value" in bookmark:
            key = bookmark.get("replication_key", "?")
            lines.append(
                f"{stream}: next run starts at {key} >= {bookmark['replication_key_value']}"
            )
        else:
            lines.append(f"{stream}: no bookmark (full sync each run)")
    return lines


def render_report(
    database: Path,
    state_file: Path,
    run_counts: dict[str, int],
    *,
    label: str | None = None,
) -> str:
    """Return the report printed at the end of the demo.

    Args:
        database: the SQLite file the target loaded.
        state_file: the final state's file.
        run_counts: the records of each stream sent this run.
        label: how ``database`` is shown (default: the path as given).
    """
    rows = table_counts(database)
    names = sorted(set(rows) | set(run_counts))
    width = max([len("stream"), *map(len, names)])
    lines = [
        f"Loaded into {label or database} (SQLite):",
        f"  {'stream':<{width}}  {'this run':>9}  {'in table':>9}",
    ]
    lines += [
        f"  {name:<{width}}  {run_counts.get(name, 0):>9}  {rows.get(name, 0):>9}" for name in names
    ]
    state = json.loads(state_file.read_text() or "{}") if state_file.is_file() else {}
    lines.append(f"Final state ({state_file}):")
    lines += [f"  {line}" for line in summarize_state(state)] or ["  (empty)"]
    return "\n".join(lines)


def main(argv: t.Sequence[str] | None = None) -> int:
    """Run ``progress`` or ``report``; return the exit code."""
    parser = argparse.ArgumentParser(prog="demo-report", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    progress = commands.add_parser("progress", help="count records passing through a pipe")
    progress.add_argument("counts", type=Path, help="where the final counts are written")
    progress.add_argument("--interval", type=float, default=1.0, help="seconds between lines")
    report = commands.add_parser("report", help="print what the demo loaded")
    report.add_argument("--database", type=Path, required=True)
    report.add_argument("--state", type=Path, required=True)
    report.add_argument("--counts", type=Path)
    args = parser.parse_args(argv)

    if args.command == "progress":
        try:
            counts = count_records(
                sys.stdin.buffer, sys.stdout.buffer, sys.stderr, interval=args.interval
            )
        except BrokenPipeError:  # the target stopped reading: it reports why
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        args.counts.write_text(json.dumps(counts, sort_keys=True) + "\n")
        return 0

    if not args.database.is_file():
        print(f"demo-report: no database at {args.database}", file=sys.stderr)
        return 1
    run_counts: dict[str, int] = {}
    if args.counts is not None and args.counts.is_file():
        run_counts = json.loads(args.counts.read_text())
    print(render_report(args.database, args.state, run_counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
