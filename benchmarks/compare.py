"""Run a benchmark workload under several Python environments, interleaved, and compare.

    python benchmarks/compare.py writer --impl ours=.venv/bin/python \
        --impl ref=/tmp/ref/bin/python --n 200000 --runs 5
    python benchmarks/compare.py importtime --impl ours=.venv/bin/python \
        --impl ref=/tmp/ref/bin/python --runs 5 --stmt "import singer_sdk"

``writer``: seconds to write N records with each implementation's default writer (stdout to
/dev/null). ``tap``: CPU seconds and peak memory of a whole tap process syncing N records
(``tap_workload.py``). ``sql``: seconds a minimal SQL target built on the public API takes to
load N records into SQLite (``sql_workload.py``). ``target-null`` and ``target-jsonl``: CPU
seconds and peak memory of a whole target process reading N records (``target_workload.py``,
validation and ``_sdc_*`` metadata on; a no-op sink, or one writing JSON lines with the standard
library). ``importtime``: seconds a fresh interpreter spends running ``--stmt``. Rounds
alternate between implementations so machine noise hits both alike; medians and the ratio to the
first implementation are printed.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent


def run_writer(python: str, args: argparse.Namespace) -> float:
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run(
            [python, str(HERE / "writer_workload.py"), "--n", str(args.n)],
            stdout=devnull,
            stderr=subprocess.PIPE,
            check=True,
            cwd=ROOT,
        )
    return float(result.stderr.decode().split()[-2])


def run_importtime(python: str, args: argparse.Namespace) -> float:
    code = f"import time; t = time.perf_counter(); {args.stmt}; print(time.perf_counter() - t)"
    # Run from / so the installed package is imported, not a source tree in the working dir;
    # allow bytecode caching, as an installed package has it (an editable one writes it here).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([python, "-c", args.stmt], capture_output=True, check=True, cwd="/", env=env)
    result = subprocess.run([python, "-c", code], capture_output=True, check=True, cwd="/", env=env)
    return float(result.stdout.decode().split()[-1])


def run_tap(python: str, args: argparse.Namespace) -> float:
    """CPU seconds of a whole tap process writing N records to /dev/null; records peak RSS."""
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(
            [python, str(HERE / "tap_workload.py"), "--n", str(args.n)],
            stdout=devnull,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"{python} tap_workload.py failed ({status})")
    PEAK_RSS.setdefault(python, []).append(usage.ru_maxrss / 1024)
    return usage.ru_utime + usage.ru_stime


def run_sql(python: str, args: argparse.Namespace) -> float:
    """Seconds a minimal SQLTarget takes to load N records into SQLite (``sql_workload.py``)."""
    result = subprocess.run(
        [python, str(HERE / "sql_workload.py"), "--n", str(args.n)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        cwd=ROOT,
    )
    return float(result.stderr.decode().split()[-2])


_TARGET_INPUT: dict[int, Path] = {}


def _target_input(n: int) -> Path:
    """The Singer input of ``n`` records for the target workloads, written once per run."""
    if n not in _TARGET_INPUT:
        folder = Path(tempfile.mkdtemp(prefix="singer-bench-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / f"messages-{n}.jsonl"
        script = str(HERE / "target_workload.py")
        subprocess.run(
            [sys.executable, script, "--write-input", str(path), "--n", str(n)], check=True
        )
        _TARGET_INPUT[n] = path
    return _TARGET_INPUT[n]


def _run_target(python: str, args: argparse.Namespace, sink: str) -> float:
    """CPU seconds of a whole target process reading N records; records peak RSS."""
    source = _target_input(args.n)
    with source.open("rb") as stdin, tempfile.TemporaryDirectory() as output:
        process = subprocess.Popen(
            [python, str(HERE / "target_workload.py"), "--sink", sink, "--output-dir", output],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise RuntimeError(f"{python} target_workload.py --sink {sink} failed ({status})")
        if sink == "jsonl":
            lines = sum(1 for _ in (Path(output) / "synth.jsonl").open("rb"))
            if lines != args.n:
                raise RuntimeError(f"{python} wrote {lines} of {args.n} records")
    PEAK_RSS.setdefault(python, []).append(usage.ru_maxrss / 1024)
    return usage.ru_utime + usage.ru_stime


def run_target_null(python: str, args: argparse.Namespace) -> float:
    """CPU seconds of a target whose sink drops each batch (validation and metadata on)."""
    return _run_target(python, args, "null")


def run_target_jsonl(python: str, args: argparse.Namespace) -> float:
    """CPU seconds of a target writing each batch to a JSON-lines file."""
    return _run_target(python, args, "jsonl")


PEAK_RSS: dict[str, list[float]] = {}
WORKLOADS = {
    "writer": run_writer,
    "importtime": run_importtime,
    "tap": run_tap,
    "sql": run_sql,
    "target-null": run_target_null,
    "target-jsonl": run_target_jsonl,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--impl", action="append", required=True, help="name=/path/to/python")
    parser.add_argument("--n", type=int, default=200_000, help="writer: records")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stmt", default="import singer_sdk", help="importtime: what to run")
    args = parser.parse_args()
    impls = [(name, os.path.abspath(path)) for name, path in (s.split("=", 1) for s in args.impl)]
    run = WORKLOADS[args.workload]
    times: dict[str, list[float]] = {name: [] for name, _ in impls}
    for _ in range(args.runs):
        for name, python in impls:
            times[name].append(run(python, args))
    base_name = impls[0][0]
    base = statistics.median(times[base_name])
    what = repr(args.stmt) if args.workload == "importtime" else f"n={args.n}"
    print(f"{args.workload}: median of {args.runs} interleaved runs ({what})")
    for name, python in impls:
        median = statistics.median(times[name])
        rate = "" if args.workload == "importtime" else f"  {args.n / median:,.0f} rec/s"
        rss = f"  peak {max(PEAK_RSS[python]):.0f} MiB" if python in PEAK_RSS else ""
        print(f"  {name:8s} {median * 1000:9.1f} ms{rate}{rss}  ({median / base:.2f}x {base_name})")


if __name__ == "__main__":
    main()
