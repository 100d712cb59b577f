"""PluginMapper and the stream maps it builds from the ``stream_maps`` setting."""

from __future__ import annotations

import hashlib
import logging
import sys
import typing as t

import pytest

from singer_sdk.exceptions import ConfigValidationError, MapExpressionError, StreamMapConfigError
from singer_sdk.mapper import (
    CustomStreamMap,
    PluginMapper,
    RemoveRecordTransform,
    SameRecordTransform,
)

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": ["integer"]},
        "name": {"type": ["string", "null"]},
        "email": {"type": ["string", "null"]},
        "tags": {"type": ["array", "null"], "items": {"type": "string"}},
    },
    "required": ["id", "name"],
}
RECORD: dict[str, t.Any] = {"id": 7, "name": "Ada", "email": "ada@example.com", "tags": ["x"]}


def build(stream_maps: dict[str, t.Any], stream: str = "people", **config: t.Any) -> list[t.Any]:
    mapper = PluginMapper({"stream_maps": stream_maps, **config}, logging.getLogger("test"))
    mapper.register_raw_stream_schema(stream, SCHEMA, ["id"])
    return mapper.stream_maps[stream]


def outputs(maps: list[t.Any], record: dict[str, t.Any] | None = None) -> list[t.Any]:
    record = dict(RECORD if record is None else record)
    before = dict(record)
    result = [(m.stream_alias, m.transform(record)) for m in maps]
    assert record == before  # maps never change their input
    return result


def test_no_maps_passes_through() -> None:
    (only,) = build({})
    assert isinstance(only, SameRecordTransform)
    assert only.passes_through
    assert only.transformed_schema is SCHEMA
    assert only.transform(RECORD) is RECORD
    assert PluginMapper({}).is_active is False


def test_property_expression_removal_and_schema() -> None:
    (only,) = build({"people": {"email": None, "tags": "__NULL__", "upper": "name.upper()"}})
    assert isinstance(only, CustomStreamMap)
    assert only.transformed_schema == {
        "type": "object",
        "properties": {
            "id": {"type": ["integer"]},
            "name": {"type": ["string", "null"]},
            "upper": {"type": ["string", "null"]},
        },
        "required": ["id", "name"],
    }
    assert outputs([only]) == [("people", {"id": 7, "name": "Ada", "upper": "ADA"})]


def test_overwrite_uses_self_and_keeps_existing_type() -> None:
    (only,) = build({"people": {"id": "self * 10", "name": "self"}})
    assert only.transformed_schema["properties"]["id"] == {"type": ["integer", "null"]}
    assert outputs([only])[0][1]["id"] == 70


def test_explicit_type_declaration() -> None:
    (only,) = build(
        {"people": {"pair": {"expr": "[id, name]", "type": {"type": "array", "items": {}}}}}
    )
    assert only.transformed_schema["properties"]["pair"] == {"type": "array", "items": {}}
    assert outputs([only])[0][1]["pair"] == [7, "Ada"]


def test_comprehension_is_typed_as_array() -> None:
    (only,) = build({"people": {"big_tags": "[t.upper() for t in tags]"}})
    assert only.transformed_schema["properties"]["big_tags"] == {"type": ["array", "null"]}
    assert outputs([only])[0][1]["big_tags"] == ["X"]


def test_filter() -> None:
    (only,) = build({"people": {"__filter__": "id > 10"}})
    assert only.transform(RECORD) is None
    assert only.get_filter_result(RECORD) is False
    assert only.get_filter_result({**RECORD, "id": 11}) is True
    assert only.transform({**RECORD, "id": 11}) == {**RECORD, "id": 11}


def test_else_null_keeps_keys_and_declared() -> None:
    (only,) = build({"people": {"__else__": None, "name": "name"}})
    assert list(only.transformed_schema["properties"]) == ["id", "name"]
    assert outputs([only]) == [("people", {"id": 7, "name": "Ada"})]


def test_key_properties_override() -> None:
    (only,) = build({"people": {"__key_properties__": ["email"], "id": None}})
    assert only.transformed_key_properties == ["email"]
    assert "id" not in only.transformed_schema["properties"]


