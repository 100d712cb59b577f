"""The closure validator: a JSON Schema compiled into a tree of small check functions.

:class:`Compiler` turns each subschema into a :data:`~singer_sdk._sinks.validation.values.Node`:
the Python classes that pass it outright, and a closure that checks everything else and raises
:class:`~singer_sdk._sinks.validation.values.Failure` on the first violation. Each record pays only
for the checks its schema asks for. Keywords not compiled here (``$ref``, ``if``/``then``/``else``,
``uniqueItems``, ...) are handed to ``jsonschema``, imported only when such a schema shows up.
"""

from __future__ import annotations

import decimal
import re
import typing as t
from functools import cache

from singer_sdk._exceptions import InvalidJSONSchema
from singer_sdk._schema.predicates import declared_types
from singer_sdk._sinks.validation.values import (
    ALL_KINDS,
    ANY_TYPE,
    KIND_OF_TYPE,
    TYPES_OF_KIND,
    Check,
    Failure,
    Node,
    decimals_as_floats,
    is_multiple,
    json_equal,
    kind_of,
    show,
)

__all__ = [
    "DELEGATED",
    "OBJECT_KEYWORDS",
    "REFERENCES",
    "Compiler",
    "has_reference",
    "passes",
    "regex",
]

_Decimal = decimal.Decimal


#: Draft 2020-12 keywords that this module leaves to ``jsonschema``: a subschema using one of them
#: is checked by ``jsonschema`` as a whole. Keywords not named here and not compiled below (titles,
#: descriptions, ``x-*`` extensions, ``format`` unless asked for, ...) are ignored.
DELEGATED = frozenset(
    {"if", "dependentRequired", "dependentSchemas", "prefixItems", "contains", "uniqueItems"}
    | {"propertyNames", "minProperties", "maxProperties", "unevaluatedItems"}
    | {"unevaluatedProperties"}
)
#: Keywords that resolve against the whole document: any of them sends the whole schema to
#: ``jsonschema``.
REFERENCES = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})
OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "patternProperties")


