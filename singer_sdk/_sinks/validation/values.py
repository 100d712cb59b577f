"""JSON values as record validation sees them: kinds, equality, exact multiples, and the errors.

A target receives numbers as ``int`` or :class:`~decimal.Decimal`; this module says which JSON
type a Python value is (an integral ``Decimal`` is an ``integer``), compares values the JSON
Schema way and shows them in error messages. :class:`RecordValidationError` is what a sink sees;
:class:`Failure` is raised inside compiled checks and carries the path from the leaf upwards.
"""

from __future__ import annotations

import decimal
import numbers
import typing as t

if t.TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "ALL_KINDS",
    "ANY_TYPE",
    "KIND_OF_TYPE",
    "NUMERIC",
    "TYPES_OF_KIND",
    "Check",
    "Failure",
    "Node",
    "RecordValidationError",
    "decimals_as_floats",
    "error_path",
    "is_multiple",
    "json_equal",
    "kind_of",
    "show",
]

#: A compiled check: returns None for a value that passes, raises :class:`Failure` otherwise.
Check: t.TypeAlias = t.Callable[[t.Any], None]
#: A compiled subschema: the exact Python types that pass it with no further work, and the full
#: check (which raises :class:`Failure`) for everything else.
Node: t.TypeAlias = tuple[frozenset[type], Check]

_Decimal = decimal.Decimal
_NoneType = type(None)

KIND_OF_TYPE: dict[type, str] = {
    str: "string",
    bool: "boolean",
    _NoneType: "null",
    dict: "object",
    list: "array",
    int: "integer",
}
TYPES_OF_KIND: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "null": (_NoneType,),
    "object": (dict,),
    "array": (list,),
    "integer": (int,),
    "number": (int, float, _Decimal),
}
ALL_KINDS = frozenset({"string", "boolean", "null", "object", "array", "integer", "number"})
NUMERIC = frozenset({"integer", "number"})
ANY_TYPE = frozenset(t for types in TYPES_OF_KIND.values() for t in types)


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


# Tracebacks and pickles name the package, where the class lived before the split.
RecordValidationError.__module__ = "singer_sdk._sinks.validation"


class Failure(Exception):
    """Raised inside compiled checks; ``parts`` collects the path from the leaf upwards."""

    __slots__ = ("parts", "reason")

    def __init__(self, reason: str, *parts: str | int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.parts: list[str | int] = list(parts)


def error_path(parts: list[str | int]) -> str:
    out = ""
    for part in reversed(parts):
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else part
    return out


def show(value: t.Any) -> str:
    text = str(value) if isinstance(value, _Decimal) else repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def kind_of(value: t.Any) -> str | None:
    """Return the JSON type of ``value`` (integral numbers are ``integer``), or None."""
    kind = KIND_OF_TYPE.get(type(value))
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


def json_equal(one: t.Any, two: t.Any) -> bool:
    """Compare two JSON values the JSON Schema way (``true`` is not ``1``, ``1`` is ``1.0``)."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, bool) or isinstance(two, bool):
        return False
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(map(json_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(json_equal(one[k], two[k]) for k in one)
    try:
        return bool(one == two)
    except decimal.InvalidOperation:
        return False


def is_multiple(value: t.Any, divisor: t.Any) -> bool:
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


def decimals_as_floats(value: t.Any) -> t.Any:
    """Return ``value`` with every :class:`~decimal.Decimal` (at any depth) as a float."""
    if isinstance(value, _Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: decimals_as_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decimals_as_floats(item) for item in value]
    return value
