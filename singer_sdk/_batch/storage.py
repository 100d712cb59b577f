"""Open BATCH file URLs: ``file://`` (and bare paths) with plain I/O, others through fsspec.

Writes are atomic: the data goes to a hidden temporary name next to the final one and is
renamed into place only when complete, so a reader never sees a partial file under the final
name. A failed write removes its temporary file.
"""

from __future__ import annotations

import contextlib
import os
import typing as t
import uuid
from urllib.parse import unquote, urlsplit

from singer_sdk._batch.errors import BatchFileError

if t.TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["AtomicFile", "is_local", "local_path", "open_atomic", "open_url"]


def is_local(url: str) -> bool:
    """Return whether ``url`` is a ``file://`` URL or a plain path."""
    scheme = urlsplit(url).scheme
    return scheme in {"", "file"} or (len(scheme) == 1 and os.name == "nt")


def local_path(url: str) -> str:
    """Return the filesystem path of a ``file://`` URL (a plain path is returned as is)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return unquote(parts.path)
    return url


def _filesystem(url: str, params: t.Mapping[str, t.Any]) -> tuple[t.Any, str]:
    try:
        from fsspec.core import url_to_fs  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - fsspec is a dependency of the extras
        msg = f"Reading or writing {url!r} needs fsspec (pip install 'singer-connector-sdk[s3]')"
        raise ImportError(msg) from exc
    fs, path = url_to_fs(url, **dict(params))
    return fs, path


@contextlib.contextmanager
def open_url(
    url: str, mode: str = "rb", params: t.Mapping[str, t.Any] | None = None
) -> Iterator[t.IO[t.Any]]:
    """Open ``url`` (read modes raise a clear error for a missing file).

    Yields:
        The open file.

    Raises:
        BatchFileError: the file does not exist or cannot be opened.
    """
    reading = "r" in mode
    try:
        if is_local(url):
            file: t.IO[t.Any] = open(local_path(url), mode)  # noqa: SIM115
        else:
            fs, path = _filesystem(url, params or {})
            file = fs.open(path, mode)
    except FileNotFoundError as exc:
        if reading:
            raise BatchFileError("the file does not exist", url=url) from exc
        raise
    except (IsADirectoryError, PermissionError) as exc:
        raise BatchFileError(f"cannot be opened ({exc.strerror or exc})", url=url) from exc
    with file:
        yield file


class AtomicFile:
    """A file being written under a temporary name; :meth:`commit` moves it into place.

    Args:
        url: the final URL.
        params: fsspec options for non-local URLs.
    """

    def __init__(self, url: str, params: t.Mapping[str, t.Any] | None = None) -> None:
        self.url = url
        _directory, _, name = url.rpartition("/")
        temp_name = f".{name}.{uuid.uuid4().hex[:12]}.tmp"
        self._done = False
        if is_local(url):
            self._fs: t.Any = None
            self._final = local_path(url)
            folder = os.path.dirname(self._final)
            if folder:
                os.makedirs(folder, exist_ok=True)
            self._temp = os.path.join(folder, temp_name)
            self.file: t.IO[bytes] = open(self._temp, "wb")  # noqa: SIM115
        else:
            self._fs, self._final = _filesystem(url, params or {})
            self._temp = f"{self._final.rpartition('/')[0]}/{temp_name}"
            with contextlib.suppress(Exception):  # object stores have no directories
                self._fs.makedirs(self._final.rpartition("/")[0], exist_ok=True)
            self.file = self._fs.open(self._temp, "wb")

    def commit(self) -> str:
        """Close the file and give it its final name.

        Returns:
            The final URL.
        """
        self.file.close()
        if self._fs is None:
            os.replace(self._temp, self._final)
        else:
            self._fs.mv(self._temp, self._final)
        self._done = True
        return self.url

    def abort(self) -> None:
        """Close and delete the temporary file (nothing appears under the final name)."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(Exception):
            self.file.close()
        with contextlib.suppress(Exception):
            if self._fs is None:
                os.remove(self._temp)
            else:
                self._fs.rm(self._temp)


def open_atomic(url: str, params: t.Mapping[str, t.Any] | None = None) -> AtomicFile:
    """Return an :class:`AtomicFile` that will become ``url`` when committed."""
    return AtomicFile(url, params)
