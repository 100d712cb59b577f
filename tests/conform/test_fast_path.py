"""The generated root conformer against the compiled closures it stands in for.

``build_conformer`` returns generated code that checks nested objects and lists inline and calls
the compiled converters only where something may change. These tests check that it is used where
it should be, and that it returns exactly what the compiled closures return (the same objects
where nothing changes) and reports the same dropped paths, on hand-picked and on random inputs.
"""

from __future__ import annotations

import collections
import datetime as dt
import decimal
import logging
import math
import random
import typing as t
import uuid

import pytest

from singer_sdk._schema import conform as conform_module
from singer_sdk._schema import conform_fast
from singer_sdk._schema.conform import build_conformer, compile_conformer
from singer_sdk.helpers.conform import TypeConformanceLevel

RECURSIVE = TypeConformanceLevel.RECURSIVE
ROOT_ONLY = TypeConformanceLevel.ROOT_ONLY
GENERATED = "<singer_sdk conformer>"

STRING = {"type": ["string", "null"]}
NUMBER = {"type": ["number", "null"]}
INTEGER = {"type": ["integer", "null"]}
BOOLEAN = {"type": ["boolean", "null"]}


def obj(**properties: t.Any) -> dict[str, t.Any]:
    return {"type": ["object", "null"], "properties": properties}


def array(items: dict[str, t.Any]) -> dict[str, t.Any]:
    return {"type": ["array", "null"], "items": items}


#: The shape of the tap benchmark's records: plain values, a small nested object with a smaller
#: one inside, a list of strings and a boolean.
SYNTH_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": STRING,
        "amount": NUMBER,
        "is_active": BOOLEAN,
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "address": obj(street=STRING, city=STRING, geo=obj(lat=NUMBER, lon=NUMBER)),
        "tags": array({"type": "string"}),
        "notes": STRING,
    },
}


def synth(i: int = 1) -> dict[str, t.Any]:
    return {
        "id": i,
        "name": "Ada",
        "amount": 1.5,
        "is_active": True,
        "updated_at": "2024-01-01T00:00:05+00:00",
        "address": {"street": "Main", "city": "Oslo", "geo": {"lat": 1.0, "lon": 2.0}},
        "tags": ["a", "b"],
        "notes": None,
    }


