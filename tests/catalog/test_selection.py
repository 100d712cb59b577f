"""Pruning records and schemas by selection, compiled and through the compat helpers."""

from __future__ import annotations

import copy
import typing as t

import pytest

from singer_sdk._catalog.selection import (
    SelectionPlan,
    compile_record_pruner,
    prune_schema,
)
from singer_sdk.helpers._catalog import (
    deselect_all_streams,
    get_selected_schema,
    pop_deselected_record_properties,
    set_catalog_stream_selected,
)
from singer_sdk.singerlib.catalog import Catalog, MetadataMapping, SelectionMask

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": ["string", "null"]},
        "secret": {"type": "string"},
        "address": {
            "type": ["object", "null"],
            "properties": {
                "city": {"type": "string"},
                "geo": {"type": "object", "properties": {"lat": {"type": "number"}}},
                "zip": {"type": "string"},
            },
            "required": ["city", "zip"],
        },
        "maybe": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {"keep": {"type": "string"}, "drop": {"type": "string"}},
                },
                {"type": "null"},
            ]
        },
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "cost": {"type": "number"}},
            },
        },
    },
    "required": ["id", "secret"],
}


def record() -> dict[str, t.Any]:
    return {
        "id": 1,
        "name": "n",
        "secret": "s",
        "address": {"city": "c", "geo": {"lat": 1.5}, "zip": "z"},
        "maybe": {"keep": "k", "drop": "d"},
        "lines": [{"sku": "a", "cost": 1}, {"sku": "b", "cost": 2}, "not-an-object"],
        "unknown": True,
    }


def mask_of(**deselected: bool) -> SelectionMask:
    """Mask from a standard-metadata stream with the given dotted paths deselected."""
    mapping = MetadataMapping.get_standard_metadata(schema=SCHEMA, key_properties=["id"])
    mapping.root.selected = True
    for path, selected in deselected.items():
        breadcrumb: tuple[str, ...] = ()
        for part in path.split("__"):
            breadcrumb = (
                (*breadcrumb, "items") if part == "items" else (*breadcrumb, "properties", part)
            )
        mapping[breadcrumb].selected = selected
    return mapping.resolve_selection()


def test_nothing_deselected_is_a_no_op() -> None:
    plan = SelectionPlan(SCHEMA, mask_of())
    assert plan.prunes_nothing
    data = record()
    plan.prune_record(data)
    assert data == record()
    assert plan.schema == SCHEMA
    assert plan.schema is not SCHEMA
    assert plan.schema["properties"] is not SCHEMA["properties"]


def test_top_level_and_nested_deselection() -> None:
    mask = mask_of(secret=False, address__geo=False, address__zip=False)
    plan = SelectionPlan(SCHEMA, mask)
    assert not plan.prunes_nothing
    data = record()
    plan.prune_record(data)
    expected = record()
    del expected["secret"]
    expected["address"] = {"city": "c"}
    assert data == expected

    schema = copy.deepcopy(SCHEMA)
    del schema["properties"]["secret"]
    schema["required"] = ["id"]
    del schema["properties"]["address"]["properties"]["geo"]
    del schema["properties"]["address"]["properties"]["zip"]
    schema["properties"]["address"]["required"] = ["city"]
    assert plan.schema == schema


def test_deselected_parent_removes_whole_object() -> None:
    plan = SelectionPlan(SCHEMA, mask_of(address=False))
    data = record()
    plan.prune_record(data)
    assert "address" not in data
    assert "address" not in plan.schema["properties"]


def test_automatic_key_cannot_be_deselected() -> None:
    plan = SelectionPlan(SCHEMA, mask_of(id=False))
    assert plan.prunes_nothing
    assert "id" in plan.schema["properties"]


def test_anyof_object_properties_are_pruned_in_records_and_schema() -> None:
    plan = SelectionPlan(SCHEMA, mask_of(maybe__drop=False))
    data = record()
    plan.prune_record(data)
    assert data["maybe"] == {"keep": "k"}
    assert plan.schema["properties"]["maybe"]["anyOf"][0]["properties"] == {
        "keep": {"type": "string"}
    }


def test_array_item_properties() -> None:
    plan = SelectionPlan(SCHEMA, mask_of(lines__items__cost=False))
    data = record()
    plan.prune_record(data)
    assert data["lines"] == [{"sku": "a"}, {"sku": "b"}, "not-an-object"]
    assert plan.schema["properties"]["lines"]["items"]["properties"] == {"sku": {"type": "string"}}


def test_deselected_items_empties_item_objects() -> None:
    plan = SelectionPlan(SCHEMA, mask_of(lines__items=False))
    data = record()
    plan.prune_record(data)
    assert data["lines"] == [{}, {}, "not-an-object"]
    assert plan.schema["properties"]["lines"]["items"]["properties"] == {}


