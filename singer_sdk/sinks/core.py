"""The ``Sink`` base class and the record validators a sink may use."""

from __future__ import annotations

from singer_sdk._sinks.core import BaseJSONSchemaValidator, JSONSchemaValidator, Sink
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum

__all__ = ["BaseJSONSchemaValidator", "DatetimeErrorTreatmentEnum", "JSONSchemaValidator", "Sink"]
