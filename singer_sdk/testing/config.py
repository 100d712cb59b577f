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
        strict: Run singer_sdk's stricter checks instead of the reference suite's. Off (the
            default), every generated test has the name and the verdict it has in Meltano's
            singer-sdk 0.54. On, the suite also checks:

            - date-time and date values are RFC 3339, whatever ``jsonschema`` format checkers
              are installed (in ``record_matches_stream_schema``, which then validates against
              the schema records are written with, after stream maps, and in ``is_datetime``);
            - primary keys are unique, not only present and non-null;
            - integers are not floats or booleans, numbers are not booleans; ``is_object`` is
              also generated for properties with an object ``anyOf`` branch;
            - the final state has no ``progress_markers`` at any depth, the discovered catalog
              lists the tap's streams, the connection test returns True, a stream schema has
              ``properties``;
            - three more stream tests for streams with a replication key:
              ``incremental``, ``future_state`` and ``bookmarks_advance``;
            - each generated test gets its own template instance (off, one instance is shared
              by every stream or property of a test, so an attribute test checks the values of
              the first property it ran on, as in the reference);
            - the target tests feed richer inputs (arrays of numbers and objects, compound and
              changing primary keys, dropped columns, more scripts and special characters).
    """

    max_records_limit: int | None = 150
    ignore_no_records: bool = False
    ignore_no_records_for_streams: list[str] = field(default_factory=list)
    strict: bool = False
