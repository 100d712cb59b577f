"""Build JSON Schemas for streams and settings in Python (``import singer_sdk.typing as th``).

Example:
    >>> import singer_sdk.typing as th
    >>> th.PropertiesList(
    ...     th.Property("id", th.IntegerType, required=True),
    ...     th.Property("updated_at", th.DateTimeType),
    ... ).to_dict()["properties"]["updated_at"]
    {'type': ['string', 'null'], 'format': 'date-time'}

``DEFAULT_JSONSCHEMA_VALIDATOR`` and ``extend_validator_with_defaults`` load ``jsonschema`` on
first access, so importing this module stays cheap.
"""

from __future__ import annotations

import sys
import typing as t
import warnings

from singer_sdk._lazy import lazy_attributes
from singer_sdk._schema.predicates import (  # noqa: F401  (SQL connectors call it)
    jsonschema_type_check as _jsonschema_type_check,
)
from singer_sdk._schema.sql_names import jsonschema_for_sql_name as _jsonschema_for_sql_name
from singer_sdk._schema.structures import (
    AllOf,
    AnyOf,
    ArrayType,
    Constant,
    CustomType,
    DiscriminatedUnion,
    ObjectType,
    OneOf,
    PropertiesList,
    Property,
)
from singer_sdk._schema.types import (
    JSONSCHEMA_ANNOTATION_SECRET,
    JSONSCHEMA_ANNOTATION_WRITEONLY,
    AnyType,
    BooleanType,
    DateTimeType,
    DateType,
    DecimalType,
    DefaultInstanceProperty,
    DurationType,
    EmailType,
    HostnameType,
    IDNEmailType,
    IDNHostnameType,
    IntegerType,
    IPv4Type,
    IPv6Type,
    IRIReferenceType,
    IRIType,
    JSONPointerType,
    JSONTypeHelper,
    NullType,
    NumberType,
    RegexType,
    RelativeJSONPointerType,
    SingerDecimalType,
    StringType,
    TimeType,
    URIReferenceType,
    URITemplateType,
    URIType,
    UUIDType,
)

if t.TYPE_CHECKING:
    import sqlalchemy.types

    from singer_sdk._schema.validation import (
        DEFAULT_JSONSCHEMA_VALIDATOR,
        extend_validator_with_defaults,
    )

__all__ = [
    "DEFAULT_JSONSCHEMA_VALIDATOR",
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
    "extend_validator_with_defaults",
    "to_jsonschema_type",
    "to_sql_type",
]

# Reprs, tracebacks and API docs show the public path.
for _name in __all__:
    _obj = globals().get(_name)
    if isinstance(_obj, type) and _obj.__module__.startswith("singer_sdk._schema"):
        _obj.__module__ = __name__
del _name, _obj

_LAZY: dict[str, str] = {
    "DEFAULT_JSONSCHEMA_VALIDATOR": "singer_sdk._schema.validation",
    "extend_validator_with_defaults": "singer_sdk._schema.validation",
    # also offered by the reference's module, so connectors import them from here
    "SingerSDKPendingDeprecationWarning": "singer_sdk.helpers._compat",
    "append_type": "singer_sdk.helpers._typing",
    "get_datelike_property_type": "singer_sdk.helpers._typing",
}


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)


_SQL_EXTRA_HINT = (
    "SQLAlchemy is not installed; install the SQL extra: pip install 'singer-connector-sdk[sql]'"
)


def _import_sqlalchemy() -> t.Any:
    try:
        import sqlalchemy.types
    except ImportError as exc:
        raise ImportError(_SQL_EXTRA_HINT) from exc
    return sqlalchemy.types


def _pending_deprecation(replacement: str) -> None:
    from singer_sdk.helpers._compat import SingerSDKPendingDeprecationWarning

    warnings.warn(f"Use `{replacement}` instead.", SingerSDKPendingDeprecationWarning, stacklevel=3)


