"""Fuzz a tap's input files: config, catalog and state, every node given the wrong type or shape.

The sample tap's own discovered catalog, a state it wrote and a valid config are the starting
point; Hypothesis replaces one node of one file (any depth) with a value of another JSON type,
drops a key, or replaces the whole file (not JSON, an array, a lone surrogate, deep nesting).
The tap then runs from its command line. Whatever the mutation: exit status 0 or 1, no Python
traceback, and a failure is an ERROR line naming the file it came from.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import logging
import os
import signal
import sys
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
FACTOR = max(1, int(os.environ.get("SINGER_SDK_FUZZ_FACTOR", "1")))
WRONG_VALUES: list[t.Any] = [None, [], [1, "x"], "x", "", 7, -1, 2.5, {}, {"a": 1}, True]
WHOLE_FILES = [
    b"",
    b"not json",
    b"[]",
    b'"x"',
    b"null",
    b'{"a":',
    b'{"a": "\\ud800"}',
    b"[" * 20_000 + b"]" * 20_000,
    b"\xff\xfe",
]


def _load_tap() -> t.Any:
    spec = importlib.util.spec_from_file_location("tap_demo_fuzz", REPO / "samples/tap_demo.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.TapDemo


TAP = _load_tap()
CONFIG = {"start_date": "2024-01-01T00:00:00Z", "book_count": 5}
CATALOG = TAP(config=CONFIG).catalog_dict
STATE = {
    "bookmarks": {
        "authors": {},
        "books": {"replication_key": "updated_at", "replication_key_value": "2024-01-01T20:00:00Z"},
        "reviews": {
            "partitions": [
                {"context": {"book_id": 1}, "replication_key": "created_at",
                 "replication_key_value": "2024-01-01T01:20:00Z"}
            ]
        },
    }
}  # fmt: skip
FILES = {"config": CONFIG, "catalog": CATALOG, "state": STATE}
KINDS = {"config": "config", "catalog": "catalog", "state": "state"}


def _paths(node: t.Any, prefix: tuple[t.Any, ...] = ()) -> list[tuple[t.Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


PATHS = {name: _paths(document) for name, document in FILES.items()}


def _kind(value: t.Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    return "number" if isinstance(value, int | float) else type(value).__name__


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """(which file, its new content, a description of the mutation)."""
    name = draw(st.sampled_from(sorted(FILES)))
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.sampled_from(WHOLE_FILES))
        return name, data, f"whole file {data[:30]!r}"
    document = copy.deepcopy(FILES[name])
    path = draw(st.sampled_from(PATHS[name][1:]))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and draw(st.integers(0, 4)) == 0:
        del parent[path[-1]]
        return name, json.dumps(document).encode(), f"{path} deleted"
    current = parent[path[-1]]
    value = draw(st.sampled_from([v for v in WRONG_VALUES if _kind(v) != _kind(current)]))
    parent[path[-1]] = value
    return name, json.dumps(document).encode(), f"{path} = {value!r}"


def run_tap(tmp: Path, files: dict[str, bytes]) -> tuple[int, str, str]:
    args = []
    for name, data in files.items():
        path = tmp / f"{name}.json"
        path.write_bytes(data)
        args += [f"--{name}", str(path)]
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    sigint, sigterm = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        result = _runner().invoke(TAP.cli, args)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.captureWarnings(False)
        signal.signal(signal.SIGINT, sigint)
        signal.signal(signal.SIGTERM, sigterm)
    return result.exit_code, result.stdout, result.stderr


@hsettings(max_examples=200 * FACTOR)
@given(case=mutated_files())
def test_tap_survives_mutated_input_files(
    tmp_path_factory: pytest.TempPathFactory,
    count_example: t.Callable[[str], None],
    case: tuple[str, bytes, str],
) -> None:
    count_example("tap files")
    name, data, mutation = case
    files = {key: json.dumps(value).encode() for key, value in FILES.items()}
    files[name] = data
    exit_code, _stdout, stderr = run_tap(tmp_path_factory.mktemp("files"), files)
    context = f"{name}: {mutation}\n--- stderr:\n{stderr[-3000:]}"
    assert exit_code in {0, 1}, context
    assert "Traceback" not in stderr, context
    if exit_code == 1:
        errors = [line for line in stderr.splitlines() if "| ERROR" in line]
        assert errors, context
        assert any(KINDS[name] in line.lower() for line in errors), context


def test_the_valid_files_sync(tmp_path: Path, count_example: t.Callable[[str], None]) -> None:
    count_example("tap files (fixed)")
    files = {key: json.dumps(value).encode() for key, value in FILES.items()}
    exit_code, stdout, stderr = run_tap(tmp_path, files)
    assert exit_code == 0, stderr
    assert '"type":"RECORD"' in stdout


def _runner() -> CliRunner:
    """A CliRunner keeping stderr apart on every supported click (8.1 mixes it unless told)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()
