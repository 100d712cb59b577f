"""The error raised for a BATCH file that cannot be read."""

from __future__ import annotations

from singer_sdk._exceptions import DataError

__all__ = ["BatchFileError"]


class BatchFileError(DataError):
    """A BATCH file is missing, unreadable or corrupt.

    Args:
        message: what is wrong.
        url: the file's URL as given in the manifest.
        line: the 1-based line of a JSONL file where the problem is, if known.
    """

    def __init__(self, message: str, *, url: str, line: int | None = None) -> None:
        where = f"{url}, line {line}" if line is not None else url
        super().__init__(f"BATCH file {where}: {message}")
        self.url = url
        self.line = line
