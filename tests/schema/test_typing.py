"""The JSON Schema DSL (`singer_sdk.typing`): rendered dicts, key order, errors, public surface.

Expected dicts marked "reference" were produced by running the same construction under Meltano's
singer-sdk 0.54.9; key order is compared too, since it shows in SCHEMA messages and `--about`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing as t

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

import singer_sdk.typing as th
from singer_sdk.typing import Property as P

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def assert_same(actual: t.Any, expected: t.Any) -> None:
    """Equal, and with the same key order (what JSON output shows)."""
    assert actual == expected
    assert json.dumps(actual) == json.dumps(expected)


# --- scalar types -------------------------------------------------------------------------

FORMATS = {
    "DateTimeType": "date-time",
    "TimeType": "time",
    "DateType": "date",
    "DurationType": "duration",
    "EmailType": "email",
    "IDNEmailType": "idn-email",
    "HostnameType": "hostname",
    "IDNHostnameType": "idn-hostname",
    "IPv4Type": "ipv4",
    "IPv6Type": "ipv6",
    "UUIDType": "uuid",
    "URIType": "uri",
    "IRIType": "iri",
    "URIReferenceType": "uri-reference",
    "IRIReferenceType": "iri-reference",
    "URITemplateType": "uri-template",
    "JSONPointerType": "json-pointer",
    "RelativeJSONPointerType": "relative-json-pointer",
    "RegexType": "regex",
    "SingerDecimalType": "singer.decimal",
}


@pytest.mark.parametrize(("class_name", "string_format"), FORMATS.items())
def test_string_formats_on_class_and_instance(class_name: str, string_format: str) -> None:
    cls = getattr(th, class_name)
    assert issubclass(cls, th.StringType)
    assert cls.string_format == string_format
    assert_same(cls.type_dict, {"type": ["string"], "format": string_format})
    assert_same(cls().type_dict, {"type": ["string"], "format": string_format})
    # reference
    assert_same(
        cls(
            min_length=1,
            max_length=5,
            pattern="^a",
            allowed_values=["a"],
            examples=["b"],
            nullable=True,
        ).type_dict,
        {
            "type": ["string", "null"],
            "format": string_format,
            "enum": ["a"],
            "examples": ["b"],
            "maxLength": 5,
            "minLength": 1,
            "pattern": "^a",
        },
    )


def test_string_type() -> None:
    assert th.StringType.string_format is None
    assert_same(th.StringType.type_dict, {"type": ["string"]})
    assert th.StringType().to_dict() == {"type": ["string"]}
    # zero and empty constraints are kept; empty enum/examples are dropped (reference)
    assert_same(
        th.StringType(max_length=0, min_length=0, pattern="", allowed_values=[]).type_dict,
        {"type": ["string"], "maxLength": 0, "minLength": 0, "pattern": ""},
    )
    assert th.StringType(nullable=False).type_dict == {"type": ["string"]}


def test_user_string_subclass_sets_its_format() -> None:
    class HexColor(th.StringType):
        string_format = "hex-color"

    assert_same(HexColor.type_dict, {"type": ["string"], "format": "hex-color"})
    assert P("c", HexColor).to_dict() == {"c": {"type": ["string", "null"], "format": "hex-color"}}


@pytest.mark.parametrize(
    ("cls", "json_type"),
    [(th.IntegerType, "integer"), (th.NumberType, "number"), (th.DecimalType, "number")],
)
def test_numeric_types(cls: type[th.JSONTypeHelper[t.Any]], json_type: str) -> None:
    assert_same(cls.type_dict, {"type": [json_type]})
    # reference
    assert_same(
        cls(  # type: ignore[call-arg]
            minimum=0,
            maximum=10,
            exclusive_minimum=-1,
            exclusive_maximum=11,
            multiple_of=2,
            allowed_values=[1, 2],
            examples=[2],
            nullable=True,
        ).type_dict,
        {
            "type": [json_type, "null"],
            "enum": [1, 2],
            "examples": [2],
            "minimum": 0,
            "maximum": 10,
            "exclusiveMinimum": -1,
            "exclusiveMaximum": 11,
            "multipleOf": 2,
        },
    )


def test_number_type_is_decimal_type() -> None:
    assert issubclass(th.NumberType, th.DecimalType)
    assert th.NumberType(minimum=1.5).type_dict == {"type": ["number"], "minimum": 1.5}


def test_boolean_null_and_any() -> None:
    assert_same(th.BooleanType.type_dict, {"type": ["boolean"]})
    assert_same(
        th.BooleanType(nullable=True, allowed_values=[True], examples=[False]).type_dict,
        {"type": ["boolean", "null"], "enum": [True], "examples": [False]},
    )
    assert th.NullType().type_dict == {"type": "null"}
    assert th.NullType.type_dict == {"type": "null"}  # the reference fails on the class
    assert th.NullType(nullable=True).type_dict == {"type": "null"}
    assert th.AnyType.type_dict == {}
    assert th.AnyType(allowed_values=[1], examples=[2], nullable=True).type_dict == {
        "enum": [1],
        "examples": [2],
    }


def test_unknown_keyword_is_rejected() -> None:
    with pytest.raises(TypeError, match=r"got an unexpected keyword argument 'foo'"):
        th.StringType(foo=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"got an unexpected keyword argument 'foo'"):
        th.IntegerType(foo=1)  # type: ignore[call-arg]


# --- containers -----------------------------------------------------------------------------


def test_array_type() -> None:
    assert_same(
        th.ArrayType(th.StringType).type_dict, {"type": "array", "items": {"type": ["string"]}}
    )
    # reference
    assert_same(
        th.ArrayType(
            th.IntegerType(), nullable=True, allowed_values=[[1]], examples=[[2]]
        ).type_dict,
        {
            "type": ["array", "null"],
            "items": {"type": ["integer"]},
            "enum": [[1]],
            "examples": [[2]],
        },
    )
    assert th.ArrayType(th.ArrayType(th.AnyType)).type_dict == {
        "type": "array",
        "items": {"type": "array", "items": {}},
    }


def test_array_item_count_options() -> None:
    assert_same(
        th.ArrayType(th.StringType, min_items=1, max_items=3, unique_items=True).type_dict,
        {
            "type": "array",
            "items": {"type": ["string"]},
            "minItems": 1,
            "maxItems": 3,
            "uniqueItems": True,
        },
    )


def test_object_type() -> None:
    # reference
    assert_same(
        th.ObjectType(P("a", th.StringType, required=True), P("b", th.IntegerType)).type_dict,
        {
            "type": "object",
            "properties": {"a": {"type": ["string"]}, "b": {"type": ["integer", "null"]}},
            "required": ["a"],
            "additionalProperties": True,
        },
    )
    assert_same(
        th.ObjectType().type_dict,
        {"type": "object", "properties": {}, "additionalProperties": True},
    )
    assert th.ObjectType(nullable=True).type_dict["type"] == ["object", "null"]


@pytest.mark.parametrize(
    ("additional", "expected"),
    [
        (False, {"additionalProperties": False}),
        (None, {}),
        (True, {"additionalProperties": True}),
        (th.StringType, {"additionalProperties": {"type": ["string"]}}),
        (th.StringType(nullable=True), {"additionalProperties": {"type": ["string", "null"]}}),
    ],
)
def test_object_additional_properties(additional: t.Any, expected: dict[str, t.Any]) -> None:
    schema = th.ObjectType(P("b", th.IntegerType), additional_properties=additional).type_dict
    assert_same(
        schema,
        {"type": "object", "properties": {"b": {"type": ["integer", "null"]}}, **expected},
    )


def test_object_pattern_properties() -> None:
    # reference
    assert_same(
        th.ObjectType(pattern_properties={"^x": th.StringType, "^y": th.IntegerType()}).type_dict,
        {
            "type": "object",
            "properties": {},
            "additionalProperties": True,
            "patternProperties": {"^x": {"type": ["string"]}, "^y": {"type": ["integer"]}},
        },
    )
    assert "patternProperties" not in th.ObjectType(pattern_properties={}).type_dict


def test_object_dependent_required_from_requires_properties() -> None:
    # reference
    assert_same(
        th.ObjectType(
            P("a", th.StringType, requires_properties=["b", "c"]),
            P("b", th.StringType),
            P("c", th.StringType, required=True, requires_properties=["a"]),
        ).type_dict,
        {
            "type": "object",
            "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"type": ["string", "null"]},
                "c": {"type": ["string"]},
            },
            "required": ["c"],
            "dependentRequired": {"a": ["b", "c"], "c": ["a"]},
            "additionalProperties": True,
        },
    )


def test_object_later_property_replaces_earlier_in_place() -> None:
    schema = th.ObjectType(
        P("a", th.StringType), P("z", th.BooleanType), P("a", th.IntegerType, required=True)
    ).type_dict
    assert list(schema["properties"]) == ["a", "z"]
    assert schema["properties"]["a"] == {"type": ["integer"]}
    assert schema["required"] == ["a"]


def test_object_allowed_values_and_examples_are_rendered() -> None:
    # The reference silently drops them for objects.
    schema = th.ObjectType(allowed_values=[{}], examples=[{"a": 1}]).type_dict
    assert schema["enum"] == [{}]
    assert schema["examples"] == [{"a": 1}]


def test_properties_list() -> None:
    # reference
    assert_same(
        th.PropertiesList(P("a", th.StringType, required=True), P("b", th.IntegerType)).to_dict(),
        {
            "type": "object",
            "properties": {"a": {"type": ["string"]}, "b": {"type": ["integer", "null"]}},
            "required": ["a"],
            "$schema": DRAFT,
        },
    )
    assert_same(
        th.PropertiesList().type_dict, {"type": "object", "properties": {}, "$schema": DRAFT}
    )
    assert_same(
        th.PropertiesList(P("a", th.StringType), additional_properties=False).to_dict(),
        {
            "type": "object",
            "properties": {"a": {"type": ["string", "null"]}},
            "additionalProperties": False,
            "$schema": DRAFT,
        },
    )
    assert_same(
        th.PropertiesList(
            P("a", th.StringType), pattern_properties={"x": th.StringType}, nullable=True
        ).to_dict(),
        {
            "type": ["object", "null"],
            "properties": {"a": {"type": ["string", "null"]}},
            "patternProperties": {"x": {"type": ["string"]}},
            "$schema": DRAFT,
        },
    )
    assert issubclass(th.PropertiesList, th.ObjectType)


def test_properties_list_append_iterate_items() -> None:
    schema = th.PropertiesList(P("a", th.StringType))
    b = P("b", th.IntegerType, required=True)
    assert schema.append(b) is None  # type: ignore[func-returns-value]
    schema.append(P("a", th.BooleanType))  # replaces "a", keeps its position
    assert [prop.name for prop in schema] == ["a", "b"]
    assert [name for name, _ in schema.items()] == ["a", "b"]
    assert dict(schema.items())["b"] is b
    # reference
    assert_same(
        schema.to_dict(),
        {
            "type": "object",
            "properties": {"a": {"type": ["boolean", "null"]}, "b": {"type": ["integer"]}},
            "required": ["b"],
            "$schema": DRAFT,
        },
    )
    # An empty schema is still truthy (code tests `if config_jsonschema:`).
    assert th.PropertiesList()


def test_nested_schema() -> None:
    # reference
    assert_same(
        th.PropertiesList(
            P(
                "o",
                th.ObjectType(
                    P("x", th.StringType, requires_properties=["y"]),
                    P("y", th.ArrayType(th.ObjectType(P("z", th.DateType, required=True)))),
                ),
            )
        ).to_dict(),
        {
            "type": "object",
            "properties": {
                "o": {
                    "type": ["object", "null"],
                    "properties": {
                        "x": {"type": ["string", "null"]},
                        "y": {
                            "type": ["array", "null"],
                            "items": {
                                "type": "object",
                                "properties": {"z": {"type": ["string"], "format": "date"}},
                                "required": ["z"],
                                "additionalProperties": True,
                            },
                        },
                    },
                    "dependentRequired": {"x": ["y"]},
                    "additionalProperties": True,
                }
            },
            "$schema": DRAFT,
        },
    )


# --- Property -------------------------------------------------------------------------------


def test_property_all_annotations_in_reference_order() -> None:
    prop = P(
        "a",
        th.StringType,
        required=False,
        default="x",
        description="d",
        secret=True,
        allowed_values=["x", "y"],
        examples=["x"],
        title="T",
        deprecated=True,
        requires_properties=["b"],
        foo="bar",
    )
    # reference
    assert_same(
        prop.to_dict(),
        {
            "a": {
                "type": ["string", "null"],
                "title": "T",
                "default": "x",
                "description": "d",
                "secret": True,
                "writeOnly": True,
                "enum": ["x", "y"],
                "examples": ["x"],
                "deprecated": True,
                "foo": "bar",
            }
        },
    )
    assert prop.type_dict == {"type": ["string"]}  # the wrapped type alone
    assert json.loads(prop.to_json()) == prop.to_dict()


def test_property_falsy_annotations() -> None:
    # reference: 0/False defaults and deprecated=False are kept, empty text is dropped
    assert_same(
        P("a", th.IntegerType, True, 0, "", True, None, None, title="", deprecated=False).to_dict(),
        {
            "a": {
                "type": ["integer"],
                "default": 0,
                "secret": True,
                "writeOnly": True,
                "deprecated": False,
            }
        },
    )
    assert P("a", th.BooleanType, default=False).to_dict() == {
        "a": {"type": ["boolean", "null"], "default": False}
    }
    assert P("a", th.StringType, secret=None, allowed_values=[], examples=[]).to_dict() == {
        "a": {"type": ["string", "null"]}
    }


@pytest.mark.parametrize(
    ("required", "nullable", "expected_type"),
    [
        (True, None, ["string"]),
        (True, True, ["string", "null"]),
        (True, False, ["string"]),
        (False, None, ["string", "null"]),
        (False, True, ["string", "null"]),
        # reference: an optional property always accepts null, even with nullable=False
        (False, False, ["string", "null"]),
    ],
)
def test_property_nullability(
    required: bool, nullable: bool | None, expected_type: list[str]
) -> None:
    prop = P("a", th.StringType, required=required, nullable=nullable)
    assert prop.to_dict() == {"a": {"type": expected_type}}
    assert prop.optional is not required


def test_property_type_overrides_wrapped_options_in_place() -> None:
    # reference: the property's enum replaces the type's enum at the same position
    assert_same(
        P(
            "x",
            th.NumberType(minimum=3, allowed_values=[3]),
            allowed_values=[4],
            examples=[5],
            required=True,
        ).to_dict(),
        {"x": {"type": ["number"], "enum": [4], "minimum": 3, "examples": [5]}},
    )


def test_property_extra_keywords_win() -> None:
    # reference
    assert P("a", th.StringType, type="integer").to_dict() == {"a": {"type": "integer"}}
    assert_same(
        P("a", th.StringType, readOnly=True, x_extra={"a": 1}).to_dict(),
        {"a": {"type": ["string", "null"], "readOnly": True, "x_extra": {"a": 1}}},
    )


def test_property_with_various_wrapped_types() -> None:
    # reference
    assert P("a", th.ArrayType(th.StringType)).to_dict() == {
        "a": {"type": ["array", "null"], "items": {"type": ["string"]}}
    }
    assert P("a", th.AnyType).to_dict() == {"a": {}}
    assert P("a", th.Constant("x")).to_dict() == {"a": {"const": "x"}}
    assert P("a", th.AllOf(th.StringType, th.IntegerType)).to_dict() == {
        "a": {"allOf": [{"type": ["string"]}, {"type": ["integer"]}]}
    }
    assert_same(
        P("a", th.OneOf(th.StringType, th.IntegerType)).to_dict(),
        {"a": {"oneOf": [{"type": ["string"]}, {"type": ["integer"]}, {"type": "null"}]}},
    )
    assert P("a", th.ObjectType(), default={"x": 1}).to_dict() == {
        "a": {
            "type": ["object", "null"],
            "properties": {},
            "additionalProperties": True,
            "default": {"x": 1},
        }
    }
    assert P("a", th.NullType).to_dict() == {"a": {"type": "null"}}  # reference fails here


@pytest.mark.parametrize(
    ("custom", "expected"),
    [
        ({"type": "string"}, {"type": ["string", "null"]}),
        ({"type": ["string"]}, {"type": ["string", "null"]}),
        ({"type": ["string", "null"]}, {"type": ["string", "null"]}),
        ({"type": "null"}, {"type": "null"}),
        ({"format": "x"}, {"format": "x"}),
        ({"$ref": "#/x"}, {"$ref": "#/x"}),
        ({"type": ("string",)}, {"type": ["string", "null"]}),  # reference nests the tuple
        ({"type": ("string", "null")}, {"type": ["string", "null"]}),
    ],
)
def test_optional_custom_type(custom: dict[str, t.Any], expected: dict[str, t.Any]) -> None:
    assert P("a", th.CustomType(custom)).to_dict() == {"a": expected}


def test_optional_any_of_gets_a_null_schema_not_a_string() -> None:
    # The reference appends the bare string "null" to anyOf, which is not a schema.
    assert P("a", th.AnyOf(th.StringType, th.IntegerType)).to_dict() == {
        "a": {"anyOf": [{"type": ["string"]}, {"type": ["integer"]}, {"type": "null"}]}
    }
    assert P("a", th.CustomType({"anyOf": [{"type": "string"}]})).to_dict() == {
        "a": {"anyOf": [{"type": "string"}, {"type": "null"}]}
    }


def test_optional_union_already_accepting_null_is_left_alone() -> None:
    # The reference adds a second null branch; for oneOf that makes null invalid.
    stream_maps_else = P(
        "__else__", th.AnyOf(th.Constant("__NULL__"), th.NullType()), nullable=True
    ).to_dict()
    assert stream_maps_else == {"__else__": {"anyOf": [{"const": "__NULL__"}, {"type": "null"}]}}
    one_of = P("a", th.OneOf(th.StringType(nullable=True))).to_dict()
    assert one_of == {"a": {"oneOf": [{"type": ["string", "null"]}]}}
    assert Draft202012Validator(one_of["a"]).is_valid(None)
    assert P("a", th.OneOf(th.AnyType, th.StringType)).to_dict() == {
        "a": {"oneOf": [{}, {"type": ["string"]}]}
    }


def test_optional_type_and_union_together_both_accept_null() -> None:
    schema = P("a", th.CustomType({"type": "string", "anyOf": [{"minLength": 1}]})).to_dict()["a"]
    assert schema == {"type": ["string", "null"], "anyOf": [{"minLength": 1}, {"type": "null"}]}
    assert Draft202012Validator(schema).is_valid(None)


def test_property_attributes() -> None:
    prop = P(
        "a",
        th.StringType,
        True,
        "x",
        "d",
        True,
        ["x"],
        ["y"],
        nullable=True,
        title="t",
        deprecated=False,
        requires_properties=["b"],
        z=1,
    )
    assert (prop.name, prop.wrapped, prop.optional, prop.default) == (
        "a",
        th.StringType,
        False,
        "x",
    )
    assert (prop.description, prop.secret, prop.allowed_values, prop.examples) == (
        "d",
        True,
        ["x"],
        ["y"],
    )
    assert (prop.nullable, prop.title, prop.deprecated) == (True, "t", False)
    assert (prop.requires_properties, prop.kwargs) == (["b"], {"z": 1})


# --- combinators and custom schemas ----------------------------------------------------------


def test_combinators() -> None:
    # reference
    assert_same(
        th.AnyOf(
            th.StringType, th.IntegerType(nullable=True), th.ArrayType(th.StringType)
        ).type_dict,
        {
            "anyOf": [
                {"type": ["string"]},
                {"type": ["integer", "null"]},
                {"type": "array", "items": {"type": ["string"]}},
            ]
        },
    )
    assert th.OneOf(th.StringType, th.NullType()).type_dict == {
        "oneOf": [{"type": ["string"]}, {"type": "null"}]
    }
    assert th.AllOf(th.StringType, th.StringType(max_length=3)).type_dict == {
        "allOf": [{"type": ["string"]}, {"type": ["string"], "maxLength": 3}]
    }


def test_constant() -> None:
    assert th.Constant("x").type_dict == {"const": "x"}
    assert th.Constant(None).type_dict == {"const": None}
    value = {"a": [1]}
    rendered = th.Constant(value).type_dict
    assert rendered == {"const": {"a": [1]}}
    rendered["const"]["a"].append(2)
    assert value == {"a": [1]}


def test_custom_type_returns_a_copy() -> None:
    source = {"type": ["string"], "items": {"x": [1]}}
    custom = th.CustomType(source)
    rendered = custom.type_dict
    assert rendered == source
    rendered["items"]["x"].append(2)
    P("a", custom).to_dict()
    assert source == {"type": ["string"], "items": {"x": [1]}}


def test_rendered_dicts_are_fresh() -> None:
    obj = th.ObjectType(P("a", th.StringType, allowed_values=["x"], default={"k": 1}))
    first = obj.type_dict
    first["properties"]["a"]["enum"].append("y")
    first["properties"]["a"]["default"]["k"] = 2
    first["properties"]["zzz"] = {}
    assert obj.type_dict == {
        "type": "object",
        "properties": {"a": {"type": ["string", "null"], "default": {"k": 1}, "enum": ["x"]}},
        "additionalProperties": True,
    }


def test_discriminated_union() -> None:
    union = th.DiscriminatedUnion(
        "type",
        cat=th.ObjectType(P("meow", th.BooleanType)),
        dog=th.ObjectType(P("bark", th.BooleanType, required=True), additional_properties=False),
    )
    # reference
    assert_same(
        union.type_dict,
        {
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "type": {
                            "const": "cat",
                            "description": "Discriminator for object of type 'cat'.",
                        },
                        "meow": {"type": ["boolean", "null"]},
                    },
                    "required": ["type"],
                    "additionalProperties": True,
                },
                {
                    "type": "object",
                    "properties": {
                        "type": {
                            "const": "dog",
                            "description": "Discriminator for object of type 'dog'.",
                        },
                        "bark": {"type": ["boolean"]},
                    },
                    "required": ["type", "bark"],
                    "additionalProperties": False,
                },
            ]
        },
    )
    assert isinstance(union, th.OneOf)
    assert union.key == "type"
    assert list(union.options) == ["cat", "dog"]
    validator = Draft202012Validator(union.type_dict)
    assert validator.is_valid({"type": "cat", "meow": True})
    assert not validator.is_valid({"type": "dog"})
    # reference: optional union properties get a null branch
    assert P("x", th.DiscriminatedUnion("t", a=th.ObjectType())).to_dict()["x"]["oneOf"][-1] == {
        "type": "null"
    }


# --- class-level access, serialisation -------------------------------------------------------


def test_type_dict_and_to_json() -> None:
    assert th.IntegerType().to_json() == '{"type": ["integer"]}'
    assert th.IntegerType().to_json(indent=2) == '{\n  "type": [\n    "integer"\n  ]\n}'
    # reference
    assert th.PropertiesList(P("b", th.StringType), P("a", th.DateTimeType)).to_json(
        sort_keys=True
    ) == (
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": '
        '{"a": {"format": "date-time", "type": ["string", "null"]}, '
        '"b": {"type": ["string", "null"]}}, "type": "object"}'
    )


def test_class_level_type_dict_for_classes_built_without_arguments() -> None:
    assert th.ObjectType.type_dict == th.ObjectType().type_dict
    assert th.PropertiesList.type_dict == th.PropertiesList().type_dict


@pytest.mark.parametrize(
    ("cls", "hint"),
    [
        (th.ArrayType, "ArrayType(StringType)"),
        (th.Property, 'Property("name", StringType)'),
        (th.Constant, 'Constant("value")'),
        (th.CustomType, 'CustomType({"type": ["string"]})'),
        (th.AnyOf, "AnyOf(StringType, IntegerType)"),
    ],
)
def test_class_level_type_dict_needs_an_instance(cls: type[t.Any], hint: str) -> None:
    message = (
        f"{cls.__name__}.type_dict is only available on instances: "
        f"{cls.__name__} needs arguments, e.g. {hint}"
    )
    with pytest.raises(AttributeError, match=re.escape(message)):
        cls.type_dict  # noqa: B018
    assert getattr(cls, "type_dict", None) is None


def test_abstract_base() -> None:
    with pytest.raises(
        AttributeError,
        match=re.escape(
            "JSONTypeHelper does not define type_dict; use a concrete type such as StringType"
        ),
    ):
        th.JSONTypeHelper.type_dict  # noqa: B018
    with pytest.raises(NotImplementedError, match="JSONTypeHelper must define type_dict"):
        th.JSONTypeHelper().type_dict  # noqa: B018


def test_help_works_on_every_class() -> None:
    import pydoc

    for name in th.__all__:
        obj = getattr(th, name)
        if isinstance(obj, type) and obj.__module__ == "singer_sdk.typing":
            assert name in pydoc.render_doc(obj)  # the reference crashes on several


def test_user_defined_helper_with_default_instance_property() -> None:
    class Money(th.JSONTypeHelper[str]):
        @th.DefaultInstanceProperty
        def type_dict(self) -> dict[str, t.Any]:
            return {"type": ["string"], "format": "money"}

    assert Money.type_dict == {"type": ["string"], "format": "money"}
    assert P("m", Money).to_dict() == {"m": {"type": ["string", "null"], "format": "money"}}


# --- bad input ------------------------------------------------------------------------------


def test_class_that_needs_arguments_used_as_a_type() -> None:
    message = (
        "property 'a': the class ArrayType cannot be used as a type, it needs arguments; "
        "pass an instance such as ArrayType(StringType)"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        P("a", th.ArrayType).to_dict()
    with pytest.raises(ValueError, match=re.escape("ArrayType items: the class Constant")):
        th.ArrayType(th.Constant).type_dict  # noqa: B018
    with pytest.raises(ValueError, match=re.escape("additional_properties: the class ArrayType")):
        th.ObjectType(additional_properties=th.ArrayType).type_dict  # noqa: B018
    with pytest.raises(ValueError, match=re.escape("AnyOf member: the class CustomType")):
        th.AnyOf(th.CustomType).type_dict  # noqa: B018


def test_non_helper_used_as_a_type() -> None:
    with pytest.raises(
        TypeError,
        match=re.escape(
            "property 'a': expected a JSON type helper such as StringType or StringType(), "
            "got 'string'"
        ),
    ):
        P("a", "string").to_dict()  # type: ignore[arg-type]
    with pytest.raises(
        TypeError,
        match=re.escape("got {'type': 'string'} (wrap plain JSON Schema dicts in CustomType)"),
    ):
        P("a", {"type": "string"}).to_dict()  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("pattern_properties['^x']: expected")):
        th.ObjectType(pattern_properties={"^x": 3}).type_dict  # type: ignore[dict-item]  # noqa: B018


def test_object_members_must_be_properties() -> None:
    message = (
        "ObjectType members must be Property objects, got <class 'singer_sdk.typing.StringType'>; "
        'write Property("name", StringType)'
    )
    with pytest.raises(TypeError, match=re.escape(message)):
        th.ObjectType(th.StringType)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^PropertiesList members must be Property objects"):
        th.PropertiesList().append(th.StringType())  # type: ignore[arg-type]


def test_empty_combinators_are_rejected() -> None:
    # JSON Schema requires a non-empty list; the reference renders {"anyOf": []}.
    for cls in (th.AnyOf, th.OneOf, th.AllOf):
        with pytest.raises(ValueError, match=rf"^{cls.__name__} needs at least one type, e\.g\. "):
            cls()
    with pytest.raises(
        ValueError,
        match=re.escape(
            'DiscriminatedUnion needs at least one option, e.g. DiscriminatedUnion("kind", '
        ),
    ):
        th.DiscriminatedUnion("kind")


def test_discriminated_union_options_must_be_objects() -> None:
    with pytest.raises(
        TypeError, match=r"^DiscriminatedUnion option 'a' must be an ObjectType, got <"
    ):
        th.DiscriminatedUnion("k", a=th.StringType())  # type: ignore[arg-type]


def test_custom_type_needs_a_mapping() -> None:
    with pytest.raises(
        TypeError, match=re.escape("CustomType expects a JSON Schema dict, got 'x'")
    ):
        th.CustomType("x")  # type: ignore[arg-type]


# --- every rendering is a valid JSON Schema --------------------------------------------------


def test_rendered_schemas_are_valid_draft_2020_12() -> None:
    schema = th.PropertiesList(
        P("id", th.IntegerType, required=True, minimum=0),
        P("name", th.StringType(max_length=10), description="n", examples=["a"]),
        P("when", th.DateTimeType),
        P("tags", th.ArrayType(th.StringType, unique_items=True)),
        P("meta", th.ObjectType(P("k", th.StringType), additional_properties=th.IntegerType)),
        P("either", th.AnyOf(th.StringType, th.IntegerType)),
        P("maybe", th.AnyOf(th.Constant("__NULL__"), th.NullType()), nullable=True),
        P("one", th.OneOf(th.StringType(nullable=True), th.IntegerType)),
        P("pet", th.DiscriminatedUnion("kind", cat=th.ObjectType(P("meow", th.BooleanType)))),
        P("token", th.StringType, secret=True, requires_properties=["id"]),
        P("const", th.Constant(1), deprecated=True, title="C"),
        P("any", th.AnyType),
    ).to_dict()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert validator.is_valid(
        {"id": 1, "either": None, "maybe": None, "one": None, "pet": None, "token": "x"}
    )
    assert not validator.is_valid({"token": "x"})  # id is required, also by dependentRequired


# --- the public module ----------------------------------------------------------------------

REFERENCE_ALL = {
    "DEFAULT_JSONSCHEMA_VALIDATOR", "ArrayType", "BooleanType", "CustomType", "DateTimeType",
    "DateType", "DecimalType", "DurationType", "EmailType", "HostnameType", "IDNEmailType",
    "IDNHostnameType", "IPv4Type", "IPv6Type", "IRIReferenceType", "IRIType", "IntegerType",
    "JSONPointerType", "JSONTypeHelper", "ObjectType", "PropertiesList", "Property", "RegexType",
    "RelativeJSONPointerType", "StringType", "TimeType", "URIReferenceType", "URITemplateType",
    "URIType", "UUIDType", "extend_validator_with_defaults", "to_jsonschema_type", "to_sql_type",
}  # fmt: skip
REFERENCE_PUBLIC_EXTRAS = {
    "AllOf", "AnyOf", "AnyType", "Constant", "DefaultInstanceProperty", "DiscriminatedUnion",
    "JSONSCHEMA_ANNOTATION_SECRET", "JSONSCHEMA_ANNOTATION_WRITEONLY", "NullType", "NumberType",
    "OneOf", "SingerDecimalType",
}  # fmt: skip


def test_public_names() -> None:
    # isort-style order (what ruff's RUF022 keeps): CONSTANTS, Classes, functions
    assert th.__all__ == sorted(
        th.__all__, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n)
    )
    assert set(th.__all__) == REFERENCE_ALL | REFERENCE_PUBLIC_EXTRAS
    for name in th.__all__:
        obj = getattr(th, name)
        if isinstance(obj, type) and name != "DEFAULT_JSONSCHEMA_VALIDATOR":
            assert obj.__module__ == "singer_sdk.typing", name
    assert set(th.__all__) <= set(dir(th))
    assert th.JSONSCHEMA_ANNOTATION_SECRET == "secret"
    assert th.JSONSCHEMA_ANNOTATION_WRITEONLY == "writeOnly"
    with pytest.raises(
        AttributeError, match=r"module 'singer_sdk\.typing' has no attribute 'nope'"
    ):
        th.nope  # noqa: B018


def test_import_does_not_load_jsonschema_or_sqlalchemy() -> None:
    code = (
        "import sys, singer_sdk.typing as th\n"
        "heavy = [m for m in ('jsonschema', 'sqlalchemy', 'json') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "th.DEFAULT_JSONSCHEMA_VALIDATOR\n"
        "assert 'jsonschema' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
