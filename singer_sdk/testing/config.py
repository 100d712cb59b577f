"""Settings shared by every test of a generated conformance suite."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SuiteConfig"]


@dataclass(slots=True)
class SuiteConfig:
    """What the generated tests of a tap or target suite may tolerate.

    Attributes:
        max_records_limit: How many records of each stream the suite's tap sync reads (None
            for all of them).
        ignore_no_records: Skip, instead of fail, the tests that need records when a stream
            returns none (every stream).
        ignore_no_records_for_streams: The same, for the named streams only.
    """

    max_records_limit: int | None = 150
    ignore_no_records: bool = False
    ignore_no_records_for_streams: list[str] = field(default_factory=list)
