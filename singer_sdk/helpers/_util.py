"""Small helpers real connectors import from this (private, but load-bearing) module."""

from __future__ import annotations

import datetime as dt
import typing as t
from pathlib import Path

from singer_sdk._messages import codec

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import StrPath

__all__ = ["dump_json", "load_json", "read_json_file", "utc_now"]


def dump_json(obj: t.Any, **kwargs: t.Any) -> str:
    """Return ``obj`` as compact JSON (Decimal as number). ``kwargs`` are ignored."""
    return codec.encode_str(obj)


def load_json(json_str: str | bytes, **kwargs: t.Any) -> dict[str, t.Any]:
    """Parse JSON text, with non-integer numbers as Decimal. ``kwargs`` are ignored."""
    return t.cast("dict[str, t.Any]", codec.decode(json_str))


def read_json_file(path: StrPath) -> dict[str, t.Any]:
    """Return the JSON stored in the file at ``path``.

    Raises:
        RuntimeError: no path was given.
        FileNotFoundError: the file does not exist (the message names it).
        ValueError: the file is not valid JSON (the message names it).
    """
    if not path:
        msg = "Could not open file: no file path was given."
        raise RuntimeError(msg)
    file_path = Path(path)
    if not file_path.exists():
        msg = f"File not found: '{path}'"
        template = Path(f"{path}.template")
        if template.exists():
            msg += f". See the sample template at '{template}'."
        raise FileNotFoundError(msg)
    try:
        return load_json(file_path.read_bytes())
    except codec.JSONDecodeError as exc:
        msg = f"File '{path}' is not valid JSON: {exc}"
        raise ValueError(msg) from exc


def utc_now() -> dt.datetime:
    """Return the current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)
