"""Stream map expressions: every name and function, the sandbox, and type inference."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import typing as t

import pytest

from singer_sdk._mapping.expressions import compile_expression, infer_schema
from singer_sdk.exceptions import MapExpressionError, StreamMapConfigError

RECORD = {"id": 3, "name": "Ada", "email": "ada@example.com", "tags": ["a", "", "b"], "n": 2.5}


def run(text: str, record: dict[str, t.Any] | None = None, **kwargs: t.Any) -> t.Any:
    kwargs.setdefault("stream", "people")
    return compile_expression(text, **kwargs)(RECORD if record is None else record)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name", "Ada"),
        ("record['name']", "Ada"),
        ("_['email']", "ada@example.com"),
        ("name + ' <' + email + '>'", "Ada <ada@example.com>"),
        ("id % 2 == 1", True),
        ("id * 2 + 1", 7),
        ("id ** 2", 9),
        ("-id", -3),
        ("not id", False),
        ("id if id > 2 else 0", 3),
        ("id > 1 and name == 'Ada'", True),
        ("f'{name}-{id:03d}'", "Ada-003"),
        ("name[0:2]", "Ad"),
        ("name.upper()", "ADA"),
        ("str(id)", "3"),
        ("int('7')", 7),
        ("float(id)", 3.0),
        ("bool(name)", True),
        ("md5(name)", hashlib.md5(b"Ada", usedforsecurity=False).hexdigest()),
        ("sha256(name)", hashlib.sha256(b"Ada").hexdigest()),
        ("json.dumps({'a': id})", '{"a": 3}'),
        ("json.loads('[1, 2]')", [1, 2]),
        ("datetime.date(2024, 1, 2).isoformat()", "2024-01-02"),
        ("datetime.datetime(2024, 1, 2, 3, 4).date()", dt.date(2024, 1, 2)),
        ("[t.upper() for t in tags if t]", ["A", "B"]),
        ("{t: t.upper() for t in tags}", {"a": "A", "": "", "b": "B"}),
        ("(t for t in tags)", None),
        ("[x * y for x in [1, 2] for y in [10, 100]]", [10, 100, 20, 200]),
        ("[1, 2] + [3]", [1, 2, 3]),
        ("(1, 'a')", (1, "a")),
        ("{'k': name}", {"k": "Ada"}),
        ("'x' in name", False),
        ("None", None),
    ],
)
def test_expression_values(text: str, expected: t.Any) -> None:
    value = run(text)
    if text.startswith("(t for"):
        value, expected = list(value), RECORD["tags"]
    assert value == expected


def test_special_names() -> None:
    expression = compile_expression(
        "[__stream_name__, __original_stream_name__, config['k'], self]",
        stream="alias",
        original_stream="source",
        config={"k": "v"},
    )
    assert expression(RECORD, "own") == ["alias", "source", "v", "own"]


def test_special_names_in_comprehension_path() -> None:
    expression = compile_expression(
        "[__stream_name__ + config['k'] + str(self) for _x in [1]]",
        stream="alias",
        config={"k": "-"},
    )
    assert expression(RECORD, 5) == ["alias-5"]


def test_special_names_shadow_record_fields_and_fields_shadow_functions() -> None:
    record = {"config": "field", "str": "field-str"}
    assert run("config", record, config={"a": 1}) == {"a": 1}
    assert run("str", record) == "field-str"
    assert run("str(1)", record) == "1"  # a call always reaches the function


def test_missing_name_is_a_map_expression_error() -> None:
    with pytest.raises(MapExpressionError) as excinfo:
        run("nope + 1")
    assert str(excinfo.value) == (
        "Failed to evaluate expression 'nope + 1' of stream map 'people': "
        "name 'nope' is not defined"
    )


def test_self_without_a_value_is_an_error() -> None:
    expression = compile_expression("self", stream="people", prop="missing")
    with pytest.raises(MapExpressionError, match="'self' is not defined"):
        expression(RECORD)


def test_runtime_type_error_names_the_expression() -> None:
    with pytest.raises(MapExpressionError, match=r"'name \+ 1'.*TypeError"):
        run("name + 1")


# -- syntax errors and the sandbox ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name +", "Invalid expression 'name +' in stream map 'people', property 'p': "),
        ("import os", "Invalid expression 'import os' in stream map 'people', property 'p': "),
        ("x = 1", "Invalid expression 'x = 1' in stream map 'people', property 'p': "),
        ("", "Invalid expression '' in stream map 'people', property 'p': expected a non-empty"),
    ],
)
def test_syntax_errors_are_config_errors(text: str, message: str) -> None:
    with pytest.raises(StreamMapConfigError) as excinfo:
        compile_expression(text, stream="people", prop="p")
    assert str(excinfo.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("__import__('os')", "The name '__import__' is not available"),
        ("__builtins__", "The name '__builtins__' is not available"),
        ("name.__class__", "The attribute '__class__' is not available"),
        ("().__class__.__bases__[0].__subclasses__()", "The attribute '__subclasses__'"),
        ("name._private", "The attribute '_private' is not available"),
        ("'{0.__class__}'.format(name)", "The attribute 'format' is not available"),
        ("'{x}'.format_map(record)", "The attribute 'format_map' is not available"),
        ("str.mro()", "The attribute 'mro' is not available"),
        ("lambda: 1", "Lambda is not available"),
        ("(x := 1)", "NamedExpr is not available"),
        ("[*tags]", "Starred is not available"),
        ("{t for t in tags}", "SetComp is not available"),
        (
            "len(tags)",
            (
                "function 'len' is not defined (available: bool, datetime, dict, float, int, "
                "json, list, md5, rand, randint, set, sha256, str, tuple)"
            ),
        ),
        ("name(1)", "function 'name' is not defined"),
        ("f'{id:>99999999}'", "This format specification is not available"),
    ],
)
def test_sandbox_refuses_escapes_at_setup(text: str, reason: str) -> None:
    with pytest.raises(StreamMapConfigError) as excinfo:
        compile_expression(text, stream="people", prop="p")
    assert reason in str(excinfo.value)


@pytest.mark.parametrize(
    "text",
    ["json.codecs", "json.decoder", "datetime.sys", "json.JSONDecoder"],
)
def test_wrapped_modules_expose_only_listed_attributes(text: str) -> None:
    with pytest.raises(MapExpressionError, match="not allowed on this wrapped module"):
        run(text)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("10 ** 10 ** 10", "too large"),
        ("2 ** 200000", "too large"),
        ("id ** 999999999", "too large"),
        ("'a' * 10 ** 9", "sequence that long"),
        ("tags * 10 ** 8", "sequence that long"),
        ("1 << 10 ** 6", "too large"),
        ("'%099999999d' % 1", "%-formatting of strings is not available"),
        ("[[x for x in tags * 1000] for y in tags * 1000]", "IterableTooLong"),
        # Issue 18: these grew until the machine killed the process.
        ("('x' * 99999).replace('x', 'x' * 99999)", "a string with replace"),
        ("'-'.join(['x' * 99999] * 99999)", "sequence that long"),
        ("'-'.join([name for x in 'x' * 9999]).replace('A', 'x' * 9999)", "with replace"),
        ("'x'.zfill(10 ** 9)", "with zfill"),
        ("'x'.ljust(10 ** 9)", "with ljust"),
        ("name.rjust(10 ** 9)", "with rjust"),
        ("b'x'.center(10 ** 9)", "with center"),
        ("('\\t' * 99999).expandtabs(99999)", "with expandtabs"),
        ("json.dumps([['x'] * 99999] * 99999)", "sequence that long"),
        ("str([[1] * 99999] * 99999)", "sequence that long"),
        ("(b'x' * 99999) * 99999", "sequence that long"),
        ("[name * 9999 for x in 'x' * 9999]", "value that large"),
        ("{x: name * 9999 for x in range_[:5000]}", "value that large"),
        ("9 ** 9 ** 9", "too large"),
    ],
)
def test_bounded_work(text: str, error: str) -> None:
    with pytest.raises(MapExpressionError, match=error):
        run(text, {**RECORD, "range_": list(range(9999))}, prop="p")


def test_a_refusal_names_the_stream_and_the_property() -> None:
    expression = compile_expression("'x' * 10 ** 9", stream="people", prop="big")
    with pytest.raises(MapExpressionError) as excinfo:
        expression(RECORD)
    assert str(excinfo.value).startswith(
        "Failed to evaluate expression \"'x' * 10 ** 9\" of stream map 'people', property 'big': "
        "IterableTooLong: Refusing to build a sequence that long"
    )


@pytest.mark.parametrize(
    "text",
    ["'ab'.replace('a', 'cd')", "'-'.join(['a', 'b'])", "'7'.zfill(3)", "name.center(9)",
     "[c for c in name]", "['ab'] * 50000"],
)  # fmt: skip
def test_small_growth_is_allowed(text: str) -> None:
    assert run(text)


def test_no_builtins_reachable() -> None:
    for name in ("open", "eval", "exec", "getattr", "globals", "type", "vars", "compile"):
        with pytest.raises(MapExpressionError, match=f"name '{name}' is not defined"):
            run(f"{name}")


# -- type inference ---------------------------------------------------------------------------

PROPERTIES = {
    "id": {"type": ["integer"]},
    "name": {"type": ["string", "null"]},
    "amount": {"type": ["number", "null"]},
    "tags": {"type": "array", "items": {"type": "string"}},
}
RAW = {"type": "object", "properties": PROPERTIES}


def infer(text: str, existing: dict[str, t.Any] | None = None) -> dict[str, t.Any]:
    tree = ast.parse(text, mode="eval")
    return infer_schema(text, tree, existing=existing, properties=PROPERTIES, raw_schema=RAW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("float(id)", {"type": ["number", "null"]}),
        ("int(name)", {"type": ["integer", "null"]}),
        ("int(amount) / 2", {"type": ["number", "null"]}),
        ("str(id)", {"type": ["string", "null"]}),
        ("bool(name)", {"type": ["boolean", "null"]}),
        ("json.dumps(record)", {"type": ["string", "null"]}),
        ("md5(name)", {"type": ["string", "null"]}),
        ("datetime.date.today()", {"type": ["string", "null"], "format": "date"}),
        ("datetime.datetime.now()", {"type": ["string", "null"], "format": "date-time"}),
        ("datetime.datetime.now().date()", {"type": ["string", "null"], "format": "date"}),
        ("'literal'", {"type": ["string", "null"]}),
        ("1", {"type": ["integer", "null"]}),
        ("1.5", {"type": ["number", "null"]}),
        ("True", {"type": ["boolean", "null"]}),
        ("id > 1", {"type": ["boolean", "null"]}),
        ("id > 1 and amount < 2", {"type": ["boolean", "null"]}),
        ("not name", {"type": ["boolean", "null"]}),
        ("id + 1", {"type": ["integer", "null"]}),
        ("id * amount", {"type": ["number", "null"]}),
        ("name + '!'", {"type": ["string", "null"]}),
        ("f'{name}'", {"type": ["string", "null"]}),
        # A filter of an array property keeps its items (regression: meltano-map-transform
        # 0.12.3's ``comprehension`` mapping lost them); any other comprehension is a bare array.
        ("[t for t in tags]", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("{t for t in tags}", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("[t for t in tags if t != 'x']", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("[t for t in record['tags']]", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("[t.upper() for t in tags]", {"type": ["array", "null"]}),
        ("[t for t in name]", {"type": ["array", "null"]}),
        ("[t for t in tags for u in tags]", {"type": ["array", "null"]}),
        ("[1, 2]", {"type": ["array", "null"]}),
        ("{'a': 1}", {"type": ["object", "null"]}),
        ("{t: 1 for t in tags}", {"type": ["object", "null"]}),
        ("tags", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("record['amount']", {"type": ["number", "null"]}),
        ("name.upper()", {"type": ["string", "null"]}),
        ("name.split(',')", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("id if id else None", {"type": ["integer", "null"]}),
        ("record", {"type": ["object", "null"], "properties": PROPERTIES}),
        ("name.strip().zfill(3)", {"type": ["string", "null"]}),
    ],
)
def test_inferred_types(text: str, expected: dict[str, t.Any]) -> None:
    assert infer(text) == expected


def test_unknown_shape_keeps_the_overwritten_property_schema() -> None:
    assert infer("fn(x)", existing={"type": "integer"}) == {"type": ["integer", "null"]}
