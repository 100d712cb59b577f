"""The sample tap into the sample target in one Python process, then its records as a table.

``singer_sdk.pipeline.run`` does what ``tap_demo.py | mapper_demo.py | target_jsonl_demo.py``
does, with the same files and the same final state, but without subprocesses or JSON in
between; ``singer_sdk.pipeline.read`` hands a tap's records to Python (and to pyarrow/pandas).

Run it: ``python samples/pipeline_example.py [OUTPUT_DIR]`` (default ``.demo/pipeline``); run it
again to see an incremental run start from the state the first one returned.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mapper_demo import MapperDemo
from tap_demo import TapDemo
from target_jsonl_demo import TargetJSONLDemo

from singer_sdk import pipeline


def main(output_dir: str = ".demo/pipeline") -> None:
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    state_file = folder / "state.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else None

    # 1. tap -> mapper -> target, in this process. Each instance runs once.
    result = pipeline.run(
        TapDemo(config={"book_count": 20}),
        TargetJSONLDemo(config={"output_dir": str(folder / "jsonl")}),
        mappers=[MapperDemo(config={"stream_maps": {"books": {"title": "title.upper()"}}})],
        state=state,
    )
    print("records loaded:", result.counts)
    print(f"took {result.timings['total']:.2f}s")
    if result.state is not None:
        # The state is the dict a pipe's reader would get (numbers with a fraction are Decimals).
        state_file.write_text(json.dumps(result.state, default=str))
        print("state saved to", state_file)

    # 2. Records as Python data: (stream name, record) as a target reads them.
    for stream, record in pipeline.read(TapDemo(config={"book_count": 3}), ["books"]):
        print(stream, record["id"], record["title"], record["updated_at"])

    # 3. Records as Arrow tables typed from the schemas (needs pyarrow: the `parquet` extra).
    try:
        tables = pipeline.read(TapDemo(config={"book_count": 5})).to_arrow()
    except ImportError as exc:
        print(exc)
        return
    for name, table in tables.items():
        print(name, table.num_rows, "rows:", table.schema.to_string(show_schema_metadata=False))


if __name__ == "__main__":
    main(*sys.argv[1:2])
