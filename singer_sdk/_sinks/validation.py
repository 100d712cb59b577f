"""Record validation and date-time parsing for target sinks, compiled once per schema.

A sink receives one SCHEMA and then many RECORDs. Walking the JSON Schema for every record (what
``jsonschema`` does) costs far more than the record is worth, so this module turns a schema into a
tree of small closures once, and each record then only pays for the checks its schema asks for:

- :func:`compile_validator` returns a function that checks a record against a JSON Schema
  (draft 2020-12 semantics) and raises :class:`RecordValidationError` on the first violation.
  Keywords it does not compile itself (``$ref``, ``if``/``then``/``else``, ``uniqueItems``, ...)
  are handed to ``jsonschema``, imported only when such a schema shows up. In front of those
  closures sits one generated function per schema (written once, like the tap's conformer) that
  proves the common valid record valid with flat class and key checks; only a record it cannot
  prove valid goes through the closures, which find and report the violation.
- :func:`compile_datetime_parser` returns a function that turns the ``date-time``, ``date`` and
  ``time`` strings of a record's top-level properties into :mod:`datetime` objects.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import numbers
import re
import typing as t
from functools import cache

from singer_sdk.exceptions import InvalidJSONSchema
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum

if t.TYPE_CHECKING:
    from fractions import Fraction

__all__ = ["RecordValidationError", "compile_datetime_parser", "compile_validator"]

_Check: t.TypeAlias = t.Callable[[t.Any], None]
#: A compiled subschema: the exact Python types that pass it with no further work, and the full
#: check (which raises :class:`_Failure`) for everything else.
_Node: t.TypeAlias = tuple[frozenset[type], _Check]

_LOGGER = logging.getLogger("singer_sdk.sinks")
_UTC = dt.UTC
_Decimal = decimal.Decimal
_NoneType = type(None)

_KIND_OF_TYPE: dict[type, str] = {
    str: "string",
    bool: "boolean",
    _NoneType: "null",
    dict: "object",
    list: "array",
    int: "integer",
}
_TYPES_OF_KIND: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "null": (_NoneType,),
    "object": (dict,),
    "array": (list,),
    "integer": (int,),
    "number": (int, float, _Decimal),
}
_ALL_KINDS = frozenset({"string", "boolean", "null", "object", "array", "integer", "number"})
_NUMERIC = frozenset({"integer", "number"})
_ANY_TYPE = frozenset(t for types in _TYPES_OF_KIND.values() for t in types)

#: Draft 2020-12 keywords that this module leaves to ``jsonschema``: a subschema using one of them
#: is checked by ``jsonschema`` as a whole. Keywords not named here and not compiled below (titles,
#: descriptions, ``x-*`` extensions, ``format`` unless asked for, ...) are ignored.
_DELEGATED = frozenset(
    {"if", "dependentRequired", "dependentSchemas", "prefixItems", "contains", "uniqueItems"}
    | {"propertyNames", "minProperties", "maxProperties", "unevaluatedItems"}
    | {"unevaluatedProperties"}
)
#: Keywords that resolve against the whole document: any of them sends the whole schema to
#: ``jsonschema``.
_REFERENCES = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})
_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "patternProperties")


class RecordValidationError(ValueError):
    """A record does not match its schema, or one of its date-time values cannot be parsed.

    Attributes:
        path: Where in the record, e.g. ``address.geo.lat`` or ``tags[1]``; ``""`` for the
            record itself.
        reason: What was expected and what was found, e.g.
            ``expected integer or null, got 'abc'``.
    """

    def __init__(self, path: str, reason: str) -> None:
        """Build the error.

        Args:
            path: Where in the record the problem is (``""`` for the record itself).
            reason: What was expected and what was found.
        """
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        """Return ``"<path>: <reason>"``, or just the reason when the path is empty."""
        return f"{self.path}: {self.reason}" if self.path else self.reason


class _Failure(Exception):
    """Raised inside compiled checks; ``parts`` collects the path from the leaf upwards."""

    __slots__ = ("parts", "reason")

    def __init__(self, reason: str, *parts: str | int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.parts: list[str | int] = list(parts)


def _path(parts: list[str | int]) -> str:
    out = ""
    for part in reversed(parts):
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else part
    return out


def _show(value: t.Any) -> str:
    text = str(value) if isinstance(value, _Decimal) else repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _kind(value: t.Any) -> str | None:
    """Return the JSON type of ``value`` (integral numbers are ``integer``), or None."""
    kind = _KIND_OF_TYPE.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, _Decimal):
        integral = value.is_finite() and value == value.to_integral_value()
        return "integer" if integral else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, numbers.Rational):  # e.g. a Fraction
        return "integer" if value.denominator == 1 else "number"
    if isinstance(value, numbers.Number):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return None


def _json_equal(one: t.Any, two: t.Any) -> bool:
    """Compare two JSON values the JSON Schema way (``true`` is not ``1``, ``1`` is ``1.0``)."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, bool) or isinstance(two, bool):
        return False
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(map(_json_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_json_equal(one[k], two[k]) for k in one)
    try:
        return bool(one == two)
    except decimal.InvalidOperation:
        return False


def _is_multiple(value: t.Any, divisor: t.Any) -> bool:
    if type(value) is int and type(divisor) is int:
        return value % divisor == 0
    try:
        quotient = _exact(value) / _exact(divisor)
    except (ValueError, OverflowError, ZeroDivisionError, TypeError):
        return False
    return quotient.denominator == 1


def _exact(number: t.Any) -> Fraction:
    # A float is taken as the decimal text it prints as, i.e. the number the JSON document said.
    from fractions import Fraction  # only multipleOf needs it (and its import costs ~3 ms)

    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


class _Compiler:
    def __init__(self, *, validate_formats: bool, format_checker: t.Any) -> None:
        self.validate_formats = validate_formats
        self.format_checker = format_checker

    # -- whole subschemas ------------------------------------------------------------------

    def node(self, schema: t.Any, where: str) -> _Node:
        if schema is True:
            return _ANY_TYPE, _accept_anything
        if schema is False:
            return frozenset(), _reject_everything
        if not isinstance(schema, dict):
            msg = f"Schema at '{where or '#'}' must be an object or a boolean, got {schema!r}"
            raise InvalidJSONSchema(msg)
        if any(key in _DELEGATED for key in schema) or isinstance(schema.get("items"), list):
            return self.delegated(schema)

        allowed = self.allowed_kinds(schema, where)
        by_kind: dict[str, list[_Check]] = {}
        string_checks = self.string_checks(schema, where)
        if string_checks:
            by_kind["string"] = string_checks
        number_checks = self.number_checks(schema, where)
        if number_checks:
            by_kind["integer"] = by_kind["number"] = number_checks
        if any(key in schema for key in _OBJECT_KEYWORDS):
            by_kind["object"] = [self.object_check(schema, where)]
        if "items" in schema or "minItems" in schema or "maxItems" in schema:
            by_kind["array"] = [self.array_check(schema, where)]
        generic = self.generic_checks(schema, where)

        accept: frozenset[type] = frozenset()
        if not generic:
            kinds = _ALL_KINDS if allowed is None else allowed
            accept = frozenset(
                tp for kind in kinds.difference(by_kind) for tp in _TYPES_OF_KIND[kind]
            )
        type_reason = "" if allowed is None else "expected " + " or ".join(_type_names(schema))
        return accept, _node_check(allowed, type_reason, by_kind, generic)

    def allowed_kinds(self, schema: dict[str, t.Any], where: str) -> frozenset[str] | None:
        if "type" not in schema:
            return None
        names = _type_names(schema)
        unknown = [name for name in names if name not in _ALL_KINDS]
        if unknown or not isinstance(schema["type"], str | list):
            msg = f"Schema at '{where or '#'}' has an unknown type: {schema['type']!r}"
            raise InvalidJSONSchema(msg)
        kinds = set(names)
        if "number" in kinds:
            kinds.add("integer")
        return frozenset(kinds)

    def delegated(self, schema: t.Any) -> _Node:
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
                        _delegate_class()(_decimals_as_floats(schema), format_checker=formats)
                    )
                error = next(as_floats[0].iter_errors(_decimals_as_floats(value)), None)
            if error is not None:
                raise _Failure(error.message, *reversed(error.absolute_path))

        return frozenset(), check

    def formats_for_jsonschema(self) -> t.Any:
        if self.format_checker is not None:
            return self.format_checker
        import jsonschema  # type: ignore[import-untyped]

        if self.validate_formats:
            return jsonschema.Draft202012Validator.FORMAT_CHECKER
        return jsonschema.FormatChecker(formats=())

    # -- keywords by the kind of value they apply to ---------------------------------------------

    def string_checks(self, schema: dict[str, t.Any], where: str) -> list[_Check]:
        checks: list[_Check] = []
        if "minLength" in schema:
            low = _limit(schema, "minLength", where)

            def min_length(value: str) -> None:
                if len(value) < low:
                    raise _Failure(f"expected at least {low} characters, got {_show(value)}")

            checks.append(min_length)
        if "maxLength" in schema:
            high = _limit(schema, "maxLength", where)

            def max_length(value: str) -> None:
                if len(value) > high:
                    raise _Failure(f"expected at most {high} characters, got {_show(value)}")

            checks.append(max_length)
        if "pattern" in schema:
            search = _regex(schema["pattern"], where).search
            shown = schema["pattern"]

            def pattern(value: str) -> None:
                if search(value) is None:
                    raise _Failure(f"expected a string matching {shown!r}, got {_show(value)}")

            checks.append(pattern)
        return checks

    def number_checks(self, schema: dict[str, t.Any], where: str) -> list[_Check]:
        checks: list[_Check] = []
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
                if not _is_multiple(value, divisor):
                    raise _Failure(f"expected a multiple of {divisor}, got {_show(value)}")

            checks.append(multiple_of)
        return checks

    def object_check(self, schema: dict[str, t.Any], where: str) -> _Check:
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
            (_regex(p, where).search, self.node(sub, f"{where}/patternProperties/{p}"))
            for p, sub in patterns.items()
        ]
        additional = schema.get("additionalProperties", True)
        if additional is True or additional == {}:
            extra_node: _Node | None = None
        else:
            extra_node = self.node(additional, f"{where}/additionalProperties")

        if not pattern_nodes and extra_node is None:

            def check_object(value: dict[str, t.Any]) -> None:
                for name in needed:
                    if name not in value:
                        raise _Failure("required field is missing", name)
                for key, item in value.items():
                    node = nodes.get(key)
                    if node is None or type(item) in node[0]:
                        continue
                    try:
                        node[1](item)
                    except _Failure as failure:
                        failure.parts.append(key)
                        raise

            return check_object

        def check_object_with_extras(value: dict[str, t.Any]) -> None:
            for name in needed:
                if name not in value:
                    raise _Failure("required field is missing", name)
            for key, item in value.items():
                matched: list[_Node] = []
                node = nodes.get(key)
                if node is not None:
                    matched.append(node)
                matched.extend(sub for search, sub in pattern_nodes if search(key) is not None)
                if not matched and extra_node is not None:
                    if extra_node[1] is _reject_everything:
                        raise _Failure("unexpected field (additionalProperties is false)", key)
                    matched.append(extra_node)
                for accept, check in matched:
                    if type(item) in accept:
                        continue
                    try:
                        check(item)
                    except _Failure as failure:
                        failure.parts.append(key)
                        raise

        return check_object_with_extras

    def array_check(self, schema: dict[str, t.Any], where: str) -> _Check:
        low = _limit(schema, "minItems", where) if "minItems" in schema else 0
        high = _limit(schema, "maxItems", where) if "maxItems" in schema else None
        items = schema.get("items", True)
        item_node = None if items is True or items == {} else self.node(items, f"{where}/items")

        def check_array(value: list[t.Any]) -> None:
            size = len(value)
            if size < low:
                raise _Failure(f"expected at least {low} items, got {size}")
            if high is not None and size > high:
                raise _Failure(f"expected at most {high} items, got {size}")
            if item_node is None:
                return
            accept, check = item_node
            for index, item in enumerate(value):
                if type(item) in accept:
                    continue
                try:
                    check(item)
                except _Failure as failure:
                    failure.parts.append(index)
                    raise

        return check_array

    # -- keywords that apply to every value --------------------------------------------------

    def generic_checks(self, schema: dict[str, t.Any], where: str) -> list[_Check]:
        checks: list[_Check] = []
        if "enum" in schema:
            checks.append(_enum_check(schema["enum"], where))
        if "const" in schema:
            expected = schema["const"]

            def const(value: t.Any) -> None:
                if not _json_equal(value, expected):
                    raise _Failure(f"expected {_show(expected)}, got {_show(value)}")

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

    def node_list(self, schema: dict[str, t.Any], keyword: str, where: str) -> list[_Node]:
        subschemas = schema[keyword]
        if not isinstance(subschemas, list):
            msg = f"Schema at '{where or '#'}': {keyword!r} must be a list of schemas"
            raise InvalidJSONSchema(msg)
        return [self.node(sub, f"{where}/{keyword}/{i}") for i, sub in enumerate(subschemas)]

    def format_check(self, fmt: str) -> _Check:
        conforms = self.formats_for_jsonschema().conforms

        def check_format(value: t.Any) -> None:
            if not conforms(value, fmt):
                raise _Failure(f"expected a {fmt} string, got {_show(value)}")

        return check_format


