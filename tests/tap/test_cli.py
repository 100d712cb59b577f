"""The tap command line, run as a real process: --test, --discover/--catalog, bad input files."""

from __future__ import annotations

import json
import typing as t

import pytest

if t.TYPE_CHECKING:
    import subprocess
    from pathlib import Path


def _messages(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, t.Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _kinds(messages: list[dict[str, t.Any]]) -> list[str]:
    return [
        message["type"] if message["type"] == "STATE" else f"{message['type']}:{message['stream']}"
        for message in messages
    ]


def _without_time(messages: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    """The messages without their run-dependent parts (time_extracted, the signposts)."""
    result = []
    for message in messages:
        message = dict(message)
        message.pop("time_extracted", None)
        if message["type"] == "STATE":
            message = json.loads(
                json.dumps(message).replace(
                    json.dumps(_signpost(message)) if _signpost(message) else "\x00", '"X"'
                )
            )
        result.append(message)
    return result


def _signpost(message: dict[str, t.Any]) -> str | None:
    for stream_state in message["value"].get("bookmarks", {}).values():
        if "replication_key_signpost" in stream_state:
            return t.cast(str, stream_state["replication_key_signpost"])
    return None


def test_test_flag_syncs_one_record_per_stream_children_too(run_script) -> None:
    result = run_script("--test")
    assert result.returncode == 0, result.stderr.decode()
    messages = _messages(result)
    records = [kind for kind in _kinds(messages) if kind.startswith("RECORD")]
    assert sorted(records) == ["RECORD:authors", "RECORD:books", "RECORD:reviews"]
    schemas = [kind for kind in _kinds(messages) if kind.startswith("SCHEMA")]
    assert schemas == ["SCHEMA:authors", "SCHEMA:books", "SCHEMA:reviews"]
    # Reaching the record limit is the point of the test, not an error.
    assert b"ERROR" not in result.stderr
    assert b"stopped early" in result.stderr


def test_test_flag_forces_deselected_streams(run_script, write_json, tap_demo) -> None:
    catalog = tap_demo.TapDemo(config={}).catalog_dict
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            if item["breadcrumb"] == []:
                item["metadata"]["selected"] = False
    result = run_script("--test", "--catalog", write_json("catalog.json", catalog))
    assert result.returncode == 0, result.stderr.decode()
    records = {m["stream"] for m in _messages(result) if m["type"] == "RECORD"}
    assert records == {"authors", "books", "reviews"}


def test_test_schema_writes_only_schema_messages(run_script) -> None:
    result = run_script("--test=schema")
    assert result.returncode == 0, result.stderr.decode()
    assert _kinds(_messages(result)) == ["SCHEMA:authors", "SCHEMA:books", "SCHEMA:reviews"]


def test_discover_then_catalog_round_trip(run_script, tmp_path: Path) -> None:
    discovered = run_script("--discover")
    assert discovered.returncode == 0, discovered.stderr.decode()
    catalog = json.loads(discovered.stdout)
    assert [entry["tap_stream_id"] for entry in catalog["streams"]] == [
        "authors",
        "books",
        "reviews",
    ]
    catalog_path = tmp_path / "catalog.json"
    catalog_path.write_bytes(discovered.stdout)

    plain = run_script()
    with_catalog = run_script("--catalog", catalog_path)
    with_properties = run_script("--properties", catalog_path)
    for result in (plain, with_catalog, with_properties):
        assert result.returncode == 0, result.stderr.decode()
    expected = _without_time(_messages(plain))
    assert len(expected) > 60
    assert _without_time(_messages(with_catalog)) == expected
    assert _without_time(_messages(with_properties)) == expected


def test_discover_writes_only_the_catalog(run_script) -> None:
    result = run_script("--discover")
    catalog = json.loads(result.stdout)  # nothing but the JSON document
    assert set(catalog) == {"streams"}
    books = next(entry for entry in catalog["streams"] if entry["tap_stream_id"] == "books")
    assert books["replication_key"] == "updated_at"
    assert books["replication_method"] == "INCREMENTAL"
    assert books["key_properties"] == ["id"]


def test_state_file_resumes_the_sync(run_script, write_json) -> None:
    state = {
        "bookmarks": {
            "books": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-01-01T18:00:00+00:00",
            }
        }
    }
    result = run_script("--state", write_json("state.json", state))
    assert result.returncode == 0, result.stderr.decode()
    messages = _messages(result)
    assert messages[0] == {"type": "STATE", "value": state}  # the input state, first
    books = [
        m["record"]["id"] for m in messages if m["type"] == "RECORD" and m["stream"] == "books"
    ]
    assert books == [18, 19, 20]


BAD_FILES = [
    pytest.param("missing", None, "file not found: '{path}'", id="missing"),
    pytest.param("invalid", "{not json", "file '{path}' is not valid JSON", id="invalid-json"),
    pytest.param("empty", "", "file '{path}' is not valid JSON", id="empty"),
    pytest.param("array", "[1, 2]", "file '{path}' must hold a JSON object, not a JSON array",
                 id="array"),
]  # fmt: skip


@pytest.mark.parametrize("option", ["--catalog", "--properties", "--state"])
@pytest.mark.parametrize(("name", "content", "problem"), BAD_FILES)
def test_unreadable_input_file_is_a_clean_error(
    run_cli, write_json, tmp_path: Path, option, name, content, problem
) -> None:
    path = tmp_path / f"{name}.json" if content is None else write_json(f"{name}.json", content)
    result = run_cli(option, path)
    kind = "State" if option == "--state" else "Catalog"
    assert result.exit_code == 1
    assert result.stdout == ""
    stderr = result.stderr
    assert f"{kind} {problem.format(path=path)}" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("catalog", "problem"),
    [
        pytest.param({"foo": 1}, "a catalog must have a 'streams' list, it has no 'streams' key",
                     id="no-streams"),
        pytest.param({"streams": "x"}, "a catalog must have a 'streams' list, got 'x'",
                     id="streams-not-a-list"),
        pytest.param({"streams": [{"stream": "x"}]},
                     "streams[0]: 'tap_stream_id' must be a non-empty string", id="no-stream-id"),
        pytest.param({"streams": [{"tap_stream_id": "books", "schema": {}, "metadata": "x"}]},
                     "streams[0]: stream 'books': 'metadata' must be a list", id="bad-metadata"),
    ],
)  # fmt: skip
def test_not_a_catalog_is_a_clean_error(run_cli, write_json, catalog, problem) -> None:
    path = write_json("catalog.json", catalog)
    result = run_cli("--catalog", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    stderr = result.stderr
    assert f"Catalog file '{path}' is not a valid catalog: {problem}" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("state", "problem"),
    [
        pytest.param({"bookmarks": []}, "'bookmarks' must be an object keyed by stream id, not []",
                     id="bookmarks-list"),
        pytest.param({"bookmarks": {"books": 5}}, "bookmarks['books'] must be an object, not 5",
                     id="stream-state-not-object"),
        pytest.param({"bookmarks": {"books": {"partitions": {}}}},
                     "bookmarks['books']['partitions'] must be a list", id="partitions-not-list"),
        pytest.param({"bookmarks": {"books": {"partitions": [{"x": 1}]}}},
                     "bookmarks['books']['partitions'][0] must be an object with a 'context' "
                     "object", id="partition-without-context"),
    ],
)  # fmt: skip
def test_state_of_the_wrong_shape_is_a_clean_error(run_cli, write_json, state, problem) -> None:
    path = write_json("state.json", state)
    result = run_cli("--state", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    stderr = result.stderr
    assert f"State file '{path}': {problem}" in stderr
    assert "Traceback" not in stderr


def test_bad_config_is_a_clean_error(run_script, write_json) -> None:
    result = run_script(config=write_json("config.json", {"book_count": "many"}))
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"Config validation failed" in result.stderr


@pytest.mark.parametrize("option", ["--catalog", "--state"])
def test_bad_input_file_in_a_real_process(run_script, write_json, option) -> None:
    path = write_json("bad.json", "{not json")
    result = run_script(option, path)
    assert result.returncode == 1
    assert result.stdout == b""
    assert f"file '{path}' is not valid JSON".encode() in result.stderr
    assert b"Traceback" not in result.stderr


def test_test_all_is_the_full_connection_test(run_script) -> None:
    result = run_script("--test=all")
    assert result.returncode == 0
    assert len([m for m in _messages(result) if m["type"] == "RECORD"]) == 3


def _entry(stream_id: str, *, selected: bool = True) -> dict[str, t.Any]:
    return {
        "tap_stream_id": stream_id,
        "stream": stream_id,
        "schema": {"type": "object", "properties": {}},
        "metadata": [{"breadcrumb": [], "metadata": {"selected": selected}}],
    }


def test_a_catalog_selecting_only_unknown_streams_is_an_error(run_cli, write_json) -> None:
    # Issue 18: it logged "Skipping deselected stream" for each stream and exited 0.
    path = write_json("catalog.json", {"streams": [_entry("nope"), _entry("gone")]})
    result = run_cli("--catalog", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        f"Catalog file '{path}' selects no stream of this tap; it names stream id(s) the tap "
        "does not have: 'nope', 'gone' (the tap's streams: 'authors', 'books', 'reviews')"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_catalog_with_some_unknown_streams_warns_and_syncs_the_rest(run_cli, write_json) -> None:
    catalog = {"streams": [_entry("nope"), _entry("authors")]}
    path = write_json("catalog.json", catalog)
    result = run_cli("--catalog", path)
    assert result.exit_code == 0, result.stderr
    assert f"Catalog file '{path}' names stream id(s) this tap does not have, skipped: 'nope'" in (
        result.stderr
    )
    streams = {json.loads(line).get("stream") for line in result.stdout.splitlines()}
    assert "authors" in streams
