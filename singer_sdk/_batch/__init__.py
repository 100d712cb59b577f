"""BATCH files: storage, encoders, the tap's file writer and the target's file reader.

- :mod:`.storage`: open a URL for reading, or for an atomic write (``file://`` with plain
  Python I/O, any other scheme through fsspec, imported only then);
- :mod:`.jsonl` and :mod:`.parquet`: write and read one file of records;
- :mod:`.registry`: encoder classes by format (built-ins, then the ``singer_sdk.batch_encoders``
  entry points);
- :mod:`.tap`: the tap side (records -> files -> BATCH messages, state kept right);
- :mod:`.load`: the target side (files -> records, streamed).
"""

from __future__ import annotations

__all__: list[str] = []
