"""singer-sdk-check against our samples, the broken sample tap, and hand-made message streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from singer_sdk._check import main
from singer_sdk._check.findings import Report
from singer_sdk._check.messages import MessageChecker, Selection

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

#: Findings of the checker in the samples, known and reported (see conftest.py).
KNOWN_SAMPLE_FINDINGS: set[tuple[str, str]] = set()


def check(*args: str) -> tuple[int, list[str]]:
    """Run ``python -m singer_sdk._check`` as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "singer_sdk._check", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.splitlines() + done.stderr.splitlines()


def errors(lines: list[str]) -> set[tuple[str, str]]:
    return {
        (line.split()[1], line.split()[2].rstrip(":"))
        for line in lines
        if line.startswith("error ")
    }


def test_sample_tap_passes_but_for_the_known_finding() -> None:
    code, lines = check("tap", "--config", "ENV", "--", sys.executable, "samples/tap_demo.py")
    assert errors(lines) - KNOWN_SAMPLE_FINDINGS == set(), lines
    assert lines[-1].startswith("singer-sdk-check ")
    assert "(4 runs," in lines[-1]  # discover, sync, resume, selection
    assert code == (1 if errors(lines) else 0)


def test_sample_target_passes() -> None:
    code, lines = check(
        "target", "--config", "ENV", "--", sys.executable, "samples/target_jsonl_demo.py"
    )
    assert code == 0, lines
    assert lines == ["singer-sdk-check passed: 0 errors, 0 warnings (2 runs, 19 messages)"]


def test_broken_tap_gets_one_finding_per_broken_rule() -> None:
    code, lines = check("tap", "--config", "ENV", "--", sys.executable, str(HERE / "broken_tap.py"))
    assert code == 1
    found = errors(lines)
    assert {
        ("catalog-schema-invalid", "bad_schema"),
        ("schema-invalid", "bad_schema"),
        ("record-invalid", "mismatched"),
        ("record-missing-key", "keyless"),
        ("datetime-not-rfc3339", "naive_times"),
        ("state-backwards", "backwards"),
    } <= found
    assert (
        "error record-invalid mismatched: [sync] record 2 (line 19), field 'count': "
        "expected integer or null, got 'many'"
    ) in lines
    assert (
        "error datetime-not-rfc3339 naive_times: [sync] record 1 (line 23), field 'seen_at': "
        "'2024-01-01 10:00:00' is not an RFC 3339 date-time"
    ) in lines
    assert "error state-backwards backwards: [sync] line 7: bookmark went back from 9 to 3" in lines
    assert lines[-1].startswith("singer-sdk-check FAILED: ")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["tap"]) == 2
    assert main(["tap", "--", "no-such-executable-anywhere"]) == 2
    assert "executable not found: no-such-executable-anywhere" in capsys.readouterr().err
    assert main(["target", "--max-per-rule", "0", "--", sys.executable]) == 2
    assert "--max-per-rule and --timeout must be positive" in capsys.readouterr().err


def test_a_target_that_fails_and_writes_no_state(tmp_path: Path) -> None:
    script = tmp_path / "bad_target.py"
    script.write_text("import sys\nsys.stdin.read()\nsys.exit(3)\n")
    code, lines = check("target", "--", sys.executable, str(script))
    assert code == 1
    assert any(
        line.startswith("error target-failed -: valid input: the target exited 3") for line in lines
    )
    assert "error target-state-output -: the target wrote no state to stdout" in lines


def test_a_target_that_writes_a_state_it_never_received(tmp_path: Path) -> None:
    script = tmp_path / "liar.py"
    script.write_text("import sys\nsys.stdin.read()\nprint('{\"bookmarks\": {}}')\n")
    code, lines = check("target", "--", sys.executable, str(script))
    assert code == 1
    assert any('wrote a state it never received: {"bookmarks": {}}' in line for line in lines)
    # It also accepted a RECORD before its SCHEMA (exit 0): a warning.
    assert any(
        line.startswith("warning target-accepts-record-before-schema check_early") for line in lines
    )


