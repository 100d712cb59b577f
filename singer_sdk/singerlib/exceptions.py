"""Errors of the Singer wire level (reading and writing messages).

The classes live in :mod:`singer_sdk._messages.errors`; this module is their public path.
"""

from __future__ import annotations

from singer_sdk._messages.errors import InvalidInputLine as InvalidInputLine
from singer_sdk._messages.errors import SingerError as SingerError
from singer_sdk._messages.errors import SingerReadError as SingerReadError

__all__ = ["InvalidInputLine", "SingerError", "SingerReadError"]
