"""The JSON Schema builder DSL: small type helpers that render to JSON Schema dicts.

Helpers compose: ``PropertiesList(Property("id", IntegerType, required=True))`` renders a whole
stream schema. Every ``type_dict`` access builds a fresh dict, so callers may change the result
without touching the helper it came from.

This module holds the base of every helper (:class:`JSONTypeHelper`,
:class:`DefaultInstanceProperty`, rendering a type slot) and the scalar types (strings and their
formats, numbers, booleans, null, any); :mod:`singer_sdk._schema.structures` holds the types built
from other types (arrays, objects and their properties, constants, ``anyOf``/``oneOf``/``allOf``,
custom schemas).
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    import decimal

__all__ = [
    "JSONSCHEMA_ANNOTATION_SECRET",
    "JSONSCHEMA_ANNOTATION_WRITEONLY",
    "AnyType",
    "BooleanType",
    "DateTimeType",
    "DateType",
    "DecimalType",
    "DefaultInstanceProperty",
    "DurationType",
    "EmailType",
    "HostnameType",
    "IDNEmailType",
    "IDNHostnameType",
    "IPv4Type",
    "IPv6Type",
    "IRIReferenceType",
    "IRIType",
    "IntegerType",
    "JSONPointerType",
    "JSONSchema",
    "JSONTypeHelper",
    "NullType",
    "NumberType",
    "RegexType",
    "RelativeJSONPointerType",
    "SingerDecimalType",
    "StringType",
    "TimeType",
    "URIReferenceType",
    "URITemplateType",
    "URIType",
    "UUIDType",
    "Wrapped",
    "allow_null",
    "clone",
    "render",
]

_T = t.TypeVar("_T")
_R = t.TypeVar("_R")
_N = t.TypeVar("_N")
_V = t.TypeVar("_V")

JSONSchema: t.TypeAlias = dict[str, t.Any]
_Number: t.TypeAlias = "int | float | decimal.Decimal"
#: What a type slot accepts: a helper class (built with no arguments) or a helper instance.
Wrapped: t.TypeAlias = "JSONTypeHelper[t.Any] | type[JSONTypeHelper[t.Any]]"

#: Annotation that marks a setting as a credential (a hint for UIs and log redaction).
JSONSCHEMA_ANNOTATION_SECRET = "secret"
#: Standard JSON Schema annotation that goes along with ``secret``.
JSONSCHEMA_ANNOTATION_WRITEONLY = "writeOnly"


class DefaultInstanceProperty(t.Generic[_R]):
    """A read-only property that also answers on the class, via an instance built without arguments.

    ``StringType.type_dict`` and ``StringType().type_dict`` give the same dict. On a class whose
    constructor needs arguments (``ArrayType``, ``Property``, ...) class access raises
    ``AttributeError`` naming how to build an instance.
    """

    def __init__(self, fget: t.Callable[[t.Any], _R]) -> None:
        """Wrap a getter.

        Args:
            fget: Function computing the value from an instance.
        """
        self.fget = fget
        self.__doc__ = fget.__doc__

    def __get__(self, instance: object | None, owner: type[t.Any] | None = None) -> _R:
        """Compute the value for ``instance``, or for a fresh default instance of ``owner``.

        Returns:
            The getter's result.
        """
        if instance is None:
            if owner is None:  # pragma: no cover - Python always passes the owner
                msg = "DefaultInstanceProperty needs an instance or an owner class"
                raise TypeError(msg)
            instance = _default_instance(owner, self.fget.__name__)
        return self.fget(instance)


class _AbstractTypeDict(DefaultInstanceProperty[JSONSchema]):
    """The ``type_dict`` slot of the base class: subclasses must define their own."""

    def __init__(self) -> None:
        super().__init__(_no_type_dict)

    def __get__(self, instance: object | None, owner: type[t.Any] | None = None) -> t.NoReturn:
        if instance is None:
            # AttributeError keeps getattr(cls, name, default) and help() working.
            name = owner.__name__ if owner is not None else "JSONTypeHelper"
            msg = f"{name} does not define type_dict; use a concrete type such as StringType"
            raise AttributeError(msg)
        msg = f"{type(instance).__name__} must define type_dict"
        raise NotImplementedError(msg)


def _no_type_dict(instance: object) -> JSONSchema:  # pragma: no cover - never called
    raise NotImplementedError


def _default_instance(owner: type[t.Any], attribute: str) -> t.Any:
    if getattr(owner, "_needs_arguments", False):
        msg = (
            f"{owner.__name__}.{attribute} is only available on instances: "
            f"{owner.__name__} needs arguments, e.g. {owner._instantiate_hint}"
        )
        raise AttributeError(msg)
    return owner()


def render(wrapped: object, where: str) -> JSONSchema:
    """Render a type slot (helper class or instance) to a fresh JSON Schema dict."""
    helper = wrapped
    if isinstance(wrapped, type) and issubclass(wrapped, JSONTypeHelper):
        if wrapped._needs_arguments:
            msg = (
                f"{where}: the class {wrapped.__name__} cannot be used as a type, it needs "
                f"arguments; pass an instance such as {wrapped._instantiate_hint}"
            )
            raise ValueError(msg)
        helper = wrapped()
    schema = getattr(helper, "type_dict", None)
    if not isinstance(schema, dict):
        hint = " (wrap plain JSON Schema dicts in CustomType)" if isinstance(wrapped, dict) else ""
        msg = (
            f"{where}: expected a JSON type helper such as StringType or StringType(), "
            f"got {wrapped!r}{hint}"
        )
        raise TypeError(msg)
    return schema


def clone(value: _V) -> _V:
    """Copy the dicts and lists of a JSON-like value (other values are immutable or shared)."""
    if isinstance(value, dict):
        return t.cast("_V", {key: clone(item) for key, item in value.items()})
    if isinstance(value, list):
        return t.cast("_V", [clone(item) for item in value])
    return value


def _accepts_null(schema: object) -> bool:
    if not isinstance(schema, dict):
        return False
    if not schema:
        return True
    types = schema.get("type")
    if isinstance(types, str):
        return types == "null"
    return isinstance(types, list | tuple) and "null" in types


def allow_null(schema: JSONSchema) -> None:
    """Make ``schema`` (in place) also accept ``null``, wherever it states its types."""
    types = schema.get("type")
    if isinstance(types, str):
        if types != "null":
            schema["type"] = [types, "null"]
    elif isinstance(types, list | tuple):
        schema["type"] = list(types) if "null" in types else [*types, "null"]
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list) and not any(_accepts_null(b) for b in branches):
            schema[keyword] = [*branches, {"type": "null"}]


class JSONTypeHelper(t.Generic[_T]):
    """Base of every type helper: holds the options all JSON types share.

    Subclasses define ``type_dict``, which renders the helper to a JSON Schema dict.
    """

    #: True when the constructor needs arguments, so ``Cls.type_dict`` cannot work.
    _needs_arguments: t.ClassVar[bool] = False
    #: Example construction shown in errors when the class is used without arguments.
    _instantiate_hint: t.ClassVar[str] = ""

    type_dict: DefaultInstanceProperty[JSONSchema] = _AbstractTypeDict()

    def __init__(
        self,
        *,
        allowed_values: list[_T] | None = None,
        examples: list[_T] | None = None,
        nullable: bool | None = None,
    ) -> None:
        """Set the options shared by all types.

        Args:
            allowed_values: The only values the type accepts (rendered as ``enum``).
            examples: Sample values shown to users (rendered as ``examples``).
            nullable: If True, ``null`` is accepted too.
        """
        self.allowed_values = allowed_values
        self.examples = examples
        self.nullable = nullable

    @property
    def extras(self) -> JSONSchema:
        """The ``enum`` and ``examples`` keywords this helper adds, when set and non-empty."""
        extras: JSONSchema = {}
        if self.allowed_values:
            extras["enum"] = clone(self.allowed_values)
        if self.examples:
            extras["examples"] = clone(self.examples)
        return extras

    def _type_names(self, name: str) -> list[str]:
        return [name, "null"] if self.nullable else [name]

    def to_dict(self) -> JSONSchema:
        """Render this helper.

        Returns:
            A fresh JSON Schema dict.
        """
        return self.type_dict

    def to_json(self, **kwargs: t.Any) -> str:
        """Render this helper as JSON text.

        Args:
            kwargs: Passed to :func:`json.dumps` (``indent``, ``sort_keys``, ...).

        Returns:
            The JSON Schema as a string.
        """
        import json  # rarely needed; keeps `import singer_sdk.typing` lean

        return json.dumps(self.to_dict(), **kwargs)


class StringType(JSONTypeHelper[str]):
    """A JSON string, optionally limited in length or by a regular expression.

    Subclasses set ``string_format`` to add a ``format`` keyword.
    """

    #: The JSON Schema ``format`` of this string type, if any.
    string_format: t.ClassVar[str | None] = None

    def __init__(
        self,
        *,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        allowed_values: list[str] | None = None,
        examples: list[str] | None = None,
        nullable: bool | None = None,
    ) -> None:
        """Describe a string.

        Args:
            min_length: Minimum number of characters (``minLength``).
            max_length: Maximum number of characters (``maxLength``).
            pattern: Regular expression the value must match (``pattern``).
            allowed_values: The only values accepted (``enum``).
            examples: Sample values (``examples``).
            nullable: If True, ``null`` is accepted too.
        """
        super().__init__(allowed_values=allowed_values, examples=examples, nullable=nullable)
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern

    @property
    def _format(self) -> JSONSchema:
        return {"format": self.string_format} if self.string_format else {}

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The JSON Schema of this string type, e.g. ``{"type": ["string"]}``."""
        schema: JSONSchema = {"type": self._type_names("string"), **self._format, **self.extras}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.min_length is not None:
            schema["minLength"] = self.min_length
        if self.pattern is not None:
            schema["pattern"] = self.pattern
        return schema


