"""Batchers: turn a stream's records into BATCH files, one encoder class per format.

An encoder is a :class:`BaseBatcher` subclass registered under its format name in the
``singer_sdk.batch_encoders`` entry-point group. The built-in ``jsonl`` and ``parquet``
encoders are found even when no entry point is installed.
"""

from __future__ import annotations

import abc
import functools
import itertools
import typing as t
import uuid

from singer_sdk._batch.jsonl import JSONLinesFileWriter

if t.TYPE_CHECKING:
    from collections.abc import Generator, Iterable, Iterator

    from singer_sdk.helpers._batch import BaseBatchFileEncoding, BatchConfig

__all__ = [
    "ENTRY_POINT_GROUP",
    "BaseBatcher",
    "Batcher",
    "FileWriter",
    "JSONLinesBatcher",
    "ParquetBatcher",
    "batch_file_name",
    "get_batcher_class",
    "lazy_chunked_generator",
    "open_file_writer",
]

#: The entry-point group encoders are registered in.
ENTRY_POINT_GROUP = "singer_sdk.batch_encoders"

_T = t.TypeVar("_T")

_BUILTIN_ENCODERS = {
    "jsonl": ("singer_sdk.contrib.batch_encoder_jsonl", "JSONLinesBatcher"),
    "parquet": ("singer_sdk.contrib.batch_encoder_parquet", "ParquetBatcher"),
}


class FileWriter(t.Protocol):
    """One BATCH file being written."""

    count: int

    def write(self, record: dict[str, t.Any]) -> None: ...

    def commit(self) -> str: ...

    def abort(self) -> None: ...


def lazy_chunked_generator(
    iterable: Iterable[_T], chunk_size: int
) -> Generator[Iterator[_T], None, None]:
    """Yield iterators over consecutive chunks of ``chunk_size`` items of ``iterable``.

    Items are not read ahead: consume each chunk before asking for the next.
    """
    iterator = iter(iterable)
    while True:
        try:
            first = next(iterator)
        except StopIteration:
            return
        yield itertools.chain((first,), itertools.islice(iterator, chunk_size - 1))


def batch_file_name(
    *,
    prefix: str | None,
    tap_name: str,
    stream_name: str,
    token: str,
    index: int,
    encoding: BaseBatchFileEncoding,
) -> str:
    """Return the name of a BATCH file: ``<prefix><tap>--<stream>-<token>-<index><ext>``."""
    fmt = str(getattr(encoding.format, "value", encoding.format))
    gzip_compress = encoding.compression == "gzip"
    plain = ".json" if fmt == "jsonl" else f".{fmt}"
    extension = ".json.gz" if fmt == "jsonl" and gzip_compress else plain
    return f"{prefix or ''}{tap_name}--{stream_name}-{token}-{index}{extension}"


def open_file_writer(
    fmt: str,
    url: str,
    *,
    gzip_compress: bool,
    schema: dict[str, t.Any] | None,
    params: dict[str, t.Any] | None,
) -> FileWriter:
    """Return a writer of one built-in-format (``jsonl``/``parquet``) file at ``url``.

    Raises:
        ValueError: the format is not built in.
    """
    if fmt == "jsonl":
        return JSONLinesFileWriter(url, gzip_compress=gzip_compress, params=params)
    if fmt == "parquet":
        from singer_sdk._batch.parquet import ParquetFileWriter

        return ParquetFileWriter(url, schema=schema, gzip_compress=gzip_compress, params=params)
    msg = f"No built-in writer for BATCH format {fmt!r}"
    raise ValueError(msg)


class BaseBatcher(abc.ABC):
    """Base class of BATCH encoders: write records to files, yield their URLs.

    Args:
        tap_name: the tap's name (part of the file names).
        stream_name: the stream's name (part of the file names).
        batch_config: encoding, storage and records per file.
    """

    #: The JSON Schema of the records, when the caller knows it (used by typed formats).
    schema: dict[str, t.Any] | None = None

    def __init__(self, tap_name: str, stream_name: str, batch_config: BatchConfig) -> None:
        self.tap_name = tap_name
        self.stream_name = stream_name
        self.batch_config = batch_config

    @abc.abstractmethod
    def get_batches(self, records: Iterator[dict[str, t.Any]]) -> Iterator[list[str]]:
        """Write ``records`` to files; yield the manifest (file URLs) of each batch written."""


class _FileBatcher(BaseBatcher):
    """A batcher writing one file of a built-in format per ``batch_size`` records."""

    _format: t.ClassVar[str]

    def get_batches(self, records: Iterator[dict[str, t.Any]]) -> Iterator[list[str]]:
        """Write ``records`` in files of ``batch_size`` records; yield ``[url]`` per file."""
        config = self.batch_config
        storage = config.storage
        token = str(uuid.uuid4())
        for index, chunk in enumerate(lazy_chunked_generator(records, config.batch_size), 1):
            name = batch_file_name(
                prefix=storage.prefix,
                tap_name=self.tap_name,
                stream_name=self.stream_name,
                token=token,
                index=index,
                encoding=config.encoding,
            )
            writer = open_file_writer(
                self._format,
                storage.get_url(name),
                gzip_compress=config.encoding.compression == "gzip",
                schema=self.schema,
                params=storage.params,
            )
            try:
                for record in chunk:
                    writer.write(record)
            except BaseException:
                writer.abort()
                raise
            yield [writer.commit()]


class JSONLinesBatcher(_FileBatcher):
    """The ``jsonl`` encoder: one JSON record per line, gzip-compressed unless ``none``."""

    _format = "jsonl"


class ParquetBatcher(_FileBatcher):
    """The ``parquet`` encoder (needs pyarrow): column types from the stream schema."""

    _format = "parquet"


@functools.cache
def get_batcher_class(fmt: str) -> type[BaseBatcher]:
    """Return the encoder class of a format: an installed entry point, else a built-in.

    Raises:
        ValueError: no encoder is registered for the format.
    """
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == fmt]
    if found:
        loaded: type[BaseBatcher] = found[0].load()
        return loaded
    if fmt in _BUILTIN_ENCODERS:
        module_name, class_name = _BUILTIN_ENCODERS[fmt]
        import importlib

        builtin: type[BaseBatcher] = getattr(importlib.import_module(module_name), class_name)
        return builtin
    known = sorted({*_BUILTIN_ENCODERS, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})
    msg = (
        f"No BATCH encoder for format {fmt!r}: known formats are {', '.join(known)} (more can be "
        f"registered in the {ENTRY_POINT_GROUP!r} entry-point group)"
    )
    raise ValueError(msg)


class Batcher(BaseBatcher):
    """The encoder of the configured format, looked up by name (see :func:`get_batcher_class`)."""

    @classmethod
    def get_batcher(cls, name: str) -> type[BaseBatcher]:
        """Return the encoder class registered for the format ``name``.

        Raises:
            ValueError: no encoder is registered under ``name``.
        """
        return get_batcher_class(name)

    def get_batches(self, records: Iterator[dict[str, t.Any]]) -> Iterator[list[str]]:
        """Write ``records`` with the encoder of the configured format; yield each manifest."""
        encoding = self.batch_config.encoding
        fmt = str(getattr(encoding.format, "value", encoding.format))
        batcher = self.get_batcher(fmt)(self.tap_name, self.stream_name, self.batch_config)
        batcher.schema = self.schema
        yield from batcher.get_batches(records)
