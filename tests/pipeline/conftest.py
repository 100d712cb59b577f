"""Helpers of the in-process pipeline tests: sample plugins run as a pipe and in one process."""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk._messages import codec

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
#: The shared benchmark connectors (skipped where the folder is absent).
BENCH = ROOT.parent / "shared" / "bench"
if str(SAMPLES) not in sys.path:
    sys.path.insert(0, str(SAMPLES))


def load_class(folder: Path, module: str, name: str) -> t.Any:
    """Return class ``name`` of ``folder/module.py`` (the folder is put on ``sys.path``)."""
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return getattr(importlib.import_module(module), name)


def pipe(
    commands: list[tuple[Path, dict[str, t.Any]]],
    tmp_path: Path,
    *,
    state: dict[str, t.Any] | None = None,
) -> list[bytes]:
    """Run ``script --config FILE`` for each step, piped; return the last one's output lines."""
    processes: list[subprocess.Popen[bytes]] = []
    previous: t.Any = None
    errors = (tmp_path / "pipe.stderr").open("wb")
    for index, (script, config) in enumerate(commands):
        config_file = tmp_path / f"pipe-config-{index}.json"
        config_file.write_text(json.dumps(config))
        command = [sys.executable, str(script), "--config", str(config_file)]
        if index == 0 and state is not None:
            state_file = tmp_path / "pipe-state.json"
            state_file.write_text(json.dumps(state))
            command += ["--state", str(state_file)]
        process = subprocess.Popen(
            command, stdin=previous, stdout=subprocess.PIPE, stderr=errors, cwd=tmp_path
        )
        if previous is not None:
            previous.close()
        previous = process.stdout
        processes.append(process)
    output = processes[-1].communicate(timeout=300)[0]
    for process in processes:
        process.wait(timeout=300)
    errors.close()
    codes = [process.returncode for process in processes]
    assert codes == [0] * len(codes), (tmp_path / "pipe.stderr").read_text()[-3000:]
    return [line for line in output.splitlines() if line.strip()]


def last_state(lines: list[bytes]) -> dict[str, t.Any] | None:
    """The last state a target printed, read as the SDK reads it."""
    return codec.decode(lines[-1]) if lines else None


def sqlite_dump(path: Path) -> dict[str, list[tuple[t.Any, ...]]]:
    """Every table of a SQLite file, rows sorted (what a load left behind)."""
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = {
            table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in sorted(tables)
        }
        dump["__schema__"] = sorted(
            db.execute("SELECT sql FROM sqlite_master").fetchall(), key=repr
        )
    db.close()
    return dump


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def parquet_tables(folder: Path) -> dict[str, t.Any]:
    """Every Parquet file under ``folder`` as (schema, metadata, rows).

    The ``singer.run`` metadata (process id and time of the run) is left out.
    """
    import pyarrow.parquet as pq

    out = {}
    for path in sorted(folder.rglob("*.parquet")):
        table = pq.read_table(path)
        metadata = dict(table.schema.metadata or {})
        metadata.pop(b"singer.run", None)
        schema = str(table.schema.remove_metadata())
        out[str(path.relative_to(folder))] = (schema, metadata, table.to_pylist())
    return out


@pytest.fixture
def fixture_api() -> t.Iterator[t.Any]:
    """The samples' fixture API (25 users) on a free port of 127.0.0.1."""
    from fixture_api import FixtureServer

    with FixtureServer("127.0.0.1", 0, user_count=25) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_plugin_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings from the environment out of both runs."""
    for name in list(os.environ):
        if name.startswith(("TAP_", "TARGET_", "MAPPER_")):
            monkeypatch.delenv(name)
