"""The generated fast path of record conformance: one root function per stream schema.

:class:`FastPath` writes (through :class:`~singer_sdk._codegen.CodeWriter`) a root conformer
that checks, inline and mostly with C-level set operations, that a record's nested objects and
lists need no change, and calls the compiled converter closures of
:mod:`singer_sdk._schema.conform` only where a check fails. :class:`ObjectInfo` and
:class:`ListInfo` are what the compiler records about each converter for it.
"""

from __future__ import annotations

import typing as t

from singer_sdk._codegen import CodeWriter
from singer_sdk._schema.scalars import (
    BOOLEAN_CONVERTED,
    PLAIN,
    Convert,
    conform_boolean,
)

__all__ = ["FastPath", "ListInfo", "ObjectInfo"]

#: A compiled conformer: takes a record, returns the conformed record.
Conformer: t.TypeAlias = t.Callable[[dict[str, t.Any]], dict[str, t.Any]]

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


class ObjectInfo(t.NamedTuple):
    """What the generated fast path needs to know about one compiled object converter."""

    #: The declared property names, in schema order.
    names: tuple[str, ...]
    known: frozenset[str]
    #: Value classes that need no conversion in this object (before nested checks).
    unconverted: frozenset[type]
    #: Whether the value classes can be checked in C (False: floats need a Python check).
    checkable: bool
    dict_keys: tuple[tuple[str, Convert], ...]
    list_keys: tuple[tuple[str, Convert], ...]
    boolean_keys: tuple[str, ...]
    #: Reports the dropped paths of a record (root objects only).
    finish: t.Callable[[dict[str, t.Any]], dict[str, t.Any]]


class ListInfo(t.NamedTuple):
    """What the generated fast path needs to know about one compiled list converter."""

    #: The converter of object items, if they are conformed.
    item_object: Convert | None
    #: Whether the items are boolean-only (such lists are always rebuilt).
    boolean_items: bool


class FastPath:
    """Writes a root conformer whose common case costs no Python call per nested value.

    The compiled converters are closures calling closures: one call per nested object and list.
    The generated root function first checks, with expressions inlined into one function, that
    nested objects and lists need no change (their keys are declared and their value classes
    plain); only where a check fails does it call the compiled converter of that value. Each
    check is conservative: when it holds, the compiled converter would have returned the value
    itself and dropped nothing, so the two are interchangeable.
    """

    def __init__(self, objects: dict[Convert, ObjectInfo], lists: dict[Convert, ListInfo]) -> None:
        self.objects = objects
        self.lists = lists
        self.code = CodeWriter(
            _GENERATED_FILENAME,
            {"_len": len, "_map": map, "_type": type, "_conform_boolean": conform_boolean},
        )
        #: How many more nested properties may be checked inline.
        self.budget = _MAX_INLINE_PROPERTIES

    def object_check(self, info: ObjectInfo, var: str, depth: int) -> str | None:
        """Return an expression true only if the compiled converter leaves dict ``var`` as is.

        None when no such check is worth writing (floats to check, too deep or too large).
        """
        if not info.checkable or depth > _MAX_INLINE_DEPTH or len(info.names) > self.budget:
            return None
        self.budget -= len(info.names)
        terms = [f"{self.code.constant(info.known.issuperset, 'declares_')}({var})"]
        small = len(info.names) <= _SMALL_OBJECT
        if not small:
            unconverted = self.code.constant(info.unconverted.issuperset, "unconverted_")
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
                info, f"{var}.get({self.code.literal(name)})", for_dict, for_list, is_boolean, depth
            )
            terms.append(term)
        return "(" + " and ".join(terms) + ")"

    def value_check(
        self,
        info: ObjectInfo,
        value: str,
        for_dict: Convert | None,
        for_list: Convert | None,
        is_boolean: bool,
        depth: int,
    ) -> str:
        """Return an expression true only if property value ``value`` (of ``info``) stays as is.

        ``depth`` numbers the variable a nested value is bound to.
        """
        plain = info.unconverted
        if is_boolean:
            plain = plain - BOOLEAN_CONVERTED
        if for_dict is not None:
            plain = plain - {dict}
        if for_list is not None:
            plain = plain - {list}
        classes = self.code.classes(plain)
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

    def list_check(self, info: ListInfo, var: str, depth: int) -> str | None:
        """Return an expression true only if the compiled converter leaves list ``var`` as is.

        None when no such check is worth writing.
        """
        if info.boolean_items:
            return None  # such lists are always rebuilt
        if info.item_object is None:
            # Short lists item by item (creating the map costs more), longer ones in C.
            classes = self.code.classes(PLAIN)
            short = " and ".join(
                f"(_n < {index + 1} or {var}[{index}].__class__ in {classes})"
                for index in range(_SHORT_LIST)
            )
            plain = self.code.constant(PLAIN.issuperset, "plain_")
            return (
                f"((_n := _len({var})) <= {_SHORT_LIST} and {short}"
                f" or _n > {_SHORT_LIST} and {plain}(_map(_type, {var})))"
            )
        check = self.object_check(self.objects[info.item_object], "_item", depth)
        if check is None:
            return None
        plain = self.code.classes(PLAIN)
        name = self.code.helper(
            "_items_unchanged",
            "values",
            [
                "for _item in values:",
                "    if _item.__class__ is dict:",
                f"        if not {check}:",
                "            return False",
                f"    elif _item.__class__ not in {plain}:",
                "        return False",
                "return True",
            ],
        )
        return f"{name}({var})"

    def root(self, general: Conformer, info: ObjectInfo, dropped: list[str]) -> Conformer:
        """Return the generated root conformer, equivalent to the compiled ``general``.

        ``dropped`` is the list the compiled converters collect dropped paths in.
        """
        declares = self.code.constant(info.known.issuperset, "declares_")
        unconverted = self.code.constant(info.unconverted.issuperset, "unconverted_")
        lines = [
            f"if not ({declares}(record) and {unconverted}(_map(_type, record.values()))):",
            "    return _general(record)",
            "changes = None",
        ]

        def change(name: str, convert: str, condition: str) -> None:
            lines.extend(
                (
                    f"value = record.get({name})",
                    f"if {condition}:",
                    f"    new = {convert}(value)",
                    "    if new is not value:",
                    "        if changes is None:",
                    "            changes = {}",
                    f"        changes[{name}] = new",
                )
            )

        for name, for_dict in info.dict_keys:
            check = self.object_check(self.objects[for_dict], "value", 1)
            condition = "value.__class__ is dict"
            if check is not None:
                condition += f" and not {check}"
            change(self.code.literal(name), self.code.constant(for_dict, "object_"), condition)
        for name, for_list in info.list_keys:
            check = self.list_check(self.lists[for_list], "value", 1)
            condition = "value.__class__ is list"
            if check is not None:
                condition += f" and not {check}"
            change(self.code.literal(name), self.code.constant(for_list, "list_"), condition)
        converted = self.code.classes(BOOLEAN_CONVERTED)
        for name in info.boolean_keys:
            change(self.code.literal(name), "_conform_boolean", f"value.__class__ in {converted}")
        lines.extend(
            (
                "if changes is not None:",
                "    record = record.copy()",
                "    record.update(changes)",
                "if _dropped:",
                "    return _finish(record)",
                "return record",
            )
        )
        self.code.namespace.update(_dropped=dropped, _general=general, _finish=info.finish)
        return t.cast("Conformer", self.code.compile("conform", "record", lines))
