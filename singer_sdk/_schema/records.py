"""The record helpers of Meltano's ``singer_sdk.helpers._typing``, which connectors call.

:func:`conform_record_data_types` conforms one record to its schema with a conformer compiled by
:mod:`singer_sdk._schema.conform` and cached per schema; :func:`to_json_compatible`,
:func:`append_type` and :func:`handle_invalid_timestamp_in_record` keep the reference's
signatures. Their public path is :mod:`singer_sdk.helpers._typing`.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import typing as t

from singer_sdk._schema.conform import Conformer, compile_conformer
from singer_sdk._schema.options import DatetimeErrorTreatmentEnum, TypeConformanceLevel
from singer_sdk._schema.scalars import datetime_to_json, is_uuid

if t.TYPE_CHECKING:
    import logging

__all__ = [
    "append_type",
    "conform_record_data_types",
    "handle_invalid_timestamp_in_record",
    "to_json_compatible",
]

#: What an unparsable date-time (or time) becomes under ``DatetimeErrorTreatmentEnum.MAX``.
_MAX_TIMESTAMP = "9999-12-31 23:59:59.999999"
_MAX_TIME = "23:59:59.999999"


def to_json_compatible(val: t.Any) -> t.Any:
    """Return a value JSON can carry: date-times and dates as ISO strings, UUIDs as strings.

    Date-times become RFC 3339 strings in UTC with microseconds (naive ones are taken as UTC), so
    that bookmarks compare correctly as strings. Other values are returned unchanged.

    Args:
        val: Any value, typically a replication key value.

    Returns:
        The JSON-compatible value.
    """
    if isinstance(val, dt.datetime):
        return datetime_to_json(val)
    if isinstance(val, dt.date):
        return val.isoformat()
    if is_uuid(val):
        return str(val)
    return val


def append_type(type_dict: dict[str, t.Any], new_type: str) -> dict[str, t.Any]:
    """Return a copy of a schema that also accepts the JSON type ``new_type``.

    A ``type`` gains the name (as a list); an ``anyOf`` or ``oneOf`` gains a ``{"type": ...}``
    branch unless a branch already is exactly that type. A schema with none of these already
    accepts every type and is returned as a copy.

    Args:
        type_dict: The JSON Schema to widen; not changed.
        new_type: A JSON type name such as ``"null"``.

    Returns:
        A deep copy of ``type_dict`` that also accepts ``new_type``.
    """
    result = copy.deepcopy(type_dict)
    new_branch = {"type": new_type}
    for keyword in ("anyOf", "oneOf"):
        if keyword in result:
            branches = result[keyword]
            if not isinstance(branches, list):
                branches = [branches]
            if new_branch not in branches and new_type not in branches:
                branches = [*branches, new_branch]
            result[keyword] = branches
            return result
    if "type" in result:
        declared = result["type"]
        names = declared if isinstance(declared, list) else [declared]
        if new_type not in names:
            result["type"] = [*names, new_type]
    return result


def handle_invalid_timestamp_in_record(
    record: dict[str, t.Any],
    key_breadcrumb: list[str],
    invalid_value: str,
    datelike_typename: str,
    ex: Exception,
    treatment: DatetimeErrorTreatmentEnum | None,
    logger: logging.Logger,
) -> t.Any:
    """Return what replaces a date-like value that could not be parsed, or raise.

    Args:
        record: The record holding the value (not changed).
        key_breadcrumb: Path of the field in the record, e.g. ``["address", "moved_at"]``.
        invalid_value: The value that could not be parsed.
        datelike_typename: ``"date-time"``, ``"date"`` or ``"time"``.
        ex: The parsing error.
        treatment: What to do; ``None`` means ``DatetimeErrorTreatmentEnum.ERROR``.
        logger: Where the warning goes for the ``MAX`` and ``NULL`` treatments.

    Returns:
        ``"9999-12-31 23:59:59.999999"`` (``"23:59:59.999999"`` for times) for ``MAX``, ``None``
        for ``NULL``; both log a warning.

    Raises:
        ValueError: For the ``ERROR`` treatment, naming the value and the field.
    """
    del record  # part of the signature connectors call; not needed to decide
    message = f"Could not parse value '{invalid_value}' for field '{':'.join(key_breadcrumb)}'."
    treatment = treatment or DatetimeErrorTreatmentEnum.ERROR
    if treatment == DatetimeErrorTreatmentEnum.MAX:
        logger.warning("%s Replacing with MAX value.\n%s\n", message, ex)
        return _MAX_TIME if datelike_typename == "time" else _MAX_TIMESTAMP
    if treatment == DatetimeErrorTreatmentEnum.NULL:
        logger.warning("%s Replacing with NULL.\n%s\n", message, ex)
        return None
    raise ValueError(message) from ex


# --- records -------------------------------------------------------------------------------------


#: Compiled conformers by (id(schema), level, stream name, id(logger)); cleared when full.
#: Each entry holds (schema, its "properties", their count, conformer): holding the schema
#: keeps its id from being reused by another object while the entry exists.
_CONFORMERS: dict[
    tuple[int, TypeConformanceLevel, str, int],
    tuple[dict[str, t.Any], t.Any, int, Conformer],
] = {}
_CONFORMERS_LIMIT = 64
#: (logger name, stream name, property path) already warned about.
_WARNED: set[tuple[str, str, str]] = set()
_LOCK = threading.Lock()


def _property_count(properties: t.Any) -> int:
    return len(properties) if properties.__class__ is dict else -1


def _compile_and_cache(
    stream_name: str,
    schema: dict[str, t.Any],
    level: TypeConformanceLevel,
    logger: logging.Logger,
) -> Conformer:
    def report(paths: list[str]) -> None:
        fresh = [p for p in dict.fromkeys(paths) if (logger.name, stream_name, p) not in _WARNED]
        if fresh:
            _WARNED.update((logger.name, stream_name, p) for p in fresh)
            logger.warning(
                "Properties %s were present in the '%s' stream but not found in catalog "
                "schema. Ignoring.",
                tuple(fresh),
                stream_name,
            )

    conformer = compile_conformer(schema, level, report)
    properties = schema.get("properties")
    with _LOCK:
        if len(_CONFORMERS) >= _CONFORMERS_LIMIT:
            _CONFORMERS.clear()
        _CONFORMERS[id(schema), level, stream_name, id(logger)] = (
            schema,
            properties,
            _property_count(properties),
            conformer,
        )
    return conformer


def conform_record_data_types(
    stream_name: str,
    record: dict[str, t.Any],
    schema: dict[str, t.Any],
    level: TypeConformanceLevel,
    logger: logging.Logger,
) -> dict[str, t.Any]:
    """Return a record conformed to its schema's types, as a tap emits it.

    See :func:`singer_sdk._schema.conform.build_conformer` for what changes. The conformer is
    compiled on the first call for a schema and reused while the same schema object (with the
    same top-level ``properties``) is passed; a schema changed deeper in place after its first
    use is not noticed. Properties missing from the schema are dropped, with one warning per
    stream and property.

    Args:
        stream_name: The stream's name, for the warning about dropped properties.
        record: The record; not changed.
        schema: The stream's JSON schema.
        level: How deep to conform.
        logger: Where the warning about dropped properties goes.

    Returns:
        The record itself for ``TypeConformanceLevel.NONE``; otherwise a new dict (nested
        objects and lists that need no change are shared with ``record``).
    """
    if level == TypeConformanceLevel.NONE:
        return record
    entry = _CONFORMERS.get((id(schema), level, stream_name, id(logger)))
    properties = schema.get("properties")
    if (
        entry is None
        or entry[0] is not schema
        or entry[1] is not properties
        or entry[2] != _property_count(properties)
    ):
        conformer = _compile_and_cache(stream_name, schema, level, logger)
    else:
        conformer = entry[3]
    result = conformer(record)
    return result.copy() if result is record else result