def to_jsonschema_type(
    from_type: str | sqlalchemy.types.TypeEngine[t.Any] | type[sqlalchemy.types.TypeEngine[t.Any]],
) -> dict[str, t.Any]:
    """Map a SQL type to a JSON Schema (pending deprecation: use ``SQLToJSONSchema``).

    Args:
        from_type: A SQL type name such as ``"VARCHAR"`` or ``"TIMESTAMP"``, or a SQLAlchemy type
            (class or instance). Unknown types map to a string.

    Returns:
        A JSON Schema dict, e.g. ``{"type": ["integer"]}``.

    Raises:
        TypeError: If ``from_type`` is neither a string nor a SQLAlchemy type.
    """
    _pending_deprecation("SQLToJSONSchema")
    if isinstance(from_type, str):
        return _jsonschema_for_sql_name(from_type)
    # A SQLAlchemy type can only exist once SQLAlchemy has been imported.
    sa_types = sys.modules.get("sqlalchemy.types")
    if sa_types is None or not (
        isinstance(from_type, sa_types.TypeEngine)
        or (isinstance(from_type, type) and issubclass(from_type, sa_types.TypeEngine))
    ):
        msg = f"to_jsonschema_type expects a SQL type name or a SQLAlchemy type, got {from_type!r}"
        raise TypeError(msg)
    sql_type = from_type() if isinstance(from_type, type) else from_type
    if isinstance(sql_type, sa_types.Interval):  # a TypeDecorator over DateTime
        return StringType.type_dict
    while isinstance(sql_type, sa_types.TypeDecorator):
        impl = sql_type.impl
        sql_type = impl() if isinstance(impl, type) else impl
    for sa_class, helper in (
        (sa_types.Boolean, BooleanType),
        (sa_types.Integer, IntegerType),
        ((sa_types.Numeric, sa_types.Float), NumberType),  # unrelated classes in SA 2.1
        (sa_types.DateTime, DateTimeType),
        (sa_types.Date, DateType),
        (sa_types.Time, TimeType),
    ):
        if isinstance(sql_type, sa_class):
            return helper.type_dict
    return StringType.type_dict


def to_sql_type(jsonschema_type: dict[str, t.Any]) -> sqlalchemy.types.TypeEngine[t.Any]:
    """Map a JSON Schema to a SQLAlchemy type (pending deprecation: use ``JSONSchemaToSQL``).

    ``null`` is ignored when choosing; a schema that allows several other types, objects and
    arrays all map to ``VARCHAR``.

    Args:
        jsonschema_type: A property's JSON Schema, e.g. ``{"type": ["integer", "null"]}``.

    Returns:
        A SQLAlchemy type instance, e.g. ``INTEGER()``.

    Raises:
        ImportError: If SQLAlchemy is not installed.
        TypeError: If ``jsonschema_type`` is not a dict.
    """
    _pending_deprecation("JSONSchemaToSQL")
    if not isinstance(t.cast("object", jsonschema_type), t.Mapping):
        msg = f"to_sql_type expects a JSON Schema dict, got {jsonschema_type!r}"
        raise TypeError(msg)
    sa_types = _import_sqlalchemy()
    return t.cast("sqlalchemy.types.TypeEngine[t.Any]", _sql_type_for(jsonschema_type, sa_types))


def _sql_type_for(schema: t.Mapping[str, t.Any], sa_types: t.Any) -> t.Any:
    if "type" not in schema:
        for keyword in ("anyOf", "oneOf"):
            branches = [
                branch
                for branch in schema.get(keyword) or ()
                if not (isinstance(branch, t.Mapping) and branch.get("type") in ("null", ["null"]))
            ]
            if len(branches) == 1 and isinstance(branches[0], t.Mapping):
                return _sql_type_for(branches[0], sa_types)
        return sa_types.VARCHAR()
    declared = schema["type"]
    names = {declared} if isinstance(declared, str) else set(declared)
    names.discard("null")
    if names == {"string"}:
        string_format = schema.get("format")
        if string_format == "date-time":
            return sa_types.DATETIME()
        if string_format == "date":
            return sa_types.DATE()
        if string_format == "time":
            return sa_types.TIME()
        return sa_types.VARCHAR(length=schema.get("maxLength"))
    if names == {"integer"}:
        return sa_types.INTEGER()
    if names and names <= {"integer", "number"}:
        return sa_types.DECIMAL()
    if names == {"boolean"}:
        return sa_types.BOOLEAN()
    return sa_types.VARCHAR()