class Compiler:
    """Compiles subschemas into :data:`~singer_sdk._sinks.validation.values.Node` pairs."""

    def __init__(self, *, validate_formats: bool, format_checker: t.Any) -> None:
        self.validate_formats = validate_formats
        self.format_checker = format_checker

    # -- whole subschemas ------------------------------------------------------------------

    def node(self, schema: t.Any, where: str) -> Node:
        if schema is True:
            return ANY_TYPE, _accept_anything
        if schema is False:
            return frozenset(), _reject_everything
        if not isinstance(schema, dict):
            msg = f"Schema at '{where or '#'}' must be an object or a boolean, got {schema!r}"
            raise InvalidJSONSchema(msg)
        if any(key in DELEGATED for key in schema) or isinstance(schema.get("items"), list):
            return self.delegated(schema)

        allowed = self.allowed_kinds(schema, where)
        by_kind: dict[str, list[Check]] = {}
        string_checks = self.string_checks(schema, where)
        if string_checks:
            by_kind["string"] = string_checks
        number_checks = self.number_checks(schema, where)
        if number_checks:
            by_kind["integer"] = by_kind["number"] = number_checks
        if any(key in schema for key in OBJECT_KEYWORDS):
            by_kind["object"] = [self.object_check(schema, where)]
        if "items" in schema or "minItems" in schema or "maxItems" in schema:
            by_kind["array"] = [self.array_check(schema, where)]
        generic = self.generic_checks(schema, where)

        accept: frozenset[type] = frozenset()
        if not generic:
            kinds = ALL_KINDS if allowed is None else allowed
            accept = frozenset(
                tp for kind in kinds.difference(by_kind) for tp in TYPES_OF_KIND[kind]
            )
        type_reason = "" if allowed is None else "expected " + " or ".join(declared_types(schema))
        return accept, _node_check(allowed, type_reason, by_kind, generic)

    def allowed_kinds(self, schema: dict[str, t.Any], where: str) -> frozenset[str] | None:
        if "type" not in schema:
            return None
        names = declared_types(schema)
        unknown = [name for name in names if name not in ALL_KINDS]
        if unknown or not isinstance(schema["type"], str | list):
            msg = f"Schema at '{where or '#'}' has an unknown type: {schema['type']!r}"
            raise InvalidJSONSchema(msg)
        kinds = set(names)
        if "number" in kinds:
            kinds.add("integer")
        return frozenset(kinds)

    def delegated(self, schema: t.Any) -> Node:
        formats = self.formats_for_jsonschema()
        validator = _delegate_class()(schema, format_checker=formats)
        # Built on first need: the same validator with every decimal of the schema a float.
        as_floats: list[t.Any] = []

        def check(value: t.Any) -> None:
            try:
                error = next(validator.iter_errors(value), None)
            except TypeError:
                # jsonschema cannot mix Decimal and float (``multipleOf`` of one type against a
                # value of the other): judge with every decimal, in schema and value, a float.
                if not as_floats:
                    as_floats.append(
                        _delegate_class()(decimals_as_floats(schema), format_checker=formats)
                    )
                error = next(as_floats[0].iter_errors(decimals_as_floats(value)), None)
            if error is not None:
                raise Failure(error.message, *reversed(error.absolute_path))

        return frozenset(), check

    def formats_for_jsonschema(self) -> t.Any:
        if self.format_checker is not None:
            return self.format_checker
        import jsonschema  # type: ignore[import-untyped]

        if self.validate_formats:
            return jsonschema.Draft202012Validator.FORMAT_CHECKER
        return jsonschema.FormatChecker(formats=())

    # -- keywords by the kind of value they apply to ---------------------------------------------

    def string_checks(self, schema: dict[str, t.Any], where: str) -> list[Check]:
        checks: list[Check] = []
        if "minLength" in schema:
            low = _limit(schema, "minLength", where)

            def min_length(value: str) -> None:
                if len(value) < low:
                    raise Failure(f"expected at least {low} characters, got {show(value)}")

            checks.append(min_length)
        if "maxLength" in schema:
            high = _limit(schema, "maxLength", where)

            def max_length(value: str) -> None:
                if len(value) > high:
                    raise Failure(f"expected at most {high} characters, got {show(value)}")

            checks.append(max_length)
        if "pattern" in schema:
            search = regex(schema["pattern"], where).search
            shown = schema["pattern"]

            def pattern(value: str) -> None:
                if search(value) is None:
                    raise Failure(f"expected a string matching {shown!r}, got {show(value)}")

            checks.append(pattern)
        return checks

    def number_checks(self, schema: dict[str, t.Any], where: str) -> list[Check]:
        checks: list[Check] = []
        for keyword, symbol, fails in (
            ("minimum", ">=", _lt),
            ("exclusiveMinimum", ">", _le),
            ("maximum", "<=", _gt),
            ("exclusiveMaximum", "<", _ge),
        ):
            if keyword in schema:
                checks.append(_bound_check(_limit(schema, keyword, where), symbol, fails))
        if "multipleOf" in schema:
            divisor = _limit(schema, "multipleOf", where)
            if divisor <= 0:
                msg = f"Schema at '{where or '#'}': 'multipleOf' must be > 0, got {divisor!r}"
                raise InvalidJSONSchema(msg)

            def multiple_of(value: t.Any) -> None:
                if not is_multiple(value, divisor):
                    raise Failure(f"expected a multiple of {divisor}, got {show(value)}")

            checks.append(multiple_of)
        return checks

    def object_check(self, schema: dict[str, t.Any], where: str) -> Check:
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        patterns = schema.get("patternProperties", {})
        if not isinstance(properties, dict) or not isinstance(patterns, dict):
            msg = f"Schema at '{where or '#'}': 'properties' must be an object"
            raise InvalidJSONSchema(msg)
        if not isinstance(required, list) or not all(isinstance(n, str) for n in required):
            msg = f"Schema at '{where or '#'}': 'required' must be a list of strings"
            raise InvalidJSONSchema(msg)
        nodes = {
            name: self.node(sub, f"{where}/properties/{name}") for name, sub in properties.items()
        }
        needed = tuple(dict.fromkeys(required))
        pattern_nodes = [
            (regex(p, where).search, self.node(sub, f"{where}/patternProperties/{p}"))
            for p, sub in patterns.items()
        ]
        additional = schema.get("additionalProperties", True)
        if additional is True or additional == {}:
            extra_node: Node | None = None
        else:
            extra_node = self.node(additional, f"{where}/additionalProperties")

        if not pattern_nodes and extra_node is None:

            def check_object(value: dict[str, t.Any]) -> None:
                for name in needed:
                    if name not in value:
                        raise Failure("required field is missing", name)
                for key, item in value.items():
                    node = nodes.get(key)
                    if node is None or type(item) in node[0]:
                        continue
                    try:
                        node[1](item)
                    except Failure as failure:
                        failure.parts.append(key)
                        raise

            return check_object

        def check_object_with_extras(value: dict[str, t.Any]) -> None:
            for name in needed:
                if name not in value:
                    raise Failure("required field is missing", name)
            for key, item in value.items():
                matched: list[Node] = []
                node = nodes.get(key)
                if node is not None:
                    matched.append(node)
                matched.extend(sub for search, sub in pattern_nodes if search(key) is not None)
                if not matched and extra_node is not None:
                    if extra_node[1] is _reject_everything:
                        raise Failure("unexpected field (additionalProperties is false)", key)
                    matched.append(extra_node)
                for accept, check in matched:
                    if type(item) in accept:
                        continue
                    try:
                        check(item)
                    except Failure as failure:
                        failure.parts.append(key)
                        raise

        return check_object_with_extras

    def array_check(self, schema: dict[str, t.Any], where: str) -> Check:
        low = _limit(schema, "minItems", where) if "minItems" in schema else 0
        high = _limit(schema, "maxItems", where) if "maxItems" in schema else None
        items = schema.get("items", True)
        item_node = None if items is True or items == {} else self.node(items, f"{where}/items")

        def check_array(value: list[t.Any]) -> None:
            size = len(value)
            if size < low:
                raise Failure(f"expected at least {low} items, got {size}")
            if high is not None and size > high:
                raise Failure(f"expected at most {high} items, got {size}")
            if item_node is None:
                return
            accept, check = item_node
            for index, item in enumerate(value):
                if type(item) in accept:
                    continue
                try:
                    check(item)
                except Failure as failure:
                    failure.parts.append(index)
                    raise

        return check_array

    # -- keywords that apply to every value --------------------------------------------------

    def generic_checks(self, schema: dict[str, t.Any], where: str) -> list[Check]:
        checks: list[Check] = []
        if "enum" in schema:
            checks.append(_enum_check(schema["enum"], where))
        if "const" in schema:
            expected = schema["const"]

            def const(value: t.Any) -> None:
                if not json_equal(value, expected):
                    raise Failure(f"expected {show(expected)}, got {show(value)}")

            checks.append(const)
        if "allOf" in schema:
            checks.extend(node[1] for node in self.node_list(schema, "allOf", where))
        if "anyOf" in schema:
            checks.append(_any_of_check(self.node_list(schema, "anyOf", where)))
        if "oneOf" in schema:
            checks.append(_one_of_check(self.node_list(schema, "oneOf", where)))
        if "not" in schema:
            checks.append(_not_check(self.node(schema["not"], f"{where}/not")))
        if "format" in schema and (self.validate_formats or self.format_checker is not None):
            checks.append(self.format_check(schema["format"]))
        return checks

    def node_list(self, schema: dict[str, t.Any], keyword: str, where: str) -> list[Node]:
        subschemas = schema[keyword]
        if not isinstance(subschemas, list):
            msg = f"Schema at '{where or '#'}': {keyword!r} must be a list of schemas"
            raise InvalidJSONSchema(msg)
        return [self.node(sub, f"{where}/{keyword}/{i}") for i, sub in enumerate(subschemas)]

    def format_check(self, fmt: str) -> Check:
        conforms = self.formats_for_jsonschema().conforms

        def check_format(value: t.Any) -> None:
            if not conforms(value, fmt):
                raise Failure(f"expected a {fmt} string, got {show(value)}")

        return check_format


