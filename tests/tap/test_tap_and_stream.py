"""Tap and Stream objects: construction, inputs, discovery, facts."""

from __future__ import annotations

import json
import typing as t

import pytest

from singer_sdk import Stream, Tap
from singer_sdk._catalog.catalog import Catalog
from singer_sdk._catalog.errors import InvalidCatalogError
from singer_sdk._tap import InvalidStateError
from singer_sdk.exceptions import InvalidReplicationKeyException
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning

if t.TYPE_CHECKING:
    from pathlib import Path

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}},
}


class Zebra(Stream):
    name = "zebra"
    schema = SCHEMA

    def get_records(self, context):
        yield {"id": 1}


class Apple(Zebra):
    name = "apple"


class TwoTap(Tap):
    name = "tap-two"

    def discover_streams(self):
        return [Zebra(self), Apple(self)]


# -- the tap ---------------------------------------------------------------------------------------


def test_streams_are_discovered_once_and_sorted_by_name() -> None:
    tap = TwoTap(config={})
    assert list(tap.streams) == ["apple", "zebra"]
    assert tap.streams is tap.streams


def test_discover_streams_must_be_implemented() -> None:
    class Bare(Tap):
        name = "tap-bare"

    with pytest.raises(NotImplementedError, match="Bare must implement discover_streams"):
        _ = Bare(config={}).streams


def test_catalog_inputs_dict_object_and_deprecated_path(tmp_path: Path) -> None:
    catalog_dict = TwoTap(config={}).catalog_dict
    assert [entry["tap_stream_id"] for entry in catalog_dict["streams"]] == ["apple", "zebra"]
    from_dict = TwoTap(config={}, catalog=catalog_dict)
    assert isinstance(from_dict.input_catalog, Catalog)
    assert from_dict.catalog is from_dict.input_catalog
    from_object = TwoTap(config={}, catalog=Catalog.from_dict(catalog_dict))
    assert from_object.input_catalog is not None
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog_dict))
    with pytest.warns(SingerSDKDeprecationWarning, match="catalog file path is deprecated"):
        from_path = TwoTap(config={}, catalog=str(path))
    assert from_path.input_catalog is not None
    assert from_path.input_catalog.to_dict() == catalog_dict


def test_without_catalog_the_catalog_is_the_discovered_one() -> None:
    tap = TwoTap(config={})
    assert tap.input_catalog is None
    assert tap.catalog.to_dict() == tap.catalog_dict


def test_state_inputs_dict_and_deprecated_path(tmp_path: Path) -> None:
    state = {"bookmarks": {"zebra": {"replication_key_value": 1}}, "ignored": True}
    tap = TwoTap(config={}, state=state)
    assert tap.state == {"bookmarks": {"zebra": {"replication_key_value": 1}}}
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    with pytest.warns(SingerSDKDeprecationWarning, match="state file path is deprecated"):
        from_path = TwoTap(config={}, state=path)
    assert from_path.state == tap.state


def test_load_state_merges_bookmarks() -> None:
    tap = TwoTap(config={}, state={"bookmarks": {"zebra": {"a": 1}}})
    tap.load_state({"bookmarks": {"apple": {"b": 2}, "zebra": {"c": 3}}})
    assert tap.state == {"bookmarks": {"zebra": {"a": 1, "c": 3}, "apple": {"b": 2}}}


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ([], "State must be a JSON object, not list"),
        ({"bookmarks": []}, "State: 'bookmarks' must be an object keyed by stream id, not []"),
        ({"bookmarks": {"x": 1}}, "State: bookmarks['x'] must be an object, not 1"),
        ({"bookmarks": {"x": {"partitions": 1}}},
         "State: bookmarks['x']['partitions'] must be a list"),
    ],
)  # fmt: skip
def test_state_of_the_wrong_shape_is_rejected(state, message) -> None:
    with pytest.raises(InvalidStateError) as excinfo:
        TwoTap(config={}, state=state)
    assert str(excinfo.value) == message


def test_catalog_of_the_wrong_shape_is_rejected() -> None:
    with pytest.raises(InvalidCatalogError, match="a catalog must have a 'streams' list, got 5"):
        TwoTap(config={}, catalog={"streams": 5})
    with pytest.raises(InvalidCatalogError, match="a catalog must be a JSON object"):
        TwoTap(config={}, catalog=[{"streams": []}])  # type: ignore[arg-type]


def test_catalog_entry_for_an_unknown_stream_is_ignored(run_tap) -> None:
    catalog = TwoTap(config={}).catalog_dict
    unknown = json.loads(json.dumps(catalog["streams"][0]))
    unknown["tap_stream_id"] = unknown["stream"] = "unknown"
    catalog["streams"].append(unknown)
    run = run_tap(TwoTap, catalog=catalog)
    assert {message["stream"] for message in run.of_type("SCHEMA")} == {"apple", "zebra"}


