"""Older test helpers, kept for connectors that still call them.

Prefer :func:`~singer_sdk.testing.get_tap_test_class` and
:func:`~singer_sdk.testing.get_target_test_class`.
"""

from __future__ import annotations

import io
import typing as t
from contextlib import redirect_stderr, redirect_stdout

if t.TYPE_CHECKING:
    from singer_sdk._tap import Tap
    from singer_sdk._target import Target

__all__ = [
    "get_standard_tap_tests",
    "get_standard_target_tests",
    "sync_end_to_end",
    "tap_sync_test",
    "tap_to_target_sync_test",
    "target_sync_test",
]

_Buffers: t.TypeAlias = tuple[io.TextIOWrapper, io.TextIOWrapper]


def _buffer() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")


def _rewound(*buffers: io.TextIOWrapper) -> None:
    for buffer in buffers:
        buffer.flush()
        buffer.seek(0)


def get_standard_tap_tests(
    tap_class: type[Tap], config: dict[str, t.Any] | None = None
) -> list[t.Callable[[], None]]:
    """Return simple tests of a tap class: CLI prints, discovery, connection, schema keys.

    Args:
        tap_class: The tap class under test.
        config: Its config.

    Returns:
        Test functions taking no arguments; each raises on failure.
    """

    def new_tap(**kwargs: t.Any) -> Tap:
        return tap_class(config=config, parse_env_config=True, **kwargs)

    def _test_cli_prints() -> None:
        tap = new_tap()
        tap.print_version()
        tap.print_about()
        tap.print_about(output_format="json")

    def _test_discovery() -> None:
        catalog = _get_tap_catalog(tap_class, config or {})
        assert new_tap(catalog=catalog), "No tap could be built from the discovered catalog."

    def _test_stream_connections() -> None:
        new_tap().run_connection_test()

    def _keys_in_schema(attribute: str, label: str) -> None:
        for name, stream in new_tap().streams.items():
            value = getattr(stream, attribute, None)
            if attribute == "replication_key":
                keys = [] if value is None else [value]
            else:
                keys = list(value or [])  # a string's characters, as in the reference
            assert "properties" in stream.schema, (
                f"Coding error in stream '{name}': its schema has no 'properties'"
            )
            declared = set(stream.schema["properties"])
            for key in keys:
                assert key in declared, (
                    f"Coding error in stream '{name}': {label} '{key}' is missing in schema"
                )

    def _test_pkeys_in_schema() -> None:
        _keys_in_schema("primary_keys", "primary_key")

    def _test_state_partitioning_keys_in_schema() -> None:
        _keys_in_schema("state_partitioning_keys", "state_partitioning_key")

    def _test_replication_keys_in_schema() -> None:
        _keys_in_schema("replication_key", "replication_key")

    return [
        _test_cli_prints,
        _test_discovery,
        _test_stream_connections,
        _test_pkeys_in_schema,
        _test_state_partitioning_keys_in_schema,
        _test_replication_keys_in_schema,
    ]


def get_standard_target_tests(
    target_class: type[Target], config: dict[str, t.Any] | None = None
) -> list[t.Callable[[], None]]:
    """Return simple tests of a target class (there are none; use the target test class).

    Returns:
        An empty list.
    """
    return []


def tap_sync_test(tap: Tap) -> _Buffers:
    """Run a full sync of ``tap`` and capture what it writes.

    Args:
        tap: The tap to run.

    Returns:
        ``(stdout, stderr)`` text streams, rewound to the start.
    """
    stdout, stderr = _buffer(), _buffer()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        tap.sync_all()
    _rewound(stdout, stderr)
    return stdout, stderr


def _get_tap_catalog(
    tap_class: type[Tap], config: dict[str, t.Any], *, select_all: bool = False
) -> dict[str, t.Any]:
    """Run discovery on a new tap (it prints the catalog) and return the catalog.

    Args:
        tap_class: The tap class.
        config: Its config.
        select_all: Mark every stream selected.

    Returns:
        The catalog as a dict.
    """
    tap = tap_class(config=config, parse_env_config=True)
    tap.run_discovery()
    catalog = tap.catalog_dict
    return _select_all(catalog) if select_all else catalog


def _select_all(catalog_dict: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return a copy of a catalog dict with every stream selected.

    Returns:
        The new catalog dict.
    """
    from singer_sdk._catalog.catalog import Catalog

    catalog = Catalog.from_dict(catalog_dict)
    for entry in catalog.streams:
        entry.metadata.root.selected = True
    return catalog.to_dict()


def target_sync_test(
    target: Target,
    input: t.IO[str] | None,
    *,
    finalize: bool = True,
) -> _Buffers:
    """Feed ``input`` to ``target`` and capture what it writes.

    Args:
        target: The target to run.
        input: Singer messages to read (None: read nothing).
        finalize: Treat the end of ``input`` as the end of the pipe (drain, write state).

    Returns:
        ``(stdout, stderr)`` text streams, rewound to the start.
    """
    stdout, stderr = _buffer(), _buffer()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        if input is not None:
            target.process_lines(input)
        if finalize:
            target.process_endofpipe()
    _rewound(stdout, stderr)
    return stdout, stderr


def tap_to_target_sync_test(
    tap: Tap, target: Target
) -> tuple[io.TextIOWrapper, io.TextIOWrapper, io.TextIOWrapper, io.TextIOWrapper]:
    """Run ``tap`` and feed its output to ``target`` (all in memory: keep the data small).

    Returns:
        ``(tap stdout, tap stderr, target stdout, target stderr)``, rewound.
    """
    tap_stdout, tap_stderr = tap_sync_test(tap)
    target_stdout, target_stderr = target_sync_test(target, tap_stdout, finalize=True)
    tap_stdout.seek(0)
    return tap_stdout, tap_stderr, target_stdout, target_stderr


def sync_end_to_end(tap: Tap, target: Target, *mappers: t.Any) -> None:
    """Run ``tap``, pass its output through each inline mapper in turn, and load it into
    ``target`` (in memory).

    Args:
        tap: The tap.
        target: The target.
        mappers: Inline mappers applied in order.
    """
    buffer = _buffer()
    with redirect_stdout(buffer):
        tap.sync_all()
    _rewound(buffer)
    for mapper in mappers:
        mapped = _buffer()
        with redirect_stdout(mapped):
            mapper.listen(buffer)
        _rewound(mapped)
        buffer = mapped
    target.listen(buffer)
