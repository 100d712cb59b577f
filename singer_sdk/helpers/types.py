"""Type aliases connector code annotates with (public names).

The aliases live in :mod:`singer_sdk._types`; this module is their public path.
"""

from __future__ import annotations

from singer_sdk._types import Auth, Context, Record, RequestFunc, StrPath, TapState

__all__ = ["Auth", "Context", "Record", "RequestFunc", "StrPath", "TapState"]
