"""Run a benchmark workload under several Python environments, interleaved, and compare.

    python benchmarks/compare.py writer --impl ours=.venv/bin/python \
        --impl ref=/tmp/ref/bin/python --n 200000 --runs 5
    python benchmarks/compare.py importtime --impl ours=.venv/bin/python \
        --impl ref=/tmp/ref/bin/python --runs 5

``writer``: seconds to write N records with each implementation's default writer (stdout to
/dev/null), and the records per second. ``importtime``: cumulative microseconds of
``import singer_sdk`` from ``python -X importtime``. Rounds alternate between implementations so
machine noise hits both alike; medians and the ratio to the first implementation are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent


def run_writer(python: str, n: int) -> float:
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run(
            [python, str(HERE / "writer_workload.py"), "--n", str(n)],
            stdout=devnull,
            stderr=subprocess.PIPE,
            check=True,
            cwd=ROOT,
        )
    return float(result.stderr.decode().split()[-2])


def run_importtime(python: str, _n: int) -> float:
    result = subprocess.run(
        [python, "-X", "importtime", "-c", "import singer_sdk"],
        capture_output=True,
        check=True,
        cwd="/",  # import the installed package, not a source tree in the working directory
    )
    for line in result.stderr.decode().splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| singer_sdk$", line)
        if match:
            return int(match.group(1)) / 1e6
    raise RuntimeError("no import time line for singer_sdk")


WORKLOADS = {"writer": run_writer, "importtime": run_importtime}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--impl", action="append", required=True, help="name=/path/to/python")
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    impls = [tuple(spec.split("=", 1)) for spec in args.impl]
    run = WORKLOADS[args.workload]
    times: dict[str, list[float]] = {name: [] for name, _ in impls}
    for _ in range(args.runs):
        for name, python in impls:
            times[name].append(run(python, args.n))
    base_name = impls[0][0]
    base = statistics.median(times[base_name])
    print(f"{args.workload}: median of {args.runs} interleaved runs (n={args.n})")
    for name, _ in impls:
        median = statistics.median(times[name])
        extra = f"  {args.n / median:,.0f} rec/s" if args.workload == "writer" else ""
        print(f"  {name:8s} {median:8.3f} s{extra}  ({median / base:.2f}x {base_name})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
