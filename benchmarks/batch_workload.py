"""BATCH vs RECORD: N records tap -> (BATCH files | RECORD messages) -> no-op target.

One file is three programs, written against the public API so that it runs under ours and
under the reference singer-sdk:

    python batch_workload.py tap --n N [--batch-dir DIR]   # the tap (BATCH mode with a dir)
    python batch_workload.py target                         # a no-op BatchSink target
    python batch_workload.py compare [--n N]                 # the side-by-side measurement

``compare`` runs each pipeline ``tap | target`` as two real processes joined by a pipe, and
reports wall time and the peak RSS of each process (from ``os.wait4``):

- ours, BATCH (jsonl, gzip, 10,000 records per file);
- ours, RECORD;
- reference, BATCH (same settings);
- reference, RECORD with ``--with-reference-record`` (slow).

    python benchmarks/batch_workload.py compare --n 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OURS = str(REPO / ".venv" / "bin" / "python")
REFERENCE = "/tmp/ref/bin/python"


# -- the tap and the target (imported only in their own processes) --------------------------------


def run_tap(n: int, batch_dir: str | None) -> None:
    """Sync N synthetic records (BATCH mode when ``batch_dir`` is given)."""
    sys.path.insert(0, str(HERE))
    from tap_workload import TapBench

    config: dict[str, t.Any] = {"n": n}
    if batch_dir:
        config["batch_config"] = {
            "encoding": {"format": "jsonl", "compression": "gzip"},
            "storage": {"root": Path(batch_dir).as_uri(), "prefix": "bench-"},
            "batch_size": 10_000,
        }
    TapBench(config=config).sync_all()


def run_target() -> None:
    """Read Singer messages from stdin into a sink that drops every batch."""
    from singer_sdk import BatchSink, Target
    from singer_sdk import typing as th

    class NoopSink(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            pass

    class NoopTarget(Target):
        name = "target-noop"
        config_jsonschema = th.PropertiesList().to_dict()
        default_sink_class = NoopSink

    NoopTarget(config={}).listen()


# -- the measurement ------------------------------------------------------------------------------


def _pipeline(python: str, n: int, batch_dir: str | None) -> dict[str, float]:
    env = dict(os.environ)
    if python == OURS:
        env["PYTHONPATH"] = str(REPO)
    else:
        env.pop("PYTHONPATH", None)
    tap_command = [python, __file__, "tap", "--n", str(n)]
    if batch_dir:
        tap_command += ["--batch-dir", batch_dir]
    started = time.perf_counter()
    tap = subprocess.Popen(
        tap_command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd="/tmp"
    )
    target = subprocess.Popen(
        [python, __file__, "target"],
        stdin=tap.stdout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd="/tmp",
    )
    assert tap.stdout is not None
    tap.stdout.close()
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    codes: dict[int, int] = {}
    while len(peaks) < 2:
        pid, status, usage = os.wait4(-1, 0)
        if pid in (tap.pid, target.pid):
            peaks[pid] = usage.ru_maxrss / 1024  # KiB -> MiB
            cpu[pid] = usage.ru_utime + usage.ru_stime
            codes[pid] = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    tap.returncode, target.returncode = codes[tap.pid], codes[target.pid]
    if codes[tap.pid] or codes[target.pid]:
        msg = f"pipeline failed: tap rc {codes[tap.pid]}, target rc {codes[target.pid]}"
        raise RuntimeError(msg)
    return {
        "wall_s": wall,
        "tap_cpu_s": cpu[tap.pid],
        "target_cpu_s": cpu[target.pid],
        "tap_rss_mb": peaks[tap.pid],
        "target_rss_mb": peaks[target.pid],
    }


def compare(n: int, *, with_reference_record: bool, rounds: int) -> dict[str, dict[str, float]]:
    """Run the pipelines side by side, interleaved ``rounds`` times; return the best of each.

    The machine may be shared: wall time is taken as the minimum over rounds, and CPU time
    (user + system of each process) is reported too, being less sensitive to other load.
    """
    runs: list[tuple[str, str, bool]] = [
        ("ours BATCH", OURS, True),
        ("ours RECORD", OURS, False),
        ("reference BATCH", REFERENCE, True),
    ]
    if with_reference_record:
        runs.append(("reference RECORD", REFERENCE, False))
    results: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for name, python, batch in runs:
            folder = tempfile.mkdtemp(prefix="batch-bench-") if batch else None
            try:
                measured = _pipeline(python, n, folder)
                if folder:
                    measured["files"] = len(os.listdir(folder))
            finally:
                if folder:
                    shutil.rmtree(folder, ignore_errors=True)
            print(f"{name:18s} {json.dumps(measured)}", file=sys.stderr, flush=True)
            best = results.setdefault(name, measured)
            for key, value in measured.items():
                best[key] = min(best[key], value)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=["tap", "target", "compare"])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--batch-dir")
    parser.add_argument("--with-reference-record", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.role == "tap":
        run_tap(args.n, args.batch_dir)
    elif args.role == "target":
        run_target()
    else:
        results = compare(
            args.n, with_reference_record=args.with_reference_record, rounds=args.rounds
        )
        ours = results["ours BATCH"]

        def ratio(other: str, key: str) -> float:
            return round(results[other][key] / ours[key], 2)

        summary = {
            "n": args.n,
            "results": results,
            "ratios (other / ours BATCH; >1 means ours BATCH is faster or smaller)": {
                other: {
                    key: ratio(other, key)
                    for key in ("wall_s", "tap_cpu_s", "target_cpu_s", "target_rss_mb")
                }
                for other in results
                if other != "ours BATCH"
            },
        }
        print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
