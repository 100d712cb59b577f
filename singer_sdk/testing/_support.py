"""What the built-in tests share: one failure format, the strict switch, the written schema."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from singer_sdk._stream import Stream
    from singer_sdk.testing.templates import TestTemplate


#: How many problems one failing test lists before "... and N more".
_MAX_LISTED = 10


def _fail_with(problems: list[str], headline: str) -> None:
    """Raise one AssertionError listing ``problems`` (if any) under ``headline``."""
    __tracebackhide__ = True
    if not problems:
        return
    listed = problems[:_MAX_LISTED]
    more = len(problems) - len(listed)
    lines = [headline, *(f"  {problem}" for problem in listed)]
    if more:
        lines.append(f"  ... and {more} more")
    raise AssertionError("\n".join(lines))


def _strict(test: TestTemplate[t.Any]) -> bool:
    """Whether the suite runs singer_sdk's stricter checks (``SuiteConfig(strict=True)``)."""
    return bool(getattr(test.config, "strict", False))


def _final_schema(stream: Stream) -> dict[str, t.Any]:
    """The schema records of ``stream`` are written with (after selection and stream maps)."""
    maps = getattr(stream, "stream_maps", None)
    if maps:
        schema = getattr(maps[-1], "transformed_schema", None)
        if isinstance(schema, dict):
            return schema
    return stream.schema