def _type_names(schema: dict[str, t.Any]) -> list[str]:
    declared = schema["type"]
    return [declared] if isinstance(declared, str) else list(declared)


def _limit(schema: dict[str, t.Any], keyword: str, where: str) -> t.Any:
    value = schema[keyword]
    if isinstance(value, bool) or not isinstance(value, int | float | _Decimal):
        msg = f"Schema at '{where or '#'}': {keyword!r} must be a number, got {value!r}"
        raise InvalidJSONSchema(msg)
    return value


def _regex(pattern: t.Any, where: str) -> re.Pattern[str]:
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


def _bound_check(bound: t.Any, symbol: str, fails: t.Callable[[t.Any, t.Any], bool]) -> _Check:
    def check_bound(value: t.Any) -> None:
        try:
            failed = fails(value, bound)
        except (decimal.InvalidOperation, TypeError):  # NaN or a non-real number
            failed = True
        if failed:
            raise _Failure(f"expected a number {symbol} {bound}, got {_show(value)}")

    return check_bound


def _enum_check(members: t.Any, where: str) -> _Check:
    if not isinstance(members, list):
        msg = f"Schema at '{where or '#'}': 'enum' must be a list, got {members!r}"
        raise InvalidJSONSchema(msg)
    strings = frozenset(m for m in members if isinstance(m, str))
    others = [m for m in members if not isinstance(m, str)]
    shown = _show(members)

    def check_enum(value: t.Any) -> None:
        if (
            value in strings
            if isinstance(value, str)
            else any(_json_equal(value, m) for m in others)
        ):
            return
        raise _Failure(f"expected one of {shown}, got {_show(value)}")

    return check_enum


