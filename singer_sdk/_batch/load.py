"""The target side of BATCH: the records of a manifest's files, read as streams.

Files are read as streams (JSONL block by block, Parquet row group by row group). This module
only yields records; the sink (:meth:`~singer_sdk.Sink.process_batch_files`) or the target (for
streams with stream maps) hands each one the way a RECORD message's record goes (``_sdc_*``
metadata, validation, date-time parsing, ``preprocess_record``, ``process_record``) and drains
the sink whenever it is full. So a target loads the same records in the same batches whether
they came in RECORD or BATCH messages, and a STATE that follows a BATCH is written only once
the BATCH's records are drained.
"""

from __future__ import annotations

import typing as t

from singer_sdk._batch.errors import BatchFileError
from singer_sdk.helpers._batch import BaseBatchFileEncoding

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

__all__ = ["batch_file_records", "coerce_encoding", "iter_file_records"]


def coerce_encoding(encoding: t.Any) -> BaseBatchFileEncoding:
    """Return ``encoding`` (a dict, an encoding object or a named tuple) as an encoding."""
    if isinstance(encoding, BaseBatchFileEncoding):
        return encoding
    if hasattr(encoding, "get"):
        return BaseBatchFileEncoding.from_dict(encoding)
    fmt = getattr(encoding, "format", None)
    fmt = getattr(fmt, "value", fmt)
    compression = getattr(encoding, "compression", None)
    compression = getattr(compression, "value", compression)
    return BaseBatchFileEncoding.from_dict({"format": fmt, "compression": compression})


def iter_file_records(
    encoding: BaseBatchFileEncoding, url: t.Any, params: Mapping[str, t.Any] | None = None
) -> Iterator[dict[str, t.Any]]:
    """Yield the records of one BATCH file, streamed.

    Raises:
        BatchFileError: the file is missing or corrupt (the message names it, and the line).
        NotImplementedError: the format is not ``jsonl`` or ``parquet``.
    """
    if not isinstance(url, str):
        msg = f"a manifest entry is not a URL string: {url!r}"
        raise BatchFileError(msg, url=repr(url))
    if encoding.format == "jsonl":
        from singer_sdk._batch.jsonl import iter_jsonl_records

        return iter_jsonl_records(url, gzip_compressed=encoding.is_gzip, params=params)
    if encoding.format == "parquet":
        from singer_sdk._batch.parquet import iter_parquet_records

        return iter_parquet_records(url, params=params)
    msg = f"Unsupported batch encoding format: {encoding.format}"
    raise NotImplementedError(msg)


def _storage_params(config: Mapping[str, t.Any]) -> dict[str, t.Any]:
    raw: t.Any = config.get("batch_config") or {}
    storage: t.Any = raw.get("storage") if hasattr(raw, "get") else None
    params: t.Any = storage.get("params") if hasattr(storage, "get") else None
    return dict(params or {})


def _manifest(files: t.Any) -> Sequence[str]:
    if isinstance(files, str) or not isinstance(files, list | tuple):
        msg = f"the manifest must be a list of file URLs, not {files!r:.200}"
        raise BatchFileError(msg, url="<manifest>")
    return t.cast("Sequence[str]", files)


def batch_file_records(
    encoding: t.Any, files: t.Any, config: Mapping[str, t.Any]
) -> Iterator[Iterator[dict[str, t.Any]]]:
    """Yield, for each file of a BATCH manifest in turn, an iterator over its records.

    ``encoding`` is the message's ``encoding`` (a dict or an encoding object) and ``config``
    the target's settings (``batch_config.storage.params`` are the storage options). One
    iterator per file, so that the caller's loop over records has no extra layer.

    Raises:
        BatchFileError: the manifest is not a list, or a file is missing or corrupt.
        NotImplementedError: the format is not ``jsonl`` or ``parquet``.
    """
    decoded = coerce_encoding(encoding)
    params = _storage_params(config)
    for url in _manifest(files):
        yield iter_file_records(decoded, url, params)
