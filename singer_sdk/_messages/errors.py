"""Errors of the Singer wire level (reading and writing messages).

Their public import path is :mod:`singer_sdk.singerlib.exceptions` (and ``InvalidInputLine``
also :mod:`singer_sdk.exceptions`); each class names the singerlib module as its ``__module__``.
"""

from __future__ import annotations

__all__ = ["InvalidInputLine", "SingerError", "SingerReadError"]


class SingerError(Exception):
    """Root of the wire-level errors."""


class SingerReadError(SingerError):
    """Reading Singer messages failed."""


class InvalidInputLine(SingerReadError):
    """An input line is not a valid Singer message.

    The message names the line number (when known), what was wrong and the start of the line.
    """


for _name in __all__:
    globals()[_name].__module__ = "singer_sdk.singerlib.exceptions"
del _name