def _passes(node: _Node, value: t.Any) -> bool:
    if type(value) in node[0]:
        return True
    try:
        node[1](value)
    except _Failure:
        return False
    return True


def _any_of_check(nodes: list[_Node]) -> _Check:
    def check_any_of(value: t.Any) -> None:
        for node in nodes:
            if _passes(node, value):
                return
        raise _Failure(f"expected a value matching one of the anyOf schemas, got {_show(value)}")

    return check_any_of


def _one_of_check(nodes: list[_Node]) -> _Check:
    def check_one_of(value: t.Any) -> None:
        matches = 0
        for node in nodes:
            if _passes(node, value):
                matches += 1
                if matches > 1:
                    shown = _show(value)
                    raise _Failure(f"expected exactly one oneOf schema to match {shown}, got more")
        if not matches:
            raise _Failure(
                f"expected a value matching one of the oneOf schemas, got {_show(value)}"
            )

    return check_one_of


def _not_check(node: _Node) -> _Check:
    def check_not(value: t.Any) -> None:
        if _passes(node, value):
            raise _Failure(f"expected a value the 'not' schema rejects, got {_show(value)}")

    return check_not


def _node_check(
    allowed: frozenset[str] | None,
    type_reason: str,
    by_kind: dict[str, list[_Check]],
    generic: list[_Check],
) -> _Check:
    if len(by_kind) == 1 and not generic:
        # The common nullable object / array / constrained scalar: one kind carries all the work.
        ((only_kind, only_checks),) = by_kind.items()
        if len(only_checks) == 1:
            only_check = only_checks[0]

            def check_one_kind(value: t.Any) -> None:
                kind = _KIND_OF_TYPE.get(type(value)) or _kind(value)
                if allowed is not None and kind not in allowed:
                    raise _Failure(f"{type_reason}, got {_show(value)}")
                if kind == only_kind:
                    only_check(value)

            return check_one_kind

    def check(value: t.Any) -> None:
        kind = _KIND_OF_TYPE.get(type(value)) or _kind(value)
        if allowed is not None and kind not in allowed:
            raise _Failure(f"{type_reason}, got {_show(value)}")
        if kind is not None:
            for kind_check in by_kind.get(kind, ()):
                kind_check(value)
        for generic_check in generic:
            generic_check(value)

    return check


