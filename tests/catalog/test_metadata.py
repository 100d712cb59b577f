"""Breadcrumb metadata: parsing, standard metadata, selection resolution."""

from __future__ import annotations

import pickle
import typing as t

import pytest

from singer_sdk._catalog.metadata import parent_breadcrumb
from singer_sdk.singerlib.catalog import (
    REPLICATION_FULL_TABLE,
    REPLICATION_INCREMENTAL,
    REPLICATION_LOG_BASED,
    InclusionType,
    InvalidCatalogError,
    Metadata,
    MetadataMapping,
    SelectionMask,
    StreamMetadata,
)

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "updated_at": {"type": "string", "format": "date-time"},
        "name": {"type": ["string", "null"]},
        "address": {
            "type": ["object", "null"],
            "properties": {
                "city": {"type": "string"},
                "geo": {"type": "object", "properties": {"lat": {"type": "number"}}},
            },
        },
        "tags": {
            "type": "array",
            "items": {"type": "object", "properties": {"k": {"type": "string"}}},
        },
    },
}

# Observed from singer-sdk 0.54.9 for the same arguments.
EXPECTED_FULL = [
    {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
    {"breadcrumb": ["properties", "updated_at"], "metadata": {"inclusion": "automatic"}},
    {"breadcrumb": ["properties", "name"], "metadata": {"inclusion": "available"}},
    {"breadcrumb": ["properties", "address"], "metadata": {"inclusion": "available"}},
    {
        "breadcrumb": ["properties", "address", "properties", "city"],
        "metadata": {"inclusion": "available"},
    },
    {
        "breadcrumb": ["properties", "address", "properties", "geo"],
        "metadata": {"inclusion": "available"},
    },
    {
        "breadcrumb": ["properties", "address", "properties", "geo", "properties", "lat"],
        "metadata": {"inclusion": "available"},
    },
    {"breadcrumb": ["properties", "tags"], "metadata": {"inclusion": "available"}},
    {
        "breadcrumb": [],
        "metadata": {
            "inclusion": "available",
            "selected-by-default": True,
            "table-key-properties": ["id"],
            "replication-key": "updated_at",
            "forced-replication-method": "INCREMENTAL",
            "valid-replication-keys": ["updated_at"],
            "schema-name": "public",
        },
    },
]


def resolve(items: list[dict[str, t.Any]]) -> dict[tuple[str, ...], bool]:
    return dict(MetadataMapping.from_iterable(items).resolve_selection())


# --- constants and classes ------------------------------------------------------------------


def test_replication_constants() -> None:
    assert (REPLICATION_FULL_TABLE, REPLICATION_INCREMENTAL, REPLICATION_LOG_BASED) == (
        "FULL_TABLE",
        "INCREMENTAL",
        "LOG_BASED",
    )


def test_inclusion_type_is_a_str_enum_nested_in_metadata() -> None:
    assert Metadata.InclusionType is InclusionType
    assert [member.value for member in InclusionType] == ["available", "automatic", "unsupported"]
    assert isinstance(InclusionType.AUTOMATIC, str)
    assert InclusionType("automatic") is InclusionType.AUTOMATIC
    assert f"{InclusionType.AUTOMATIC}" == "automatic"


# --- Metadata parsing ------------------------------------------------------------------------


def test_metadata_from_dict_reads_dash_case_and_keeps_unknown_keys() -> None:
    wire = {"inclusion": "available", "selected-by-default": False, "sql-datatype": "int4"}
    metadata = Metadata.from_dict(wire)
    assert metadata == Metadata(
        inclusion=InclusionType.AVAILABLE,
        selected_by_default=False,
        extras={"sql-datatype": "int4"},
    )
    assert metadata.to_dict() == wire


def test_stream_metadata_round_trip_keeps_unknown_root_keys() -> None:
    wire = {
        "inclusion": "available",
        "selected": True,
        "table-key-properties": ["id"],
        "forced-replication-method": "INCREMENTAL",
        "valid-replication-keys": ["updated_at"],
        "replication-key": "updated_at",
        "schema-name": "public",
        "replication-method": "LOG_BASED",
        "is-view": False,
        "row-count": 12,
    }
    metadata = StreamMetadata.from_dict(wire)
    assert metadata.table_key_properties == ["id"]
    assert metadata.extras == {"replication-method": "LOG_BASED", "is-view": False, "row-count": 12}
    assert metadata.to_dict() == wire


def test_to_dict_writes_plain_strings_and_lists() -> None:
    wire = StreamMetadata(
        inclusion=InclusionType.AUTOMATIC, table_key_properties=("a", "b")
    ).to_dict()
    assert wire == {"inclusion": "automatic", "table-key-properties": ["a", "b"]}
    assert type(wire["inclusion"]) is str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("True", True),
        (" TRUE ", True),
        ("yes", True),
        ("1", True),
        (1, True),
        ("false", False),
        ("False", False),
        ("no", False),
        ("0", False),
        (0, False),
        (True, True),
        (False, False),
        (None, None),
    ],
)
def test_selected_is_parsed_liberally(raw: object, expected: bool | None) -> None:
    assert Metadata.from_dict({"selected": raw}).selected is expected
    assert Metadata.from_dict({"selected-by-default": raw}).selected_by_default is expected