class DateTimeType(StringType):
    """An RFC 3339 date-time string, e.g. ``2018-11-13T20:20:39+00:00``."""

    string_format = "date-time"


class TimeType(StringType):
    """An RFC 3339 time string, e.g. ``20:20:39+00:00``."""

    string_format = "time"


class DateType(StringType):
    """An RFC 3339 full-date string, e.g. ``2018-11-13``."""

    string_format = "date"


class DurationType(StringType):
    """An ISO 8601 duration string, e.g. ``P3D``."""

    string_format = "duration"


class EmailType(StringType):
    """An email address."""

    string_format = "email"


class IDNEmailType(StringType):
    """An internationalized email address."""

    string_format = "idn-email"


class HostnameType(StringType):
    """An internet host name."""

    string_format = "hostname"


class IDNHostnameType(StringType):
    """An internationalized internet host name."""

    string_format = "idn-hostname"


class IPv4Type(StringType):
    """An IPv4 address in dotted-quad notation."""

    string_format = "ipv4"


class IPv6Type(StringType):
    """An IPv6 address."""

    string_format = "ipv6"


class UUIDType(StringType):
    """An RFC 4122 UUID, e.g. ``3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a``."""

    string_format = "uuid"


class URIType(StringType):
    """An absolute URI (RFC 3986)."""

    string_format = "uri"