def _accept_anything(value: t.Any) -> None:
    return None


def _reject_everything(value: t.Any) -> None:
    raise _Failure(f"no value is allowed here, got {_show(value)}")


def _has_reference(schema: t.Any) -> bool:
    if isinstance(schema, dict):
        return any(key in _REFERENCES for key in schema) or any(
            _has_reference(sub) for sub in schema.values()
        )
    if isinstance(schema, list):
        return any(_has_reference(sub) for sub in schema)
    return False


@cache
def _delegate_class() -> t.Any:
    """Return ``jsonschema``'s draft 2020-12 validator, with integral Decimals as integers."""
    import jsonschema
    from jsonschema import validators

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: _kind(value) == "integer"
    )
    return validators.extend(base, type_checker=checker)


def compile_validator(
    schema: dict[str, t.Any],
    *,
    validate_formats: bool = False,
    format_checker: t.Any = None,
) -> t.Callable[[dict[str, t.Any]], None]:
    """Compile a record validator for one stream schema.

    Semantics are JSON Schema draft 2020-12, with two deliberate choices for what targets see:
    numbers arrive as ``int`` or :class:`~decimal.Decimal`, and a ``Decimal`` (or ``float``) with
    an integral value counts as an ``integer``; ``multipleOf`` is computed exactly. Unknown
    keywords are ignored. ``format`` is not checked unless asked for, as in Meltano's SDK.

    Args:
        schema: The stream's JSON Schema.
        validate_formats: Check ``format`` keywords with ``jsonschema``'s default format checker.
        format_checker: A ``jsonschema.FormatChecker`` to check ``format`` keywords with
            (implies ``validate_formats``).

    Returns:
        A function that returns None for a valid record and raises
        :class:`RecordValidationError` on the first violation it finds.

    Raises:
        InvalidJSONSchema: The schema cannot be compiled (unknown type name, a keyword of the
            wrong shape, an invalid regular expression, ...).
    """
    compiler = _Compiler(validate_formats=validate_formats, format_checker=format_checker)
    if _has_reference(schema):
        accept, check = compiler.delegated(schema)
    else:
        accept, check = compiler.node(schema, "")

    def validate(record: dict[str, t.Any]) -> None:
        if type(record) in accept:
            return
        try:
            check(record)
        except _Failure as failure:
            raise RecordValidationError(_path(failure.parts), failure.reason) from None

    if accept or _has_reference(schema):
        return validate
    return _FastPath(compiler).validator(schema, validate)


