"""BATCH settings and message types: encodings, storage targets and the ``batch_config``.

A tap with a ``batch_config`` setting writes records to files and announces them in BATCH
messages; a target reads the files back. This module holds the value objects both sides
share. The file writing and reading live in the other modules of :mod:`singer_sdk._batch`.
Connectors import these from ``singer_sdk.helpers._batch``, which re-exports them.
"""

from __future__ import annotations

import enum
import typing as t
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._exceptions import ConfigValidationError
from singer_sdk._messages.models import BatchMessage, SingerMessageType

if t.TYPE_CHECKING:
    from collections.abc import Generator, Mapping

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "BaseBatchFileEncoding",
    "BatchConfig",
    "BatchFileFormat",
    "JSONLinesEncoding",
    "ParquetEncoding",
    "SDKBatchMessage",
    "StorageTarget",
]

#: Records per file when ``batch_config`` has no ``batch_size``.
DEFAULT_BATCH_SIZE = 10_000

#: ``compression`` values meaning "not compressed".
_NO_COMPRESSION = frozenset({None, "none", ""})
_COMPRESSIONS = frozenset({"gzip"}) | _NO_COMPRESSION


class BatchFileFormat(enum.StrEnum):
    """The built-in formats of BATCH files."""

    #: One JSON object per line.
    JSONL = "jsonl"
    #: Apache Parquet (needs the ``parquet`` extra: pyarrow).
    PARQUET = "parquet"


@dataclass(slots=True)
class BaseBatchFileEncoding:
    """How the files of a BATCH are encoded: ``format`` and ``compression``.

    ``format`` is ``jsonl``, ``parquet`` or the name of a registered encoder;
    ``compression`` is ``gzip``, or ``None``/``"none"`` for none.
    """

    format: str
    compression: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, t.Any]) -> BaseBatchFileEncoding:
        """Return the encoding described by an ``encoding`` object (setting or message).

        Raises:
            ValueError: ``data`` is not an object with a string ``format``.
        """
        if not hasattr(data, "get") or not isinstance(data.get("format"), str):
            msg = f"A BATCH encoding must be an object with a 'format' string, not {data!r:.200}"
            raise ValueError(msg)
        compression = data.get("compression")
        return BaseBatchFileEncoding(
            format=data["format"], compression=None if compression is None else str(compression)
        )

    @property
    def is_gzip(self) -> bool:
        """Whether the files are gzip-compressed."""
        return self.compression == "gzip"

    def to_dict(self) -> dict[str, t.Any]:
        """Return the encoding as the ``encoding`` object of a BATCH message."""
        return {"format": str(self.format), "compression": self.compression}


@dataclass(slots=True, init=False)
class JSONLinesEncoding(BaseBatchFileEncoding):
    """JSON Lines encoding (deprecated: use ``BaseBatchFileEncoding(format="jsonl")``)."""

    def __init__(self, format: t.Literal["jsonl"] = "jsonl", compression: str | None = None):
        warnings.warn(
            "JSONLinesEncoding is deprecated; use BaseBatchFileEncoding(format='jsonl').",
            SingerSDKDeprecationWarning,
            stacklevel=2,
        )
        self.format = format
        self.compression = compression


@dataclass(slots=True, init=False)
class ParquetEncoding(BaseBatchFileEncoding):
    """Parquet encoding (deprecated: use ``BaseBatchFileEncoding(format="parquet")``)."""

    def __init__(self, format: t.Literal["parquet"] = "parquet", compression: str | None = None):
        warnings.warn(
            "ParquetEncoding is deprecated; use BaseBatchFileEncoding(format='parquet').",
            SingerSDKDeprecationWarning,
            stacklevel=2,
        )
        self.format = format
        self.compression = compression


@dataclass(slots=True)
class SDKBatchMessage(BatchMessage):
    """A BATCH message as the SDK writes it: ``encoding`` is a :class:`BaseBatchFileEncoding`.

    ``version`` is written only when set.
    """

    version: int | None = None

    def __post_init__(self) -> None:
        self.type = SingerMessageType.BATCH
        if isinstance(self.encoding, dict):
            self.encoding = BaseBatchFileEncoding.from_dict(self.encoding)

    def to_dict(self) -> dict[str, t.Any]:
        """Return the BATCH wire dict (``version`` only when set)."""
        encoding = self.encoding
        result: dict[str, t.Any] = {
            "type": "BATCH",
            "stream": self.stream,
            "encoding": encoding.to_dict() if hasattr(encoding, "to_dict") else dict(encoding),
            "manifest": list(self.manifest),
        }
        if self.version is not None:
            result["version"] = self.version
        return result

    @classmethod
    def _from_wire(cls, data: Mapping[str, t.Any]) -> SDKBatchMessage:
        for key in ("stream", "encoding", "manifest"):
            if key not in data:
                msg = f"BATCH message is missing required key {key!r}: {dict(data)!r:.300}"
                raise ValueError(msg)
        return cls(
            stream=data["stream"],
            encoding=BaseBatchFileEncoding.from_dict(data["encoding"]),
            manifest=list(data["manifest"]),
            version=data.get("version"),
        )

    @classmethod
    def from_dict(cls, data: dict[str, t.Any]) -> SDKBatchMessage:
        """Return the message of a BATCH wire dict.

        Raises:
            ValueError: a required key is missing or the encoding is malformed.
        """
        return cls._from_wire(data)