def test_builtin_settings_are_in_the_config_schema() -> None:
    properties = TwoTap(config={}).config_jsonschema["properties"]
    assert "emit_activate_version_messages" in properties
    assert "batch_config" in properties


# -- the stream ------------------------------------------------------------------------------------


def test_stream_without_a_name_is_an_error() -> None:
    class Nameless(Stream):
        def get_records(self, context):
            yield {}

    with pytest.raises(ValueError, match="Stream class Nameless has no name"):
        Nameless(TwoTap(config={}), schema=SCHEMA)
    assert Nameless(TwoTap(config={}), schema=SCHEMA, name="given").name == "given"


def test_stream_without_a_schema_is_an_error() -> None:
    class Schemaless(Stream):
        name = "schemaless"

        def get_records(self, context):
            yield {}

    with pytest.raises(ValueError, match="Stream 'schemaless' has no schema"):
        Schemaless(TwoTap(config={}))
    with pytest.raises(ValueError, match="Unexpected type int for the schema"):
        Schemaless(TwoTap(config={}), schema=5)  # type: ignore[arg-type]


def test_schema_file_path_is_deprecated_and_checked(tmp_path: Path) -> None:
    class FromFile(Stream):
        name = "from_file"

        def get_records(self, context):
            yield {}

    tap = TwoTap(config={})
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA))
    with pytest.warns(SingerSDKDeprecationWarning, match="schema file path"):
        assert FromFile(tap, schema=str(path)).schema == SCHEMA
    with pytest.warns(SingerSDKDeprecationWarning), pytest.raises(FileNotFoundError):
        FromFile(tap, schema=str(tmp_path / "missing.json"))
    path.write_text("{nope")
    with pytest.warns(SingerSDKDeprecationWarning), pytest.raises(ValueError, match="not valid"):
        FromFile(tap, schema=str(path))


def test_schema_filepath_class_attribute(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA))

    class FromFile(Stream):
        name = "from_file"
        schema_filepath = path

        def get_records(self, context):
            yield {}

    assert FromFile(TwoTap(config={})).schema == SCHEMA


def test_stream_facts_and_defaults() -> None:
    tap = TwoTap(config={"start_date": "2024-01-01T00:00:00Z"}, validate_config=False)
    stream = tap.streams["zebra"]
    assert stream.tap_stream_id == "zebra"
    assert stream.primary_keys == []  # as in the reference: a list, never None
    assert stream.replication_method == "FULL_TABLE"
    assert stream.is_timestamp_replication_key is False
    assert stream.selected is True
    assert stream.context is None
    assert stream.child_streams == []
    assert stream.descendent_streams == []
    assert stream.has_selected_descendents is False
    with pytest.raises(TypeError):
        stream.config["x"] = 1  # type: ignore[index]
    assert stream.logger.name.endswith(".zebra")


def test_incremental_stream_facts() -> None:
    class Timed(Zebra):
        name = "timed"
        replication_key = "at"

    stream = Timed(TwoTap(config={}))
    assert stream.replication_method == "INCREMENTAL"
    assert stream.is_timestamp_replication_key is True
    assert stream.compare_start_date("2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z") == (
        "2024-01-02T00:00:00Z"
    )
    assert stream.compare_start_date("2024-01-01T00:00:00+00:00", "2024-01-03T00:00:00Z") == (
        "2024-01-03T00:00:00Z"
    )


def test_replication_key_missing_from_the_schema_is_an_error(run_tap) -> None:
    class Broken(Zebra):
        name = "broken"
        replication_key = "missing"

    class BrokenTap(Tap):
        name = "tap-broken"

        def discover_streams(self):
            return [Broken(self)]

    stream = BrokenTap(config={}).streams["broken"]
    with pytest.raises(
        InvalidReplicationKeyException,
        match="Replication key 'missing' is not a property of the schema of stream 'broken'",
    ):
        _ = stream.is_timestamp_replication_key
    with pytest.raises(InvalidReplicationKeyException):
        run_tap(BrokenTap)


def test_standard_metadata_of_a_discovered_stream() -> None:
    class Keyed(Zebra):
        name = "keyed"
        primary_keys = ("id",)
        replication_key = "at"

    metadata = Keyed(TwoTap(config={})).metadata
    root = metadata.root
    assert root.selected is True
    assert root.table_key_properties == ["id"]
    assert root.valid_replication_keys == ["at"]
    assert metadata[("properties", "id")].inclusion == "automatic"
    assert metadata[("properties", "at")].inclusion == "automatic"


def test_stream_maps_in_config_are_applied() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
    from tap_demo import TapDemo

    tap = TapDemo(config={"stream_maps": {"books": {"title": None}}})
    (books,) = tap.mapper.stream_maps["books"]
    assert "title" not in books.transformed_schema["properties"]
