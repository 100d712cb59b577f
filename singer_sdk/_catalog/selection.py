"""Selection applied to records and schemas, compiled once per stream.

:class:`SelectionPlan` turns a :class:`~singer_sdk._catalog.metadata.SelectionMask` into

- a record pruner: a function that removes deselected properties from a record in place,
  visiting only the deselected names (and the objects that contain some), never walking the
  whole record. When nothing is deselected it is a no-op and ``plan.prunes_nothing`` is true,
  so the hot path can skip the call;
- the selected schema: a copy of the stream schema without the deselected properties (and
  without them in ``required``), computed once.

Breadcrumbs may go through object properties (``"properties", name``) and array items
(``"items"``); a record value that is not an object (or not a list, for ``items``) is left
alone. The functions named as in ``singer_sdk.helpers._catalog`` are kept for callers of the
reference API.
"""

from __future__ import annotations

import copy
import typing as t
from collections.abc import Mapping

from singer_sdk._catalog.metadata import Breadcrumb, SelectionMask

if t.TYPE_CHECKING:
    from singer_sdk._catalog.catalog import Catalog

__all__ = [
    "RecordPruner",
    "SelectionPlan",
    "compile_record_pruner",
    "deselect_all_streams",
    "get_selected_schema",
    "pop_deselected_record_properties",
    "prune_schema",
    "set_catalog_stream_selected",
]

RecordPruner: t.TypeAlias = t.Callable[[dict[str, t.Any]], None]
_ValuePruner: t.TypeAlias = t.Callable[[t.Any], None]


def _as_mask(mask: Mapping[Breadcrumb, bool]) -> SelectionMask:
    return mask if isinstance(mask, SelectionMask) else SelectionMask(mask)


def _keep_everything(record: dict[str, t.Any]) -> None:
    """Record pruner of a mask that deselects nothing."""


def _drop_everything(record: dict[str, t.Any]) -> None:
    """Record pruner of a deselected stream: every property inherits the deselection."""
    record.clear()


def _clear_object(value: t.Any) -> None:
    if isinstance(value, dict):
        value.clear()


class _Node:
    """A breadcrumb in the tree built from a mask: its value and the explicit children."""

    __slots__ = ("items", "properties", "selected")

    def __init__(self, selected: bool) -> None:
        self.selected = selected
        self.properties: dict[str, _Node] = {}
        self.items: _Node | None = None


def _build_tree(mask: Mapping[Breadcrumb, bool]) -> _Node:
    root = _Node(mask[()])
    for breadcrumb in mask:
        node = root
        index = 0
        while index < len(breadcrumb):
            step = breadcrumb[index]
            if step == "properties" and index + 1 < len(breadcrumb):
                index += 2
                name = breadcrumb[index - 1]
                child = node.properties.get(name)
                if child is None:
                    child = node.properties[name] = _Node(mask[breadcrumb[:index]])
            elif step == "items":
                index += 1
                child = node.items
                if child is None:
                    child = node.items = _Node(mask[breadcrumb[:index]])
            else:
                break  # a keyword records cannot follow (e.g. patternProperties)
            node = child
    return root


def _compile_object(node: _Node) -> RecordPruner | None:
    """Pruner for the object at a selected node, or None if it keeps everything."""
    drop = tuple(name for name, child in node.properties.items() if not child.selected)
    nested: list[tuple[str, _ValuePruner]] = []
    for name, child in node.properties.items():
        if child.selected:
            pruner = _compile_value(child)
            if pruner is not None:
                nested.append((name, pruner))

    if not drop and not nested:
        return None
    if not nested:
        if len(drop) == 1:
            (only,) = drop

            def drop_one(record: dict[str, t.Any]) -> None:
                record.pop(only, None)

            return drop_one

        def drop_many(record: dict[str, t.Any]) -> None:
            for name in drop:
                record.pop(name, None)

        return drop_many

    nested_pairs = tuple(nested)

    def prune(record: dict[str, t.Any]) -> None:
        for name in drop:
            record.pop(name, None)
        for name, pruner in nested_pairs:
            value = record.get(name)
            if value is not None:
                pruner(value)

    return prune


def _compile_value(node: _Node) -> _ValuePruner | None:
    """Pruner for any value at a selected node: objects by property, arrays by item."""
    object_pruner = _compile_object(node)
    items_pruner: _ValuePruner | None = None
    if node.items is not None:
        # A deselected "items" deselects every property of the array's objects.
        items_pruner = _compile_value(node.items) if node.items.selected else _clear_object
    if object_pruner is None and items_pruner is None:
        return None

    def prune(value: t.Any) -> None:
        if isinstance(value, dict):
            if object_pruner is not None:
                object_pruner(value)
        elif isinstance(value, list) and items_pruner is not None:
            for element in value:
                items_pruner(element)

    return prune


def compile_record_pruner(mask: Mapping[Breadcrumb, bool]) -> RecordPruner:
    """Build the function that removes deselected properties from a record, in place.

    Args:
        mask: the stream's selection.

    Returns:
        A function of one record. For a deselected stream it empties the record; when
        nothing is deselected it does nothing.
    """
    mask = _as_mask(mask)
    root = _build_tree(mask)
    if not root.selected:
        return _drop_everything
    return _compile_object(root) or _keep_everything


def _cached_record_pruner(mask: SelectionMask) -> RecordPruner:
    derived = mask._derived  # the mask clears this whenever it changes
    if derived is None:
        derived = mask._derived = {}
    pruner = derived.get("record_pruner")
    if pruner is None:
        pruner = derived["record_pruner"] = compile_record_pruner(mask)
    return t.cast("RecordPruner", pruner)