@dataclass(slots=True)
class StorageTarget:
    """Where BATCH files go: a ``root`` URL (``file://``, ``s3://``, ...) and a name ``prefix``.

    ``params`` are passed to the fsspec filesystem of non-local roots (credentials, ...).
    """

    root: str
    prefix: str | None = None
    params: dict[str, t.Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, t.Any]) -> StorageTarget:
        """Return the storage described by a ``storage`` object.

        Raises:
            ValueError: ``data`` has no ``root`` string.
        """
        root = data.get("root") if hasattr(data, "get") else None
        if not isinstance(root, str) or not root:
            msg = f"BATCH storage needs a 'root' URL, got {data!r:.200}"
            raise ValueError(msg)
        return cls(root=root, prefix=data.get("prefix"), params=dict(data.get("params") or {}))

    def asdict(self) -> dict[str, t.Any]:
        """Return the storage as a ``storage`` object."""
        return {"root": self.root, "prefix": self.prefix, "params": dict(self.params)}

    @staticmethod
    def split_url(url: str) -> tuple[str, str]:
        """Return ``url`` split into its directory URL and file name."""
        head, _, tail = url.rstrip("/").rpartition("/")
        return head, tail

    @classmethod
    def from_url(cls, url: str) -> StorageTarget:
        """Return a storage whose root is ``url``."""
        return cls(root=url)

    def get_url(self, filename: str) -> str:
        """Return the URL of ``filename`` under the root (a ``file://`` URL for local paths)."""
        root = self.root
        if not urlsplit(root).scheme:
            from pathlib import Path

            root = Path(root).absolute().as_uri()
        return f"{root.rstrip('/')}/{filename}"

    @contextmanager
    def open(self, filename: str, mode: str = "rb") -> Generator[t.IO[t.Any], None, None]:
        """Open ``filename`` under the root (plain I/O for local files, fsspec otherwise).

        Yields:
            The open file.
        """
        from singer_sdk._batch.storage import open_url

        with open_url(self.get_url(filename), mode, self.params) as file:
            yield file


@dataclass(slots=True)
class BatchConfig:
    """The ``batch_config`` setting: file ``encoding``, ``storage``, and records per file."""

    encoding: BaseBatchFileEncoding
    storage: StorageTarget
    batch_size: int = DEFAULT_BATCH_SIZE

    def __post_init__(self) -> None:
        # Dicts are accepted too, as the reference does.
        encoding: object = self.encoding
        if isinstance(encoding, dict):
            self.encoding = BaseBatchFileEncoding.from_dict(encoding)
        storage: object = self.storage
        if isinstance(storage, dict):
            self.storage = StorageTarget.from_dict(storage)
        size: object = self.batch_size
        if size is None:
            self.batch_size = DEFAULT_BATCH_SIZE

    @classmethod
    def from_dict(cls, data: Mapping[str, t.Any]) -> BatchConfig:
        """Return the batch config described by a ``batch_config`` setting.

        Raises:
            ConfigValidationError: ``encoding`` or ``storage`` is missing or malformed, the
                compression is not ``gzip``/``none``, or ``batch_size`` is not a positive
                integer.
        """
        errors: list[str] = []
        encoding: BaseBatchFileEncoding | None = None
        storage: StorageTarget | None = None
        raw_encoding = data.get("encoding")
        if raw_encoding is None:
            errors.append("batch_config.encoding: required (an object with 'format')")
        else:
            try:
                encoding = BaseBatchFileEncoding.from_dict(raw_encoding)
            except ValueError as exc:
                errors.append(f"batch_config.encoding: {exc}")
            else:
                if encoding.compression not in _COMPRESSIONS:
                    errors.append(
                        f"batch_config.encoding.compression: {encoding.compression!r} is not "
                        "'gzip' or 'none'"
                    )
        raw_storage = data.get("storage")
        if raw_storage is None:
            errors.append("batch_config.storage: required (an object with 'root')")
        else:
            try:
                storage = StorageTarget.from_dict(raw_storage)
            except ValueError as exc:
                errors.append(f"batch_config.storage: {exc}")
        batch_size = data.get("batch_size", DEFAULT_BATCH_SIZE)
        if batch_size is None:
            batch_size = DEFAULT_BATCH_SIZE
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            errors.append(f"batch_config.batch_size: {batch_size!r} is not a positive integer")
        if errors or encoding is None or storage is None:
            msg = "Invalid batch_config"
            raise ConfigValidationError(msg, errors=errors)
        return cls(encoding=encoding, storage=storage, batch_size=batch_size)

    def asdict(self) -> dict[str, t.Any]:
        """Return the batch config as a ``batch_config`` setting."""
        return {
            "encoding": {"format": self.encoding.format, "compression": self.encoding.compression},
            "storage": self.storage.asdict(),
            "batch_size": self.batch_size,
        }