def run_lines(lines: list[str], selection: Selection | None = None) -> Report:
    report = Report()
    MessageChecker(report, "t", selection=selection).feed(lines)
    return report


SCHEMA = json.dumps(
    {"type": "SCHEMA", "stream": "s", "key_properties": ["id"],
     "schema": {"type": "object", "properties": {"id": {"type": "integer"},
                "at": {"type": "string", "format": "date-time"}, "x": {"type": "string"}}}}
)  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["not json"], "error message-not-json -: [t] line 1 is not JSON: 'not json'"),
        (['{"stream": "s"}'], "error message-shape -: [t] line 1 is not a message with a 'type'"),
        (
            ['{"type": "RECORD", "stream": "s", "record": {"id": 1}}'],
            "error record-before-schema s: [t] record 0 (line 1) arrived before any SCHEMA",
        ),
        (
            [SCHEMA, '{"type": "record", "stream": "s", "record": {"id": 1}}'],
            "warning message-type-case -: [t] line 2: type 'record' not upper case",
        ),
        (
            [
                SCHEMA,
                '{"type":"RECORD","stream":"s","record":{"id":1},"time_extracted":"yesterday"}',
            ],
            "error datetime-not-rfc3339 s: [t] record 0 (line 2): time_extracted 'yesterday' is "
            "not an RFC 3339 date-time",
        ),
        (
            [SCHEMA, '{"type":"RECORD","stream":"s","record":{"id":1,"at":"2024-01-01T10:00:00"}}'],
            "error datetime-not-rfc3339 s: [t] record 0 (line 2), field 'at': "
            "'2024-01-01T10:00:00' is not an RFC 3339 date-time",
        ),
        (
            [SCHEMA, '{"type":"RECORD","stream":"s","record":{"x":"a"}}'],
            "error record-missing-key s: [t] record 0 (line 2): key property 'id' is missing or "
            "null",
        ),
        (
            [SCHEMA.replace('"key_properties": ["id"], ', "")],
            "error schema-key-properties s: [t] line 1: no 'key_properties'",
        ),
        (
            [
                '{"type":"STATE","value":{"bookmarks":{"s":{"replication_key":"at",'
                '"replication_key_value":"2024-01-02T00:00:00Z"}}}}',
                '{"type":"STATE","value":{"bookmarks":{"s":{"replication_key":"at",'
                '"replication_key_value":"2024-01-01T00:00:00+00:00"}}}}',
            ],
            "error state-backwards s: [t] line 2: bookmark went back from '2024-01-02T00:00:00Z' "
            "to '2024-01-01T00:00:00+00:00'",
        ),
    ],
)
def test_message_rules(lines: list[str], expected: str) -> None:
    report = run_lines(lines)
    assert [finding.line() for finding in report.findings] == [expected]


def test_selection_rules() -> None:
    other = SCHEMA.replace('"stream": "s"', '"stream": "o"')
    report = run_lines(
        [
            SCHEMA,
            other,
            '{"type":"RECORD","stream":"s","record":{"id":1,"x":"dropped"}}',
            '{"type":"RECORD","stream":"o","record":{"id":1}}',
        ],
        Selection(streams={"s"}, deselected={"s": {"x"}}),
    )
    assert [finding.line() for finding in report.findings] == [
        "error selection-property-not-honoured s: [t] record 0 (line 3): deselected properties "
        "['x'] were written",
        "error selection-stream-not-honoured o: [t] record 0 (line 4): records of a stream that "
        "was not selected",
    ]


def test_repeated_findings_are_capped_and_counted() -> None:
    report = Report(per_rule_limit=2)
    MessageChecker(report, "t").feed(["bad"] * 5)
    lines = list(report.lines())
    assert lines == [
        "error message-not-json -: [t] line 1 is not JSON: 'bad'",
        "error message-not-json -: [t] line 2 is not JSON: 'bad'",
        "info message-not-json -: 3 more like this not shown",
        "singer-sdk-check FAILED: 5 errors, 0 warnings (0 runs, 5 messages)",
    ]