def _compile_fast_check(
    schema: t.Any, *, validate_formats: bool = False, format_checker: t.Any = None
) -> t.Callable[[t.Any], bool] | None:
    """Return the generated check alone: True only for values the full validator accepts.

    None when the schema contains references (those schemas are left to ``jsonschema``).
    """
    if _has_reference(schema):
        return None
    compiler = _Compiler(validate_formats=validate_formats, format_checker=format_checker)
    compiler.node(schema, "")  # rejects schemas that cannot be compiled
    return _FastPath(compiler).check(schema)


def _decimals_as_floats(value: t.Any) -> t.Any:
    """Return ``value`` with every :class:`~decimal.Decimal` (at any depth) as a float."""
    if isinstance(value, _Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: _decimals_as_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decimals_as_floats(item) for item in value]
    return value


# -- the generated fast path ---------------------------------------------------------------------


class _Missing:
    """The class of the value the generated code reads for an absent property."""

    __slots__ = ()


_MISSING = _Missing()
#: Keywords that apply to values of every kind; the generated code inlines only these two.
_INLINED_GENERIC = ("anyOf", "allOf")
_OTHER_GENERIC = ("enum", "const", "oneOf", "not")
_STRING_KEYWORDS = ("minLength", "maxLength", "pattern")
_BOUND_KEYWORDS = (
    ("minimum", ">="),
    ("exclusiveMinimum", ">"),
    ("maximum", "<="),
    ("exclusiveMaximum", "<"),
)
_NUMBER_KEYWORDS = ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf")
_ARRAY_KEYWORDS = ("items", "minItems", "maxItems")
#: How deep the generated code inlines nested subschemas; deeper ones call the compiled check.
_MAX_INLINE_DEPTH = 8
#: How many subschemas one generated function inlines at most.
_MAX_INLINE_SUBSCHEMAS = 1000
_GENERATED_FILENAME = "<singer_sdk validator>"