@pytest.mark.parametrize("raw", ["maybe", "", 2, [True], {"a": 1}, 0.5])
def test_bad_selected_value_is_an_error(raw: object) -> None:
    with pytest.raises(InvalidCatalogError) as info:
        Metadata.from_dict({"selected": raw})
    assert str(info.value) == f"'selected' must be a boolean (true or false), got {raw!r}"


def test_inclusion_is_case_insensitive_and_checked() -> None:
    assert Metadata.from_dict({"inclusion": "Automatic"}).inclusion is InclusionType.AUTOMATIC
    assert Metadata(inclusion="unsupported").inclusion is InclusionType.UNSUPPORTED  # type: ignore[arg-type]
    with pytest.raises(InvalidCatalogError) as info:
        Metadata.from_dict({"inclusion": "always"})
    assert str(info.value) == (
        "'inclusion' must be one of 'available', 'automatic', 'unsupported', got 'always'"
    )


def test_stream_metadata_coercions() -> None:
    metadata = StreamMetadata.from_dict(
        {
            "table-key-properties": "id",
            "valid-replication-keys": "updated_at",
            "forced-replication-method": "incremental",
        }
    )
    assert metadata.table_key_properties == ["id"]
    assert metadata.valid_replication_keys == ["updated_at"]
    assert metadata.forced_replication_method == "INCREMENTAL"
    # Unknown methods are kept as written.
    assert StreamMetadata(forced_replication_method="CDC").forced_replication_method == "CDC"


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        (
            {"table-key-properties": [1]},
            "'table-key-properties' must be a list of strings, got [1]",
        ),
        ({"table-key-properties": 5}, "'table-key-properties' must be a list of strings, got 5"),
        (
            {"valid-replication-keys": {}},
            "'valid-replication-keys' must be a list of strings, got {}",
        ),
        ({"replication-key": ["a"]}, "'replication-key' must be a string, got ['a']"),
        ({"forced-replication-method": 1}, "'forced-replication-method' must be a string, got 1"),
        ({"schema-name": 3}, "'schema-name' must be a string, got 3"),
    ],
)
def test_bad_stream_metadata_values(wire: dict[str, t.Any], message: str) -> None:
    with pytest.raises(InvalidCatalogError) as info:
        StreamMetadata.from_dict(wire)
    assert str(info.value) == message


def test_metadata_from_dict_rejects_non_objects() -> None:
    with pytest.raises(InvalidCatalogError) as info:
        Metadata.from_dict(["selected"])  # type: ignore[arg-type]
    assert str(info.value) == "'metadata' must be an object, got list: ['selected']"


