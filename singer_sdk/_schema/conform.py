"""Record type conformance, compiled once per stream schema.

:func:`build_conformer` reads a stream's schema once and returns a flat function that a tap applies
to every record: it drops properties the schema does not declare, turns Python values JSON has no
type for (date-times, dates, times, durations, bytes, UUIDs) into strings, replaces NaN and
infinities with ``None`` and coerces values of boolean-only properties to booleans. Per record it
mostly checks keys and value classes; it copies only the objects in which something changes.

The schema is compiled into nested converter closures. The function returned is generated code
(written once per schema) that checks the whole record for the common case, nothing to change,
with C-level set operations and no Python call per nested object or list; it calls the closures
only for the values that may need changing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import math
import re
import sys
import typing as t

from singer_sdk._schema.predicates import (
    is_boolean_only,
    is_structured_object,
    mentions_boolean,
    single_branch,
    types_of,
    uniform_items,
)
from singer_sdk.helpers.conform import TypeConformanceLevel

if t.TYPE_CHECKING:
    import logging

__all__ = ["Conformer", "build_conformer", "compile_conformer", "datetime_to_json", "is_uuid"]

#: A compiled conformer: takes a record, returns the conformed record.
Conformer: t.TypeAlias = t.Callable[[dict[str, t.Any]], dict[str, t.Any]]
#: Receives the paths of properties that were dropped because the schema lacks them.
UnknownPropertiesReporter: t.TypeAlias = t.Callable[[list[str]], None]

_Convert: t.TypeAlias = t.Callable[[t.Any], t.Any]

_UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)
#: Classes whose values are already JSON-compatible (except in boolean-only properties).
_PLAIN: frozenset[type] = frozenset({str, int, bool, type(None)})
#: Classes the first pass over an object's values lets by: plain values and containers.
_UNCONVERTED: frozenset[type] = _PLAIN | {dict, list}
#: Strings a boolean-only property accepts, lower-cased and stripped.
_BOOLEAN_STRINGS: dict[str, bool] = {"true": True, "false": False, "1": True, "0": False}
#: How many distinct extra property names an object remembers the handling of.
_MAX_REMEMBERED_EXTRA_KEYS = 1024
#: Value classes a boolean-only property converts even when they are plain.
_BOOLEAN_CONVERTED: frozenset[type] = frozenset({int, str, float})
#: Nested objects with at most this many properties are checked property by property (cheaper
#: than the two C-level set checks for small objects).
_SMALL_OBJECT = 6
#: Lists of plain values up to this long are checked item by item.
_SHORT_LIST = 3
#: How deep the generated root conformer inlines the checks of nested objects.
_MAX_INLINE_DEPTH = 8
#: The file name of generated conformers in tracebacks and profiles.
_GENERATED_FILENAME = "<singer_sdk conformer>"
#: How many properties of nested objects one generated conformer checks inline, at most.
_MAX_INLINE_PROPERTIES = 512
_UNKNOWN_PROPERTIES_MESSAGE = (
    "Properties %s were present in the '%s' stream but not found in catalog schema. Ignoring."
)


def datetime_to_json(value: dt.datetime) -> str:
    """Return a date-time as an RFC 3339 string in UTC, always with microseconds.

    Naive date-times are taken to be in UTC; aware ones are converted to UTC (one that cannot be
    converted without leaving the representable range keeps its own offset).

    Args:
        value: The date-time to format.

    Returns:
        A string like ``2024-01-02T03:04:05.000000+00:00``.
    """
    tzinfo = value.tzinfo
    if value.__class__ is dt.datetime and (tzinfo is None or tzinfo is _UTC):
        # The common cases, formatted without replace() and timespec (each costs as much).
        text = value.isoformat()
        if tzinfo is None:
            return f"{text}+00:00" if value.microsecond else f"{text}.000000+00:00"
        return text if value.microsecond else f"{text[:-6]}.000000+00:00"
    offset = None if tzinfo is None else value.utcoffset()
    if offset is None:
        value = value.replace(tzinfo=_UTC)
    else:
        with contextlib.suppress(OverflowError):  # keeps its offset if UTC is out of range
            value = value.astimezone(_UTC)
    return value.isoformat(timespec="microseconds")


def _conform_scalar(value: t.Any) -> t.Any:
    """Return a JSON-compatible stand-in for a value that is not conformed as a container."""
    cls = value.__class__
    if cls in _PLAIN or cls is dict or cls is list:
        return value
    if cls is float:
        return value if value - value == 0.0 else None
    convert = _CONVERT_BY_CLASS.get(cls)
    if convert is not None:
        return convert(value)
    # Subclasses (and UUIDs) take the longer way.
    if isinstance(value, dt.datetime):
        return datetime_to_json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _timedelta_to_json(value)
    if isinstance(value, decimal.Decimal):
        return _finite_decimal(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if is_uuid(value):
        return str(value)
    return value


def _finite_decimal(value: decimal.Decimal) -> decimal.Decimal | None:
    return value if value.is_finite() else None


def _timedelta_to_json(value: dt.timedelta) -> str:
    return (_EPOCH + value).isoformat()


#: Converters of the exact classes that need one, looked up before any isinstance() check.
_CONVERT_BY_CLASS: dict[type, _Convert] = {
    dt.datetime: datetime_to_json,
    dt.date: dt.date.isoformat,
    dt.time: dt.time.isoformat,
    dt.timedelta: _timedelta_to_json,
    decimal.Decimal: _finite_decimal,
    bytes: bytes.hex,
    bytearray: bytearray.hex,
}


def is_uuid(value: object) -> bool:
    """Return whether a value is a UUID (without importing ``uuid``: none exist before it is)."""
    module = sys.modules.get("uuid")
    return module is not None and isinstance(value, module.UUID)


def _conform_boolean_or_other(value: t.Any) -> t.Any:
    """Like :func:`_conform_scalar`, but bytes become a bit: ``b"\\x00"`` is false."""
    if isinstance(value, (bytes, bytearray)):
        return value != b"\x00"
    return _conform_scalar(value)


def _conform_boolean(value: t.Any) -> t.Any:
    """Return the value of a boolean-only property as a boolean where the intent is clear."""
    cls = value.__class__
    if cls is bool or value is None:
        return value
    if cls is int:
        return value != 0
    if cls is str:
        return _BOOLEAN_STRINGS.get(value.strip().lower(), value)
    if cls is float:
        return value != 0.0 if value - value == 0.0 else None
    converted = _conform_boolean_or_other(value)
    if converted is not value:
        return converted
    if isinstance(value, (int, float, decimal.Decimal)):
        return value != 0
    if isinstance(value, str):
        return _BOOLEAN_STRINGS.get(value.strip().lower(), value)
    return value


def _unchanged(record: dict[str, t.Any]) -> dict[str, t.Any]:
    return record


# --- compiling ---------------------------------------------------------------------------------


class _Plan(t.NamedTuple):
    """How to conform the values of one property (or the items of one array)."""

    #: Converts any value (total; used where speed matters less).
    convert: _Convert
    #: Converts a dict value, if the schema describes one to conform.
    for_dict: _Convert | None = None
    #: Converts a list value, if the schema describes one to conform.
    for_list: _Convert | None = None


_SCALAR = _Plan(_conform_scalar)
_BOOLEAN_OR_OTHER = _Plan(_conform_boolean_or_other)
_BOOLEAN = _Plan(_conform_boolean)


class _ObjectInfo(t.NamedTuple):
    """What the generated fast path needs to know about one compiled object converter."""

    #: The declared property names, in schema order.
    names: tuple[str, ...]
    known: frozenset[str]
    #: Value classes that need no conversion in this object (before nested checks).
    unconverted: frozenset[type]
    #: Whether the value classes can be checked in C (False: floats need a Python check).
    checkable: bool
    dict_keys: tuple[tuple[str, _Convert], ...]
    list_keys: tuple[tuple[str, _Convert], ...]
    boolean_keys: tuple[str, ...]
    #: Reports the dropped paths of a record (root objects only).
    finish: t.Callable[[dict[str, t.Any]], dict[str, t.Any]]


class _ListInfo(t.NamedTuple):
    """What the generated fast path needs to know about one compiled list converter."""

    #: The converter of object items, if they are conformed.
    item_object: _Convert | None
    #: Whether the items are boolean-only (such lists are always rebuilt).
    boolean_items: bool


class _Compiler:
    """Turns one schema into nested converter closures; holds what they all share."""

    def __init__(
        self,
        level: TypeConformanceLevel,
        report: UnknownPropertiesReporter,
        *,
        check_floats: bool = True,
        generate: bool = True,
    ) -> None:
        self.recursive = level == TypeConformanceLevel.RECURSIVE
        #: Whether the root conformer is generated code with nested checks inlined.
        self.generate = generate
        self.report = report
        #: Whether non-finite floats must become None here (False when the output encoder
        #: writes them as null anyway, which saves a pass over every object's values).
        self.check_floats = check_floats
        #: Paths dropped from the record being conformed, reported once it is done.
        self.dropped: list[str] = []
        #: ids of the object schemas being compiled (to stop at cycles).
        self.open_objects: set[int] = set()
        #: What each compiled object and list converter does, for the generated fast path
        #: (kept while compiling only: converters compiled later for extra keys are not).
        self.objects: dict[_Convert, _ObjectInfo] = {}
        self.lists: dict[_Convert, _ListInfo] = {}
        self.compiling = True

    def record(self, schema: dict[str, t.Any]) -> Conformer:
        """Return the conformer of whole records following ``schema``."""
        conform = self.object(schema, "")
        try:
            if conform is None:
                return _unchanged
            info = self.objects[conform]
            if not self.generate or not info.checkable:
                return conform
            return _FastPath(self.objects, self.lists).root(conform, info, self.dropped)
        finally:
            self.compiling = False
            self.objects.clear()
            self.lists.clear()

    def property(self, schema: t.Any, path: str) -> _Plan:
        """Return the plan for values of one property (or array items) at ``path``."""
        if not isinstance(schema, dict):
            return _SCALAR
        if is_boolean_only(schema):
            return _BOOLEAN
        scalar = _conform_boolean_or_other if mentions_boolean(schema) else _conform_scalar
        if not self.recursive:
            return _Plan(scalar)
        object_schema = single_branch(schema, is_structured_object)
        for_dict = None if object_schema is None else self.object(object_schema, path)
        items = uniform_items(schema)
        for_list = None if items is None else self.array(items, path)
        if for_dict is None and for_list is None:
            return _Plan(scalar)

        def convert(value: t.Any) -> t.Any:
            if isinstance(value, dict):
                return value if for_dict is None else for_dict(value)
            if isinstance(value, list):
                return value if for_list is None else for_list(value)
            return scalar(value)

        return _Plan(convert, for_dict, for_list)

    def array(self, items_schema: dict[str, t.Any], path: str) -> _Convert:
        """Return the converter of a list whose items all follow ``items_schema``."""
        item = self.property(items_schema, path)
        if item is _BOOLEAN:

            def conform_booleans(values: list[t.Any]) -> list[t.Any]:
                return [_conform_boolean(value) for value in values]

            if self.compiling:
                self.lists[conform_booleans] = _ListInfo(None, boolean_items=True)
            return conform_booleans
        convert = item.convert
        for_dict = item.for_dict

        def conform_list(values: list[t.Any]) -> list[t.Any]:
            if for_dict is None and _PLAIN.issuperset(map(type, values)):
                return values
            result: list[t.Any] | None = None
            for index, value in enumerate(values):
                cls = value.__class__
                if cls is dict and for_dict is not None:
                    new = for_dict(value)
                elif cls in _PLAIN or (cls is float and value - value == 0.0):
                    continue
                else:
                    new = convert(value)
                if new is not value:
                    if result is None:
                        result = list(values)
                    result[index] = new
            return values if result is None else result

        if self.compiling:
            self.lists[conform_list] = _ListInfo(for_dict, boolean_items=False)
        return conform_list

    def object(self, schema: dict[str, t.Any], path: str) -> _Convert | None:
        """Return the converter of an object, or None if the schema leaves it opaque."""
        properties = schema.get("properties")
        patterns = schema.get("patternProperties")
        if not isinstance(properties, dict) and not isinstance(patterns, dict):
            return None
        if id(schema) in self.open_objects:  # a schema that contains itself: stop here
            return None
        prefix = f"{path}." if path else ""
        self.open_objects.add(id(schema))
        try:
            plans = {
                name: self.property(sub, prefix + name) for name, sub in (properties or {}).items()
            }
        finally:
            self.open_objects.discard(id(schema))
        handlers = {name: plan.convert for name, plan in plans.items()}
        known = frozenset(handlers)
        boolean_keys = tuple(name for name, plan in plans.items() if plan is _BOOLEAN)
        dict_keys = tuple(
            (name, plan.for_dict) for name, plan in plans.items() if plan.for_dict is not None
        )
        list_keys = tuple(
            (name, plan.for_list) for name, plan in plans.items() if plan.for_list is not None
        )
        # Without number properties floats are rare: check value classes in C first.
        expects_floats = self.check_floats and any(
            isinstance(sub, dict) and "number" in (types_of(sub) or ())
            for sub in (properties or {}).values()
        )
        unconverted = _UNCONVERTED if self.check_floats else _UNCONVERTED | {float}
        extra = self._extra_handler(schema, patterns, prefix)
        dropped = self.dropped
        report = self.report
        is_root = not path

        def rebuild(record: dict[str, t.Any]) -> dict[str, t.Any]:
            result: dict[str, t.Any] = {}
            for key, value in record.items():
                handler = handlers.get(key) or extra(key)
                if handler is None:
                    dropped.append(prefix + key)
                else:
                    result[key] = handler(value)
            return result

        def finish(result: dict[str, t.Any]) -> dict[str, t.Any]:
            if is_root and dropped:
                paths = dropped[:]
                del dropped[: len(paths)]
                report(paths)
            return result

        def conform_object(record: dict[str, t.Any]) -> dict[str, t.Any]:
            if not known.issuperset(record):
                return finish(rebuild(record))
            changes: dict[str, t.Any] | None = None
            convert_each = False
            if expects_floats or not unconverted.issuperset(map(type, record.values())):
                for value in record.values():
                    cls = value.__class__
                    if cls in _UNCONVERTED or (cls is float and value - value == 0.0):
                        continue
                    convert_each = True
                    break
            if convert_each:  # some value is neither plain, a container nor a finite float
                for key, value in record.items():
                    cls = value.__class__
                    if cls in _PLAIN or (cls is float and value - value == 0.0):
                        continue
                    new = handlers[key](value)
                    if new is not value:
                        if changes is None:
                            changes = {}
                        changes[key] = new
            else:  # only nested objects and lists may need work
                for key, conform_dict in dict_keys:
                    value = record.get(key)
                    if value.__class__ is dict:
                        new = conform_dict(value)
                        if new is not value:
                            if changes is None:
                                changes = {}
                            changes[key] = new
                for key, conform_list in list_keys:
                    value = record.get(key)
                    if value.__class__ is list:
                        new = conform_list(value)
                        if new is not value:
                            if changes is None:
                                changes = {}
                            changes[key] = new
            # Boolean-only properties also convert plain values and floats (0, "true", 1.0).
            for key in boolean_keys:
                value = record.get(key)
                cls = value.__class__
                if cls is int or cls is str or cls is float:
                    new = _conform_boolean(value)
                    if new is not value:
                        if changes is None:
                            changes = {}
                        changes[key] = new
            result = record
            if changes is not None:
                result = record.copy()
                result.update(changes)
            if is_root and dropped:
                return finish(result)
            return result

        if self.compiling:
            self.objects[conform_object] = _ObjectInfo(
                names=tuple(handlers),
                known=known,
                unconverted=unconverted,
                checkable=not expects_floats,
                dict_keys=dict_keys,
                list_keys=list_keys,
                boolean_keys=boolean_keys,
                finish=finish,
            )
        return conform_object

    def _extra_handler(
        self, schema: dict[str, t.Any], patterns: t.Any, prefix: str
    ) -> t.Callable[[str], _Convert | None]:
        """Return a lookup: undeclared key -> its converter, or None if the key is dropped."""
        compiled_patterns: list[tuple[re.Pattern[str], t.Any]] = []
        for pattern, pattern_schema in (patterns if isinstance(patterns, dict) else {}).items():
            try:
                compiled_patterns.append((re.compile(pattern), pattern_schema))
            except re.error:  # not a regex Python understands: no key matches it
                continue
        additional = schema.get("additionalProperties")
        if not (additional is True or isinstance(additional, dict)):
            additional = None
        if not compiled_patterns and additional is None:
            return lambda key: None
        remembered: dict[str, _Convert | None] = {}

        def lookup(key: str) -> _Convert | None:
            if key in remembered:
                return remembered[key]
            sub_schema: t.Any = None
            for pattern, pattern_schema in compiled_patterns:
                if pattern.search(key):
                    sub_schema = pattern_schema
                    break
            else:
                sub_schema = additional
            handler = (
                None if sub_schema is None else self.property(sub_schema, prefix + key).convert
            )
            if len(remembered) < _MAX_REMEMBERED_EXTRA_KEYS:
                remembered[key] = handler
            return handler

        return lookup


class _FastPath:
    """Writes a root conformer whose common case costs no Python call per nested value.

    The compiled converters are closures calling closures: one call per nested object and list.
    The generated root function first checks, with expressions inlined into one function, that
    nested objects and lists need no change (their keys are declared and their value classes
    plain); only where a check fails does it call the compiled converter of that value. Each
    check is conservative: when it holds, the compiled converter would have returned the value
    itself and dropped nothing, so the two are interchangeable.
    """

    def __init__(
        self, objects: dict[_Convert, _ObjectInfo], lists: dict[_Convert, _ListInfo]
    ) -> None:
        self.objects = objects
        self.lists = lists
        #: The generated code's globals: constants and helpers by name.
        self.namespace: dict[str, t.Any] = {"_len": len, "_map": map, "_type": type}
        self.names: dict[int, str] = {}
        self.class_sets: dict[frozenset[type], str] = {}
        #: Sources of helper functions (list item checks) the root function calls.
        self.helpers: list[str] = []
        #: How many more nested properties may be checked inline.
        self.budget = _MAX_INLINE_PROPERTIES
        #: The source of the generated code (for debugging).
        self.source = ""

    def constant(self, value: t.Any, kind: str) -> str:
        """Return the name the generated code refers to ``value`` by."""
        name = self.names.get(id(value))
        if name is None:
            name = f"_{kind}{len(self.names)}"
            self.names[id(value)] = name
            self.namespace[name] = value
        return name

    def classes(self, value: frozenset[type]) -> str:
        """Return the name of a set of classes (equal sets share one name)."""
        name = self.class_sets.get(value)
        if name is None:
            name = self.class_sets[value] = self.constant(value, "classes_")
        return name

    def key(self, name: str) -> str:
        """Return a literal for a property name."""
        return repr(name) if name.__class__ is str else self.constant(name, "key")

    def object_check(self, info: _ObjectInfo, var: str, depth: int) -> str | None:
        """Return an expression true only if the compiled converter leaves dict ``var`` as is.

        None when no such check is worth writing (floats to check, too deep or too large).
        """
        if not info.checkable or depth > _MAX_INLINE_DEPTH or len(info.names) > self.budget:
            return None
        self.budget -= len(info.names)
        terms = [f"{self.constant(info.known.issuperset, 'declares_')}({var})"]
        small = len(info.names) <= _SMALL_OBJECT
        if not small:
            unconverted = self.constant(info.unconverted.issuperset, "unconverted_")
            terms.append(f"{unconverted}(_map(_type, {var}.values()))")
        dict_children = dict(info.dict_keys)
        list_children = dict(info.list_keys)
        booleans = set(info.boolean_keys)
        for name in info.names:
            for_dict = dict_children.get(name)
            for_list = list_children.get(name)
            is_boolean = name in booleans
            if for_dict is None and for_list is None and not is_boolean and not small:
                continue  # the C-level class check above covered it
            term = self.value_check(
                info, f"{var}.get({self.key(name)})", for_dict, for_list, is_boolean, depth
            )
            terms.append(term)
        return "(" + " and ".join(terms) + ")"

    def value_check(
        self,
        info: _ObjectInfo,
        value: str,
        for_dict: _Convert | None,
        for_list: _Convert | None,
        is_boolean: bool,
        depth: int,
    ) -> str:
        """Return an expression true only if property value ``value`` (of ``info``) stays as is.

        ``depth`` numbers the variable a nested value is bound to.
        """
        plain = info.unconverted
        if is_boolean:
            plain = plain - _BOOLEAN_CONVERTED
        if for_dict is not None:
            plain = plain - {dict}
        if for_list is not None:
            plain = plain - {list}
        classes = self.classes(plain)
        if for_dict is None and for_list is None:
            return f"{value}.__class__ in {classes}"
        var = f"_v{depth}"
        alternatives = [f"({var} := {value}).__class__ in {classes}"]
        if for_dict is not None:
            check = self.object_check(self.objects[for_dict], var, depth + 1)
            if check is not None:
                alternatives.append(f"{var}.__class__ is dict and {check}")
        if for_list is not None:
            check = self.list_check(self.lists[for_list], var, depth + 1)
            if check is not None:
                alternatives.append(f"{var}.__class__ is list and {check}")
        return "(" + " or ".join(alternatives) + ")"

    def list_check(self, info: _ListInfo, var: str, depth: int) -> str | None:
        """Return an expression true only if the compiled converter leaves list ``var`` as is.

        None when no such check is worth writing.
        """
        if info.boolean_items:
            return None  # such lists are always rebuilt
        if info.item_object is None:
            # Short lists item by item (creating the map costs more), longer ones in C.
            classes = self.classes(_PLAIN)
            short = " and ".join(
                f"(_n < {index + 1} or {var}[{index}].__class__ in {classes})"
                for index in range(_SHORT_LIST)
            )
            plain = self.constant(_PLAIN.issuperset, "plain_")
            return (
                f"((_n := _len({var})) <= {_SHORT_LIST} and {short}"
                f" or _n > {_SHORT_LIST} and {plain}(_map(_type, {var})))"
            )
        check = self.object_check(self.objects[info.item_object], "_item", depth)
        if check is None:
            return None
        name = f"_items_unchanged{len(self.helpers)}"
        self.helpers.append(
            f"def {name}(values):\n"
            f"    for _item in values:\n"
            f"        if _item.__class__ is dict:\n"
            f"            if not {check}:\n"
            f"                return False\n"
            f"        elif _item.__class__ not in {self.classes(_PLAIN)}:\n"
            f"            return False\n"
            f"    return True\n"
        )
        return f"{name}({var})"

    def root(self, general: Conformer, info: _ObjectInfo, dropped: list[str]) -> Conformer:
        """Return the generated root conformer, equivalent to the compiled ``general``.

        ``dropped`` is the list the compiled converters collect dropped paths in.
        """
        lines = [
            "def conform(record):",
            f"    if not ({self.constant(info.known.issuperset, 'declares_')}(record)"
            f" and {self.constant(info.unconverted.issuperset, 'unconverted_')}"
            "(_map(_type, record.values()))):",
            "        return _general(record)",
            "    changes = None",
        ]

        def change(name: str, convert: str, condition: str) -> None:
            lines.extend(
                (
                    f"    value = record.get({name})",
                    f"    if {condition}:",
                    f"        new = {convert}(value)",
                    "        if new is not value:",
                    "            if changes is None:",
                    "                changes = {}",
                    f"            changes[{name}] = new",
                )
            )

        for name, for_dict in info.dict_keys:
            check = self.object_check(self.objects[for_dict], "value", 1)
            condition = "value.__class__ is dict"
            if check is not None:
                condition += f" and not {check}"
            change(self.key(name), self.constant(for_dict, "object_"), condition)
        for name, for_list in info.list_keys:
            check = self.list_check(self.lists[for_list], "value", 1)
            condition = "value.__class__ is list"
            if check is not None:
                condition += f" and not {check}"
            change(self.key(name), self.constant(for_list, "list_"), condition)
        converted = self.classes(_BOOLEAN_CONVERTED)
        for name in info.boolean_keys:
            change(self.key(name), "_conform_boolean", f"value.__class__ in {converted}")
        lines.extend(
            (
                "    if changes is not None:",
                "        record = record.copy()",
                "        record.update(changes)",
                "    if _dropped:",
                "        return _finish(record)",
                "    return record",
            )
        )
        self.namespace.update(
            _dropped=dropped,
            _general=general,
            _finish=info.finish,
            _conform_boolean=_conform_boolean,
        )
        self.source = "\n".join([*self.helpers, *lines]) + "\n"
        exec(compile(self.source, _GENERATED_FILENAME, "exec"), self.namespace)
        return t.cast("Conformer", self.namespace["conform"])


def compile_conformer(
    schema: dict[str, t.Any],
    level: TypeConformanceLevel,
    report: UnknownPropertiesReporter,
    *,
    check_floats: bool = True,
) -> Conformer:
    """Compile a schema into a record conformer that hands dropped properties to ``report``.

    Args:
        schema: The stream's JSON schema (an object schema with ``properties``).
        level: How deep to conform: everything, top-level properties only, or nothing.
        report: Called with the paths (``parent.child``) of the properties dropped from one
            object of a record, each time some are dropped.
        check_floats: Replace NaN and infinite floats with None. Pass False when the record
            goes straight to the Singer codec, which writes them as ``null`` anyway: the
            conformer then skips scanning objects whose values are all plain.

    Returns:
        The conformer; see :func:`build_conformer` for what it does to a record.
    """
    if level == TypeConformanceLevel.NONE:
        return _unchanged
    return _Compiler(level, report, check_floats=check_floats).record(schema)


def build_conformer(
    schema: dict[str, t.Any],
    level: TypeConformanceLevel,
    *,
    stream_name: str,
    logger: logging.Logger,
    check_floats: bool = True,
) -> Conformer:
    """Compile a stream schema into a function that conforms that stream's records.

    The returned function never changes its argument. It returns the record itself when nothing
    needs changing, otherwise a new dict (nested objects and lists that need no change are shared
    with the input). What it changes, per ``level``:

    - ``NONE``: nothing.
    - ``ROOT_ONLY``: top-level properties only; nested objects and lists pass through.
    - ``RECURSIVE``: also inside nested objects (``properties``, ``patternProperties``,
      ``additionalProperties``, the one object branch of an ``anyOf``) and arrays with one
      ``items`` schema.

    Changes: properties neither declared, matching ``patternProperties`` nor allowed by
    ``additionalProperties`` are dropped (a WARNING is logged the first time each one is seen);
    ``datetime`` values become RFC 3339 strings in UTC with microseconds (naive ones are taken as
    UTC); ``date`` and ``time`` values become ISO strings; ``timedelta`` values become the
    date-time that far from the Unix epoch; bytes become hex strings (or a bit in boolean
    properties); UUIDs become strings; NaN and infinite floats and Decimals become ``None``;
    values of boolean-only properties become booleans (numbers: non-zero is true; strings
    ``"true"``/``"false"``/``"1"``/``"0"`` in any case). Strings, including ``date-time``
    formatted ones, are left as they are.

    Args:
        schema: The stream's JSON schema.
        level: How deep to conform.
        stream_name: The stream's name, for the warning about dropped properties.
        logger: Where the warning about dropped properties goes.
        check_floats: See :func:`compile_conformer`.

    Returns:
        The conformer, meant to be built once per stream schema and applied to every record.
    """
    warned: set[str] = set()

    def report(paths: list[str]) -> None:
        fresh = [path for path in dict.fromkeys(paths) if path not in warned]
        if fresh:
            warned.update(fresh)
            logger.warning(_UNKNOWN_PROPERTIES_MESSAGE, tuple(fresh), stream_name)

    return compile_conformer(schema, level, report, check_floats=check_floats)
