"""In-process ``singer_sdk.pipeline.run`` against the ``tap | target`` pipe, side by side.

Both sides run the same tap and target classes (defined here) on N small records (an integer
key, a short string, a float and a date-time; key ``id``, sorted replication key). The target
validates each record, parses its date-time and appends batches to a JSON-lines file. Each run
is a fresh process tree measured with ``os.wait4``: the pipe's CPU time and peak memory are its
two processes' sums, the in-process run's are its one process's. Rounds alternate between the
two, so machine noise hits both alike; medians are printed with the ratios in-process / pipe.

    python benchmarks/pipeline_workload.py --sizes 10000,200000,1000000 --runs 3

The two outputs are checked to be identical (records and final state) for the smallest size
before timing. The same file is also the tap, the target and the in-process runner that the
benchmark starts (``tap``, ``target``, ``inproc`` sub-commands).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

HERE = Path(__file__).resolve()
BASE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _plugins() -> tuple[type[t.Any], type[t.Any]]:
    from singer_sdk import BatchSink, Stream, Tap, Target
    from singer_sdk import typing as th
    from singer_sdk._messages import codec

    class ItemsStream(Stream):
        name = "items"
        primary_keys = ("id",)
        replication_key = "updated_at"
        is_sorted = True
        schema = th.PropertiesList(
            th.Property("id", th.IntegerType, required=True),
            th.Property("name", th.StringType),
            th.Property("amount", th.NumberType),
            th.Property("updated_at", th.DateTimeType),
        ).to_dict()

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            step = dt.timedelta(seconds=1)
            for i in range(int(self.config["n"])):
                yield {
                    "id": i,
                    "name": f"item {i % 1000}",
                    "amount": i * 0.25,
                    "updated_at": BASE + i * step,
                }

    class SmallTap(Tap):
        name = "tap-small"
        config_jsonschema = th.PropertiesList(th.Property("n", th.IntegerType)).to_dict()

        def discover_streams(self) -> list[Stream]:
            return [ItemsStream(self)]

    class JSONLSink(BatchSink):
        def setup(self) -> None:
            self._file = (Path(self.config["output_dir"]) / f"{self.stream_name}.jsonl").open("wb")

        def process_batch(self, context: dict[str, t.Any]) -> None:
            records = context.get("records", [])
            self._file.write(b"".join(codec.encode(record) + b"\n" for record in records))
            records.clear()

        def clean_up(self) -> None:
            self._file.close()

    class SmallTarget(Target):
        name = "target-small"
        default_sink_class = JSONLSink
        config_jsonschema = th.PropertiesList(th.Property("output_dir", th.StringType)).to_dict()

    return SmallTap, SmallTarget


def _measure(processes: list[subprocess.Popen[bytes]]) -> tuple[float, float]:
    """Wait for ``processes``; return (CPU seconds, peak RSS MiB), both summed over them."""
    cpu = rss = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise RuntimeError(f"{process.args} failed with status {status}")
        cpu += usage.ru_utime + usage.ru_stime
        rss += usage.ru_maxrss / 1024
    return cpu, rss


def run_pipe(n: int, folder: Path) -> tuple[float, float, float, bytes]:
    """Run ``tap | target``; return (wall, CPU, peak RSS, final state line)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    tap = subprocess.Popen(
        [sys.executable, str(HERE), "tap", "--n", str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    target = subprocess.Popen(
        [sys.executable, str(HERE), "target", "--output-dir", str(folder)],
        stdin=tap.stdout,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert tap.stdout is not None and target.stdout is not None
    tap.stdout.close()
    output = target.stdout.read()
    cpu, rss = _measure([tap, target])
    wall = time.perf_counter() - started
    return wall, cpu, rss, output.splitlines()[-1]


def run_inproc(n: int, folder: Path) -> tuple[float, float, float, bytes]:
    """Run ``pipeline.run`` in a fresh process; return (wall, CPU, peak RSS, final state)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(HERE), "inproc", "--n", str(n), "--output-dir", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    cpu, rss = _measure([process])
    wall = time.perf_counter() - started
    return wall, cpu, rss, output.splitlines()[-1]


def compare(sizes: list[int], runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        check = min(sizes)
        piped, inproc = root / "check-pipe", root / "check-inproc"
        piped.mkdir()
        inproc.mkdir()
        pipe_state = run_pipe(check, piped)[3]
        inproc_state = run_inproc(check, inproc)[3]
        same_records = (piped / "items.jsonl").read_bytes() == (inproc / "items.jsonl").read_bytes()
        if not same_records or json.loads(pipe_state) != json.loads(inproc_state):
            raise SystemExit("the in-process run and the pipe disagree; not timing")
        print(f"outputs identical at n={check} (records and final state)")
        header = f"{'n':>9} {'mode':8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}"
        print(header, "  ratios in-process/pipe")
        for n in sizes:
            results: dict[str, list[tuple[float, float, float]]] = {"pipe": [], "inproc": []}
            for _ in range(runs):
                for mode, runner in (("pipe", run_pipe), ("inproc", run_inproc)):
                    folder = root / f"{mode}-{n}"
                    folder.mkdir(exist_ok=True)
                    results[mode].append(runner(n, folder)[:3])
            medians = {
                mode: tuple(statistics.median(values) for values in zip(*rows, strict=True))
                for mode, rows in results.items()
            }
            for mode in ("pipe", "inproc"):
                wall, cpu, rss = medians[mode]
                print(f"{n:>9} {mode:8} {wall:8.2f} {cpu:8.2f} {rss:9.1f}", end="")
                if mode == "inproc":
                    pw, pc, pr = medians["pipe"]
                    print(
                        f"   cpu {cpu / pc:.2f}  wall {wall / pw:.2f}  memory {rss / pr:.2f}",
                        end="",
                    )
                print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "command", nargs="?", default="compare", choices=("compare", "tap", "target", "inproc")
    )
    parser.add_argument("--sizes", default="10000,200000,1000000", help="record counts to compare")
    parser.add_argument("--runs", type=int, default=3, help="rounds per size (medians)")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--output-dir", default=".")
    args = parser.parse_args()
    if args.command == "compare":
        compare([int(size) for size in args.sizes.split(",")], args.runs)
        return
    tap_class, target_class = _plugins()
    if args.command == "tap":
        tap_class(config={"n": args.n}).sync_all()
    elif args.command == "target":
        target_class(config={"output_dir": args.output_dir}).listen()
    else:
        from singer_sdk import pipeline
        from singer_sdk._messages import codec

        result = pipeline.run(
            tap_class(config={"n": args.n}), target_class(config={"output_dir": args.output_dir})
        )
        sys.stdout.buffer.write(codec.encode(result.state) + b"\n")


if __name__ == "__main__":
    main()
