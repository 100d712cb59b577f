"""Fuzz a real target process with valid Singer streams and mutations of them.

A valid stream (SCHEMA, RECORDs, STATEs with a growing bookmark) is generated, then one line is
mutated: a field given the wrong JSON type, a key dropped or added, the line truncated, an
invalid escape or byte, deep nesting, huge numbers, a duplicate key, a very long value. The
sample JSONL target reads it (standard input or ``--input``) in a child process with a time
and memory limit. Whatever the mutation:

- the exit status is 0 or 1, and 1 only for input that is invalid;
- on failure, the last ERROR line names the input line (and the stream, where known), and no
  Python traceback is printed;
- every record before the bad line is in the output, and the STATE that covers it is emitted
  (no later one when the run failed).
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
TARGET = REPO / "samples" / "target_jsonl_demo.py"
FACTOR = max(1, int(os.environ.get("SINGER_SDK_FUZZ_FACTOR", "1")))
MEMORY_LIMIT = 1 << 30  # bytes of address space for the child
TIME_LIMIT = 30  # seconds

PROPERTIES = {
    "id": {"type": "integer"},
    "name": {"type": ["string", "null"]},
    "score": {"type": ["number", "null"]},
    "active": {"type": ["boolean", "null"]},
    "at": {"type": ["string", "null"], "format": "date-time"},
}
WRONG_VALUES: list[t.Any] = [None, [], [1, "x"], "x", 7, 2.5, {}, {"a": 1}, True, False]

#: Mutations after which the input is still valid (the run must succeed).
VALID_MUTATIONS = {"extra_key", "duplicate_key", "huge_number", "long_line", "nan"}


def _json_kind(value: t.Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


@st.composite
def singer_streams(draw: st.DrawFn) -> list[dict[str, t.Any]]:
    """A valid stream: one or two SCHEMAs, records with unique ids, STATEs with growing n."""
    streams = draw(st.sampled_from([["users"], ["users", "orders"]]))
    messages: list[dict[str, t.Any]] = [
        {"type": "SCHEMA", "stream": name, "schema": {"type": "object", "properties": PROPERTIES},
         "key_properties": ["id"]}
        for name in streams
    ]  # fmt: skip
    next_id = 1
    bookmark = 0
    for _ in range(draw(st.integers(2, 12))):
        if draw(st.integers(0, 3)) == 0:
            bookmark += 1
            messages.append({"type": "STATE", "value": {"bookmarks": {"n": bookmark}}})
            continue
        record: dict[str, t.Any] = {"id": next_id}
        next_id += 1
        if draw(st.booleans()):
            record["name"] = draw(st.text(max_size=8))
        if draw(st.booleans()):
            record["score"] = draw(st.floats(allow_nan=False, allow_infinity=False, width=32))
        if draw(st.booleans()):
            record["active"] = draw(st.booleans())
        if draw(st.booleans()):
            record["at"] = "2024-01-02T03:04:05Z"
        message = {"type": "RECORD", "stream": draw(st.sampled_from(streams)), "record": record}
        if draw(st.booleans()):
            message["time_extracted"] = "2024-01-02T03:04:05Z"
        messages.append(message)
    bookmark += 1
    messages.append({"type": "STATE", "value": {"bookmarks": {"n": bookmark}}})
    return messages


def _dump(message: t.Any) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[list[bytes], int, str, list[dict[str, t.Any]]]:
    """Lines of a valid stream with one mutated: (lines, index of the bad line, kind, messages)."""
    messages = draw(singer_streams())
    lines = [_dump(m) for m in messages]
    index = draw(st.integers(0, len(messages) - 1))
    message = copy.deepcopy(messages[index])
    kind = draw(
        st.sampled_from(
            ["wrong_type", "wrong_field_type", "missing_key", "extra_key", "truncate",
             "invalid_escape", "lone_surrogate", "invalid_bytes", "deep", "huge_number",
             "nan", "duplicate_key", "long_line", "not_an_object"]
        )
    )  # fmt: skip
    if kind == "wrong_type":
        key = draw(st.sampled_from(sorted(message)))
        choices = [v for v in WRONG_VALUES if _json_kind(v) != _json_kind(message[key])]
        message[key] = draw(st.sampled_from(choices))
        line = _dump(message)
    elif kind == "wrong_field_type":  # inside the record, schema or state
        inner = {"RECORD": "record", "SCHEMA": "schema", "STATE": "value"}[message["type"]]
        target = message[inner]
        key = draw(st.sampled_from(sorted(target) or ["x"]))
        original = target.get(key, "absent")
        choices = [v for v in WRONG_VALUES if _json_kind(v) != _json_kind(original)]
        target[key] = draw(st.sampled_from(choices))
        line = _dump(message)
    elif kind == "missing_key":
        del message[draw(st.sampled_from(sorted(message)))]
        line = _dump(message)
    elif kind == "extra_key":
        message[draw(st.sampled_from(["extra", "sequence", "x_tap"]))] = draw(
            st.sampled_from(WRONG_VALUES)
        )
        line = _dump(message)
    elif kind == "truncate":
        full = _dump(message)
        line = full[: draw(st.integers(1, len(full) - 1))]
    elif kind == "invalid_escape":
        full = _dump(message)
        cut = draw(st.integers(1, len(full) - 1))
        line = full[:cut] + draw(st.sampled_from([b"\\x41", b"\\u12", b"\\", b"\\q"])) + full[cut:]
    elif kind == "lone_surrogate":
        message["type"] = message["type"]
        message["stream_note"] = "\ud800"
        line = json.dumps(message).encode()  # ensure_ascii writes the escape "\ud800"
    elif kind == "invalid_bytes":
        full = _dump(message)
        cut = draw(st.integers(0, len(full)))
        line = full[:cut] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"]))
        line += full[cut:]
    elif kind == "deep":
        depth = draw(st.sampled_from([200, 5_000, 50_000]))
        nested = "[" * depth + "]" * depth
        line = _dump(message)[:-1] + b',"deep":' + nested.encode() + b"}"
    elif kind == "huge_number":
        if message["type"] == "RECORD":
            message["record"]["score"] = 1
            line = _dump(message).replace(b'"score": 1', b'"score": 1e400')
        else:
            line = _dump(message)[:-1] + b', "big": 123456789012345678901234567890}'
    elif kind == "nan":
        if message["type"] == "RECORD":
            message["record"]["score"] = 1
            line = _dump(message).replace(b'"score": 1', b'"score": NaN')
        else:
            line = _dump(message)
    elif kind == "duplicate_key":
        full = _dump(message)
        line = full[:-1] + b', "type": ' + json.dumps(message["type"]).encode() + b"}"
    elif kind == "long_line":
        if message["type"] == "RECORD":
            message["record"]["name"] = "y" * draw(st.sampled_from([100_000, 3_000_000]))
        line = _dump(message)
    else:  # not_an_object
        line = _dump(draw(st.sampled_from([[message], "RECORD", 5, None])))
    lines[index] = line
    return lines, index, kind, messages


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_target(
    tmp: Path, data: bytes, *, via_input_file: bool
) -> subprocess.CompletedProcess[bytes]:
    config = tmp / "config.json"
    out = tmp / "out"
    config.write_text(json.dumps({"output_dir": str(out)}))
    args = [sys.executable, str(TARGET), "--config", str(config)]
    stdin: bytes | None = data
    if via_input_file:
        path = tmp / "input.jsonl"
        path.write_bytes(data)
        args += ["--input", str(path)]
        stdin = b""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("TARGET_JSONL_DEMO_LOGLEVEL", None)
    return subprocess.run(
        args,
        input=stdin,
        capture_output=True,
        timeout=TIME_LIMIT,
        env=env,
        cwd=tmp,
        preexec_fn=_limit_child,
        check=False,
    )


def _bookmark(state: t.Any) -> float:
    """The ``n`` of a state; a state of another shape can only be the mutated line's."""
    try:
        return float(state["bookmarks"]["n"])
    except (TypeError, KeyError, ValueError):
        return float("inf")


