"""In-process pipelines: a tap, mappers and a target in one Python process, and a tap's records
read as Python data, Arrow tables or pandas data frames.

``run(tap, target, *, mappers=(), state=None)`` is ``tap | mapper | target`` without the pipes:
messages pass between threads as Python objects in the form the target would have read from a
pipe (no JSON encoding or parsing). ``read(tap, streams=None)`` yields ``(stream_name, record)``
and offers ``to_arrow()`` and ``to_pandas()``. See the "In-process pipelines" guide.
"""

from __future__ import annotations

from singer_sdk._pipeline.runner import PipelineResult, TapRecords, read, run

__all__ = ["PipelineResult", "TapRecords", "read", "run"]