def _prune_schema_node(
    schema: dict[str, t.Any], breadcrumb: Breadcrumb, mask: Mapping[Breadcrumb, bool]
) -> None:
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name in list(properties):
            child = (*breadcrumb, "properties", name)
            if not mask[child]:
                del properties[name]
                required = schema.get("required")
                if isinstance(required, list) and name in required:
                    schema["required"] = [item for item in required if item != name]
            elif isinstance(properties[name], dict):
                _prune_schema_node(properties[name], child, mask)
    items = schema.get("items")
    if isinstance(items, dict):
        _prune_schema_node(items, (*breadcrumb, "items"), mask)
    # Nullable or alternative object shapes share the breadcrumb of the property.
    for keyword in ("anyOf", "oneOf", "allOf"):
        variants = schema.get(keyword)
        if isinstance(variants, list):
            for variant in variants:
                if isinstance(variant, dict):
                    _prune_schema_node(variant, breadcrumb, mask)


def prune_schema(schema: Mapping[str, t.Any], mask: Mapping[Breadcrumb, bool]) -> dict[str, t.Any]:
    """Return a deep copy of a stream schema without its deselected properties.

    Args:
        schema: the stream's JSON Schema (not modified).
        mask: the stream's selection.

    Returns:
        The selected schema; deselected names are also removed from ``required``.
    """
    mask = _as_mask(mask)
    selected = copy.deepcopy(dict(schema))
    if mask[()] and all(mask.values()):
        return selected
    _prune_schema_node(selected, (), mask)
    return selected


class SelectionPlan:
    """A stream's selection compiled once: the record pruner and the selected schema.

    Attributes:
        mask: the selection this plan was built from.
        schema: the selected schema (a copy owned by the plan; copy it before changing it).
        prune_record: removes deselected properties from a record, in place.
        prunes_nothing: true when ``prune_record`` never changes a record.
    """

    __slots__ = ("mask", "prune_record", "prunes_nothing", "schema")

    def __init__(self, schema: Mapping[str, t.Any], mask: Mapping[Breadcrumb, bool]) -> None:
        """Compile the selection of a stream.

        Args:
            schema: the stream's JSON Schema.
            mask: the stream's selection (``MetadataMapping.resolve_selection()``).
        """
        mask = _as_mask(mask)
        self.mask = mask
        self.schema = prune_schema(schema, mask)
        self.prune_record: RecordPruner = compile_record_pruner(mask)
        self.prunes_nothing = self.prune_record is _keep_everything


# --- functions of the reference helpers module ----------------------------------------------


def get_selected_schema(
    stream_name: str,
    schema: Mapping[str, t.Any],
    mask: Mapping[Breadcrumb, bool],
) -> dict[str, t.Any]:
    """Return a copy of ``schema`` without the properties ``mask`` deselects.

    Args:
        stream_name: the stream's name (kept for compatibility; not used).
        schema: the stream's JSON Schema (not modified).
        mask: the stream's selection.

    Returns:
        The selected schema, a new dict.
    """
    return prune_schema(schema, mask)


def _prune_from(
    record: dict[str, t.Any], mask: Mapping[Breadcrumb, bool], breadcrumb: Breadcrumb
) -> None:
    for name in list(record):
        child = (*breadcrumb, "properties", name)
        if not mask[child]:
            del record[name]
        elif isinstance(record[name], dict):
            _prune_from(record[name], mask, child)


def pop_deselected_record_properties(
    record: dict[str, t.Any],
    schema: Mapping[str, t.Any],
    mask: Mapping[Breadcrumb, bool],
    breadcrumb: Breadcrumb = (),
) -> None:
    """Remove from ``record``, in place, the properties ``mask`` deselects.

    The pruner is compiled on first use and cached on the mask (until the mask changes), so
    calling this per record costs about as much as the pruner itself. Prefer
    :class:`SelectionPlan` in new code.

    Args:
        record: the record, changed in place.
        schema: the stream's schema (kept for compatibility; not used).
        mask: the stream's selection.
        breadcrumb: the breadcrumb of ``record`` when it is a nested object.
    """
    mask = _as_mask(mask)
    if breadcrumb:
        if mask[breadcrumb]:
            _prune_from(record, mask, breadcrumb)
        else:
            record.clear()
        return
    _cached_record_pruner(mask)(record)


def set_catalog_stream_selected(
    catalog: Catalog,
    stream_name: str,
    *,
    selected: bool,
    breadcrumb: Breadcrumb | None = None,
) -> None:
    """Set ``selected`` on a stream (or on one of its properties) in a catalog.

    Args:
        catalog: the catalog, changed in place.
        stream_name: the ``tap_stream_id`` of the stream.
        selected: the value to set.
        breadcrumb: the property's breadcrumb; ``None`` or ``()`` for the stream itself.

    Raises:
        ValueError: the catalog has no stream ``stream_name``.
    """
    entry = catalog.get_stream(stream_name)
    if entry is None:
        known = ", ".join(repr(stream_id) for stream_id in catalog) or "none"
        msg = f"Catalog has no stream with tap_stream_id {stream_name!r} (streams: {known})"
        raise ValueError(msg)
    entry.metadata[tuple(breadcrumb or ())].selected = selected


def deselect_all_streams(catalog: Catalog) -> None:
    """Set ``selected: false`` on every stream of a catalog.

    Args:
        catalog: the catalog, changed in place.
    """
    for entry in catalog.values():
        entry.metadata.root.selected = False
