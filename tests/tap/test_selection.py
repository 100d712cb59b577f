"""Selection through the input catalog: streams, nested properties, string flags, key properties."""

from __future__ import annotations

import typing as t

import pytest

from singer_sdk import Stream, Tap

if t.TYPE_CHECKING:
    import types


@pytest.fixture
def catalog(tap_demo: types.ModuleType) -> dict[str, t.Any]:
    """The discovered catalog of the demo tap, to edit."""
    return tap_demo.TapDemo(config={}).catalog_dict


def test_discovered_catalog_selects_everything(run_tap, tap_demo, catalog) -> None:
    run = run_tap(tap_demo.TapDemo, config={"book_count": 2}, catalog=catalog)
    assert {message["stream"] for message in run.of_type("SCHEMA")} == {
        "authors",
        "books",
        "reviews",
    }
    assert len(run.records("authors")) == 5
    assert len(run.records("books")) == 2
    assert len(run.records("reviews")) == 4


def test_stream_deselected_via_catalog_writes_nothing(
    run_tap, tap_demo, catalog, set_metadata
) -> None:
    set_metadata(catalog, "authors", [], selected=False)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 2}, catalog=catalog)
    assert run.of_type("SCHEMA", "authors") == []
    assert run.of_type("RECORD", "authors") == []
    assert "authors" not in run.final_state["bookmarks"]
    assert len(run.records("books")) == 2
    assert not run.tap.streams["authors"].selected


def test_stream_missing_from_catalog_is_not_synced(run_tap, tap_demo, catalog) -> None:
    catalog["streams"] = [s for s in catalog["streams"] if s["tap_stream_id"] != "authors"]
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1}, catalog=catalog)
    assert run.of_type("SCHEMA", "authors") == []
    assert run.records("books")


def test_top_level_property_deselected_is_pruned_from_record_and_schema(
    run_tap, tap_demo, catalog, set_metadata
) -> None:
    set_metadata(catalog, "books", ["properties", "title"], selected=False)
    set_metadata(catalog, "books", ["properties", "tags"], selected=False)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 3}, catalog=catalog)
    (schema,) = run.schemas("books")
    assert "title" not in schema["schema"]["properties"]
    assert "tags" not in schema["schema"]["properties"]
    assert "price" in schema["schema"]["properties"]
    for record in run.records("books"):
        assert "title" not in record
        assert "tags" not in record
        assert "price" in record


def test_nested_property_deselected_is_pruned_from_record_and_schema(
    run_tap, tap_demo, catalog, set_metadata
) -> None:
    set_metadata(catalog, "books", ["properties", "details", "properties", "pages"], selected=False)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 3}, catalog=catalog)
    (schema,) = run.schemas("books")
    details_schema = schema["schema"]["properties"]["details"]
    assert set(details_schema["properties"]) == {"genre"}
    records = run.records("books")
    assert [record["details"] for record in records] == [
        {"genre": "fiction"},
        {"genre": "history"},
        {"genre": "science"},
    ]


def test_deselected_object_property_drops_its_nested_properties(
    run_tap, tap_demo, catalog, set_metadata
) -> None:
    # The parent is deselected: its children go too, even one explicitly selected.
    set_metadata(catalog, "books", ["properties", "details"], selected=False)
    set_metadata(catalog, "books", ["properties", "details", "properties", "genre"], selected=True)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1}, catalog=catalog)
    assert "details" not in run.schemas("books")[0]["schema"]["properties"]
    assert "details" not in run.records("books")[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("false", False), ("False", False), ("true", True), ("TRUE", True), (False, False)],
)
def test_string_selected_values_are_read_as_booleans(
    run_tap, tap_demo, catalog, set_metadata, value, expected
) -> None:
    # The reference treats any non-empty string as selected ("false" selects the stream).
    set_metadata(catalog, "authors", [], selected=value)
    set_metadata(catalog, "books", ["properties", "title"], selected=value)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1}, catalog=catalog)
    assert bool(run.records("authors")) is expected
    assert ("title" in run.records("books")[0]) is expected
    assert ("title" in run.schemas("books")[0]["schema"]["properties"]) is expected


def test_string_true_selects_a_stream_not_selected_by_default(
    run_tap, tap_demo, catalog, set_metadata
) -> None:
    set_metadata(catalog, "authors", [], selected="true", selected_by_default=False)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1}, catalog=catalog)
    assert len(run.records("authors")) == 5


def test_automatic_key_and_replication_key_are_kept_when_deselected(
    run_tap, tap_demo, catalog, set_metadata
) -> None:
    set_metadata(catalog, "books", ["properties", "id"], selected=False)
    set_metadata(catalog, "books", ["properties", "updated_at"], selected=False)
    set_metadata(catalog, "books", ["properties", "price"], selected=False)
    run = run_tap(tap_demo.TapDemo, config={"book_count": 2}, catalog=catalog)
    (schema,) = run.schemas("books")
    assert {"id", "updated_at"} <= set(schema["schema"]["properties"])
    assert "price" not in schema["schema"]["properties"]
    assert schema["key_properties"] == ["id"]
    for record in run.records("books"):
        assert "id" in record
        assert "updated_at" in record
        assert "price" not in record
    assert run.final_state["bookmarks"]["books"]["replication_key_value"] == (
        "2024-01-01T02:00:00.000000+00:00"
    )


def test_unsupported_property_is_never_selected(run_tap, tap_demo, catalog, set_metadata) -> None:
    set_metadata(catalog, "authors", ["properties", "country"], inclusion="unsupported",
                 selected=True)  # fmt: skip
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1}, catalog=catalog)
    assert "country" not in run.schemas("authors")[0]["schema"]["properties"]
    assert all("country" not in record for record in run.records("authors"))


class _Plain(Stream):
    name = "plain"
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "secret": {"type": "string"}},
    }

    def get_records(self, context):
        yield {"id": 1, "secret": "x"}


class _Hidden(_Plain):
    name = "hidden"
    selected_by_default = False


class _SelectionTap(Tap):
    name = "tap-selection"

    def discover_streams(self):
        return [_Plain(self), _Hidden(self)]


def test_selected_by_default_false_is_skipped_without_catalog(run_tap) -> None:
    run = run_tap(_SelectionTap)
    assert run.records("plain") == [{"id": 1, "secret": "x"}]
    assert run.of_type("SCHEMA", "hidden") == []


def test_selected_setter_changes_output(run_tap) -> None:
    # A stream deselected in code after discovery: no SCHEMA, no RECORD.
    class Tap2(_SelectionTap):
        def discover_streams(self):
            streams = super().discover_streams()
            streams[0].selected = False
            streams[1].selected = True
            return streams

    run = run_tap(Tap2)
    assert run.of_type("RECORD", "plain") == []
    assert run.records("hidden") == [{"id": 1, "secret": "x"}]
