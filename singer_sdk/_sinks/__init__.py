"""Sinks: where a target's records go, one sink per stream (and schema version).

A :class:`~singer_sdk._sinks.core.Sink` receives the records of one stream after the target has
routed them; it validates each record against a validator compiled once from the stream schema,
parses its date-time strings, adds the ``_sdc_*`` metadata columns when asked, and hands the
record to the connector's hook. :class:`~singer_sdk._sinks.record.RecordSink` writes each record
as it comes; :class:`~singer_sdk._sinks.batch.BatchSink` collects records into batches that the
target drains (see :mod:`singer_sdk._target` for the drain policy).

``steps.py`` compiles a sink's per-record steps into the one function the target calls per
record; ``drain.py`` drains sinks (one, or several in threads) and tells which input a drained
sink no longer holds back; ``host.py`` is what a sink sees of its target (the sink modules do not
import the target's).
"""
