"""The JSON Schema builder DSL, part two: types built from other types.

Arrays, objects and their properties (:class:`ObjectType`, :class:`PropertiesList`,
:class:`Property`), constants, ``anyOf``/``oneOf``/``allOf`` and tagged unions, and hand-written
schemas (:class:`CustomType`). The base of every helper and the scalar types are in
:mod:`singer_sdk._schema.types`.
"""

from __future__ import annotations

import typing as t

from singer_sdk._schema.types import (
    JSONSCHEMA_ANNOTATION_SECRET,
    JSONSCHEMA_ANNOTATION_WRITEONLY,
    DefaultInstanceProperty,
    JSONSchema,
    JSONTypeHelper,
    Wrapped,
    allow_null,
    clone,
    render,
)

__all__ = [
    "AllOf",
    "AnyOf",
    "ArrayType",
    "Constant",
    "CustomType",
    "DiscriminatedUnion",
    "ObjectType",
    "OneOf",
    "PropertiesList",
    "Property",
]

_T = t.TypeVar("_T")

_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


class ArrayType(JSONTypeHelper[list[t.Any]]):
    """A JSON array whose items all match one type."""

    _needs_arguments = True
    _instantiate_hint = "ArrayType(StringType)"

    def __init__(
        self,
        wrapped_type: Wrapped,
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
            "items": render(self.wrapped_type, "ArrayType items"),
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
        return render(self.wrapped, f"property {self.name!r}")

    def to_dict(self) -> JSONSchema:
        """Render the property with its annotations.

        Returns:
            ``{name: schema}``, ready to merge into an object's ``properties``.
        """
        schema = self.type_dict
        if self.nullable or self.optional:
            allow_null(schema)
        if self.title:
            schema["title"] = self.title
        if self.default is not None:
            schema["default"] = clone(self.default)
        if self.description:
            schema["description"] = self.description
        if self.secret:
            schema[JSONSCHEMA_ANNOTATION_SECRET] = True
            schema[JSONSCHEMA_ANNOTATION_WRITEONLY] = True
        schema.update(self.extras)
        if self.deprecated is not None:
            schema["deprecated"] = self.deprecated
        schema.update(clone(self.kwargs))
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
        additional_properties: Wrapped | bool | None = True,
        pattern_properties: t.Mapping[str, Wrapped] | None = None,
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
            schema["additionalProperties"] = render(additional, "additional_properties")
        if self.pattern_properties:
            schema["patternProperties"] = {
                pattern: render(wrapped, f"pattern_properties[{pattern!r}]")
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
        additional_properties: Wrapped | bool | None = None,
        pattern_properties: t.Mapping[str, Wrapped] | None = None,
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
        return {"const": clone(self.value)}


class _Combination(JSONTypeHelper[t.Any]):
    """A list of schemas joined by one JSON Schema keyword."""

    _keyword: t.ClassVar[str]
    _needs_arguments = True

    def __init__(self, *types: Wrapped) -> None:
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
        return {self._keyword: [render(wrapped, where) for wrapped in self.wrapped]}


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
        return clone(dict(self._jsonschema_type_dict))