# --- MetadataMapping -------------------------------------------------------------------------


def test_from_iterable_and_to_list_round_trip() -> None:
    assert MetadataMapping.from_iterable(EXPECTED_FULL).to_list() == EXPECTED_FULL


def test_from_iterable_makes_root_stream_metadata() -> None:
    mapping = MetadataMapping.from_iterable(EXPECTED_FULL)
    assert type(mapping[()]) is StreamMetadata
    assert type(mapping[("properties", "id")]) is Metadata
    assert mapping.root.replication_key == "updated_at"


def test_from_iterable_merges_repeated_breadcrumbs() -> None:
    mapping = MetadataMapping.from_iterable(
        [
            {"breadcrumb": [], "metadata": {"inclusion": "available", "selected": False}},
            {"breadcrumb": [], "metadata": {"selected": True}},
        ]
    )
    assert mapping.to_list() == [
        {"breadcrumb": [], "metadata": {"inclusion": "available", "selected": True}}
    ]


def test_from_iterable_accepts_null_metadata_and_tuple_breadcrumbs() -> None:
    mapping = MetadataMapping.from_iterable(
        [{"breadcrumb": ("properties", "a"), "metadata": None}, {"breadcrumb": []}]
    )
    assert mapping == {("properties", "a"): Metadata(), (): StreamMetadata()}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["x"], "metadata[0] must be an object with 'breadcrumb' and 'metadata', got str: 'x'"),
        (
            [{"breadcrumb": []}, {"metadata": {}}],
            "metadata[1] has no 'breadcrumb' (expected a list of strings, [] for the stream)",
        ),
        (
            [{"breadcrumb": "properties/a", "metadata": {}}],
            "metadata[0]: 'breadcrumb' must be a list of strings, got 'properties/a'",
        ),
        (
            [{"breadcrumb": ["properties", 1], "metadata": {}}],
            "metadata[0]: 'breadcrumb' must be a list of strings, got ['properties', 1]",
        ),
        (
            [{"breadcrumb": ["properties", "a", "properties"], "metadata": {}}],
            "metadata[0]: 'breadcrumb' ['properties', 'a', 'properties'] ends with 'properties' "
            "but names no property",
        ),
        (
            [{"breadcrumb": ["properties", "a"], "metadata": ["selected"]}],
            "metadata[0] (breadcrumb ['properties', 'a']): 'metadata' must be an object, "
            "got list: ['selected']",
        ),
        (
            [{"breadcrumb": ["properties", "a"], "metadata": {"selected": "maybe"}}],
            "metadata for breadcrumb ['properties', 'a']: 'selected' must be a boolean "
            "(true or false), got 'maybe'",
        ),
    ],
)
def test_from_iterable_errors(items: list[t.Any], message: str) -> None:
    with pytest.raises(InvalidCatalogError) as info:
        MetadataMapping.from_iterable(items)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_property_named_properties_is_a_valid_breadcrumb() -> None:
    mapping = MetadataMapping.from_iterable(
        [{"breadcrumb": ["properties", "properties"], "metadata": {"selected": False}}]
    )
    assert mapping.resolve_selection() == {("properties", "properties"): False}


def test_missing_breadcrumb_creates_entries() -> None:
    mapping = MetadataMapping()
    mapping.root.selected = True
    mapping[("properties", "a")].selected = False
    assert mapping.to_list() == [
        {"breadcrumb": [], "metadata": {"selected": True}},
        {"breadcrumb": ["properties", "a"], "metadata": {"selected": False}},
    ]


def test_root_upgrades_plain_metadata() -> None:
    mapping = MetadataMapping()
    mapping[()] = Metadata(selected=True, extras={"table-key-properties": ["id"]})
    root = mapping.root
    assert type(root) is StreamMetadata
    assert root.selected is True
    assert root.table_key_properties == ["id"]
    assert mapping[()] is root


# --- standard metadata -----------------------------------------------------------------------


