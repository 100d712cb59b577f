"""The README's main job (``make demo`` = ``samples/demo.sh``: the fixture API's REST tap piped
into the SQLite target, then a report), its helpers, and the JSONL demo pipeline.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import typing as t
from pathlib import Path

from demo_report import count_records, summarize_state

ROOT = Path(__file__).resolve().parents[2]


# -- make demo: samples/demo.sh ----------------------------------------------------------------


def run_demo(demo_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``bash samples/demo.sh <this python>`` with its output in ``demo_dir``."""
    return subprocess.run(
        ["bash", str(ROOT / "samples/demo.sh"), sys.executable],
        capture_output=True,
        text=True,
        env={**os.environ, "DEMO_DIR": str(demo_dir)},
        timeout=60,
        check=False,
    )


def report_rows(stdout: str) -> dict[str, tuple[int, int]]:
    """The report's table: stream -> (records this run, rows in the table)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Loaded into")) + 2
    rows = {}
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        name, this_run, in_table = line.split()
        rows[name] = (int(this_run), int(in_table))
    return rows


def test_demo_loads_the_fixture_api_into_sqlite_then_resumes_from_its_state(
    tmp_path: Path,
) -> None:
    demo = tmp_path / "demo"
    first = run_demo(demo)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert out.splitlines()[0].startswith(
        "== tap-fixture-rest | target-sqlite: first run, full sync (fixture API at http://127."
    )
    assert f"Loaded into {demo / 'warehouse.sqlite'} (SQLite):" in out
    assert report_rows(out) == {"orders": (50, 50), "users": (25, 25)}
    assert f"Final state ({demo / 'state.json'}):" in out
    assert "  users: next run starts at updated_at >= 2024-01-02T01:00:00Z" in out
    assert "  orders: 25 bookmarks, one per user_id (latest updated_at " in out
    assert f"Logs: {demo / 'tap.log'}, {demo / 'target.log'}." in out
    assert len(out.splitlines()) <= 12  # short: the plugins' logs are in files
    assert "INFO" not in first.stderr
    assert "Beginning" in (demo / "tap.log").read_text()
    with sqlite3.connect(demo / "warehouse.sqlite") as db:
        assert db.execute("SELECT COUNT(*), MIN(id), MAX(id) FROM users").fetchone() == (25, 1, 25)
        assert db.execute(
            "SELECT json_extract(address, '$.city') FROM users WHERE id = 1"
        ).fetchone() == ("Turin",)
    db.close()  # fmt: skip
    state = json.loads((demo / "state.json").read_text())
    assert state["bookmarks"]["users"] == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-02T01:00:00Z",
    }
    assert len(state["bookmarks"]["orders"]["partitions"]) == 25

    second = run_demo(demo)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[0] == (
        "== tap-fixture-rest | target-sqlite: incremental run, from the bookmarks in "
        f"{demo / 'state.json'}"
    )
    # Only the user updated last (the bookmark is inclusive) and that user's latest order are
    # sent again; upserted by id, so the tables keep their rows.
    assert report_rows(second.stdout) == {"orders": (1, 50), "users": (1, 25)}
    assert json.loads((demo / "state.json").read_text()) == state


def test_demo_without_its_database_starts_over_with_a_full_sync(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    # A state left by something else (the database it belonged to is gone): not resumed from.
    stale = {
        "bookmarks": {
            "users": {
                "replication_key": "updated_at",
                "replication_key_value": "2030-01-01T00:00:00Z",
            }
        }
    }
    (demo / "state.json").write_text(json.dumps(stale))
    result = run_demo(demo)
    assert result.returncode == 0, result.stderr
    assert "first run, full sync" in result.stdout.splitlines()[0]
    assert report_rows(result.stdout) == {"orders": (50, 50), "users": (25, 25)}


def test_demo_fails_with_a_clear_message_when_a_step_fails(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert run_demo(demo).returncode == 0
    state_before = (demo / "state.json").read_text()
    (demo / "warehouse.sqlite").write_text("not a database\n" * 100)
    result = run_demo(demo)
    assert result.returncode == 1
    assert "demo failed: target-sqlite exited with 1" in result.stderr
    assert f"--- last lines of {demo / 'target.log'}:" in result.stderr
    assert "file is not a database" in result.stderr
    assert f"rm -rf {demo} starts over" in result.stderr
    assert "Loaded into" not in result.stdout  # no report of a failed run
    assert (demo / "state.json").read_text() == state_before  # the saved state is kept


def test_demo_names_the_tap_when_the_tap_fails(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert run_demo(demo).returncode == 0
    (demo / "state.json").write_text("{not json\n")
    result = run_demo(demo)
    assert result.returncode == 1
    assert "demo failed: tap-fixture-rest exited with 1" in result.stderr
    assert f"State file '{demo / 'state.json'}' is not valid JSON" in result.stderr
    assert (demo / "state.json").read_text() == "{not json\n"  # not overwritten


# -- the demo's helpers (samples/demo_report.py) -------------------------------------------------


class FakeTerminal(io.StringIO):
    def __init__(self, *, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_counter_passes_lines_through_and_counts_records() -> None:
    lines = [
        b'{"type":"SCHEMA","stream":"a","schema":{},"key_properties":[]}\n',
        b'{"type":"RECORD","stream":"a","record":{"x":"RECORD"}}\n',
        b'{"type": "RECORD", "stream": "b", "record": {}}\n',  # other spacing: parsed
        b'{"type":"RECORD","stream":"q\\"s","record":{}}\n',  # escaped name: parsed
        b'{"type":"STATE","value":{"note":"RECORD"}}\n',
        b'{"type":"RECORD","stream":"a","record":{}}',  # no final newline
    ]
    source, sink = io.BytesIO(b"".join(lines)), io.BytesIO()
    ticks = iter([0.0, 0.5, 1.2, 2.3])
    progress = FakeTerminal(tty=False)
    counts = count_records(source, sink, progress, clock=lambda: next(ticks))
    assert sink.getvalue() == b"".join(lines)
    assert counts == {"a": 2, "b": 1, 'q"s': 1}
    # The first record starts the clock; a line each second after it.
    assert progress.getvalue() == (
        '3 records so far (a 1, b 1, q"s 1)\n4 records so far (a 2, b 1, q"s 1)\n'
    )


def test_progress_on_a_terminal_rewrites_one_line_and_clears_it() -> None:
    source = io.BytesIO(b'{"type":"RECORD","stream":"a","record":{}}\n' * 3)
    ticks = iter([0.0, 1.0, 1.5])
    progress = FakeTerminal(tty=True)
    count_records(source, io.BytesIO(), progress, clock=lambda: next(ticks))
    assert progress.getvalue() == "\r\x1b[K2 records so far (a 2)\r\x1b[K"


def test_a_short_run_shows_no_progress_line() -> None:
    source = io.BytesIO(b'{"type":"RECORD","stream":"a","record":{}}\n' * 100)
    progress = FakeTerminal(tty=False)
    assert count_records(source, io.BytesIO(), progress, clock=lambda: 5.0) == {"a": 100}
    assert progress.getvalue() == ""


def test_state_summary_says_where_each_stream_resumes() -> None:
    state: dict[str, t.Any] = {
        "bookmarks": {
            "users": {"replication_key": "updated_at", "replication_key_value": "2024-01-02"},
            "orders": {
                "partitions": [
                    {"context": {"user_id": 1}, "replication_key": "updated_at",
                     "replication_key_value": "2024-01-03"},
                    {"context": {"user_id": 2}, "replication_key": "updated_at",
                     "replication_key_value": "2024-01-05"},
                    {"context": {"user_id": 3}},
                ]
            },
            "notes": {},
        }
    }  # fmt: skip
    assert summarize_state(state) == [
        "notes: no bookmark (full sync each run)",
        "orders: 3 bookmarks, one per user_id (latest updated_at 2024-01-05)",
        "users: next run starts at updated_at >= 2024-01-02",
    ]
    assert summarize_state({}) == []


def test_report_command_needs_the_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "samples/demo_report.py"), "report",
         "--database", str(tmp_path / "none.sqlite"), "--state", str(tmp_path / "s.json")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == f"demo-report: no database at {tmp_path / 'none.sqlite'}\n"


# -- the JSONL demo pipeline: tap_demo | target_jsonl_demo ---------------------------------------


def run_pipeline(
    tmp_path: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[bytes], subprocess.CompletedProcess[bytes]]:
    full_env = {**os.environ, **env, "TARGET_JSONL_DEMO_OUTPUT_DIR": str(tmp_path / "out")}
    tap = subprocess.Popen(
        [sys.executable, str(ROOT / "samples/tap_demo.py"), "--config", "ENV"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full_env,
        cwd=tmp_path,
    )
    target = subprocess.run(
        [sys.executable, str(ROOT / "samples/target_jsonl_demo.py"), "--config", "ENV"],
        stdin=tap.stdout,
        capture_output=True,
        env=full_env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert tap.stdout is not None
    tap.stdout.close()
    tap_stderr = tap.stderr.read() if tap.stderr else b""
    tap.wait(timeout=60)
    tap_result = subprocess.CompletedProcess(tap.args, tap.returncode, b"", tap_stderr)
    return tap_result, target


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_demo_pipeline_writes_every_stream_and_the_final_state(tmp_path: Path) -> None:
    tap, target = run_pipeline(tmp_path, {"TAP_DEMO_BOOK_COUNT": "7"})
    assert tap.returncode == 0, tap.stderr.decode()
    assert target.returncode == 0, target.stderr.decode()
    out = tmp_path / "out"
    assert [row["id"] for row in read_jsonl(out / "authors.jsonl")] == [1, 2, 3, 4, 5]
    books = read_jsonl(out / "books.jsonl")
    assert [row["id"] for row in books] == list(range(1, 8))
    assert books[0]["updated_at"] == "2024-01-01T01:00:00Z"  # parsed, then re-encoded
    assert books[0]["published_on"] == "2023-12-02"
    assert books[0]["details"] == {"pages": 107, "genre": "fiction"}
    reviews = read_jsonl(out / "reviews.jsonl")
    assert len(reviews) == 14
    assert {row["book_id"] for row in reviews} == set(range(1, 8))
    state = json.loads(target.stdout.decode().splitlines()[-1])
    assert state["bookmarks"]["books"] == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-01T07:00:00.000000+00:00",
    }
    partitions = state["bookmarks"]["reviews"]["partitions"]
    assert [p["context"] for p in partitions] == [{"book_id": i} for i in range(1, 8)]
    assert partitions[0]["replication_key_value"] == "2024-01-01T01:20:00.000000+00:00"
    assert b"Wrote 7 records" in target.stderr


def test_second_run_from_the_final_state_starts_at_the_bookmark(tmp_path: Path) -> None:
    _, first = run_pipeline(tmp_path, {"TAP_DEMO_BOOK_COUNT": "5"})
    state_file = tmp_path / "state.json"
    state_file.write_text(first.stdout.decode().splitlines()[-1])
    result = subprocess.run(
        [sys.executable, str(ROOT / "samples/tap_demo.py"), "--config", "ENV",
         "--state", str(state_file)],
        capture_output=True,
        env={**os.environ, "TAP_DEMO_BOOK_COUNT": "8"},
        check=True,
        timeout=60,
    )  # fmt: skip
    books = [
        json.loads(line)["record"]["id"]
        for line in result.stdout.splitlines()
        if b'"stream":"books"' in line and line.startswith(b'{"type":"RECORD"')
    ]
    # The bookmark is inclusive (at least once): book 5 again, then the new ones.
    assert books == [5, 6, 7, 8]


def run_target_on(tmp_path: Path, text: str) -> subprocess.CompletedProcess[bytes]:
    """Run the sample target on ``text`` given with ``--input``."""
    messages = tmp_path / "input.singer"
    messages.write_text(text)
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "samples/target_jsonl_demo.py"),
            "--config",
            "ENV",
            "--input",
            str(messages),
        ],
        capture_output=True,
        env={**os.environ, "TARGET_JSONL_DEMO_OUTPUT_DIR": str(tmp_path / "out")},
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_target_reports_a_bad_line_with_its_number(tmp_path: Path) -> None:
    result = run_target_on(
        tmp_path,
        '{"type":"SCHEMA","stream":"s","schema":{"properties":{"a":{"type":"integer"}}},'
        '"key_properties":[]}\n'
        '{"type":"RECORD","stream":"s","record":{"a":1}}\n'
        "this is not json\n",
    )
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"Line 3 is not valid JSON" in result.stderr
    assert b"Traceback" not in result.stderr  # bad input is reported, not a crash


def test_target_rejects_a_record_before_its_schema(tmp_path: Path) -> None:
    result = run_target_on(tmp_path, '{"type":"RECORD","stream":"s","record":{"a":1}}\n')
    assert result.returncode == 1
    assert b"RECORD for stream 's' arrived before its SCHEMA" in result.stderr


def test_tap_about_imports_nothing_heavy() -> None:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['tap-demo', '--about', '--format', 'json']\n"
        "try:\n"
        f"    runpy.run_path({str(ROOT / 'samples/tap_demo.py')!r}, run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = ['requests', 'sqlalchemy', 'fsspec', 'pyarrow', 'jsonschema', 'referencing']\n"
        "print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, timeout=60
    )
    assert result.stderr.decode().strip().splitlines()[-1] == "[]"
    about = json.loads(result.stdout)
    assert about["name"] == "tap-demo"
    assert about["capabilities"][:3] == ["catalog", "state", "discover"]
    settings = about["settings"]["properties"]
    assert {"start_date", "book_count", "stream_maps", "batch_config"} <= set(settings)