def test_values_that_are_not_objects_are_left_alone() -> None:
    pruner = compile_record_pruner(mask_of(address__zip=False, lines__items__cost=False))
    data: dict[str, t.Any] = {"address": None, "lines": {"cost": 1}}
    pruner(data)
    assert data == {"address": None, "lines": {"cost": 1}}
    data = {"address": "text", "lines": None}
    pruner(data)
    assert data == {"address": "text", "lines": None}


def test_many_deselected_names_and_missing_keys() -> None:
    pruner = compile_record_pruner(mask_of(name=False, secret=False))
    data = {"id": 1, "secret": "s"}
    pruner(data)
    assert data == {"id": 1}


def test_deselected_stream_empties_records() -> None:
    mask = SelectionMask({(): False, ("properties", "id"): False})
    data = record()
    compile_record_pruner(mask)(data)
    assert data == {}
    assert prune_schema(SCHEMA, mask)["properties"] == {}


def test_plain_dict_mask_is_accepted() -> None:
    mask = {(): True, ("properties", "name"): False}
    data = {"id": 1, "name": "x"}
    compile_record_pruner(mask)(data)
    assert data == {"id": 1}
    assert "name" not in prune_schema(SCHEMA, mask)["properties"]
    assert SelectionPlan(SCHEMA, mask).mask == mask


def test_prune_schema_does_not_change_its_input() -> None:
    original = copy.deepcopy(SCHEMA)
    prune_schema(SCHEMA, mask_of(secret=False, address__zip=False))
    assert original == SCHEMA


# --- compat helpers --------------------------------------------------------------------------


def test_pop_deselected_record_properties_matches_reference_example() -> None:
    # Same inputs and output as observed with singer-sdk 0.54.9.
    mask = mask_of(name=False, id=False, address__geo=False)
    data = {"id": 1, "name": "x", "address": {"city": "c", "geo": {"lat": 1}}, "extra": 5}
    pop_deselected_record_properties(data, SCHEMA, mask)
    assert data == {"id": 1, "address": {"city": "c"}, "extra": 5}


def test_pop_deselected_record_properties_recompiles_after_mask_changes() -> None:
    mask = mask_of(name=False)
    data = {"id": 1, "name": "x", "secret": "s"}
    pop_deselected_record_properties(data, SCHEMA, mask)
    assert data == {"id": 1, "secret": "s"}
    mask[("properties", "secret")] = False
    data = {"id": 1, "name": "x", "secret": "s"}
    pop_deselected_record_properties(data, SCHEMA, mask)
    assert data == {"id": 1}
    changes: list[t.Callable[[SelectionMask], object]] = [
        lambda m: m.pop(("properties", "secret")),
        lambda m: m.update({("properties", "id"): False}),
        lambda m: m.setdefault(("properties", "zz"), False),
        lambda m: m.__delitem__(("properties", "name")),
        lambda m: m.popitem(),
        lambda m: m.__ior__({(): False}),
        lambda m: m.clear(),
    ]
    for change in changes:
        pop_deselected_record_properties({}, SCHEMA, mask)
        assert mask._derived is not None
        change(mask)
        assert mask._derived is None


def test_pop_deselected_record_properties_with_breadcrumb() -> None:
    mask = mask_of(address__zip=False)
    nested = {"city": "c", "zip": "z"}
    pop_deselected_record_properties(nested, SCHEMA, mask, ("properties", "address"))
    assert nested == {"city": "c"}
    nested = {"city": "c"}
    pop_deselected_record_properties(
        nested, SCHEMA, mask_of(address=False), ("properties", "address")
    )
    assert nested == {}


def test_get_selected_schema() -> None:
    selected = get_selected_schema("users", SCHEMA, mask_of(secret=False))
    assert "secret" not in selected["properties"]
    assert selected["required"] == ["id"]
    assert "secret" in SCHEMA["properties"]


def catalog() -> Catalog:
    return Catalog.from_dict(
        {
            "streams": [
                {
                    "tap_stream_id": "a",
                    "metadata": [{"breadcrumb": [], "metadata": {"selected": True}}],
                },
                {"tap_stream_id": "b"},
            ]
        }
    )


def test_deselect_all_streams() -> None:
    cat = catalog()
    deselect_all_streams(cat)
    assert [entry.metadata.resolve_selection()[()] for entry in cat.values()] == [False, False]


def test_set_catalog_stream_selected() -> None:
    cat = catalog()
    set_catalog_stream_selected(cat, "b", selected=False)
    set_catalog_stream_selected(cat, "a", selected=False, breadcrumb=("properties", "x"))
    assert cat["b"].metadata.to_list() == [{"breadcrumb": [], "metadata": {"selected": False}}]
    assert cat["a"].metadata.resolve_selection() == {(): True, ("properties", "x"): False}


def test_set_catalog_stream_selected_unknown_stream() -> None:
    with pytest.raises(
        ValueError, match=r"^Catalog has no stream with tap_stream_id 'c' \(streams: 'a', 'b'\)$"
    ):
        set_catalog_stream_selected(catalog(), "c", selected=True)
