"""Sinks: where a target's records go, one sink per stream (and schema version).

A :class:`~singer_sdk._sinks.core.Sink` receives the records of one stream after the target has
routed them; it validates each record against a validator compiled once from the stream schema,
parses its date-time strings, adds the ``_sdc_*`` metadata columns when asked, and hands the
record to the connector's hook. :class:`~singer_sdk._sinks.record.RecordSink` writes each record
as it comes; :class:`~singer_sdk._sinks.batch.BatchSink` collects records into batches that the
target drains (see :mod:`singer_sdk._target` for the drain policy).
"""
