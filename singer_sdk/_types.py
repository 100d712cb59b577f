"""Type aliases the library and connector code annotate with: contexts, records, paths, state.

Their public path is :mod:`singer_sdk.helpers.types`; the library imports them from here.
"""

from __future__ import annotations

import os
import typing as t

if t.TYPE_CHECKING:
    import requests

__all__ = ["Auth", "Context", "Record", "RequestFunc", "StrPath", "TapState"]

#: A stream's partition or parent context (read-only once the sync starts).
Context: t.TypeAlias = t.Mapping[str, t.Any]
#: One record as a tap yields it.
Record: t.TypeAlias = dict[str, t.Any]
#: A path given as a string or a path-like object.
StrPath: t.TypeAlias = str | os.PathLike[str]
#: Something that authenticates a prepared request (a ``requests`` auth callable).
Auth: t.TypeAlias = t.Callable[["requests.PreparedRequest"], "requests.PreparedRequest"]
#: A function that sends a prepared request and returns the response.
RequestFunc: t.TypeAlias = t.Callable[
    ["requests.PreparedRequest", Context | None], "requests.Response"
]


class TapState(t.TypedDict, total=False):
    """The state a tap reads with ``--state`` and writes in STATE messages."""

    bookmarks: dict[str, dict[str, t.Any]]


# Reprs and docs name the public path, as before the class moved here (its annotations still
# resolve here: a TypedDict records its module when it is created).
TapState.__module__ = "singer_sdk.helpers.types"
