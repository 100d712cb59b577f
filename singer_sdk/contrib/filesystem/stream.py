"""``FileStream``: a stream whose records come from files, one partition per file."""

from __future__ import annotations

import abc
import datetime as dt
import typing as t

from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.helpers._util import utc_now
from singer_sdk.streams.core import REPLICATION_INCREMENTAL, Stream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record
    from singer_sdk.tap_base import Tap

__all__ = [
    "REPLICATION_INCREMENTAL",
    "SDC_META_FILEPATH",
    "SDC_META_MODIFIED_AT",
    "ConfigValidationError",
    "FileStream",
    "Stream",
    "utc_now",
]

#: The record field holding the path of the file a record was read from.
SDC_META_FILEPATH = "_sdc_path"
#: The record field holding the last-modified time of that file (the replication key).
SDC_META_MODIFIED_AT = "_sdc_modified_at"


class FileStream(Stream, metaclass=abc.ABCMeta):
    """A stream reading records from files: implement :meth:`get_schema` and :meth:`read_file`.

    Each file is a partition (context ``{"_sdc_path": <path>}``) with its own bookmark: the
    file's modification time. A file not modified since the last run is not read again.
    Every record gets the fields ``_sdc_path`` and ``_sdc_modified_at``.

    Args:
        tap: the tap the stream belongs to.
        name: the stream name.
        filepaths: the files of this stream, as paths inside ``filesystem``.
        filesystem: an fsspec-compatible filesystem rooted at the tap's folder.
    """

    #: The metadata fields added to every record's schema and record.
    SDC_PROPERTIES: t.ClassVar[dict[str, dict[str, t.Any]]] = {
        SDC_META_FILEPATH: {"type": "string"},
        SDC_META_MODIFIED_AT: {"type": ["string", "null"], "format": "date-time"},
    }

    replication_key = SDC_META_MODIFIED_AT
    forced_replication_method = REPLICATION_INCREMENTAL
    #: All records of a partition (a file) share one modification time, so they are sorted.
    is_sorted = True

    def __init__(
        self,
        tap: Tap,
        name: str,
        *,
        filepaths: t.Sequence[str],
        filesystem: t.Any,
    ) -> None:
        self.filepaths = list(filepaths)
        self.filesystem = filesystem
        self._file_schema: dict[str, t.Any] | None = None
        super().__init__(tap, schema=None, name=name)

    @property
    def partitions(self) -> list[dict[str, t.Any]]:
        """One context per file: ``{"_sdc_path": <path>}``."""
        return [{SDC_META_FILEPATH: path} for path in self.filepaths]

    @property
    def schema(self) -> dict[str, t.Any]:
        """The schema of the stream's first file plus :attr:`SDC_PROPERTIES` (read once)."""
        if self._file_schema is None:
            self._file_schema = self._get_full_schema()
        return self._file_schema

    @schema.setter
    def schema(self, value: dict[str, t.Any]) -> None:
        self._file_schema = value

    def _get_full_schema(self) -> dict[str, t.Any]:
        if not self.filepaths:
            msg = f"Stream '{self.name}' has no files to read its schema from"
            raise ValueError(msg)
        schema = dict(self.get_schema(self.filepaths[0]))
        properties = dict(schema.get("properties") or {})
        properties.update(self.SDC_PROPERTIES)
        schema["properties"] = properties
        schema.setdefault("type", "object")
        return schema

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        """Yield the records of the file ``context["_sdc_path"]``, with the metadata fields.

        Files whose modification time is not later than the partition's bookmark are skipped.

        Raises:
            RuntimeError: called without a file context.
        """
        if not context or SDC_META_FILEPATH not in context:
            msg = f"Stream '{self.name}' reads one file per call: pass a context with '_sdc_path'"
            raise RuntimeError(msg)
        path: str = context[SDC_META_FILEPATH]
        modified_at = self._modified_at(path)
        bookmark = _as_datetime(self.get_starting_replication_key_value(context))
        if bookmark is not None and modified_at is not None and modified_at <= bookmark:
            self.logger.info("Skipping %s: not modified since %s", path, bookmark.isoformat())
            return
        for record in self.read_file(path):
            record[SDC_META_FILEPATH] = path
            record[SDC_META_MODIFIED_AT] = modified_at
            yield record

    def _modified_at(self, path: str) -> dt.datetime | None:
        try:
            modified = self.filesystem.modified(path)
        except (NotImplementedError, AttributeError):  # some filesystems do not keep it
            return None
        if not isinstance(modified, dt.datetime):
            return None
        if modified.tzinfo is None:
            return modified.replace(tzinfo=dt.UTC)
        return modified.astimezone(dt.UTC)

    @abc.abstractmethod
    def get_schema(self, path: str) -> dict[str, t.Any]:
        """Return the JSON Schema of the records of the file ``path``.

        Called once per stream, with its first file.
        """

    @abc.abstractmethod
    def read_file(self, path: str) -> t.Iterable[Record]:
        """Yield the records of the file ``path`` (open it with ``self.filesystem.open``)."""


def _as_datetime(value: t.Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and value:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
