"""Selection helpers under the module path of the reference library.

Kept for code that imports them from here; the implementation is
:mod:`singer_sdk._catalog.selection`, whose :class:`~singer_sdk._catalog.selection.SelectionPlan`
compiles a stream's selection once.
"""

from __future__ import annotations

from singer_sdk._catalog.selection import (
    SelectionPlan,
    deselect_all_streams,
    get_selected_schema,
    pop_deselected_record_properties,
    set_catalog_stream_selected,
)

__all__ = [
    "SelectionPlan",
    "deselect_all_streams",
    "get_selected_schema",
    "pop_deselected_record_properties",
    "set_catalog_stream_selected",
]
