"""Taps that read a folder of files: subclass :class:`FolderTap` and :class:`FileStream`.

A ``FileStream`` subclass says how to read one file (``get_schema`` and ``read_file``); a
``FolderTap`` subclass names it (``default_stream_class``) and the file extensions to read
(``valid_extensions``). The tap's settings choose the folder, the filesystem (local, or ``ftp``
and ``sftp`` through fsspec) and whether each file is a stream or all files are one stream.
"""

from __future__ import annotations

from singer_sdk.contrib.filesystem.stream import FileStream
from singer_sdk.contrib.filesystem.tap import FolderTap

__all__ = ["FileStream", "FolderTap"]
