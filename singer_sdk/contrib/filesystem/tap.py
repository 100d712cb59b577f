"""``FolderTap``: a tap over the files of one folder (local, FTP or SFTP)."""

from __future__ import annotations

import enum
import functools
import logging
import os
import typing as t
from pathlib import Path

from singer_sdk import typing as th
from singer_sdk.contrib.filesystem import config as filesystem_config
from singer_sdk.contrib.filesystem.stream import FileStream
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.tap_base import Tap

if t.TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BASE_CONFIG_SCHEMA",
    "DEFAULT_MERGE_STREAM_NAME",
    "ConfigValidationError",
    "FileStream",
    "FolderTap",
    "ReadMode",
    "Tap",
    "file_path_to_stream_name",
]

logger = logging.getLogger(__name__)

#: The stream name used in ``merge`` mode unless ``stream_name`` says otherwise.
DEFAULT_MERGE_STREAM_NAME = "files"


class ReadMode(enum.StrEnum):
    """How the files become streams."""

    #: Each file is a stream, named after the file.
    one_stream_per_file = "one_stream_per_file"
    #: All files are one stream (named by the ``stream_name`` setting).
    merge = "merge"


#: The settings every :class:`FolderTap` has (merged into its ``config_jsonschema``).
BASE_CONFIG_SCHEMA: dict[str, t.Any] = th.PropertiesList(
    th.Property(
        "filesystem",
        th.StringType,
        required=True,
        default="local",
        allowed_values=["local", "ftp", "sftp"],
        title="Filesystem",
        description="The filesystem to use.",
    ),
    th.Property(
        "path",
        th.StringType,
        required=True,
        title="Directory Path",
        description="Path to the directory where the files are stored.",
    ),
    th.Property(
        "read_mode",
        th.StringType,
        required=True,
        allowed_values=[mode.value for mode in ReadMode],
        title="Read Mode",
        description=(
            "Use `one_stream_per_file` to read each file as a separate stream, or `merge` to "
            "merge all files into a single stream."
        ),
    ),
    th.Property(
        "stream_name",
        th.StringType,
        required=True,
        default=DEFAULT_MERGE_STREAM_NAME,
        title="Stream Name (Merge Mode)",
        description="Name of the stream to use when `read_mode` is `merge`.",
    ),
    filesystem_config.FTP,
    filesystem_config.SFTP,
).to_dict()


def file_path_to_stream_name(file_path: str) -> str:
    """Return the stream name of a file: its path without the last extension, ``/`` as ``__``.

    >>> file_path_to_stream_name("sales/2024.csv")
    'sales__2024'
    """
    stem, _, _extension = file_path.rpartition(".")
    if not stem or "/" in _extension:  # no extension in the file name itself
        stem = file_path
    return stem.replace("/", "__")


_T = t.TypeVar("_T", bound=FileStream)


