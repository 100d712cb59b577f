"""One timed run of the default Singer message writer; runs under ours or the reference.

Builds the records first (not timed), then times SCHEMA + N RECORD (each with a fresh
``time_extracted``) + STATE through ``singer_sdk.io_base.SingerWriter``, the writer plugins use by
default, with stdout going wherever the caller sends it. Prints ``seconds peak_rss_kib`` on stderr.

    python benchmarks/writer_workload.py --n 200000 > /dev/null
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from records import SCHEMA, STREAM, make_record

from singer_sdk.io_base import SingerWriter
from singer_sdk.singerlib import RecordMessage, SchemaMessage, StateMessage


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    records = [make_record(i) for i in range(args.n)]
    writer = SingerWriter()
    now = dt.datetime.now
    utc = dt.UTC
    start = time.perf_counter()
    writer.write_message(SchemaMessage(STREAM, SCHEMA, ["id"], ["updated_at"]))
    for record in records:
        writer.write_message(RecordMessage(STREAM, record, time_extracted=now(utc)))
    writer.write_message(StateMessage({"bookmarks": {STREAM: {"replication_key_value": "x"}}}))
    if hasattr(writer, "close"):
        writer.close()
    sys.stdout.flush()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{elapsed:.4f} {peak}", file=sys.stderr)


if __name__ == "__main__":
    main()