def _output_ids(out: Path) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    if out.exists():
        for path in out.glob("*.jsonl"):
            for line in path.read_text().splitlines():
                found.add((path.stem, json.loads(line)["id"]))
    return found


def check_run(
    tmp: Path,
    lines: list[bytes],
    index: int,
    kind: str,
    messages: list[dict[str, t.Any]],
    *,
    via_input_file: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    data = b"\n".join(lines) + b"\n"
    result = run_target(tmp, data, via_input_file=via_input_file)
    stderr = result.stderr.decode("utf-8", "replace")
    context = f"mutation {kind} of line {index + 1}:\n{data[:600]!r}\n--- stderr:\n{stderr[-3000:]}"
    assert result.returncode in {0, 1}, context
    assert "Traceback" not in stderr, context
    if kind in VALID_MUTATIONS:
        assert result.returncode == 0, context
    before = messages[:index]
    accepted = {(m["stream"], m["record"]["id"]) for m in before if m["type"] == "RECORD"}
    written = _output_ids(tmp / "out")
    assert accepted <= written, context
    states = [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]
    last_before = max(
        (m["value"]["bookmarks"]["n"] for m in before if m["type"] == "STATE"), default=0
    )
    last_emitted = _bookmark(states[-1]) if states else 0
    if result.returncode == 0:
        assert last_emitted >= last_before, context
    else:
        errors = [line for line in stderr.splitlines() if "| ERROR" in line]
        assert errors, context
        assert re.search(rf"(?i)\bline {index + 1}\b", errors[-1]), context
        stream = messages[index].get("stream")
        if kind == "wrong_field_type" and messages[index]["type"] == "RECORD":
            assert f"'{stream}'" in errors[-1], context
        # Nothing after the bad line: exactly the records and state before it.
        assert written == accepted, context
        assert last_emitted == last_before, context
    return result


@hsettings(max_examples=36 * FACTOR)
@given(case=mutated(), via_input_file=st.booleans())
def test_target_survives_mutated_streams(
    tmp_path_factory: pytest.TempPathFactory,
    count_example: t.Callable[[str], None],
    case: tuple[list[bytes], int, str, list[dict[str, t.Any]]],
    via_input_file: bool,
) -> None:
    count_example("target input")
    lines, index, kind, messages = case
    check_run(tmp_path_factory.mktemp("fuzz"), lines, index, kind, messages,
              via_input_file=via_input_file)  # fmt: skip


# Every mutation class at least once, whatever Hypothesis draws (and the examples).
CLASS_CASES = {
    "record-null": '{"type":"RECORD","stream":"users","record":null}',
    "record-array": '{"type":"RECORD","stream":"users","record":[{"id":9}]}',
    "stream-number": '{"type":"RECORD","stream":5,"record":{"id":9}}',
    "schema-string": '{"type":"SCHEMA","stream":"users","schema":"x"}',
    "key-properties-object": (
        '{"type":"SCHEMA","stream":"users","schema":{"properties":{}},"key_properties":{}}'
    ),
    "batch-manifest-string": (
        '{"type":"BATCH","stream":"users","encoding":{"format":"jsonl"},"manifest":"x"}'
    ),
    "id-string": '{"type":"RECORD","stream":"users","record":{"id":"x"}}',
    "missing-record": '{"type":"RECORD","stream":"users"}',
    "truncated": '{"type":"RECORD","stream":"users","record":{"id":',
    "bad-escape": '{"type":"RECORD","stream":"users","record":{"id":9,"name":"\\x41"}}',
    "lone-surrogate": '{"type":"RECORD","stream":"users","record":{"id":9,"name":"\\ud800"}}',
    "deep": '{"type":"RECORD","stream":"users","record":' + "[" * 10_000 + "]" * 10_000 + "}",
    "type-null": '{"type":null,"stream":"users","record":{"id":9}}',
    "array-line": "[1, 2]",
}


@pytest.mark.parametrize("bad", list(CLASS_CASES.values()), ids=list(CLASS_CASES))
def test_each_mutation_class_fails_on_its_line_and_loses_nothing(
    tmp_path: Path, count_example: t.Callable[[str], None], bad: str
) -> None:
    count_example("target input (fixed)")
    schema = {"type": "object", "properties": PROPERTIES}
    messages: list[dict[str, t.Any]] = [
        {"type": "SCHEMA", "stream": "users", "schema": schema, "key_properties": ["id"]},
        {"type": "RECORD", "stream": "users", "record": {"id": 1}},
        {"type": "STATE", "value": {"bookmarks": {"n": 1}}},
        {"type": "RECORD", "stream": "users", "record": {"id": 2}},
        {"type": "RECORD", "stream": "users", "record": {"id": 3}},
    ]  # fmt: skip
    lines = [_dump(m) for m in messages] + [bad.encode()]
    messages.append({"type": "RECORD", "stream": "users", "record": {"id": 99}})
    result = check_run(tmp_path, lines, len(lines) - 1, "fixed", messages)
    assert result.returncode == 1
