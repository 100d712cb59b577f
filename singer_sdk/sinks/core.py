"""The ``Sink`` base class and the record validators a sink may use."""

from __future__ import annotations

from singer_sdk._sinks.core import BaseJSONSchemaValidator, JSONSchemaValidator, Sink
from singer_sdk.helpers._compat import aliases_getattr
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum

__all__ = ["BaseJSONSchemaValidator", "DatetimeErrorTreatmentEnum", "JSONSchemaValidator", "Sink"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "BatchConfig": "singer_sdk.helpers._batch",
        "BatchFileFormat": "singer_sdk.helpers._batch",
        "InvalidJSONSchema": "singer_sdk.exceptions",
        "InvalidRecord": "singer_sdk.exceptions",
        "MissingKeyPropertiesError": "singer_sdk.exceptions",
        "StorageTarget": "singer_sdk.helpers._batch",
        "deserialize_json": "singer_sdk.singerlib.json",
        "get_datelike_property_type": "singer_sdk.helpers._typing",
        "handle_invalid_timestamp_in_record": "singer_sdk.helpers._typing",
    },
)
