"""Check a target executable: feed it generated valid messages, then a record before its schema."""

from __future__ import annotations

import json
import subprocess
import tempfile
import typing as t
from pathlib import Path

from singer_sdk._check.findings import ERROR, WARNING, Report

__all__ = ["check_target", "sample_messages"]


def sample_messages() -> list[dict[str, t.Any]]:
    """A small, valid Singer message stream: two streams, nested data, three states.

    Returns:
        The messages, in order.
    """
    orders = {
        "type": "object",
        "properties": {
            "order_id": {"type": "integer"},
            "customer": {"type": ["string", "null"]},
            "total": {"type": ["number", "null"]},
            "paid": {"type": ["boolean", "null"]},
            "placed_at": {"type": ["string", "null"], "format": "date-time"},
            "lines": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                },
            },
        },
        "required": ["order_id"],
    }
    notes = {
        "type": "object",
        "properties": {"note_id": {"type": "string"}, "text": {"type": ["string", "null"]}},
    }
    messages: list[dict[str, t.Any]] = [
        {"type": "SCHEMA", "stream": "check_orders", "schema": orders,
         "key_properties": ["order_id"], "bookmark_properties": ["placed_at"]},
        {"type": "SCHEMA", "stream": "check_notes", "schema": notes, "key_properties": ["note_id"]},
    ]  # fmt: skip
    for number in range(1, 7):
        messages.append(
            {
                "type": "RECORD",
                "stream": "check_orders",
                "record": {
                    "order_id": number,
                    "customer": None if number == 3 else f"customer {number}",
                    "total": round(number * 10.25, 2),
                    "paid": number % 2 == 0,
                    "placed_at": f"2024-03-0{number}T10:00:00Z",
                    "lines": [{"sku": f"sku-{number}", "qty": number}],
                },
                "time_extracted": "2024-03-10T00:00:00Z",
            }
        )
        messages.append(
            {
                "type": "RECORD",
                "stream": "check_notes",
                "record": {"note_id": f"n{number}", "text": "ünïcødé ✓" if number == 2 else None},
            }
        )
        if number % 3 == 0:
            messages.append(
                {
                    "type": "STATE",
                    "value": {
                        "bookmarks": {"check_orders": {"placed_at": f"2024-03-0{number}T10:00:00Z"}}
                    },
                }
            )
    messages.append({"type": "STATE", "value": {"bookmarks": {"check_orders": {"done": True}}}})
    return messages


def _feed(
    command: list[str], messages: list[dict[str, t.Any]], timeout: float, work: Path
) -> tuple[int, bytes, bytes]:
    data = "".join(json.dumps(message) + "\n" for message in messages).encode()
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=timeout, cwd=work, check=False
        )
    except subprocess.TimeoutExpired as exc:
        return -1, exc.stdout or b"", (exc.stderr or b"") + b"\n(timed out)"
    return done.returncode, done.stdout, done.stderr


def check_target(
    command: list[str],
    report: Report,
    *,
    config: str | None = None,
    timeout: float = 300.0,
) -> None:
    """Run every target check, adding findings to ``report``.

    Args:
        command: The target's command line.
        report: Where findings go.
        config: Passed as ``--config`` (a file path, or ``ENV``).
        timeout: Seconds each run may take.
    """
    base = [*command, *(["--config", config] if config else [])]
    messages = sample_messages()
    with tempfile.TemporaryDirectory(prefix="singer-sdk-check-target-") as folder:
        work = Path(folder)
        report.runs += 1
        report.messages += len(messages)
        code, stdout, stderr = _feed(base, messages, timeout, work)
        if code != 0:
            tail = " | ".join(stderr.decode("utf-8", "replace").strip().splitlines()[-3:])
            report.add(
                ERROR, "target-failed", None, f"valid input: the target exited {code}: {tail}"
            )
        _check_state_output(report, stdout, messages)
        report.runs += 1
        early = [
            {"type": "RECORD", "stream": "check_early", "record": {"id": 1}},
            {"type": "SCHEMA", "stream": "check_early", "key_properties": ["id"],
             "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}},
        ]  # fmt: skip
        report.messages += len(early)
        code, _, _ = _feed(base, early, timeout, work)
        if code == 0:
            report.add(
                WARNING,
                "target-accepts-record-before-schema",
                "check_early",
                "a RECORD before its stream's SCHEMA was accepted (exit 0) instead of rejected",
            )


def _check_state_output(report: Report, stdout: bytes, messages: list[dict[str, t.Any]]) -> None:
    states_in = [m["value"] for m in messages if m["type"] == "STATE"]
    written: list[t.Any] = []
    for number, line in enumerate(stdout.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            report.add(
                ERROR,
                "target-state-output",
                None,
                f"stdout line {number} is not JSON: {line[:80]!r}",
            )
            continue
        if isinstance(value, dict) and str(value.get("type", "")).upper() == "STATE":
            value = value.get("value")  # a STATE message instead of the bare value: accept
        written.append(value)
    if not written:
        report.add(ERROR, "target-state-output", None, "the target wrote no state to stdout")
        return
    unknown = [value for value in written if value not in states_in]
    if unknown:
        report.add(
            ERROR,
            "target-state-output",
            None,
            f"the target wrote a state it never received: {json.dumps(unknown[0])[:120]}",
        )
    if written[-1] != states_in[-1]:
        report.add(
            ERROR,
            "target-state-output",
            None,
            f"the last state written is {json.dumps(written[-1])[:120]}, not the last one "
            f"received {json.dumps(states_in[-1])}",
        )
    positions = [states_in.index(value) for value in written if value in states_in]
    if positions != sorted(positions):
        report.add(
            ERROR, "target-state-output", None, "the target wrote states out of their input order"
        )