class Recorder:
    """A dropped-paths reporter that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, paths: list[str]) -> None:
        self.calls.append(list(paths))


def pair(
    schema: dict[str, t.Any],
    level: TypeConformanceLevel = RECURSIVE,
    *,
    check_floats: bool = False,
) -> tuple[t.Callable[..., t.Any], Recorder, t.Callable[..., t.Any], Recorder]:
    """Return the generated conformer and the closures-only one, each with its reporter."""
    fast_report, slow_report = Recorder(), Recorder()
    fast = compile_conformer(schema, level, fast_report, check_floats=check_floats)
    compiler = conform_module._Compiler(
        level, slow_report, check_floats=check_floats, generate=False
    )
    return fast, fast_report, compiler.record(schema), slow_report


def shape(value: t.Any, original: t.Any) -> t.Any:
    """Describe ``value`` with, for each container, whether it is the very ``original`` one."""
    if isinstance(value, dict):
        same = value is original
        nested = original if isinstance(original, dict) else {}
        return ("dict", same, {k: shape(v, nested.get(k)) for k, v in value.items()})
    if isinstance(value, list):
        same = value is original
        items = original if isinstance(original, list) else []
        padded = items + [None] * (len(value) - len(items))
        return ("list", same, [shape(v, o) for v, o in zip(value, padded, strict=False)])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (value.__class__.__name__, value)


def assert_same(schema: dict[str, t.Any], *records: t.Any, check_floats: bool = False) -> None:
    fast, fast_report, slow, slow_report = pair(schema, check_floats=check_floats)
    for record in records:
        assert shape(fast(record), record) == shape(slow(record), record)
    assert fast_report.calls == slow_report.calls


# --- where the generated conformer is used ---


def test_generated_root_is_used_with_check_floats_off() -> None:
    conformer = build_conformer(
        SYNTH_SCHEMA, RECURSIVE, stream_name="s", logger=logging.getLogger(), check_floats=False
    )
    assert conformer.__code__.co_filename == GENERATED
    record = synth()
    assert conformer(record) is record


def test_generated_root_is_used_without_number_properties_at_the_root() -> None:
    schema = {"type": "object", "properties": {"a": STRING, "o": obj(x=NUMBER)}}
    fast, _, _, _ = pair(schema, check_floats=True)
    assert fast.__code__.co_filename == GENERATED
    record = {"a": "x", "o": {"x": float("nan")}}
    assert fast(record) == {"a": "x", "o": {"x": None}}


def test_closures_are_used_when_root_floats_need_checking() -> None:
    fast, _, _, _ = pair(SYNTH_SCHEMA, check_floats=True)
    assert fast.__code__.co_filename != GENERATED
    assert fast({"id": 1, "amount": float("inf")}) == {"id": 1, "amount": None}


def test_schema_without_properties_conforms_nothing() -> None:
    fast, _, _, _ = pair({"type": "object"})
    record = {"a": dt.date(2024, 1, 1)}
    assert fast(record) is record


# --- hand-picked cases: each nested check failing, and what must still pass ---


def with_(**changes: t.Any) -> dict[str, t.Any]:
    record = synth()
    record.update(changes)
    return record


def address(**changes: t.Any) -> dict[str, t.Any]:
    value = {"street": "Main", "city": "Oslo", "geo": {"lat": 1.0, "lon": 2.0}}
    value.update(changes)
    return value


CASES: dict[str, dict[str, t.Any]] = {
    "unchanged": synth(),
    "sparse": {"id": 1},
    "empty": {},
    "unknown root key": with_(extra=1),
    "root datetime": with_(updated_at=dt.datetime(2024, 1, 2, 3, 4, 5)),
    "root decimal nan": with_(amount=decimal.Decimal("NaN")),
    "root nan with floats unchecked": with_(amount=float("nan")),
    "root uuid": with_(name=uuid.UUID(int=5)),
    "root bytes": with_(notes=b"\x01\x02"),
    "boolean int": with_(is_active=0),
    "boolean str": with_(is_active="TRUE"),
    "boolean other str": with_(is_active="maybe"),
    "boolean float": with_(is_active=1.0),
    "boolean none": with_(is_active=None),
    "boolean bytes": with_(is_active=b"\x00"),
    "nested unknown key": with_(address=address(zip="0150")),
    "nested datetime": with_(address=address(city=dt.date(2024, 1, 1))),
    "nested missing keys": with_(address={"city": "Oslo"}),
    "nested empty": with_(address={}),
    "nested not a dict": with_(address="Main Street 1"),
    "nested dict subclass": with_(address=collections.OrderedDict(street="Main")),
    "nested none": with_(address=None),
    "inner unknown key": with_(address=address(geo={"lat": 1.0, "alt": 3})),
    "inner datetime": with_(address=address(geo={"lat": dt.time(1, 2)})),
    "inner nan": with_(address=address(geo={"lat": float("nan"), "lon": 1})),
    "inner not a dict": with_(address=address(geo=[1.0, 2.0])),
    "list empty": with_(tags=[]),
    "list long": with_(tags=["a", "b", "c", "d", "e"]),
    "list datetime": with_(tags=["a", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)]),
    "list datetime long": with_(tags=["a", "b", "c", dt.date(2024, 1, 1)]),
    "list float": with_(tags=[1.5, float("inf")]),
    "list nested list": with_(tags=[["x"]]),
    "list not a list": with_(tags=("a", "b")),
    "everything at once": with_(
        extra=1,
        is_active="false",
        address=address(geo={"lat": dt.date(2024, 1, 1), "x": 1}, y=2),
        tags=[b"\xff"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("check_floats", [False, True])
def test_same_as_the_closures(name: str, check_floats: bool) -> None:
    assert_same(SYNTH_SCHEMA, CASES[name], synth(), check_floats=check_floats)


def test_dropped_paths_are_reported_per_record_in_order() -> None:
    fast, fast_report, slow, slow_report = pair(SYNTH_SCHEMA)
    records = [CASES["everything at once"], synth(), CASES["inner unknown key"]]
    for record in records:
        fast(record)
        slow(record)
    assert (
        fast_report.calls
        == slow_report.calls
        == [
            ["address.geo.x", "address.y", "extra"],
            ["address.geo.alt"],
        ]
    )


def test_the_record_and_unchanged_parts_are_returned_as_they_are() -> None:
    fast, _, _, _ = pair(SYNTH_SCHEMA)
    record = synth()
    assert fast(record) is record
    changed = with_(tags=[dt.date(2024, 1, 2)])
    result = fast(changed)
    assert result == {**changed, "tags": ["2024-01-02"]}
    assert result is not changed
    assert result["address"] is changed["address"]
    assert changed["tags"] == [dt.date(2024, 1, 2)]


def test_record_that_is_a_dict_subclass_keeps_its_class_when_copied() -> None:
    record = collections.OrderedDict(id=1, is_active=1)
    assert_same(SYNTH_SCHEMA, record)
    fast, _, _, _ = pair(SYNTH_SCHEMA)
    assert type(fast(record)) is collections.OrderedDict


def test_root_only_checks_only_the_root() -> None:
    fast, _, slow, _ = pair(SYNTH_SCHEMA, ROOT_ONLY)
    record = with_(address=address(city=dt.date(2024, 1, 1)), is_active=1)
    assert fast(record) == slow(record) == {**record, "is_active": True}
    assert fast(record)["address"] is record["address"]


def test_arrays_of_objects_and_boolean_items() -> None:
    schema = {
        "type": "object",
        "properties": {
            "lines": array(obj(sku=STRING, at=STRING, flags=array(BOOLEAN))),
            "bits": array(BOOLEAN),
            "matrix": array(array(INTEGER)),
        },
    }
    line = {"sku": "A", "at": "x"}
    assert_same(
        schema,
        {"lines": [line, dict(line)]},
        {"lines": [line, {"sku": "B", "extra": 1}]},
        {"lines": [line, {"sku": dt.date(2024, 1, 1)}]},
        {"lines": [line, "not an object", 3, None]},
        {"lines": [line, 1.5]},
        {"lines": [{"flags": [True, 0]}]},
        {"lines": [{"flags": []}]},
        {"bits": [True, False]},
        {"bits": []},
        {"matrix": [[1, 2], [3]]},
        {"matrix": [[1, dt.date(2024, 1, 1)]]},
    )
    fast, _, _, _ = pair(schema)
    record = {"lines": [line], "matrix": [[1]]}
    assert fast(record) is record


def test_any_of_object_or_array_property() -> None:
    schema = {
        "type": "object",
        "properties": {
            "v": {"anyOf": [obj(a=STRING), array(STRING), {"type": "null"}]},
            "w": obj(v={"anyOf": [obj(a=BOOLEAN), array(STRING)]}),
        },
    }
    assert_same(
        schema,
        {"v": {"a": "x"}},
        {"v": {"a": dt.date(2024, 1, 1)}},
        {"v": ["x", dt.date(2024, 1, 1)]},
        {"v": ["x"]},
        {"v": "plain"},
        {"w": {"v": {"a": "true"}}},
        {"w": {"v": {"a": True}}},
        {"w": {"v": ["x"]}},
        {"w": {"v": [b"\x01"]}},
    )


def test_pattern_and_additional_properties_of_nested_objects() -> None:
    schema = {
        "type": "object",
        "properties": {
            "p": {
                "type": "object",
                "properties": {"a": STRING},
                "patternProperties": {"^x_": {"type": "string", "format": "date"}},
            },
            "q": {"type": "object", "properties": {"a": STRING}, "additionalProperties": True},
        },
    }
    assert_same(
        schema,
        {"p": {"a": "s"}, "q": {"a": "s"}},
        {"p": {"a": "s", "x_1": dt.date(2024, 1, 1), "y": 1}, "q": {"b": dt.date(2024, 1, 1)}},
    )


def test_awkward_property_names_are_quoted() -> None:
    names = ["it's", 'say "hi"', "new\nline", "back\\slash", "ünï", "", "1st", "def", "_v1"]
    schema = {
        "type": "object",
        "properties": {
            "o": {"type": "object", "properties": dict.fromkeys(names, BOOLEAN)},
            **{name: obj(x=STRING) for name in names},
        },
    }
    fast, _, slow, _ = pair(schema)
    record = {"o": dict.fromkeys(names, 1), **{name: {"x": "y"} for name in names}}
    assert fast(record) == slow(record)
    assert fast(record)["o"] == dict.fromkeys(names, True)
    unchanged = {"o": dict.fromkeys(names, True), **{name: {"x": "y"} for name in names}}
    assert fast(unchanged) is unchanged


def test_deep_and_wide_schemas_fall_back_where_they_stop_inlining() -> None:
    deep: dict[str, t.Any] = {"type": "object", "properties": {"leaf": BOOLEAN, "s": STRING}}
    for _ in range(conform_fast._MAX_INLINE_DEPTH + 3):
        deep = {"type": "object", "properties": {"child": deep, "s": STRING}}
    record: dict[str, t.Any] = {"leaf": True, "s": "x"}
    changed: dict[str, t.Any] = {"leaf": "true", "s": "x"}
    for _ in range(conform_fast._MAX_INLINE_DEPTH + 3):
        record = {"child": record, "s": "x"}
        changed = {"child": changed, "s": "x"}
    fast, _, slow, _ = pair(deep)
    assert fast(record) is record
    assert fast(changed) == slow(changed) != changed

    wide = {
        "type": "object",
        "properties": {f"o{i}": obj(**{f"p{j}": STRING for j in range(9)}) for i in range(60)},
    }
    assert conform_fast._MAX_INLINE_PROPERTIES < 60 * 9  # not all inlined
    record = {f"o{i}": {f"p{j}": "x" for j in range(9)} for i in range(60)}
    fast, _, slow, _ = pair(wide)
    assert fast(record) is record
    record["o59"] = {"p0": dt.date(2024, 1, 1)}
    record["o0"] = {"p0": dt.date(2024, 1, 2)}
    assert fast(record) == slow(record)
    assert fast(record)["o59"] == {"p0": "2024-01-01"}


def test_paths_left_by_a_failed_record_are_reported_with_the_next_one() -> None:
    class Broken(dt.date):
        def isoformat(self) -> str:
            raise RuntimeError("broken")

    fast, fast_report, slow, slow_report = pair(SYNTH_SCHEMA)
    broken = with_(address={"extra": 1, "city": Broken(2024, 1, 1)})
    for conformer in (fast, slow):
        with pytest.raises(RuntimeError, match=r"^broken$"):
            conformer(broken)
        record = synth()
        assert conformer(record) is record
    assert fast_report.calls == slow_report.calls == [["address.extra"]]


# --- random schemas and records ---


def random_schema(rng: random.Random, depth: int) -> dict[str, t.Any]:
    kinds = ["string", "integer", "number", "boolean", "date-time", "any"]
    if depth < 3:
        kinds += ["object", "object", "array", "array of objects", "any of"]
    kind = rng.choice(kinds)
    if kind == "object":
        count = rng.choice([0, 1, 2, 3, 6, 7, 12])
        return obj(**{f"k{i}": random_schema(rng, depth + 1) for i in range(count)})
    if kind == "array":
        return array(random_schema(rng, depth + 2))
    if kind == "array of objects":
        return array(obj(a=random_schema(rng, depth + 2), b=BOOLEAN))
    if kind == "any of":
        return {"anyOf": [random_schema(rng, depth + 1), {"type": "null"}]}
    if kind == "date-time":
        return {"type": ["string", "null"], "format": "date-time"}
    if kind == "any":
        return {}
    return {"type": [kind, "null"]}


ODD_VALUES: list[t.Any] = [
    dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    dt.date(2024, 1, 2),
    dt.timedelta(seconds=5),
    decimal.Decimal("1.5"),
    float("nan"),
    float("inf"),
    b"\x00",
    uuid.UUID(int=1),
    0,
    1,
    "true",
    "0",
    2.0,
    (1, 2),
    collections.OrderedDict(a=1),
]


def random_value(rng: random.Random, schema: t.Any, depth: int = 0) -> t.Any:
    if depth and rng.random() < 0.08:
        return rng.choice(ODD_VALUES)
    if not isinstance(schema, dict):
        return "x"
    if "anyOf" in schema:
        return random_value(rng, schema["anyOf"][0], depth)
    types = schema.get("type") or ["string"]
    if "object" in types and "properties" in schema:
        value = {
            name: random_value(rng, sub, depth + 1)
            for name, sub in schema["properties"].items()
            if rng.random() < 0.9
        }
        if rng.random() < 0.05:
            value["unknown"] = 1
        return value
    if "array" in types:
        return [random_value(rng, schema["items"], depth + 1) for _ in range(rng.randrange(6))]
    if "boolean" in types:
        return rng.choice([True, False, None])
    if "integer" in types:
        return rng.randrange(100)
    if "number" in types:
        return rng.random()
    return rng.choice(["s", None, "2024-01-01T00:00:00+00:00"])


@pytest.mark.parametrize("seed", range(40))
def test_random_schemas_and_records(seed: int) -> None:
    rng = random.Random(seed)
    for check_floats in (False, True):
        for level in (RECURSIVE, ROOT_ONLY):
            properties = {f"r{i}": random_schema(rng, 0) for i in range(rng.randrange(1, 14))}
            schema = {"type": "object", "properties": properties}
            fast, fast_report, slow, slow_report = pair(schema, level, check_floats=check_floats)
            for _ in range(25):
                record = random_value(rng, {"type": "object", "properties": properties})
                assert shape(fast(record), record) == shape(slow(record), record), (seed, record)
            assert fast_report.calls == slow_report.calls


def test_converters_compiled_for_extra_keys_after_compiling_are_not_kept() -> None:
    schema = {
        "type": "object",
        "properties": {"a": STRING},
        "patternProperties": {"^x": obj(y=BOOLEAN)},
    }
    compiler = conform_module._Compiler(RECURSIVE, Recorder(), check_floats=False)
    conformer = compiler.record(schema)
    for i in range(5):
        assert conformer({f"x{i}": {"y": 1}}) == {f"x{i}": {"y": True}}
    assert compiler.objects == {}
    assert compiler.lists == {}
