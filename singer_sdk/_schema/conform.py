"""Record type conformance, compiled once per stream schema.

:func:`build_conformer` reads a stream's schema once and returns a flat function that a tap applies
to every record: it drops properties the schema does not declare, turns Python values JSON has no
type for (date-times, dates, times, durations, bytes, UUIDs) into strings, replaces NaN and
infinities with ``None`` and coerces values of boolean-only properties to booleans. Per record it
mostly checks keys and value classes; it copies only the objects in which something changes.

The schema is compiled here into nested converter closures (the value converters they apply live
in :mod:`singer_sdk._schema.scalars`). The function returned is generated code
(:mod:`singer_sdk._schema.conform_fast`, written once per schema) that checks the whole record for
the common case, nothing to change, with C-level set operations and no Python call per nested
object or list; it calls the closures only for the values that may need changing.
"""

from __future__ import annotations

import re
import sys
import typing as t

from singer_sdk._schema.conform_fast import FastPath, ListInfo, ObjectInfo
from singer_sdk._schema.options import TypeConformanceLevel
from singer_sdk._schema.predicates import (
    is_boolean_only,
    is_structured_object,
    mentions_boolean,
    single_branch,
    types_of,
    uniform_items,
)
from singer_sdk._schema.scalars import (
    PLAIN,
    UNCONVERTED,
    Convert,
    conform_boolean,
    conform_boolean_or_other,
    conform_primitive_property,
    conform_scalar,
    datetime_to_json,
    is_uuid,
)

if t.TYPE_CHECKING:
    import logging

__all__ = ["Conformer", "build_conformer", "compile_conformer", "datetime_to_json", "is_uuid"]

#: A compiled conformer: takes a record, returns the conformed record.
Conformer: t.TypeAlias = t.Callable[[dict[str, t.Any]], dict[str, t.Any]]
#: Receives the paths of properties that were dropped because the schema lacks them.
UnknownPropertiesReporter: t.TypeAlias = t.Callable[[list[str]], None]

#: How many distinct extra property names an object remembers the handling of.
_MAX_REMEMBERED_EXTRA_KEYS = 1024
_UNKNOWN_PROPERTIES_MESSAGE = (
    "Properties %s were present in the '%s' stream but not found in catalog schema. Ignoring."
)


def _unchanged(record: dict[str, t.Any]) -> dict[str, t.Any]:
    return record


# --- compiling ---------------------------------------------------------------------------------


class _Plan(t.NamedTuple):
    """How to conform the values of one property (or the items of one array)."""

    #: Converts any value (total; used where speed matters less).
    convert: Convert
    #: Converts a dict value, if the schema describes one to conform.
    for_dict: Convert | None = None
    #: Converts a list value, if the schema describes one to conform.
    for_list: Convert | None = None


_SCALAR = _Plan(conform_scalar)
_BOOLEAN_OR_OTHER = _Plan(conform_boolean_or_other)
_BOOLEAN = _Plan(conform_boolean)


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
        self.objects: dict[Convert, ObjectInfo] = {}
        self.lists: dict[Convert, ListInfo] = {}
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
            return FastPath(self.objects, self.lists).root(conform, info, self.dropped)
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
        scalar = conform_boolean_or_other if mentions_boolean(schema) else conform_scalar
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

    def array(self, items_schema: dict[str, t.Any], path: str) -> Convert:
        """Return the converter of a list whose items all follow ``items_schema``."""
        item = self.property(items_schema, path)
        if item is _BOOLEAN:

            def conform_booleans(values: list[t.Any]) -> list[t.Any]:
                return [conform_boolean(value) for value in values]

            if self.compiling:
                self.lists[conform_booleans] = ListInfo(None, boolean_items=True)
            return conform_booleans
        convert = item.convert
        for_dict = item.for_dict

        def conform_list(values: list[t.Any]) -> list[t.Any]:
            if for_dict is None and PLAIN.issuperset(map(type, values)):
                return values
            result: list[t.Any] | None = None
            for index, value in enumerate(values):
                cls = value.__class__
                if cls is dict and for_dict is not None:
                    new = for_dict(value)
                elif cls in PLAIN or (cls is float and value - value == 0.0):
                    continue
                else:
                    new = convert(value)
                if new is not value:
                    if result is None:
                        result = list(values)
                    result[index] = new
            return values if result is None else result

        if self.compiling:
            self.lists[conform_list] = ListInfo(for_dict, boolean_items=False)
        return conform_list

    def object(self, schema: dict[str, t.Any], path: str) -> Convert | None:
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
        unconverted = UNCONVERTED if self.check_floats else UNCONVERTED | {float}
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
                    if cls in UNCONVERTED or (cls is float and value - value == 0.0):
                        continue
                    convert_each = True
                    break
            if convert_each:  # some value is neither plain, a container nor a finite float
                for key, value in record.items():
                    cls = value.__class__
                    if cls in PLAIN or (cls is float and value - value == 0.0):
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
                    new = conform_boolean(value)
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
            self.objects[conform_object] = ObjectInfo(
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
    ) -> t.Callable[[str], Convert | None]:
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
        remembered: dict[str, Convert | None] = {}

        def lookup(key: str) -> Convert | None:
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
    conform = _Compiler(level, report, check_floats=check_floats).record(schema)
    hook = _replaced_primitive_hook()
    if hook is None:
        return conform
    return _calling_primitive_hook(conform, schema, level, hook)


def _replaced_primitive_hook() -> t.Callable[[t.Any, dict[str, t.Any]], t.Any] | None:
    """The reference's per-value conformance function, if a connector replaced it.

    Connectors built on Meltano's SDK may assign their own function to
    ``singer_sdk.helpers._typing._conform_primitive_property`` (meltanolabs-tap-mysql does, to
    keep dates as dates). Conformance here is compiled, so such a function is called only when
    it is there: looked up (not imported) when a schema is compiled.
    """
    module = sys.modules.get("singer_sdk.helpers._typing")
    hook = getattr(module, "_conform_primitive_property", conform_primitive_property)
    return None if hook is conform_primitive_property else hook


def _calling_primitive_hook(
    conform: Conformer,
    schema: dict[str, t.Any],
    level: TypeConformanceLevel,
    hook: t.Callable[[t.Any, dict[str, t.Any]], t.Any],
) -> Conformer:
    """Return ``conform`` preceded by ``hook`` on every value that is not an object or array.

    As in the reference, the hook gets each declared property's value and schema (inside
    nested objects and arrays too at the ``RECURSIVE`` level); the compiled conformer then does
    the rest (dropping undeclared properties, converting what the hook left).
    """
    recursive = level == TypeConformanceLevel.RECURSIVE

    def walk(value: t.Any, sub: t.Any, nested: bool) -> t.Any:
        sub = sub if isinstance(sub, dict) else {}
        if isinstance(value, dict):
            properties = sub.get("properties")
            if (nested and not recursive) or not isinstance(properties, dict):
                return value
            return {
                key: walk(item, properties[key], True) if key in properties else item
                for key, item in value.items()
            }
        if isinstance(value, list):
            items = sub.get("items")
            if not recursive or not isinstance(items, dict):
                return value
            return [walk(item, items, True) for item in value]
        return hook(value, sub)

    def conform_with_hook(record: dict[str, t.Any]) -> dict[str, t.Any]:
        return conform(walk(record, schema, False))

    return conform_with_hook


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
