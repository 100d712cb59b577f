"""``pipeline.run`` leaves what ``tap | target`` leaves: the same target side effects, same state.

Every sample tap into every sample target (and through the sample mapper), and the shared bench
connectors, each run twice: as a subprocess pipe and in one process.
"""

from __future__ import annotations

import sqlite3
import typing as t
from pathlib import Path

import pytest

from singer_sdk import pipeline

from .conftest import (
    BENCH,
    SAMPLES,
    folder_files,
    last_state,
    load_class,
    parquet_tables,
    pipe,
    sqlite_dump,
)

SOURCE_SQL = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, weight REAL, price NUMERIC(10, 2),
    born DATE, updated_at DATETIME, in_stock BOOLEAN
);
INSERT INTO items VALUES
    (1, 'apple', 1.5, '12.50', '2024-01-02', '2024-01-02 10:00:00', 1),
    (2, 'pear', NULL, 3, '2024-02-03', '2024-02-03 11:30:00.250000', 0),
    (3, 'fig', 0.25, 0.1, '2023-12-31', '2024-01-15 08:00:00', 1);
CREATE TABLE notes (body VARCHAR(20));
INSERT INTO notes VALUES ('hi'), ('there');
"""


def _csv_source(folder: Path, _api: t.Any) -> dict[str, t.Any]:
    data = folder / "csv"
    data.mkdir()
    (data / "people.csv").write_text("id,name,score\n1,Ada,3.5\n2,Grace,\n3,Linus,10\n")
    (data / "Sales 2024.csv").write_text("day,amount\n2024-01-01,12.50\n2024-01-02,0.1\n")
    return {"path": str(data)}


def _sqlite_source(folder: Path, _api: t.Any) -> dict[str, t.Any]:
    path = folder / "source.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(SOURCE_SQL)
    db.close()
    return {"database": str(path)}


def _api_source(_folder: Path, api: t.Any) -> dict[str, t.Any]:
    return {"api_url": api.url, "api_key": api.api_key, "page_size": 7}


#: Sample taps: script, class name, config maker (tmp folder, fixture API).
TAPS: dict[str, tuple[str, t.Callable[[Path, t.Any], dict[str, t.Any]]]] = {
    "tap_demo": ("TapDemo", lambda _folder, _api: {"book_count": 12}),
    "tap_csv": ("TapCSV", _csv_source),
    "tap_sqlite": ("TapSQLite", _sqlite_source),
    "tap_rest_fixture": ("TapFixtureREST", _api_source),
    "tap_graphql_fixture": ("TapFixtureGraphQL", _api_source),
}

#: Sample targets: script, class name, config maker (output folder), side effects (output folder).
TARGETS: dict[str, tuple[str, t.Callable[[Path], dict[str, t.Any]], t.Callable[[Path], t.Any]]] = {
    "target_jsonl_demo": ("TargetJSONLDemo", lambda out: {"output_dir": str(out)}, folder_files),
    "target_parquet": ("TargetParquet", lambda out: {"destination_path": str(out)}, parquet_tables),
    "target_sqlite": (
        "TargetSQLite",
        lambda out: {"database": str(out / "warehouse.sqlite")},
        lambda out: sqlite_dump(out / "warehouse.sqlite"),
    ),
}


@pytest.mark.parametrize("target_name", sorted(TARGETS))
@pytest.mark.parametrize("tap_name", sorted(TAPS))
def test_sample_pair_in_process_equals_the_pipe(
    tap_name: str, target_name: str, tmp_path: Path, fixture_api: t.Any
) -> None:
    tap_class_name, tap_config = TAPS[tap_name]
    target_class_name, target_config, effects = TARGETS[target_name]
    source = tmp_path / "source"
    source.mkdir()
    config = tap_config(source, fixture_api)
    piped_out, inproc_out = tmp_path / "piped", tmp_path / "inproc"
    for folder in (piped_out, inproc_out):
        folder.mkdir()

    lines = pipe(
        [
            (SAMPLES / f"{tap_name}.py", config),
            (SAMPLES / f"{target_name}.py", target_config(piped_out)),
        ],
        tmp_path,
    )

    tap = load_class(SAMPLES, tap_name, tap_class_name)(config=config)
    target = load_class(SAMPLES, target_name, target_class_name)(config=target_config(inproc_out))
    result = pipeline.run(tap, target)

    assert effects(inproc_out) == effects(piped_out)
    assert result.state == last_state(lines)
    assert sum(result.counts.values()) > 0


def test_sample_tap_mapper_target_in_process_equals_the_pipe(tmp_path: Path) -> None:
    tap_config = {"book_count": 9}
    mapper_config = {
        "stream_maps": {
            "books": {"title": "title.upper()", "tags": None, "price_cents": "int(price * 100)"},
            "authors": {"__alias__": "writers"},
        }
    }
    piped_out, inproc_out = tmp_path / "piped", tmp_path / "inproc"
    lines = pipe(
        [
            (SAMPLES / "tap_demo.py", tap_config),
            (SAMPLES / "mapper_demo.py", mapper_config),
            (SAMPLES / "target_jsonl_demo.py", {"output_dir": str(piped_out)}),
        ],
        tmp_path,
    )

    result = pipeline.run(
        load_class(SAMPLES, "tap_demo", "TapDemo")(config=tap_config),
        load_class(SAMPLES, "target_jsonl_demo", "TargetJSONLDemo")(
            config={"output_dir": str(inproc_out)}
        ),
        mappers=[load_class(SAMPLES, "mapper_demo", "MapperDemo")(config=mapper_config)],
    )

    assert folder_files(inproc_out) == folder_files(piped_out)
    assert "writers.jsonl" in folder_files(inproc_out)
    assert result.state == last_state(lines)
    assert result.counts["writers"] == 5


def test_incremental_second_run_from_the_state_equals_the_pipe(tmp_path: Path) -> None:
    state = {
        "bookmarks": {
            "books": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-01-01T05:00:00+00:00",
            }
        }
    }
    piped_out, inproc_out = tmp_path / "piped", tmp_path / "inproc"
    lines = pipe(
        [
            (SAMPLES / "tap_demo.py", {"book_count": 8}),
            (SAMPLES / "target_jsonl_demo.py", {"output_dir": str(piped_out)}),
        ],
        tmp_path,
        state=state,
    )
    result = pipeline.run(
        load_class(SAMPLES, "tap_demo", "TapDemo")(config={"book_count": 8}),
        load_class(SAMPLES, "target_jsonl_demo", "TargetJSONLDemo")(
            config={"output_dir": str(inproc_out)}
        ),
        state=state,
    )
    assert folder_files(inproc_out) == folder_files(piped_out)
    assert result.state == last_state(lines)
    assert result.counts["books"] == 4  # books 5..8 (the bookmark is inclusive)


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is absent")
@pytest.mark.parametrize("stream_maps", [False, True])
def test_bench_synth_into_jsonl_in_process_equals_the_pipe(
    tmp_path: Path, stream_maps: bool
) -> None:
    tap_config: dict[str, t.Any] = {"num_records": 2500}
    if stream_maps:
        tap_config["stream_maps"] = {"synth": {"name": "name.upper()", "tags": None}}
    piped_out, inproc_out = tmp_path / "piped", tmp_path / "inproc"
    lines = pipe(
        [
            (BENCH / "tap_synth.py", tap_config),
            (BENCH / "target_jsonl.py", {"output_dir": str(piped_out)}),
        ],
        tmp_path,
    )

    tap = load_class(BENCH, "tap_synth", "TapSynth")(config=tap_config)
    target = load_class(BENCH, "target_jsonl", "TargetJSONL")(
        config={"output_dir": str(inproc_out)}
    )
    result = pipeline.run(tap, target)

    assert folder_files(inproc_out) == folder_files(piped_out)
    assert result.state == last_state(lines)
    assert result.counts == {"synth": 2500}
