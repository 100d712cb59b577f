"""The generated fast path of record validation: one flat function per schema.

:class:`FastPath` writes, once per schema, a Python function that proves the common valid record
valid with flat class and key checks (through :class:`~singer_sdk._codegen.CodeWriter`); only a
record it cannot prove valid goes through the compiled checks of
:mod:`singer_sdk._sinks.validation.closures`, which find and report the violation.
"""

from __future__ import annotations

import decimal
import typing as t

from singer_sdk._codegen import CodeWriter
from singer_sdk._sinks.validation.closures import (
    DELEGATED,
    OBJECT_KEYWORDS,
    REFERENCES,
    Compiler,
    passes,
    regex,
)
from singer_sdk._sinks.validation.values import ALL_KINDS, NUMERIC, TYPES_OF_KIND

__all__ = ["FastPath"]

_Decimal = decimal.Decimal


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


class FastPath:
    """Writes one flat Python function per schema that proves the common valid record valid.

    The generated expression for a subschema is true only if the compiled check would accept
    the value; when it is false (a violation, or a value it does not look into, such as an
    integral ``Decimal`` in an integer field) the compiled check decides and reports.
    """

    def __init__(self, compiler: Compiler) -> None:
        self.compiler = compiler
        self.code = CodeWriter(
            _GENERATED_FILENAME,
            {
                "_len": len,
                "_map": map,
                "_type": type,
                "_all": all,
                "_M": _MISSING,
                "_Decimal": _Decimal,
            },
        )
        self.budget = _MAX_INLINE_SUBSCHEMAS

    def compiled(self, schema: t.Any, var: str) -> str:
        """Return a call of the compiled check of ``schema`` on ``var``, as a boolean."""
        node = self.compiler.node(schema, "")
        name = self.code.constant(lambda value: passes(node, value), "passes", ("node", id(schema)))
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
            or any(key in DELEGATED or key in REFERENCES for key in schema)
            or any(key in schema for key in _OTHER_GENERIC)
            or isinstance(schema.get("items"), list)
            or ("format" in schema and self.compiler.validate_formats)
            or ("format" in schema and self.compiler.format_checker is not None)
        ):
            return self.compiled(schema, var)

        allowed = self.compiler.allowed_kinds(schema, "")
        kinds = ALL_KINDS if allowed is None else allowed
        has_string = any(key in schema for key in _STRING_KEYWORDS)
        has_number = any(key in schema for key in _NUMBER_KEYWORDS)
        has_object = any(key in schema for key in OBJECT_KEYWORDS)
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
            tp for kind in kinds.difference(constrained) for tp in TYPES_OF_KIND[kind]
        )
        if not generic and constrained.isdisjoint(kinds):
            return plain
        # Containers first: a nullable object or array property mostly holds one.
        alternatives: list[str] = []
        fallback = False
        if "string" in kinds and has_string:
            alternatives.append(self.string(schema, var))
        if has_number and not kinds.isdisjoint(NUMERIC):
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
            alternatives.append(f"{var}.__class__ in {self.code.classes(plain)}")
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
        return f"{var}.__class__ in {self.code.classes(result)}"

    def string(self, schema: dict[str, t.Any], var: str) -> str:
        terms = [f"{var}.__class__ is str"]
        if "minLength" in schema:
            terms.append(f"_len({var}) >= {self.code.constant(schema['minLength'], 'limit')}")
        if "maxLength" in schema:
            terms.append(f"_len({var}) <= {self.code.constant(schema['maxLength'], 'limit')}")
        if "pattern" in schema:
            search = self.code.constant(regex(schema["pattern"], "").search, "search")
            terms.append(f"{search}({var}) is not None")
        return " and ".join(terms)

    def numbers(self, schema: dict[str, t.Any], var: str, kinds: frozenset[str]) -> list[str]:
        bounds = [
            f"{var} {symbol} {self.code.constant(schema[keyword], 'limit')}"
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
            known = self.code.constant(frozenset(properties).issuperset, "known")
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
                terms.append(f"{var}.get({name!r}, _M).__class__ in {self.code.classes(result)}")
            else:
                classes = self.code.classes(result | {_Missing})
                terms.append(f"{var}.get({name!r}, _M).__class__ in {classes}")
        if len(required) == 1:
            terms.insert(0, f"{next(iter(required))!r} in {var}")
        elif required:
            needed = self.code.constant(frozenset(required), "required")
            terms.insert(0, f"{var}.keys() >= {needed}")
        return " and ".join(terms) if terms else "True"

    def array(self, schema: dict[str, t.Any], var: str, depth: int) -> str:
        terms: list[str] = []
        if "minItems" in schema:
            terms.append(f"_len({var}) >= {self.code.constant(schema['minItems'], 'limit')}")
        if "maxItems" in schema:
            terms.append(f"_len({var}) <= {self.code.constant(schema['maxItems'], 'limit')}")
        result = self.subschema(schema.get("items", True), "_item", 0)
        if isinstance(result, frozenset):
            issuperset = self.code.constant(result.issuperset, "issuperset", ("sup", result))
            terms.append(f"{issuperset}(_map(_type, {var}))")
        elif result != "True":
            name = self.code.helper("_items", "_item", [f"return {result}"])
            terms.append(f"_all(_map({name}, {var}))")
        return " and ".join(terms) if terms else "True"

    # -- generated functions -----------------------------------------------------------------

    def check(self, schema: t.Any) -> t.Callable[[t.Any], bool]:
        """Return the generated function: True only for values that pass ``schema``."""
        expression = self.expression(schema, "record", 0)
        return self.code.compile("fast_check", "record", [f"return bool({expression})"])

    def validator(
        self, schema: t.Any, full: t.Callable[[dict[str, t.Any]], None]
    ) -> t.Callable[[dict[str, t.Any]], None]:
        """Return the generated validator: the fast check, then ``full`` where it proves nothing."""
        self.code.namespace["_full"] = full
        expression = self.expression(schema, "record", 0)
        body = [f"if {expression}:", "    return None", "_full(record)"]
        return self.code.compile("validate", "record", body)