class FolderTap(Tap, t.Generic[_T]):
    """A tap whose streams are the files of a folder.

    Subclasses set :attr:`default_stream_class` (a :class:`FileStream` subclass) and
    :attr:`valid_extensions`. Files directly inside the folder (not in subfolders) whose name
    ends with one of the extensions are read, in name order.
    """

    #: The file name endings to read, e.g. ``(".csv",)``; compared case-insensitively.
    valid_extensions: tuple[str, ...]
    #: The stream class that reads the files.
    default_stream_class: type[_T]

    dynamic_catalog = True
    config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"properties": {}}

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict[str, t.Any]) -> None:
        """Add the folder settings (:data:`BASE_CONFIG_SCHEMA`) and the plugin's built-ins.

        A setting the tap declares itself is kept as declared.
        """
        properties = config_jsonschema.setdefault("properties", {})
        for name, prop in BASE_CONFIG_SCHEMA["properties"].items():
            properties.setdefault(name, prop)
        required = config_jsonschema.setdefault("required", [])
        required.extend(name for name in BASE_CONFIG_SCHEMA["required"] if name not in required)
        super().append_builtin_config(config_jsonschema)

    @functools.cached_property
    def read_mode(self) -> ReadMode:
        """The ``read_mode`` setting."""
        return ReadMode(self.config["read_mode"])

    @functools.cached_property
    def path(self) -> str:
        """The ``path`` setting: the folder to read."""
        return str(self.config["path"])

    @functools.cached_property
    def fs(self) -> t.Any:
        """The filesystem rooted at :attr:`path` (an fsspec ``DirFileSystem``).

        Raises:
            ConfigValidationError: ``filesystem`` is ``ftp``/``sftp`` without its settings.
        """
        protocol = self.config.get("filesystem", "local")
        if protocol == "local":
            return _local_filesystem(self.path)
        options = self.config.get(protocol)
        if not isinstance(options, dict):
            msg = f"The '{protocol}' settings are required when 'filesystem' is '{protocol}'"
            raise ConfigValidationError(msg, errors=[f"{protocol}: missing"])
        import fsspec  # type: ignore[import-untyped]  # only remote filesystems need it
        from fsspec.implementations.dirfs import DirFileSystem  # type: ignore[import-untyped]

        options = dict(options)
        if protocol == "sftp":
            options = {"host": options["host"], **(options.get("ssh_kwargs") or {})}
        return DirFileSystem(path=self.path, fs=fsspec.filesystem(protocol, **options))

    def discover_streams(self) -> list[FileStream]:
        """Return one stream per file, or one stream over all files (``read_mode``).

        Raises:
            ValueError: the path does not exist or is not a directory.
        """
        if not self.fs.isdir("."):
            msg = f"Path {self.path} does not exist or is not a directory"
            raise ValueError(msg)
        files = self._list_files()
        if self.read_mode is ReadMode.merge:
            name = self.config.get("stream_name") or DEFAULT_MERGE_STREAM_NAME
            if not files:
                return []
            return [self.default_stream_class(self, name, filepaths=files, filesystem=self.fs)]
        return [
            self.default_stream_class(
                self,
                file_path_to_stream_name(path.removeprefix("./")),
                filepaths=[path],
                filesystem=self.fs,
            )
            for path in files
        ]

    def _list_files(self) -> list[str]:
        extensions = tuple(ext.lower() for ext in getattr(self, "valid_extensions", ()))
        found: Sequence[dict[str, t.Any]] = self.fs.ls(".", detail=True)
        files = [
            entry["name"]
            for entry in found
            if entry.get("type") == "file"
            and (not extensions or str(entry["name"]).lower().endswith(extensions))
        ]
        return sorted(files)


def _local_filesystem(path: str) -> t.Any:
    """Return an fsspec filesystem rooted at ``path``, or a small stand-in without fsspec."""
    try:
        import fsspec
        from fsspec.implementations.dirfs import DirFileSystem
    except ImportError:  # fsspec is optional for local folders
        return _LocalFolder(path)
    return DirFileSystem(path=path, fs=fsspec.filesystem("local"))


class _LocalFolder:
    """The part of the fsspec interface a FolderTap uses, over a local folder (no fsspec)."""

    def __init__(self, root: str) -> None:
        self.root = Path(root)

    def _full(self, path: str) -> Path:
        return self.root / path

    def isdir(self, path: str) -> bool:
        return self._full(path).is_dir()

    def ls(self, path: str, detail: bool = True) -> list[t.Any]:
        entries = sorted(os.scandir(self._full(path)), key=lambda entry: entry.name)
        names = [
            f"./{entry.name}" if path in {"", "."} else f"{path}/{entry.name}" for entry in entries
        ]
        if not detail:
            return names
        return [
            {"name": name, "type": "directory" if entry.is_dir() else "file"}
            for name, entry in zip(names, entries, strict=True)
        ]

    def open(self, path: str, mode: str = "rb", **kwargs: t.Any) -> t.IO[t.Any]:
        return open(self._full(path), mode, **kwargs)  # the caller closes it

    def modified(self, path: str) -> t.Any:
        import datetime as dt

        return dt.datetime.fromtimestamp(self._full(path).stat().st_mtime, tz=dt.UTC)
