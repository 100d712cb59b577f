"""FolderTap and FileStream: a CSV folder tap built on them, run for real on temp folders."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk._messages.io import MessageWriter
from singer_sdk.contrib.filesystem import FileStream, FolderTap
from singer_sdk.contrib.filesystem import tap as folder_tap
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.testing import get_tap_test_class

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Record

OLD = 1_700_000_000  # 2023-11-14T22:13:20Z


class CSVStream(FileStream):
    def get_schema(self, path: str) -> dict[str, t.Any]:
        with self.filesystem.open(path, mode="r") as file:
            header = next(csv.reader(file))
        return {"type": "object", "properties": {name: {"type": "string"} for name in header}}

    def read_file(self, path: str) -> t.Iterable[Record]:
        with self.filesystem.open(path, mode="r") as file:
            yield from csv.DictReader(file)


class CSVTap(FolderTap[CSVStream]):
    name = "tap-folder-csv"
    valid_extensions = (".csv",)
    default_stream_class = CSVStream


# The library's standard tap suites, run over a checked-in folder of CSV files.
TestFolderCSVTap = get_tap_test_class(
    CSVTap,
    config={
        "path": str(Path(__file__).parent / "data" / "csv_folder"),
        "read_mode": "one_stream_per_file",
    },
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "people.csv").write_text("id,name\n1,a\n2,b\n")
    (tmp_path / "more.CSV").write_text("id,name\n3,c\n")
    (tmp_path / "notes.txt").write_text("not a csv\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.csv").write_text("id,name\n9,z\n")
    for name in ("people.csv", "more.CSV"):
        os.utime(tmp_path / name, (OLD, OLD))
    return tmp_path


def _run(config: dict[str, t.Any], state: dict[str, t.Any] | None = None) -> list[dict[str, t.Any]]:
    out = io.BytesIO()
    writer = MessageWriter(out, flush_interval=0)
    tap = CSVTap(config=config, state=state, message_writer=writer)
    tap.sync_all()
    writer.flush()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _records(messages: list[dict[str, t.Any]]) -> list[tuple[str, dict[str, t.Any]]]:
    return [(m["stream"], m["record"]) for m in messages if m["type"] == "RECORD"]


def test_one_stream_per_file(folder: Path) -> None:
    tap = CSVTap(config={"path": str(folder), "read_mode": "one_stream_per_file"})
    assert sorted(tap.streams) == ["more", "people"]  # .txt and subfolders are not read
    stream = tap.streams["people"]
    assert stream.partitions == [{"_sdc_path": "./people.csv"}]
    assert stream.replication_key == "_sdc_modified_at"
    assert stream.replication_method == "INCREMENTAL"
    assert stream.schema == {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "_sdc_path": {"type": "string"},
            "_sdc_modified_at": {"type": ["string", "null"], "format": "date-time"},
        },
    }


def test_sync_adds_file_metadata_and_bookmarks_each_file(folder: Path) -> None:
    messages = _run({"path": str(folder), "read_mode": "one_stream_per_file"})
    assert _records(messages) == [
        (
            "more",
            {
                "id": "3",
                "name": "c",
                "_sdc_path": "./more.CSV",
                "_sdc_modified_at": "2023-11-14T22:13:20.000000+00:00",
            },
        ),
        (
            "people",
            {
                "id": "1",
                "name": "a",
                "_sdc_path": "./people.csv",
                "_sdc_modified_at": "2023-11-14T22:13:20.000000+00:00",
            },
        ),
        (
            "people",
            {
                "id": "2",
                "name": "b",
                "_sdc_path": "./people.csv",
                "_sdc_modified_at": "2023-11-14T22:13:20.000000+00:00",
            },
        ),
    ]
    final = [m for m in messages if m["type"] == "STATE"][-1]["value"]
    assert final["bookmarks"]["people"]["partitions"] == [
        {
            "context": {"_sdc_path": "./people.csv"},
            "replication_key": "_sdc_modified_at",
            "replication_key_value": "2023-11-14T22:13:20.000000+00:00",
        }
    ]


def test_merge_mode_reads_every_file_into_one_stream(folder: Path) -> None:
    config = {"path": str(folder), "read_mode": "merge", "stream_name": "everything"}
    messages = _run(config)
    assert {stream for stream, _ in _records(messages)} == {"everything"}
    assert [record["id"] for _, record in _records(messages)] == ["3", "1", "2"]
    default = CSVTap(config={"path": str(folder), "read_mode": "merge"})
    assert list(default.streams) == ["files"]


def test_unchanged_files_are_not_read_again(folder: Path) -> None:
    config = {"path": str(folder), "read_mode": "merge"}
    first = _run(config)
    state = [m for m in first if m["type"] == "STATE"][-1]["value"]
    assert _records(_run(config, state)) == []
    (folder / "people.csv").write_text("id,name\n4,d\n")  # modified now
    assert [record["id"] for _, record in _records(_run(config, state))] == ["4"]


def test_get_records_needs_a_file_context(folder: Path) -> None:
    stream = CSVTap(config={"path": str(folder), "read_mode": "merge"}).streams["files"]
    with pytest.raises(
        RuntimeError,
        match=r"^Stream 'files' reads one file per call: pass a context with '_sdc_path'$",
    ):
        list(stream.get_records(None))


def test_a_missing_folder(tmp_path: Path) -> None:
    # Raised by the constructor, which discovers the streams as the reference's does.
    with pytest.raises(
        ValueError, match=f"^Path {tmp_path / 'nope'} does not exist or is not a directory$"
    ):
        CSVTap(config={"path": str(tmp_path / "nope"), "read_mode": "merge"})
    tap = CSVTap(config={"path": str(tmp_path / "nope"), "read_mode": "merge"}, setup_mapper=False)
    with pytest.raises(
        ValueError, match=f"^Path {tmp_path / 'nope'} does not exist or is not a directory$"
    ):
        tap.discover_streams()


def test_required_settings_are_validated(folder: Path) -> None:
    with pytest.raises(ConfigValidationError) as info:
        CSVTap(config={"path": str(folder)})
    assert any("read_mode" in error for error in info.value.errors)
    with pytest.raises(ConfigValidationError):
        CSVTap(config={"path": str(folder), "read_mode": "sideways"})


def test_remote_filesystem_without_its_settings(folder: Path) -> None:
    config = {"path": str(folder), "read_mode": "merge", "filesystem": "ftp"}
    with pytest.raises(
        ConfigValidationError, match=r"^The 'ftp' settings are required when 'filesystem' is 'ftp'"
    ):
        CSVTap(config=config)  # the constructor discovers the streams
    tap = CSVTap(config=config, setup_mapper=False)
    with pytest.raises(
        ConfigValidationError, match=r"^The 'ftp' settings are required when 'filesystem' is 'ftp'"
    ):
        tap.discover_streams()


def test_settings_schema() -> None:
    schema = CSVTap.config_jsonschema
    CSVTap.append_builtin_config(schema := json.loads(json.dumps(schema)))
    assert {"filesystem", "path", "read_mode", "stream_name", "ftp", "sftp"} <= set(
        schema["properties"]
    )
    assert schema["properties"]["read_mode"]["enum"] == ["one_stream_per_file", "merge"]
    assert schema["properties"]["ftp"]["properties"]["password"]["secret"] is True
    assert folder_tap.BASE_CONFIG_SCHEMA["required"] == [
        "filesystem",
        "path",
        "read_mode",
        "stream_name",
    ]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("a/b/c.csv", "a__b__c"),
        ("x.tar.gz", "x.tar"),
        ("My File-1.csv", "My File-1"),
        ("noext", "noext"),
        ("dir.v1/file", "dir.v1__file"),
    ],
)
def test_file_path_to_stream_name(path: str, name: str) -> None:
    assert folder_tap.file_path_to_stream_name(path) == name


def test_local_folders_work_without_fsspec(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)  # as if fsspec were not installed
    monkeypatch.setitem(sys.modules, "fsspec.implementations.dirfs", None)
    messages = _run({"path": str(folder), "read_mode": "one_stream_per_file"})
    assert [record["id"] for _, record in _records(messages)] == ["3", "1", "2"]
    assert _records(messages)[0][1]["_sdc_modified_at"] == "2023-11-14T22:13:20.000000+00:00"