class _FastPath:
    """Writes one flat Python function per schema that proves the common valid record valid.

    The generated expression for a subschema is true only if the compiled check would accept
    the value; when it is false (a violation, or a value it does not look into, such as an
    integral ``Decimal`` in an integer field) the compiled check decides and reports.
    """

    def __init__(self, compiler: _Compiler) -> None:
        self.compiler = compiler
        self.namespace: dict[str, t.Any] = {
            "_len": len,
            "_map": map,
            "_type": type,
            "_all": all,
            "_M": _MISSING,
            "_Decimal": _Decimal,
        }
        self.names: dict[t.Any, str] = {}
        self.helpers: list[str] = []
        self.budget = _MAX_INLINE_SUBSCHEMAS
        #: The generated source (for debugging).
        self.source = ""

    def constant(self, value: t.Any, kind: str, key: t.Any = None) -> str:
        """Return the name the generated code refers to ``value`` by."""
        key = ("id", id(value)) if key is None else key
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"_{kind}{len(self.names)}"
            self.namespace[name] = value
        return name

    def classes(self, classes: frozenset[type]) -> str:
        return self.constant(classes, "classes", ("classes", classes))

    def compiled(self, schema: t.Any, var: str) -> str:
        """Return a call of the compiled check of ``schema`` on ``var``, as a boolean."""
        node = self.compiler.node(schema, "")
        name = self.constant(lambda value: _passes(node, value), "passes", ("node", id(schema)))
        return f"{name}({var})"

    # -- expressions -------------------------------------------------------------------------

    def subschema(self, schema: t.Any, var: str, depth: int) -> frozenset[type] | str:
        """Return the classes that pass ``schema`` outright, or an expression on name ``var``.

        The expression is true only if the value bound to ``var`` passes ``schema``.
        """
        if schema is True or schema == {}:
            return "True"
        if schema is False:
            return "False"
        self.budget -= 1
        if (
            depth > _MAX_INLINE_DEPTH
            or self.budget < 0
            or any(key in _DELEGATED or key in _REFERENCES for key in schema)
            or any(key in schema for key in _OTHER_GENERIC)
            or isinstance(schema.get("items"), list)
            or ("format" in schema and self.compiler.validate_formats)
            or ("format" in schema and self.compiler.format_checker is not None)
        ):
            return self.compiled(schema, var)

        allowed = self.compiler.allowed_kinds(schema, "")
        kinds = _ALL_KINDS if allowed is None else allowed
        has_string = any(key in schema for key in _STRING_KEYWORDS)
        has_number = any(key in schema for key in _NUMBER_KEYWORDS)
        has_object = any(key in schema for key in _OBJECT_KEYWORDS)
        has_array = any(key in schema for key in _ARRAY_KEYWORDS)
        generic = [key for key in _INLINED_GENERIC if key in schema]
        if allowed is None and not (has_string or has_number or has_object or has_array or generic):
            return "True"
        constrained = {
            kind
            for kind, present in (
                ("string", has_string),
                ("integer", has_number),
                ("number", has_number),
                ("object", has_object),
                ("array", has_array),
            )
            if present
        }
        plain = frozenset(
            tp for kind in kinds.difference(constrained) for tp in _TYPES_OF_KIND[kind]
        )
        if not generic and constrained.isdisjoint(kinds):
            return plain
        # Containers first: a nullable object or array property mostly holds one.
        alternatives: list[str] = []
        fallback = False
        if "string" in kinds and has_string:
            alternatives.append(self.string(schema, var))
        if has_number and not kinds.isdisjoint(_NUMERIC):
            if "multipleOf" in schema:
                fallback = True
            else:
                alternatives.extend(self.numbers(schema, var, kinds))
        if "object" in kinds and has_object:
            check = self.object(schema, var, depth)
            if check is None:
                fallback = True
            else:
                alternatives.append(f"{var}.__class__ is dict and {check}")
        if "array" in kinds and has_array:
            alternatives.append(f"{var}.__class__ is list and {self.array(schema, var, depth)}")
        if plain:
            alternatives.append(f"{var}.__class__ in {self.classes(plain)}")
        if fallback:
            alternatives.append(self.compiled(schema, var))
        joined = " or ".join(f"({alt})" for alt in alternatives)
        terms = [f"({joined})" if joined else "False"]
        if allowed is None and not constrained:
            terms = []
        if "allOf" in schema:
            for sub in schema["allOf"]:
                terms.append(self.expression(sub, var, depth))
        if "anyOf" in schema:
            branches = [self.expression(sub, var, depth) for sub in schema["anyOf"]]
            terms.append("(" + " or ".join(branches) + ")")
        return " and ".join(terms) if terms else "True"

    def expression(self, schema: t.Any, var: str, depth: int) -> str:
        result = self.subschema(schema, var, depth)
        if isinstance(result, str):
            return f"({result})"
        return f"{var}.__class__ in {self.classes(result)}"

    def string(self, schema: dict[str, t.Any], var: str) -> str:
        terms = [f"{var}.__class__ is str"]
        if "minLength" in schema:
            terms.append(f"_len({var}) >= {self.constant(schema['minLength'], 'limit')}")
        if "maxLength" in schema:
            terms.append(f"_len({var}) <= {self.constant(schema['maxLength'], 'limit')}")
        if "pattern" in schema:
            search = self.constant(_regex(schema["pattern"], "").search, "search")
            terms.append(f"{search}({var}) is not None")
        return " and ".join(terms)

    def numbers(self, schema: dict[str, t.Any], var: str, kinds: frozenset[str]) -> list[str]:
        bounds = [
            f"{var} {symbol} {self.constant(schema[keyword], 'limit')}"
            for keyword, symbol in _BOUND_KEYWORDS
            if keyword in schema
        ]
        checks = " and ".join(bounds)
        alternatives = [f"{var}.__class__ is int and {checks}"]
        if "number" in kinds:
            # A finite Decimal compares exactly with int, float and Decimal bounds.
            alternatives.append(f"{var}.__class__ is _Decimal and {var}.is_finite() and {checks}")
        return alternatives

    def object(self, schema: dict[str, t.Any], var: str, depth: int) -> str | None:
        additional = schema.get("additionalProperties", True)
        if "patternProperties" in schema or not (
            additional is True or additional is False or additional == {}
        ):
            return None
        terms: list[str] = []
        required = dict.fromkeys(schema.get("required", ()))
        properties: dict[str, t.Any] = schema.get("properties", {})
        if additional is False:
            known = self.constant(frozenset(properties).issuperset, "known")
            terms.append(f"{known}({var})")
        value = f"_v{depth}"
        for name, sub in properties.items():
            result = self.subschema(sub, value, depth + 1)
            if result == "True":
                continue
            if isinstance(result, str):
                terms.append(f"(({value} := {var}.get({name!r}, _M)) is _M or {result})")
            elif name in required:
                # An absent value reads as _M, whose class no set holds: this checks presence.
                del required[name]
                terms.append(f"{var}.get({name!r}, _M).__class__ in {self.classes(result)}")
            else:
                classes = self.classes(result | {_Missing})
                terms.append(f"{var}.get({name!r}, _M).__class__ in {classes}")
        if len(required) == 1:
            terms.insert(0, f"{next(iter(required))!r} in {var}")
        elif required:
            needed = self.constant(frozenset(required), "required")
            terms.insert(0, f"{var}.keys() >= {needed}")
        return " and ".join(terms) if terms else "True"

    def array(self, schema: dict[str, t.Any], var: str, depth: int) -> str:
        terms: list[str] = []
        if "minItems" in schema:
            terms.append(f"_len({var}) >= {self.constant(schema['minItems'], 'limit')}")
        if "maxItems" in schema:
            terms.append(f"_len({var}) <= {self.constant(schema['maxItems'], 'limit')}")
        result = self.subschema(schema.get("items", True), "_item", 0)
        if isinstance(result, frozenset):
            issuperset = self.constant(result.issuperset, "issuperset", ("sup", result))
            terms.append(f"{issuperset}(_map(_type, {var}))")
        elif result != "True":
            name = f"_items{len(self.helpers)}"
            self.helpers.append(f"def {name}(_item):\n    return {result}\n")
            terms.append(f"_all(_map({name}, {var}))")
        return " and ".join(terms) if terms else "True"

    # -- generated functions -----------------------------------------------------------------

    def check(self, schema: t.Any) -> t.Callable[[t.Any], bool]:
        """Return the generated function: True only for values that pass ``schema``."""
        self.generate(schema, "def fast_check(record):\n    return bool({})\n")
        return t.cast("t.Callable[[t.Any], bool]", self.namespace["fast_check"])

    def validator(
        self, schema: t.Any, full: t.Callable[[dict[str, t.Any]], None]
    ) -> t.Callable[[dict[str, t.Any]], None]:
        """Return the generated validator: the fast check, then ``full`` where it proves nothing."""
        self.namespace["_full"] = full
        self.generate(
            schema, "def validate(record):\n    if {}:\n        return None\n    _full(record)\n"
        )
        return t.cast("t.Callable[[dict[str, t.Any]], None]", self.namespace["validate"])

    def generate(self, schema: t.Any, template: str) -> None:
        expression = self.expression(schema, "record", 0)
        self.source = "\n".join([*self.helpers, template.format(expression)])
        exec(compile(self.source, _GENERATED_FILENAME, "exec"), self.namespace)


