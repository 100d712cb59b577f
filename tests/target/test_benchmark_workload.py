"""The target benchmark workload runs: its input, both sinks, and the comparison script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKLOAD = ROOT / "benchmarks" / "target_workload.py"


def test_target_workload_loads_every_record_and_writes_the_state(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    subprocess.run(
        [sys.executable, str(WORKLOAD), "--write-input", str(source), "--n", "250"], check=True
    )
    lines = source.read_text().splitlines()
    assert [json.loads(line)["type"] for line in lines].count("RECORD") == 250
    with source.open("rb") as stdin:
        done = subprocess.run(
            [
                sys.executable,
                str(WORKLOAD),
                "--sink",
                "jsonl",
                "--output-dir",
                str(tmp_path / "out"),
            ],
            stdin=stdin,
            capture_output=True,
            check=True,
        )
    records = [
        json.loads(line) for line in (tmp_path / "out" / "synth.jsonl").read_text().splitlines()
    ]
    assert [r["id"] for r in records] == list(range(250))
    assert records[0]["_sdc_extracted_at"] == "2024-06-01T12:00:00+00:00"
    assert isinstance(records[1]["amount"], float)
    assert json.loads(done.stdout.decode().splitlines()[-1]) == {
        "bookmarks": {"synth": {"replication_key_value": records[-1]["updated_at"]}}
    }


def test_compare_script_times_the_target_workloads() -> None:
    for workload in ("target-null", "target-jsonl"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "compare.py"), workload,
             "--impl", f"ours={sys.executable}", "--n", "200", "--runs", "1"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert f"{workload}: median of 1 interleaved runs (n=200)" in done.stdout
        assert "ours" in done.stdout and "rec/s" in done.stdout
