"""The JSON Schema builder DSL: small type helpers that render to JSON Schema dicts.

Helpers compose: ``PropertiesList(Property("id", IntegerType, required=True))`` renders a whole
stream schema. Every ``type_dict`` access builds a fresh dict, so callers may change the result
without touching the helper it came from.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    import decimal

__all__ = [
    "JSONSCHEMA_ANNOTATION_SECRET",
    "JSONSCHEMA_ANNOTATION_WRITEONLY",
    "AllOf",
    "AnyOf",
    "AnyType",
    "ArrayType",
    "BooleanType",
    "Constant",
    "CustomType",
    "DateTimeType",
    "DateType",
    "DecimalType",
    "DefaultInstanceProperty",
    "DiscriminatedUnion",
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
    "JSONTypeHelper",
    "NullType",
    "NumberType",
    "ObjectType",
    "OneOf",
    "PropertiesList",
    "Property",
    "RegexType",
    "RelativeJSONPointerType",
    "SingerDecimalType",
    "StringType",
    "TimeType",
    "URIReferenceType",
    "URITemplateType",
    "URIType",
    "UUIDType",
]

_T = t.TypeVar("_T")
_R = t.TypeVar("_R")
_N = t.TypeVar("_N")
_V = t.TypeVar("_V")

JSONSchema: t.TypeAlias = dict[str, t.Any]
_Number: t.TypeAlias = "int | float | decimal.Decimal"
#: What a type slot accepts: a helper class (built with no arguments) or a helper instance.
_Wrapped: t.TypeAlias = "JSONTypeHelper[t.Any] | type[JSONTypeHelper[t.Any]]"

#: Annotation that marks a setting as a credential (a hint for UIs and log redaction).
JSONSCHEMA_ANNOTATION_SECRET = "secret"
#: Standard JSON Schema annotation that goes along with ``secret``.
JSONSCHEMA_ANNOTATION_WRITEONLY = "writeOnly"

_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


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


def _render(wrapped: object, where: str) -> JSONSchema:
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


def _clone(value: _V) -> _V:
    """Copy the dicts and lists of a JSON-like value (other values are immutable or shared)."""
    if isinstance(value, dict):
        return t.cast("_V", {key: _clone(item) for key, item in value.items()})
    if isinstance(value, list):
        return t.cast("_V", [_clone(item) for item in value])
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


def _allow_null(schema: JSONSchema) -> None:
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
            extras["enum"] = _clone(self.allowed_values)
        if self.examples:
            extras["examples"] = _clone(self.examples)
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


class ArrayType(JSONTypeHelper[list[t.Any]]):
    """A JSON array whose items all match one type."""

    _needs_arguments = True
    _instantiate_hint = "ArrayType(StringType)"

    def __init__(
        self,
        wrapped_type: _Wrapped,
        *,
        min_items: int | None = None,
        max_items: int | None = None,
        unique_items: bool | None = None,
        allowed_values: list[list[t.Any]] | None = None,
        examples: list[list[t.Any]] | None = None,
        nullable: bool | None = None,
    ) -> None:
        """Describe an array.

        Args:
            wrapped_type: The type of every item (a helper class or instance).
            min_items: Minimum number of items (``minItems``).
            max_items: Maximum number of items (``maxItems``).
            unique_items: If True, items must be distinct (``uniqueItems``).
            allowed_values: The only values accepted (``enum``).
            examples: Sample values (``examples``).
            nullable: If True, ``null`` is accepted too.

        .. versionadded:: 0.1.0 ``min_items``, ``max_items`` and ``unique_items`` (not in
           Meltano's singer-sdk).
        """
        super().__init__(allowed_values=allowed_values, examples=examples, nullable=nullable)
        self.wrapped_type = wrapped_type
        self.min_items = min_items
        self.max_items = max_items
        self.unique_items = unique_items

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The JSON Schema of the array, e.g. ``{"type": "array", "items": {...}}``."""
        schema: JSONSchema = {
            "type": ["array", "null"] if self.nullable else "array",
            "items": _render(self.wrapped_type, "ArrayType items"),
        }
        if self.min_items is not None:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        if self.unique_items is not None:
            schema["uniqueItems"] = self.unique_items
        schema.update(self.extras)
        return schema


class Property(JSONTypeHelper[_T]):
    """One named member of an :class:`ObjectType` or :class:`PropertiesList`.

    A property that is not required also accepts ``null``.
    """

    _needs_arguments = True
    _instantiate_hint = 'Property("name", StringType)'

    def __init__(
        self,
        name: str,
        wrapped: JSONTypeHelper[_T] | type[JSONTypeHelper[_T]],
        required: bool = False,
        default: _T | None = None,
        description: str | None = None,
        secret: bool | None = False,
        allowed_values: list[_T] | None = None,
        examples: list[_T] | None = None,
        *,
        nullable: bool | None = None,
        title: str | None = None,
        deprecated: bool | None = None,
        requires_properties: list[str] | None = None,
        **kwargs: t.Any,
    ) -> None:
        """Describe a property.

        Args:
            name: Property name.
            wrapped: Its type (a helper class or instance).
            required: If True, objects must have this property (it goes in ``required``).
            default: Value used when the property is missing (``default``).
            description: Long description for users (``description``).
            secret: If True, the value is a credential: adds ``secret`` and ``writeOnly``.
            allowed_values: The only values accepted (``enum``); overrides the type's own.
            examples: Sample values (``examples``); overrides the type's own.
            nullable: If True, ``null`` is accepted even when the property is required.
            title: Short human-readable name (``title``).
            deprecated: Marks the property as deprecated (``deprecated``).
            requires_properties: Names of properties that must be present when this one is
                (``dependentRequired`` of the enclosing object).
            kwargs: Extra JSON Schema keywords added as they are.
        """
        super().__init__(allowed_values=allowed_values, examples=examples, nullable=nullable)
        self.name = name
        self.wrapped = wrapped
        self.optional = not required
        self.default = default
        self.description = description
        self.secret = secret
        self.title = title
        self.deprecated = deprecated
        self.requires_properties = requires_properties
        self.kwargs = kwargs

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The JSON Schema of the wrapped type alone (no property annotations)."""
        return _render(self.wrapped, f"property {self.name!r}")

    def to_dict(self) -> JSONSchema:
        """Render the property with its annotations.

        Returns:
            ``{name: schema}``, ready to merge into an object's ``properties``.
        """
        schema = self.type_dict
        if self.nullable or self.optional:
            _allow_null(schema)
        if self.title:
            schema["title"] = self.title
        if self.default is not None:
            schema["default"] = _clone(self.default)
        if self.description:
            schema["description"] = self.description
        if self.secret:
            schema[JSONSCHEMA_ANNOTATION_SECRET] = True
            schema[JSONSCHEMA_ANNOTATION_WRITEONLY] = True
        schema.update(self.extras)
        if self.deprecated is not None:
            schema["deprecated"] = self.deprecated
        schema.update(_clone(self.kwargs))
        return {self.name: schema}


class ObjectType(JSONTypeHelper[dict[str, t.Any]]):
    """A JSON object with named properties.

    Example:
        >>> ObjectType(Property("id", IntegerType, required=True)).type_dict["required"]
        ['id']
    """

    def __init__(
        self,
        *properties: Property[t.Any],
        additional_properties: _Wrapped | bool | None = True,
        pattern_properties: t.Mapping[str, _Wrapped] | None = None,
        allowed_values: list[dict[str, t.Any]] | None = None,
        examples: list[dict[str, t.Any]] | None = None,
        nullable: bool | None = None,
    ) -> None:
        """Describe an object.

        Args:
            properties: Its properties, in order; a later property replaces an earlier one of
                the same name.
            additional_properties: Whether unnamed properties are allowed (a bool), or the type
                they must match; ``None`` leaves ``additionalProperties`` out.
            pattern_properties: Regular expression -> type, for properties whose names match.
            allowed_values: The only values accepted (``enum``).
            examples: Sample values (``examples``).
            nullable: If True, ``null`` is accepted too.

        Raises:
            TypeError: If a positional argument is not a :class:`Property`.
        """
        super().__init__(allowed_values=allowed_values, examples=examples, nullable=nullable)
        self.wrapped: dict[str, Property[t.Any]] = {}
        for prop in properties:
            self._add(prop)
        self.additional_properties = additional_properties
        self.pattern_properties = pattern_properties

    def _add(self, prop: Property[t.Any]) -> None:
        if not isinstance(t.cast("object", prop), Property):
            msg = (
                f"{type(self).__name__} members must be Property objects, got {prop!r}; "
                'write Property("name", StringType)'
            )
            raise TypeError(msg)
        self.wrapped[prop.name] = prop

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The JSON Schema of the object: ``type``, ``properties``, ``required``, ..."""
        properties: JSONSchema = {}
        required: list[str] = []
        dependent_required: dict[str, list[str]] = {}
        for name, prop in self.wrapped.items():
            properties.update(prop.to_dict())
            if not prop.optional:
                required.append(name)
            if prop.requires_properties:
                dependent_required[name] = list(prop.requires_properties)
        schema: JSONSchema = {
            "type": ["object", "null"] if self.nullable else "object",
            "properties": properties,
        }
        if required:
            schema["required"] = required
        if dependent_required:
            schema["dependentRequired"] = dependent_required
        additional = self.additional_properties
        if isinstance(additional, bool):
            schema["additionalProperties"] = additional
        elif additional is not None:
            schema["additionalProperties"] = _render(additional, "additional_properties")
        if self.pattern_properties:
            schema["patternProperties"] = {
                pattern: _render(wrapped, f"pattern_properties[{pattern!r}]")
                for pattern, wrapped in self.pattern_properties.items()
            }
        schema.update(self.extras)
        return schema


class PropertiesList(ObjectType):
    """The top-level object of a stream or settings schema (adds ``$schema``).

    Unlike :class:`ObjectType`, ``additionalProperties`` is left out unless given.
    """

    def __init__(
        self,
        *properties: Property[t.Any],
        additional_properties: _Wrapped | bool | None = None,
        pattern_properties: t.Mapping[str, _Wrapped] | None = None,
        allowed_values: list[dict[str, t.Any]] | None = None,
        examples: list[dict[str, t.Any]] | None = None,
        nullable: bool | None = None,
    ) -> None:
        """Describe a top-level object.

        Args:
            properties: Its properties, in order.
            additional_properties: As for :class:`ObjectType`, but left out by default.
            pattern_properties: Regular expression -> type, for properties whose names match.
            allowed_values: The only values accepted (``enum``).
            examples: Sample values (``examples``).
            nullable: If True, ``null`` is accepted too.
        """
        super().__init__(
            *properties,
            additional_properties=additional_properties,
            pattern_properties=pattern_properties,
            allowed_values=allowed_values,
            examples=examples,
            nullable=nullable,
        )

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """The object's JSON Schema plus ``"$schema"`` (draft 2020-12)."""
        schema = super().type_dict
        schema["$schema"] = _DRAFT_2020_12
        return schema

    def items(self) -> t.ItemsView[str, Property[t.Any]]:
        """The properties by name.

        Returns:
            A view of ``(name, Property)`` pairs.
        """
        return self.wrapped.items()

    def append(self, property: Property[t.Any]) -> None:
        """Add a property at the end (or replace the one with the same name, in place).

        Args:
            property: The property to add.

        Raises:
            TypeError: If ``property`` is not a :class:`Property`.
        """
        self._add(property)

    def __iter__(self) -> t.Iterator[Property[t.Any]]:
        """Iterate over the properties in order."""
        return iter(self.wrapped.values())


class Constant(JSONTypeHelper[t.Any]):
    """Exactly one JSON value (``const``)."""

    _needs_arguments = True
    _instantiate_hint = 'Constant("value")'

    def __init__(self, value: t.Any) -> None:
        """Describe a constant.

        Args:
            value: The only value accepted.
        """
        super().__init__()
        self.value = value

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """``{"const": value}``."""
        return {"const": _clone(self.value)}


class _Combination(JSONTypeHelper[t.Any]):
    """A list of schemas joined by one JSON Schema keyword."""

    _keyword: t.ClassVar[str]
    _needs_arguments = True

    def __init__(self, *types: _Wrapped) -> None:
        """Join types.

        Args:
            types: One or more types (helper classes or instances).

        Raises:
            ValueError: If no type is given (JSON Schema needs a non-empty list).
        """
        if not types:
            msg = f"{type(self).__name__} needs at least one type, e.g. {self._instantiate_hint}"
            raise ValueError(msg)
        super().__init__()
        self.wrapped = list(types)

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """``{keyword: [schema, ...]}``."""
        where = f"{type(self).__name__} member"
        return {self._keyword: [_render(wrapped, where) for wrapped in self.wrapped]}


class AnyOf(_Combination):
    """Values that match at least one of the given types (``anyOf``)."""

    _keyword = "anyOf"
    _instantiate_hint = "AnyOf(StringType, IntegerType)"


class OneOf(_Combination):
    """Values that match exactly one of the given types (``oneOf``)."""

    _keyword = "oneOf"
    _instantiate_hint = "OneOf(StringType, IntegerType)"


class AllOf(_Combination):
    """Values that match all the given types (``allOf``)."""

    _keyword = "allOf"
    _instantiate_hint = "AllOf(StringType, StringType(max_length=10))"


class DiscriminatedUnion(OneOf):
    """Objects of several shapes told apart by the constant value of one key.

    Each option gains a required ``key`` property whose value is the option's name.
    """

    _instantiate_hint = 'DiscriminatedUnion("kind", cat=ObjectType(...), dog=ObjectType(...))'

    def __init__(self, key: str, **options: ObjectType) -> None:
        """Describe a tagged union.

        Args:
            key: The property holding the tag.
            options: Tag value -> object type of that variant.

        Raises:
            ValueError: If no option is given.
            TypeError: If an option is not an :class:`ObjectType`.
        """
        if not options:
            msg = f"DiscriminatedUnion needs at least one option, e.g. {self._instantiate_hint}"
            raise ValueError(msg)
        self.key = key
        self.options = options
        super().__init__(*(self._tagged(tag, option) for tag, option in options.items()))

    def _tagged(self, tag: str, option: ObjectType) -> ObjectType:
        if not isinstance(t.cast("object", option), ObjectType):
            msg = f"DiscriminatedUnion option {tag!r} must be an ObjectType, got {option!r}"
            raise TypeError(msg)
        discriminator: Property[t.Any] = Property(
            self.key,
            Constant(tag),
            required=True,
            description=f"Discriminator for object of type '{tag}'.",
        )
        return ObjectType(
            discriminator,
            *option.wrapped.values(),
            additional_properties=option.additional_properties,
            pattern_properties=option.pattern_properties,
        )


class CustomType(JSONTypeHelper[t.Any]):
    """A hand-written JSON Schema dict, used as it is."""

    _needs_arguments = True
    _instantiate_hint = 'CustomType({"type": ["string"]})'

    def __init__(self, jsonschema_type_dict: t.Mapping[str, t.Any]) -> None:
        """Wrap a JSON Schema dict.

        Args:
            jsonschema_type_dict: The schema.

        Raises:
            TypeError: If the schema is not a mapping.
        """
        if not isinstance(t.cast("object", jsonschema_type_dict), t.Mapping):
            msg = f"CustomType expects a JSON Schema dict, got {jsonschema_type_dict!r}"
            raise TypeError(msg)
        super().__init__()
        self._jsonschema_type_dict = jsonschema_type_dict

    @DefaultInstanceProperty
    def type_dict(self) -> JSONSchema:
        """A copy of the wrapped schema."""
        return _clone(dict(self._jsonschema_type_dict))