# -- date-time parsing ---------------------------------------------------------------------------


def _parse_date_time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)


_PARSERS: dict[str, t.Callable[[str], t.Any]] = {
    "date-time": _parse_date_time,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
}
_MAX_VALUES: dict[str, t.Any] = {
    "date-time": dt.datetime.max.replace(tzinfo=_UTC),
    "date": dt.date.max,
    "time": dt.time.max,
}


def _date_like_format(prop: t.Any) -> str | None:
    """Return the date-like format of a property schema (or of its first string anyOf branch)."""
    for candidate in [prop, *(prop.get("anyOf", ()) if isinstance(prop, dict) else ())]:
        if not isinstance(candidate, dict):
            continue
        declared = candidate.get("type")
        is_string = declared == "string" or (isinstance(declared, list) and "string" in declared)
        if is_string and candidate.get("format") in _PARSERS:
            return t.cast("str", candidate["format"])
    return None


def compile_datetime_parser(
    schema: dict[str, t.Any],
    treatment: DatetimeErrorTreatmentEnum | str | None,
    *,
    logger: logging.Logger | None = None,
) -> t.Callable[[dict[str, t.Any]], dict[str, t.Any]]:
    """Compile the function that parses a record's date-like strings in place.

    Top-level properties declared as strings with ``format`` ``date-time``, ``date`` or ``time``
    (directly or in an ``anyOf`` branch) are parsed, like Meltano's SDK does; nested values stay
    strings. ``date-time`` values become aware :class:`~datetime.datetime` objects (a value
    without an offset is taken as UTC), ``date`` values :class:`~datetime.date`, ``time`` values
    :class:`~datetime.time`. Values that are not strings (null, already parsed) are left alone.

    Args:
        schema: The stream's JSON Schema.
        treatment: What to do with a string that does not parse: ``ERROR`` (also for None)
            raises, ``MAX`` stores the largest value of the type (an aware ``datetime.max`` for
            date-times), ``NULL`` stores None. MAX and NULL log a warning per value.
        logger: Where MAX and NULL warnings go; the ``singer_sdk.sinks`` logger if not given.

    Returns:
        A function that takes a record, parses it in place and returns it. When the schema has no
        date-like property it returns the record untouched.

    Raises:
        ValueError: ``treatment`` is not a :class:`DatetimeErrorTreatmentEnum` value.
    """
    mode = DatetimeErrorTreatmentEnum(treatment or DatetimeErrorTreatmentEnum.ERROR)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    fields = [
        (name, fmt, _PARSERS[fmt])
        for name, prop in (properties or {}).items()
        if (fmt := _date_like_format(prop)) is not None
    ]
    if not fields:
        return _identity
    log = logger or _LOGGER

    def repair(record: dict[str, t.Any], name: str, fmt: str, ex: ValueError) -> None:
        value = record[name]
        if mode is DatetimeErrorTreatmentEnum.ERROR:
            reason = f"could not parse {_show(value)} as {fmt}: {ex}"
            raise RecordValidationError(name, reason) from ex
        replacement = _MAX_VALUES[fmt] if mode is DatetimeErrorTreatmentEnum.MAX else None
        log.warning(
            "Could not parse value %r for field '%s' as %s (%s); replacing with %s.",
            value,
            name,
            fmt,
            ex,
            "the maximum value" if replacement is not None else "null",
        )
        record[name] = replacement

    # Per field: the last string parsed and its value. Runs of equal strings (the ``_sdc_*``
    # times of one batch, a sync's ``time_extracted``) are parsed once; the parsed values are
    # immutable, so sharing them between records is safe. The function is generated as
    # straight-line code, one block per field (this runs for every record).
    namespace: dict[str, t.Any] = {
        "_repair": repair,
        "_fromisoformat": dt.datetime.fromisoformat,
        "_UTC": _UTC,
    }
    blocks = []
    for index, (name, fmt, parser) in enumerate(fields):
        namespace[f"_memo{index}"] = [None, None]
        if parser is _parse_date_time:  # its two lines inlined: saves a call per value
            convert = (
                "_value = _fromisoformat(_text)\n"
                "            if _value.tzinfo is None:\n"
                "                _value = _value.replace(tzinfo=_UTC)"
            )
        else:
            namespace[f"_parse{index}"] = parser
            convert = f"_value = _parse{index}(_text)"
        blocks.append(
            f"    _text = record.get({name!r})\n"
            f"    if _text.__class__ is str:\n"
            f"        if _text == _memo{index}[0]:\n"
            f"            record[{name!r}] = _memo{index}[1]\n"
            f"        else:\n"
            f"          try:\n"
            f"            {convert}\n"
            f"          except ValueError as _ex:\n"
            f"            _repair(record, {name!r}, {fmt!r}, _ex)\n"
            f"          else:\n"
            f"            record[{name!r}] = _value\n"
            f"            _memo{index}[0] = _text\n"
            f"            _memo{index}[1] = _value\n"
        )
    source = "def parse(record):\n" + "".join(blocks) + "    return record\n"
    exec(compile(source, _GENERATED_DATETIME_FILENAME, "exec"), namespace)
    return t.cast("t.Callable[[dict[str, t.Any]], dict[str, t.Any]]", namespace["parse"])


_GENERATED_DATETIME_FILENAME = "<singer_sdk date-time parser>"


def _identity(record: dict[str, t.Any]) -> dict[str, t.Any]:
    return record
