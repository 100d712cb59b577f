"""Errors of the Singer wire level (reading and writing messages)."""

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