def test_alias_plain_and_expression() -> None:
    (plain,) = build({"people": {"__alias__": "customers"}})
    assert plain.stream_alias == "customers"
    (hyphen,) = build({"people": {"__alias__": "my-people"}})
    assert hyphen.stream_alias == "my-people"
    (expr,) = build({"people": {"__alias__": "'v2_' + __stream_name__"}})
    assert expr.stream_alias == "v2_people"
    (upper,) = build({"people": {"__alias__": "__stream_name__.upper()"}})
    assert upper.stream_alias == "PEOPLE"


def test_source_duplicates_a_stream() -> None:
    maps = build(
        {
            "people": {"tags": None},
            "emails": {
                "__source__": "people",
                "__else__": None,
                "__key_properties__": ["email"],
                "email": "email",
                "stream": "__stream_name__ + '/' + __original_stream_name__",
            },
        }
    )
    assert [m.stream_alias for m in maps] == ["people", "emails"]
    assert maps[1].transformed_key_properties == ["email"]
    assert outputs(maps) == [
        ("people", {"id": 7, "name": "Ada", "email": "ada@example.com"}),
        ("emails", {"email": "ada@example.com", "stream": "emails/people"}),
    ]


def test_glob_and_null_stream() -> None:
    maps = build({"peo*": {"__alias__": "x_peo", "n": "1"}}, "people")
    assert maps[0].stream_alias == "x_peo"
    (wild,) = build({"*": {"src": "__stream_name__"}}, "people")
    assert wild.stream_alias == "people"
    assert wild.transform(RECORD)["src"] == "people"
    (dropped,) = build({"people": None})
    assert isinstance(dropped, RemoveRecordTransform)
    assert dropped.drops_stream
    assert dropped.transform(RECORD) is None
    assert build({"people": "__NULL__"})[0].drops_stream
    assert build({"others": None})[0].passes_through


def test_else_null_at_top_level_drops_unmapped_streams() -> None:
    assert build({"__else__": None, "others": {}})[0].drops_stream
    assert not build({"__else__": "__NULL__", "people": {}})[0].drops_stream


def test_config_in_expressions() -> None:
    (only,) = build({"people": {"site": "config['site'] + '/' + str(id)"}},
                    stream_map_config={"site": "example.org"})  # fmt: skip
    assert outputs([only])[0][1]["site"] == "example.org/7"


def test_hash_functions() -> None:
    (only,) = build({"people": {"email": "md5(email)", "name": "sha256(name)"}})
    record = outputs([only])[0][1]
    assert record["email"] == hashlib.md5(b"ada@example.com", usedforsecurity=False).hexdigest()
    assert record["name"] == hashlib.sha256(b"Ada").hexdigest()


def test_reregistering_same_schema_keeps_maps_and_new_schema_rebuilds() -> None:
    mapper = PluginMapper({"stream_maps": {"people": {"n": "1"}}})
    mapper.register_raw_stream_schema("people", SCHEMA, ["id"])
    first = mapper.stream_maps["people"]
    mapper.register_raw_stream_schema("people", dict(SCHEMA), ("id",))
    assert mapper.stream_maps["people"] is first
    mapper.register_raw_stream_schema("people", {**SCHEMA, "required": []}, ["id"])
    assert mapper.stream_maps["people"] is not first


def test_expression_error_at_runtime_names_stream_and_expression() -> None:
    (only,) = build({"people": {"x": "name + 1"}})
    with pytest.raises(MapExpressionError, match=r"'name \+ 1' of stream map 'people'"):
        only.transform(RECORD)


