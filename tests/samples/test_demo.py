"""The README's main job: the sample tap piped into the sample target, as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