class IRIType(StringType):
    """An absolute internationalized resource identifier (RFC 3987)."""

    string_format = "iri"


class URIReferenceType(StringType):
    """A URI reference: an absolute URI or a relative reference."""

    string_format = "uri-reference"


class IRIReferenceType(StringType):
    """An IRI reference: an absolute IRI or a relative reference."""

    string_format = "iri-reference"


class URITemplateType(StringType):
    """A URI template (RFC 6570), e.g. ``https://example.com/{id}``."""

    string_format = "uri-template"


class JSONPointerType(StringType):
    """A JSON Pointer (RFC 6901), e.g. ``/foo/0``."""

    string_format = "json-pointer"


class RelativeJSONPointerType(StringType):
    """A relative JSON Pointer, e.g. ``1/foo``."""

    string_format = "relative-json-pointer"


class RegexType(StringType):
    """A regular expression (ECMA-262 dialect)."""

    string_format = "regex"


class SingerDecimalType(StringType):
    """A decimal number carried as a string to keep its precision (format ``singer.decimal``)."""

    string_format = "singer.decimal"


class BooleanType(JSONTypeHelper[bool]):
    """A JSON boolean."""

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The JSON Schema of a boolean, e.g. ``{"type": ["boolean"]}``."""
        return {"type": self._type_names("boolean"), **self.extras}


class _NumericType(JSONTypeHelper[_N]):
    """A JSON number type with optional range and step constraints."""

    _json_type: t.ClassVar[str]

    def __init__(
        self,
        *,
        minimum: _Number | None = None,
        maximum: _Number | None = None,
        exclusive_minimum: _Number | None = None,
        exclusive_maximum: _Number | None = None,
        multiple_of: _Number | None = None,
        allowed_values: list[_N] | None = None,
        examples: list[_N] | None = None,
        nullable: bool | None = None,
    ) -> None:
        """Describe a number.

        Args:
            minimum: Smallest value accepted (``minimum``).
            maximum: Largest value accepted (``maximum``).
            exclusive_minimum: Values must be greater than this (``exclusiveMinimum``).
            exclusive_maximum: Values must be less than this (``exclusiveMaximum``).
            multiple_of: Values must be a multiple of this (``multipleOf``).
            allowed_values: The only values accepted (``enum``).
            examples: Sample values (``examples``).
            nullable: If True, ``null`` is accepted too.
        """
        super().__init__(allowed_values=allowed_values, examples=examples, nullable=nullable)
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum
        self.exclusive_maximum = exclusive_maximum
        self.multiple_of = multiple_of

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The JSON Schema of this number type, e.g. ``{"type": ["integer"]}``."""
        schema: JSONSchema = {"type": self._type_names(self._json_type), **self.extras}
        for keyword, value in (
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("exclusiveMinimum", self.exclusive_minimum),
            ("exclusiveMaximum", self.exclusive_maximum),
            ("multipleOf", self.multiple_of),
        ):
            if value is not None:
                schema[keyword] = value
        return schema


class IntegerType(_NumericType[int]):
    """A JSON integer."""

    _json_type = "integer"


class DecimalType(_NumericType[t.Any]):
    """A JSON number (integer or fractional)."""

    _json_type = "number"


class NumberType(DecimalType):
    """A JSON number (integer or fractional); the same as :class:`DecimalType`."""


class NullType(JSONTypeHelper[None]):
    """The JSON ``null`` value and nothing else."""

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """``{"type": "null"}``."""
        return {"type": "null"}


class AnyType(JSONTypeHelper[t.Any]):
    """Any JSON value (an unconstrained schema, ``{}``)."""

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """``{}``, plus ``enum``/``examples`` when given."""
        return self.extras
