"""The target side of BATCH: streamed loading, target stream maps, bad files, real pipes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk._batch.jsonl import iter_jsonl_records
from singer_sdk.batch import BatchFileError

SCHEMA = json.dumps({
    "type": "SCHEMA", "stream": "s", "key_properties": ["id"],
    "schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
})  # fmt: skip


def _batch(urls: t.Any, fmt: str = "jsonl", compression: str | None = "none") -> str:
    return json.dumps({
        "type": "BATCH", "stream": "s",
        "encoding": {"format": fmt, "compression": compression},
        "manifest": urls,
    })  # fmt: skip


def _feed(bt: t.Any, *lines: str, config: dict[str, t.Any] | None = None) -> t.Any:
    return bt.run_target("".join(f"{line}\n" for line in lines).encode(), config=config)


BAD_FILES = [
    ("missing.json.gz", None, "gzip", "the file does not exist"),
    ("plain.json.gz", b'{"id":1}\n', "gzip",
     """cannot be decompressed (Not a gzipped file (b'{"'))"""),
    ("trunc.json.gz", gzip.compress(b'{"id":1}\n' * 500)[:-12], "gzip",
     "cannot be decompressed (truncated gzip data)"),
    ("bad.json", b'{"id":1}\n{"id":2}\n{"id":\n{"id":4}\n', "none",
     "line 3: not valid JSON (Input data was truncated)"),
    ("spread.json", b'{"id":1}\n{"id":\n2}\n', "none",
     "line 2: not valid JSON (Input data was truncated)"),
    ("list.json", b'{"id":1}\n\n[1,2]\n', "none", "line 3: a line holds list, not a JSON object"),
    ("tail.json", b'{"id":1}\n{"id":2', "none",
     "line 2: not valid JSON (Input data was truncated)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "compression", "problem"), BAD_FILES, ids=[case[0] for case in BAD_FILES]
)
def test_missing_or_corrupt_jsonl_file(
    bt: t.Any, tmp_path: Path, name: str, content: bytes | None, compression: str, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    url = path.as_uri()
    with pytest.raises(BatchFileError) as info:
        _feed(bt, SCHEMA, _batch([url], compression=compression))
    separator = ", " if problem.startswith("line ") else ": "
    assert str(info.value) == f"BATCH file {url}{separator}{problem}"
    assert info.value.url == url


def test_corrupt_parquet_file(bt: t.Any, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(BatchFileError) as info:
        _feed(bt, SCHEMA, _batch([path.as_uri()], fmt="parquet"))
    assert str(info.value).startswith(f"BATCH file {path.as_uri()}: not a valid Parquet file (")


def test_bad_manifest_and_format(bt: t.Any, tmp_path: Path) -> None:
    with pytest.raises(BatchFileError) as info:
        _feed(bt, SCHEMA, _batch("file:///one.json"))
    assert str(info.value) == (
        "BATCH file <manifest>: the manifest must be a list of file URLs, not 'file:///one.json'"
    )
    path = tmp_path / "a.json"
    path.write_text('{"id":1}\n')
    # pytest matches the notes too: the reader adds the input line the error came from.
    with pytest.raises(
        NotImplementedError,
        match=r"^Unsupported batch encoding format: avro\nWhile handling input line 2 \(BATCH",
    ):
        _feed(bt, SCHEMA, _batch([path.as_uri()], fmt="avro"))


def test_records_before_a_bad_file_are_loaded(bt: t.Any, tmp_path: Path, capsys: t.Any) -> None:
    good = tmp_path / "good.json"
    good.write_text('{"id":1}\n{"id":2}\n')
    state = json.dumps({"type": "STATE", "value": {"after": "good"}})
    target = bt.target_module.MemoryTarget(config={})
    import io

    data = f"{SCHEMA}\n{_batch([good.as_uri()])}\n{state}\n"
    data += _batch([(tmp_path / "gone.json").as_uri()]) + "\n"
    with pytest.raises(BatchFileError, match="the file does not exist"):
        target.listen(io.BytesIO(data.encode()))
    assert target.records() == {"s": [{"id": 1}, {"id": 2}]}
    assert capsys.readouterr().out.splitlines() == ['{"after":"good"}']


def test_files_are_streamed_in_sink_sized_batches(bt: t.Any, tmp_path: Path) -> None:
    path = tmp_path / "many.json.gz"
    with gzip.open(path, "wb") as file:
        for i in range(25):
            file.write(b'{"id":%d}\n' % i)
    target = _feed(bt, SCHEMA, _batch([path.as_uri()], compression="gzip"),
                   config={"batch_size_rows": 10})  # fmt: skip
    assert [len(batch) for _, batch in target.batches] == [10, 10, 5]


def test_jsonl_reader_crosses_block_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    line = b'{"id":%d,"pad":"' + b"x" * 300 + b'"}\n'
    with path.open("wb") as file:
        for i in range(5000):  # ~1.5 MB: more than one read block
            file.write(line % i)
    ids = [r["id"] for r in iter_jsonl_records(path.as_uri(), gzip_compressed=False)]
    assert ids == list(range(5000))


def test_target_stream_maps_apply_to_batch_records(bt: t.Any, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"id":1}\n{"id":2}\n{"id":3}\n')
    maps = {"s": {"__alias__": "renamed", "double": "id * 2", "__filter__": "id != 2"}}
    target = _feed(bt, SCHEMA, _batch([path.as_uri()]), config={"stream_maps": maps})
    assert target.records() == {"renamed": [{"id": 1, "double": 2}, {"id": 3, "double": 6}]}


def test_tap_piped_into_target(bt: t.Any, tmp_path: Path) -> None:
    """A real ``tap | target`` pipe in BATCH mode loads what the RECORD path loads."""
    env = bt.script_env()
    out = tmp_path / "files"
    batch_config = tmp_path / "tap-batch.json"
    batch_config.write_text(json.dumps({"count": 30, **bt.batch_config(out, size=8)}))
    record_config = tmp_path / "tap-record.json"
    record_config.write_text(json.dumps({"count": 30}))
    results = {}
    for mode, config_path in (("batch", batch_config), ("record", record_config)):
        dump = tmp_path / f"{mode}.jsonl"
        target_config = tmp_path / f"target-{mode}.json"
        target_config.write_text(json.dumps({"output": str(dump)}))
        tap_command = [sys.executable, str(bt.HERE / "batch_tap.py"), "--config", str(config_path)]
        tap = subprocess.Popen(tap_command, stdout=subprocess.PIPE, env=env, cwd=tmp_path)
        target = subprocess.run(
            [sys.executable, str(bt.HERE / "target_memory.py"), "--config", str(target_config)],
            stdin=tap.stdout, capture_output=True, env=env, cwd=tmp_path, timeout=60, check=False,
        )  # fmt: skip
        assert tap.stdout is not None
        tap.stdout.close()
        assert tap.wait(timeout=60) == 0
        assert target.returncode == 0, target.stderr.decode()
        states = [json.loads(line) for line in target.stdout.decode().splitlines()]
        results[mode] = (dump.read_text().splitlines(), states[-1])
    assert results["batch"] == results["record"]
    assert len(results["batch"][0]) == 30 + 14
    assert len(list(out.iterdir())) == 4 + 2  # events: 8+8+8+6; regions: one file per partition
