"""The demo tap as a real process: its stdout read with SingerReader, compared to a snapshot.

Regenerate the snapshot after an intended change of the output with
``pytest tests/tap/test_snapshot.py --update-snapshots`` (or ``SINGER_SDK_UPDATE_SNAPSHOTS=1``),
then review the diff of ``tests/tap/snapshots/tap_demo.jsonl``.
"""

from __future__ import annotations

import collections
import datetime as dt
import decimal
import io
import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk._messages import codec
from singer_sdk.io_base import SingerReader

SNAPSHOT = Path(__file__).parent / "snapshots" / "tap_demo.jsonl"
TAP_DEMO = Path(__file__).resolve().parents[2] / "samples" / "tap_demo.py"
MESSAGE_TYPES = ("SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH")


def _read_messages(source: t.IO[bytes]) -> tuple[list[dict[str, t.Any]], collections.Counter[str]]:
    """Read Singer messages from ``source`` with the SDK's reader."""
    messages: list[dict[str, t.Any]] = []
    callbacks = dict.fromkeys(MESSAGE_TYPES, messages.append)
    counts = SingerReader().process_lines(source, callbacks)
    return messages, counts


def _normalise(message: dict[str, t.Any]) -> dict[str, t.Any]:
    """Replace what changes from run to run (extraction times, signposts) by placeholders."""
    if "time_extracted" in message:
        extracted = dt.datetime.fromisoformat(message["time_extracted"])
        assert extracted.utcoffset() == dt.timedelta(0)
        message = {**message, "time_extracted": "<time_extracted>"}
    if message["type"] == "STATE":
        bookmarks = {}
        for stream, stream_state in message["value"].get("bookmarks", {}).items():
            if "replication_key_signpost" in stream_state:
                dt.datetime.fromisoformat(stream_state["replication_key_signpost"])
                stream_state = {**stream_state, "replication_key_signpost": "<signpost>"}
            bookmarks[stream] = stream_state
        message = {**message, "value": {**message["value"], "bookmarks": bookmarks}}
    return message


def _update_requested(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-snapshots")) or os.environ.get(
        "SINGER_SDK_UPDATE_SNAPSHOTS", ""
    ).lower() in {"1", "true", "yes"}


def test_demo_message_stream_matches_the_snapshot(
    run_script, request: pytest.FixtureRequest
) -> None:
    result = run_script()
    assert result.returncode == 0, result.stderr.decode()
    messages, counts = _read_messages(io.BytesIO(result.stdout))
    assert counts["SCHEMA"] == 3  # one per stream, children included
    lines = [codec.encode_str(_normalise(message)) for message in messages]
    text = "\n".join(lines) + "\n"
    if _update_requested(request.config):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text)
    assert SNAPSHOT.exists(), "no snapshot yet: run with --update-snapshots"
    expected = SNAPSHOT.read_text().splitlines()
    assert lines == expected


def test_demo_through_a_real_pipe(tmp_path: Path, tap_env: dict[str, str]) -> None:
    """Read the tap's stdout while it runs, as a target on the other end of a pipe would."""
    config = tmp_path / "config.json"
    config.write_text('{"book_count": 30, "start_date": "2024-01-01T10:00:00Z"}')
    process = subprocess.Popen(
        [sys.executable, str(TAP_DEMO), "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=tap_env,
    )
    assert process.stdout is not None
    try:
        messages, counts = _read_messages(process.stdout)
    finally:
        process.stdout.close()
        returncode = process.wait(timeout=30)
    assert returncode == 0
    assert counts == {"SCHEMA": 3, "RECORD": 5 + 21 + 42, "STATE": counts["STATE"]}
    books = [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "books"]
    # start_date filters the books; the reader gives decimals for fractional numbers.
    assert [book["id"] for book in books] == list(range(10, 31))
    assert books[0]["price"] == decimal.Decimal("17.5")
    assert books[0]["details"] == {"pages": 170, "genre": "reference"}
    final = messages[-1]
    assert final["type"] == "STATE"
    assert final["value"]["bookmarks"]["books"] == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-02T06:00:00.000000+00:00",
    }
    assert len(final["value"]["bookmarks"]["reviews"]["partitions"]) == 21
    # Every SCHEMA comes before the first RECORD of its stream.
    seen_schema: set[str] = set()
    for message in messages:
        if message["type"] == "SCHEMA":
            seen_schema.add(message["stream"])
        elif message["type"] == "RECORD":
            assert message["stream"] in seen_schema