# -- set-up errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stream_maps", "message"),
    [
        (
            {"people": {"x": "name +"}},
            "Invalid expression 'name +' in stream map 'people', property 'x': ",
        ),
        (
            {"people": {"__filter__": "id >"}},
            "Invalid expression 'id >' in stream map 'people', property '__filter__': ",
        ),
        (
            {"people": {"x": "__import__('os')"}},
            "Invalid expression \"__import__('os')\" in stream map 'people', property 'x': "
            "The name '__import__' is not available in stream map expressions",
        ),
        (
            {"people": {"__bogus__": "1"}},
            "Stream map 'people': unknown option '__bogus__' (expected one of __alias__, "
            "__else__, __filter__, __key_properties__, __source__)",
        ),
        ({"__bogus__": None}, "Option '__bogus__:None' is not expected."),
        ({"people": "something"}, "Option 'people:something' is not expected."),
        ({"__else__": "x"}, "Undefined transform for '__else__' case: 'x'"),
        (
            {"people": {"x": 5}},
            "Stream map 'people': property 'x': unexpected definition of type 'int'; expected "
            "a string expression or null",
        ),
        (
            {"people": 3},
            "Unexpected stream definition type. Expected str, dict, or None. Got 'int'.",
        ),
    ],
)
def test_config_errors_at_construction(stream_maps: dict[str, t.Any], message: str) -> None:
    with pytest.raises(StreamMapConfigError) as excinfo:
        PluginMapper({"stream_maps": stream_maps})
    assert str(excinfo.value).startswith(message)


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        (
            {"id": None},
            "Stream map 'people': removing key property 'id' is not permitted; to remove it, "
            "also override '__key_properties__'",
        ),
        (
            {"__key_properties__": ["nope"]},
            "Stream map 'people': invalid key properties ['nope']: property 'nope' is not in "
            "the output schema",
        ),
        (
            {"__else__": "keep"},
            "Stream map 'people': option '__else__='keep'' is not supported (only null or "
            "'__NULL__')",
        ),
        (
            {"x": {"expr": "1", "kind": "integer"}},
            "Stream map 'people': property 'x': a dict definition takes 'expr' (required) and "
            "'type', got ['expr', 'kind']",
        ),
    ],
)
def test_config_errors_at_registration(definition: dict[str, t.Any], message: str) -> None:
    mapper = PluginMapper({"stream_maps": {"people": definition}})
    with pytest.raises(StreamMapConfigError) as excinfo:
        mapper.register_raw_stream_schema("people", SCHEMA, ["id"])
    assert str(excinfo.value) == message


def test_flattening_requires_depth() -> None:
    with pytest.raises(ConfigValidationError) as excinfo:
        PluginMapper({"flattening_enabled": True})
    assert excinfo.value.errors == ["flattening_max_depth is required when flattening is enabled"]


def test_fake_without_faker_is_a_clear_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faker", None)  # as if the extra were not installed
    mapper = PluginMapper({"stream_maps": {"people": {"email": "fake.email()"}}})
    with pytest.raises(StreamMapConfigError) as excinfo:
        mapper.register_raw_stream_schema("people", SCHEMA, ["id"])
    assert str(excinfo.value) == (
        "Expression 'fake.email()' in stream map 'people', property 'email' uses 'fake', but "
        "Faker is not installed: install the 'faker' extra "
        "(pip install 'singer-connector-sdk[faker]')"
    )


def test_fake_with_seed_is_deterministic() -> None:  # faker is in the dev extra
    config = {"faker_config": {"seed": 1, "locale": "en_US"}}
    first = build({"people": {"email": "fake.email()"}}, **config)[0].transform(RECORD)
    second = build({"people": {"email": "fake.email()"}}, **config)[0].transform(RECORD)
    assert first == second


def test_flattening_after_maps() -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "address": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "geo": {"type": "object"}},
            },
        },
    }
    mapper = PluginMapper(
        {
            "stream_maps": {"s": {"addr2": "address"}},
            "flattening_enabled": True,
            "flattening_max_depth": 1,
        }
    )
    mapper.register_raw_stream_schema("s", schema, ["id"])
    (only,) = mapper.stream_maps["s"]
    assert list(only.transformed_schema["properties"]) == [
        "id",
        "address__city",
        "address__geo",
        "addr2__city",  # "address" has the address schema: flattened like it
        "addr2__geo",
    ]
    record = {"id": 1, "address": {"city": "Oslo", "geo": {"lat": 1}}}
    assert only.transform(record) == {
        "id": 1,
        "address__city": "Oslo",
        "address__geo": '{"lat":1}',
        "addr2__city": "Oslo",
        "addr2__geo": '{"lat":1}',
    }