def _limit(schema: dict[str, t.Any], keyword: str, where: str) -> t.Any:
    value = schema[keyword]
    if isinstance(value, bool) or not isinstance(value, int | float | _Decimal):
        msg = f"Schema at '{where or '#'}': {keyword!r} must be a number, got {value!r}"
        raise InvalidJSONSchema(msg)
    return value


def regex(pattern: t.Any, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as ex:
        msg = f"Schema at '{where or '#'}' has an invalid pattern {pattern!r}: {ex}"
        raise InvalidJSONSchema(msg) from ex


def _lt(value: t.Any, bound: t.Any) -> bool:
    return bool(value < bound)


def _le(value: t.Any, bound: t.Any) -> bool:
    return bool(value <= bound)


def _gt(value: t.Any, bound: t.Any) -> bool:
    return bool(value > bound)


def _ge(value: t.Any, bound: t.Any) -> bool:
    return bool(value >= bound)


def _bound_check(bound: t.Any, symbol: str, fails: t.Callable[[t.Any, t.Any], bool]) -> Check:
    def check_bound(value: t.Any) -> None:
        try:
            failed = fails(value, bound)
        except (decimal.InvalidOperation, TypeError):  # NaN or a non-real number
            failed = True
        if failed:
            raise Failure(f"expected a number {symbol} {bound}, got {show(value)}")

    return check_bound


def _enum_check(members: t.Any, where: str) -> Check:
    if not isinstance(members, list):
        msg = f"Schema at '{where or '#'}': 'enum' must be a list, got {members!r}"
        raise InvalidJSONSchema(msg)
    strings = frozenset(m for m in members if isinstance(m, str))
    others = [m for m in members if not isinstance(m, str)]
    shown = show(members)

    def check_enum(value: t.Any) -> None:
        if (
            value in strings
            if isinstance(value, str)
            else any(json_equal(value, m) for m in others)
        ):
            return
        raise Failure(f"expected one of {shown}, got {show(value)}")

    return check_enum


def passes(node: Node, value: t.Any) -> bool:
    if type(value) in node[0]:
        return True
    try:
        node[1](value)
    except Failure:
        return False
    return True


def _any_of_check(nodes: list[Node]) -> Check:
    def check_any_of(value: t.Any) -> None:
        for node in nodes:
            if passes(node, value):
                return
        raise Failure(f"expected a value matching one of the anyOf schemas, got {show(value)}")

    return check_any_of


def _one_of_check(nodes: list[Node]) -> Check:
    def check_one_of(value: t.Any) -> None:
        matches = 0
        for node in nodes:
            if passes(node, value):
                matches += 1
                if matches > 1:
                    shown = show(value)
                    raise Failure(f"expected exactly one oneOf schema to match {shown}, got more")
        if not matches:
            raise Failure(f"expected a value matching one of the oneOf schemas, got {show(value)}")

    return check_one_of


def _not_check(node: Node) -> Check:
    def check_not(value: t.Any) -> None:
        if passes(node, value):
            raise Failure(f"expected a value the 'not' schema rejects, got {show(value)}")

    return check_not


def _node_check(
    allowed: frozenset[str] | None,
    type_reason: str,
    by_kind: dict[str, list[Check]],
    generic: list[Check],
) -> Check:
    if len(by_kind) == 1 and not generic:
        # The common nullable object / array / constrained scalar: one kind carries all the work.
        ((only_kind, only_checks),) = by_kind.items()
        if len(only_checks) == 1:
            only_check = only_checks[0]

            def check_one_kind(value: t.Any) -> None:
                kind = KIND_OF_TYPE.get(type(value)) or kind_of(value)
                if allowed is not None and kind not in allowed:
                    raise Failure(f"{type_reason}, got {show(value)}")
                if kind == only_kind:
                    only_check(value)

            return check_one_kind

    def check(value: t.Any) -> None:
        kind = KIND_OF_TYPE.get(type(value)) or kind_of(value)
        if allowed is not None and kind not in allowed:
            raise Failure(f"{type_reason}, got {show(value)}")
        if kind is not None:
            for kind_check in by_kind.get(kind, ()):
                kind_check(value)
        for generic_check in generic:
            generic_check(value)

    return check


def _accept_anything(value: t.Any) -> None:
    return None


def _reject_everything(value: t.Any) -> None:
    raise Failure(f"no value is allowed here, got {show(value)}")


def has_reference(schema: t.Any) -> bool:
    if isinstance(schema, dict):
        return any(key in REFERENCES for key in schema) or any(
            has_reference(sub) for sub in schema.values()
        )
    if isinstance(schema, list):
        return any(has_reference(sub) for sub in schema)
    return False


@cache
def _delegate_class() -> t.Any:
    """Return ``jsonschema``'s draft 2020-12 validator, with integral Decimals as integers."""
    import jsonschema
    from jsonschema import validators

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: kind_of(value) == "integer"
    )
    return validators.extend(base, type_checker=checker)
