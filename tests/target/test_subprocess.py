"""The target as a real command: ``tap | target`` pipes, ``--input``, exit codes, SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TARGET = Path(__file__).with_name("target_files.py")
TAP = REPO / "samples" / "tap_demo.py"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), TARGET_FILES_OUTPUT_DIR=str(tmp_path))
    env.update(extra)
    return env


def _lines(path: Path) -> list[t.Any]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_tap_demo_piped_into_target(tmp_path: Path) -> None:
    tap = subprocess.Popen(
        [sys.executable, str(TAP)], stdout=subprocess.PIPE, env=_env(tmp_path), cwd=tmp_path
    )
    target = subprocess.run(
        [sys.executable, str(TARGET), "--config", "ENV"],
        stdin=tap.stdout,
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert tap.stdout is not None
    tap.stdout.close()
    assert tap.wait(timeout=60) == 0
    assert target.returncode == 0, target.stderr.decode()
    states = [json.loads(line) for line in target.stdout.decode().splitlines()]
    assert len(states) == 1  # one drain at the end: one state line
    assert set(states[0]["bookmarks"]) == {"authors", "books", "reviews"}
    assert [r["id"] for r in _lines(tmp_path / "authors.jsonl")] == [1, 2, 3, 4, 5]
    assert (tmp_path / "books.jsonl").exists()


def test_input_file_and_bad_line_exit_code(tmp_path: Path) -> None:
    messages = tmp_path / "in.jsonl"
    messages.write_text(
        '{"type":"SCHEMA","stream":"s","schema":{"properties":{"id":{"type":"integer"}}},'
        '"key_properties":["id"]}\n'
        '{"type":"RECORD","stream":"s","record":{"id":1}}\n'
        '{"type":"STATE","value":{"n":1}}\n'
        "not json\n"
    )
    result = subprocess.run(
        [sys.executable, str(TARGET), "--config", "ENV", "--input", str(messages)],
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Line 4 is not valid JSON" in result.stderr.decode()
    assert result.stdout.decode() == '{"n":1}\n'
    assert _lines(tmp_path / "s.jsonl") == [{"id": 1}]


def test_schema_without_properties_logs_where(tmp_path: Path) -> None:
    """The error keeps the reference's wording; the CLI also logs its note (line and stream)."""
    messages = tmp_path / "in.jsonl"
    messages.write_text('{"type":"SCHEMA","stream":"s","schema":{"type":"object"}}\n')
    result = subprocess.run(
        [sys.executable, str(TARGET), "--config", "ENV", "--input", str(messages)],
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Line is missing required properties key(s): {'type': 'object'}" in stderr
    assert "Line 1: SCHEMA of stream 's' has no 'properties' object" in stderr
    assert "Traceback" not in stderr


def test_missing_batch_file_is_a_clean_error(tmp_path: Path) -> None:
    """A BATCH manifest naming a missing file: one ERROR line naming it, no traceback, exit 1."""
    missing = tmp_path / "gone.jsonl.gz"
    messages = tmp_path / "in.jsonl"
    messages.write_text(
        '{"type":"SCHEMA","stream":"s","schema":{"properties":{"id":{"type":"integer"}}},'
        '"key_properties":["id"]}\n'
        '{"type":"RECORD","stream":"s","record":{"id":1}}\n'
        '{"type":"STATE","value":{"n":1}}\n'
        '{"type":"BATCH","stream":"s","encoding":{"format":"jsonl","compression":"gzip"},'
        f'"manifest":["{missing.as_uri()}"]}}\n'
    )
    result = subprocess.run(
        [sys.executable, str(TARGET), "--config", "ENV", "--input", str(messages)],
        capture_output=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert missing.as_uri() in stderr
    assert "Traceback" not in stderr
    assert result.stdout.decode() == '{"n":1}\n'  # the record before it was loaded, state kept
    assert _lines(tmp_path / "s.jsonl") == [{"id": 1}]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_drains_and_writes_covering_state(tmp_path: Path, signum: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(TARGET), "--config", "ENV"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path, TARGET_FILES_ANNOUNCE="1"),
        cwd=tmp_path,
    )
    assert proc.stdin is not None
    assert proc.stderr is not None
    head = ['{"type":"SCHEMA","stream":"s","schema":{"properties":{"id":{"type":"integer"}}}}']
    head += [json.dumps({"type": "RECORD", "stream": "s", "record": {"id": i}}) for i in (1, 2)]
    head += ['{"type":"STATE","value":{"upto":2}}']
    head += [json.dumps({"type": "RECORD", "stream": "s", "record": {"id": 3}})]
    proc.stdin.write("".join(line + "\n" for line in head).encode())
    proc.stdin.flush()
    seen = []
    while True:  # wait until the target has taken in record 3; the input stays open
        line = proc.stderr.readline().decode()
        assert line, "target ended early"
        seen.append(line)
        if line.startswith("accepted s 3"):
            break
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, "".join(seen) + err.decode()
    assert out.decode() == '{"upto":2}\n'
    assert [r["id"] for r in _lines(tmp_path / "s.jsonl")] == [1, 2, 3]
