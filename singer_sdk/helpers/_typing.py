"""JSON Schema type predicates and record conformance, under the names connectors import.

Private by name but imported by real connectors, so the names and call signatures of Meltano's
``singer_sdk.helpers._typing`` are kept. The predicates (``is_datetime_type``, ...) live in
:mod:`singer_sdk._schema.predicates`, the record helpers (:func:`conform_record_data_types`, which
caches the conformer compiled once per schema by :mod:`singer_sdk._schema.conform`, ...) in
:mod:`singer_sdk._schema.records`; this module re-exports them.
"""

from __future__ import annotations

import datetime as dt

from singer_sdk._compat import moved_names_getattr
from singer_sdk._schema.predicates import (
    get_datelike_property_type,
    is_array_type,
    is_boolean_type,
    is_date_or_datetime_type,
    is_datetime_type,
    is_integer_type,
    is_null_type,
    is_number_type,
    is_object_type,
    is_secret_type,
    is_string_array_type,
    is_string_type,
    is_uniform_list,
)
from singer_sdk._schema.records import (
    append_type,
    conform_record_data_types,
    handle_invalid_timestamp_in_record,
    to_json_compatible,
)
from singer_sdk._schema.scalars import (  # noqa: F401  (connectors wrap it, e.g. tap-mysql)
    conform_primitive_property as _conform_primitive_property,
)
from singer_sdk._schema.types import (
    JSONSCHEMA_ANNOTATION_SECRET,
    JSONSCHEMA_ANNOTATION_WRITEONLY,
)

__all__ = [
    "JSONSCHEMA_ANNOTATION_SECRET",
    "JSONSCHEMA_ANNOTATION_WRITEONLY",
    "UTC",
    "append_type",
    "conform_record_data_types",
    "get_datelike_property_type",
    "handle_invalid_timestamp_in_record",
    "is_array_type",
    "is_boolean_type",
    "is_date_or_datetime_type",
    "is_datetime_type",
    "is_integer_type",
    "is_null_type",
    "is_number_type",
    "is_object_type",
    "is_secret_type",
    "is_string_array_type",
    "is_string_type",
    "is_uniform_list",
    "to_json_compatible",
]

UTC = dt.UTC

#: The enums used to live here; importing them from here still works, with a warning.
__getattr__ = moved_names_getattr(
    __name__,
    {
        "DatetimeErrorTreatmentEnum": "singer_sdk.helpers.conform:DatetimeErrorTreatmentEnum",
        "TypeConformanceLevel": "singer_sdk.helpers.conform:TypeConformanceLevel",
    },
)