def test_standard_metadata_matches_reference() -> None:
    mapping = MetadataMapping.get_standard_metadata(
        schema=SCHEMA,
        schema_name="public",
        key_properties=["id"],
        valid_replication_keys=["updated_at"],
        replication_method="INCREMENTAL",
        selected_by_default=True,
    )
    assert mapping.to_list() == EXPECTED_FULL


def test_standard_metadata_several_replication_keys_and_empty_keys() -> None:
    mapping = MetadataMapping.get_standard_metadata(
        schema=SCHEMA, valid_replication_keys=["updated_at", "id"], key_properties=[]
    )
    assert mapping.to_list() == [
        *EXPECTED_FULL[:-1],
        {
            "breadcrumb": [],
            "metadata": {
                "inclusion": "available",
                "table-key-properties": [],
                "valid-replication-keys": ["updated_at", "id"],
            },
        },
    ]


def test_standard_metadata_without_keys_is_all_available() -> None:
    listed = MetadataMapping.get_standard_metadata(schema=SCHEMA).to_list()
    assert [item["metadata"] for item in listed] == [{"inclusion": "available"}] * 9


def test_standard_metadata_without_schema() -> None:
    assert MetadataMapping.get_standard_metadata().to_list() == [{"breadcrumb": [], "metadata": {}}]
    assert MetadataMapping.get_standard_metadata(
        schema_name="s", selected_by_default=False
    ).to_list() == [{"breadcrumb": [], "metadata": {"selected-by-default": False}}]


def test_standard_metadata_nested_key_names_are_not_automatic() -> None:
    schema = {"properties": {"parent": {"properties": {"id": {"type": "string"}}}, "x": True}}
    listed = MetadataMapping.get_standard_metadata(schema=schema, key_properties=["id"]).to_list()
    assert listed[:3] == [
        {"breadcrumb": ["properties", "parent"], "metadata": {"inclusion": "available"}},
        {
            "breadcrumb": ["properties", "parent", "properties", "id"],
            "metadata": {"inclusion": "available"},
        },
        {"breadcrumb": ["properties", "x"], "metadata": {"inclusion": "available"}},
    ]


# --- selection -------------------------------------------------------------------------------


def test_parent_breadcrumb() -> None:
    assert parent_breadcrumb(()) == ()
    assert parent_breadcrumb(("properties", "a")) == ()
    assert parent_breadcrumb(("properties", "a", "properties", "b")) == ("properties", "a")
    assert parent_breadcrumb(("properties", "a", "items")) == ("properties", "a")
    assert parent_breadcrumb(("properties", "a", "items", "properties", "b")) == (
        "properties",
        "a",
        "items",
    )
    assert parent_breadcrumb(("properties", "items")) == ()
    assert parent_breadcrumb(("properties", "properties", "items")) == ("properties", "properties")


def test_selection_mask_inherits_parent_and_defaults_root_true() -> None:
    mask = SelectionMask({(): True, ("properties", "a"): False})
    assert mask[()] is True
    assert SelectionMask()[()] is True
    assert mask[("properties", "a", "properties", "b")] is False
    assert mask[("properties", "a", "items", "properties", "b")] is False
    assert mask[("properties", "z", "properties", "y")] is True
    assert len(mask) == 2  # lookups do not add entries
    assert SelectionMask({(): False})[("properties", "x")] is False


def test_selection_mask_pickles() -> None:
    mask = SelectionMask({(): True, ("properties", "a"): False})
    assert pickle.loads(pickle.dumps(mask)) == mask


def test_empty_mapping_selects_everything() -> None:
    mask = MetadataMapping().resolve_selection()
    assert mask == {}
    assert mask[()] is True
    assert mask[("properties", "x")] is True


def test_selected_overrides_selected_by_default() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": True, "selected-by-default": False}},
            {
                "breadcrumb": ["properties", "a"],
                "metadata": {"selected": False, "selected-by-default": True},
            },
            {"breadcrumb": ["properties", "b"], "metadata": {"selected-by-default": False}},
            {"breadcrumb": ["properties", "c"], "metadata": {"inclusion": "available"}},
        ]
    ) == {
        (): True,
        ("properties", "a"): False,
        ("properties", "b"): False,
        ("properties", "c"): True,  # nothing said: the parent's value
    }


def test_stream_entry_without_selection_is_not_selected() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"inclusion": "available"}},
            {"breadcrumb": ["properties", "a"], "metadata": {"inclusion": "available"}},
        ]
    ) == {(): False, ("properties", "a"): False}


def test_stream_without_entry_is_selected_and_children_inherit() -> None:
    # The reference marks the property False here while its mask says the stream is selected.
    assert resolve([{"breadcrumb": ["properties", "a"], "metadata": {}}]) == {
        ("properties", "a"): True
    }


def test_selected_by_default_on_stream() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected-by-default": True}},
            {"breadcrumb": ["properties", "a"], "metadata": {}},
        ]
    ) == {(): True, ("properties", "a"): True}


def test_automatic_ignores_selected_false() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": True}},
            {
                "breadcrumb": ["properties", "id"],
                "metadata": {"inclusion": "automatic", "selected": False},
            },
        ]
    ) == {(): True, ("properties", "id"): True}


def test_unsupported_ignores_selected_true() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": True}},
            {
                "breadcrumb": ["properties", "a"],
                "metadata": {"inclusion": "unsupported", "selected": True},
            },
        ]
    ) == {(): True, ("properties", "a"): False}


def test_deselected_parent_deselects_children_even_automatic() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": True}},
            {"breadcrumb": ["properties", "a"], "metadata": {"selected": False}},
            {
                "breadcrumb": ["properties", "a", "properties", "b"],
                "metadata": {"selected": True, "inclusion": "automatic"},
            },
            {"breadcrumb": ["properties", "a", "properties", "c"], "metadata": {}},
        ]
    ) == {
        (): True,
        ("properties", "a"): False,
        ("properties", "a", "properties", "b"): False,
        ("properties", "a", "properties", "c"): False,
    }


def test_deselected_stream_deselects_automatic_properties() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": False}},
            {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
        ]
    ) == {(): False, ("properties", "id"): False}


def test_nested_breadcrumbs_inherit_through_missing_parents() -> None:
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": True}},
            {"breadcrumb": ["properties", "a", "properties", "b"], "metadata": {}},
        ]
    ) == {(): True, ("properties", "a", "properties", "b"): True}


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False)])
def test_string_selected_values(raw: str, expected: bool) -> None:
    # The reference keeps the string, so "false" counts as selected there.
    assert resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": raw}},
            {"breadcrumb": ["properties", "a"], "metadata": {"selected": raw}},
        ]
    ) == {(): expected, ("properties", "a"): expected}


def test_resolution_logs_conflicts(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="singer_sdk._catalog.metadata")
    resolve(
        [
            {"breadcrumb": [], "metadata": {"selected": True}},
            {
                "breadcrumb": ["properties", "id"],
                "metadata": {"inclusion": "automatic", "selected": False},
            },
            {
                "breadcrumb": ["properties", "x"],
                "metadata": {"inclusion": "unsupported", "selected": True},
            },
        ]
    )
    assert caplog.messages == [
        "Ignoring selected=false for automatic ['properties', 'id']",
        "Ignoring selected=true for unsupported ['properties', 'x']",
    ]


def test_strings_assigned_after_parsing_are_still_understood() -> None:
    mapping = MetadataMapping()
    mapping.root.selected = "false"  # type: ignore[assignment]
    mapping[("properties", "a")].selected_by_default = "true"  # type: ignore[assignment]
    assert mapping.resolve_selection() == {(): False, ("properties", "a"): False}
    mapping.root.selected = "true"  # type: ignore[assignment]
    assert mapping.resolve_selection() == {(): True, ("properties", "a"): True}
