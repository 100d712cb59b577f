"""``run``: a tap, mappers and a target in one process; ``read``: a tap's records as Python data.

Threads: the tap syncs on its own thread, each mapper reads and writes on its own thread, the
target reads on the caller's thread. Stages are joined by bounded :class:`Channel` s, so memory
stays flat however many records flow. Nothing global is touched: no signal handler, no logging
set-up, no ``sys.exit``, no stdout (the target's state is captured, not printed).

Errors: the first stage to fail decides the exception :func:`run` raises (the original object,
with its traceback). Stages after it see every message it wrote, then the end of their input
(a target drains what it accepted and writes the state covering it, as at the end of a pipe);
stages before it are stopped at their next write.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
import typing as t
import weakref

from singer_sdk._pipeline.channel import Cancelled, Channel, UpstreamFailed
from singer_sdk._pipeline.stages import (
    ChannelReader,
    ChannelWriter,
    capture_target_state,
    reads_dicts,
    swap_reader,
    swap_tap_writer,
    swap_writer,
)
from singer_sdk._signals import leave_signals_to_main_thread

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = ["PipelineResult", "TapRecords", "read", "run"]

#: Plugin instances that took part in a run: each runs once, as a command would.
_USED: weakref.WeakSet[t.Any] = weakref.WeakSet()


@dataclasses.dataclass(frozen=True)
class PipelineResult:
    """What an in-process run did.

    Attributes:
        state: the last state the target emitted (as the dict a pipe's reader would get), or
            None if it emitted none.
        counts: RECORD messages the target read (and loaded), by stream name.
        timings: seconds, wall clock: ``total``, ``tap`` (its thread, until its last message),
            ``target`` (reading and loading), and ``mapper[i]`` for each mapper.
    """

    state: dict[str, t.Any] | None
    counts: dict[str, int]
    timings: dict[str, float]


class _Failures:
    """The first real failure of a run (a stage stopped by another's failure does not count)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.first: BaseException | None = None

    def add(self, error: BaseException) -> None:
        with self._lock:
            if self.first is None:
                self.first = error


def _claim(*plugins: t.Any) -> None:
    for plugin in plugins:
        if plugin in _USED:
            msg = (
                f"{type(plugin).__name__} instance already took part in an in-process run; "
                "create a new instance for each run."
            )
            raise ValueError(msg)
    for plugin in plugins:
        _USED.add(plugin)


def _tap_thread(
    tap: t.Any, channel: Channel, failures: _Failures, timings: dict[str, float]
) -> None:
    leave_signals_to_main_thread()
    started = time.perf_counter()
    try:
        tap.sync_all()
    except Cancelled:
        pass
    except BaseException as exc:  # everything, so the consumer is never left waiting
        failures.add(exc)
        channel.fail(exc)
    else:
        channel.close()
    finally:
        timings["tap"] = time.perf_counter() - started


def _mapper_thread(
    mapper: t.Any,
    upstream: Channel,
    downstream: Channel,
    failures: _Failures,
    timings: dict[str, float],
    key: str,
) -> None:
    leave_signals_to_main_thread()
    started = time.perf_counter()
    try:
        mapper.listen(upstream)
        mapper.message_writer_flush()
    except Cancelled:
        upstream.cancel()
    except UpstreamFailed as exc:
        downstream.fail(exc.error)
    except BaseException as exc:
        failures.add(exc)
        upstream.cancel()
        downstream.fail(exc)
    else:
        downstream.close()
    finally:
        timings[key] = time.perf_counter() - started


def _check_instances(tap: t.Any, target: t.Any, mappers: Sequence[t.Any]) -> None:
    from singer_sdk._mapping.inline import InlineMapper
    from singer_sdk._tap import Tap
    from singer_sdk._target import Target

    if not isinstance(tap, Tap):
        msg = f"tap must be a Tap instance, not {type(tap).__name__}"
        raise TypeError(msg)
    if not isinstance(target, Target):
        msg = f"target must be a Target instance, not {type(target).__name__}"
        raise TypeError(msg)
    for mapper in mappers:
        if not isinstance(mapper, InlineMapper):
            msg = f"mappers must be InlineMapper instances, not {type(mapper).__name__}"
            raise TypeError(msg)


def run(
    tap: t.Any,
    target: t.Any,
    *,
    mappers: Iterable[t.Any] = (),
    state: dict[str, t.Any] | None = None,
) -> PipelineResult:
    """Run ``tap`` into ``target`` (through ``mappers``) in this process; see the module doc.

    Args:
        tap: a :class:`~singer_sdk.Tap` instance, fresh (not synced before).
        target: a :class:`~singer_sdk.Target` instance, fresh.
        mappers: :class:`~singer_sdk.mapper_base.InlineMapper` instances, in order.
        state: a state to start the tap from (what ``--state`` gives a tap), merged into its
            bookmarks with :meth:`Tap.load_state`.

    Returns:
        The final state the target emitted, the records it read per stream, and timings.

    Raises:
        TypeError: an argument is not a plugin instance of the right kind.
        ValueError: an instance already took part in a run.
        BaseException: whatever the first failing stage raised, re-raised as it is.
    """
    mappers = list(mappers)
    _check_instances(tap, target, mappers)
    _claim(tap, target, *mappers)
    if state is not None:
        tap.load_state(state)
    started = time.perf_counter()
    failures = _Failures()
    timings: dict[str, float] = {}
    states: list[dict[str, t.Any]] = []
    # One channel after the tap and after each mapper; each stage writes lines instead of dicts
    # when its reader parses lines its own way.
    readers = [*mappers, target]
    channels = [Channel() for _ in readers]
    threads: list[threading.Thread] = []
    target_reader = ChannelReader() if reads_dicts(target) else None
    writers = [
        ChannelWriter(channel, as_lines=not reads_dicts(reader))
        for channel, reader in zip(channels, readers, strict=True)
    ]
    with contextlib.ExitStack() as stack:
        stack.enter_context(swap_tap_writer(tap, writers[0]))
        for index, mapper in enumerate(mappers):
            stack.enter_context(swap_writer(mapper, writers[index + 1]))
            stack.enter_context(
                swap_reader(mapper, ChannelReader() if reads_dicts(mapper) else None)
            )
        stack.enter_context(swap_reader(target, target_reader))
        stack.enter_context(capture_target_state(target, states))
        threads.append(
            threading.Thread(
                target=_tap_thread,
                args=(tap, channels[0], failures, timings),
                name=f"pipeline-{tap.name}",
                daemon=True,
            )
        )
        for index, mapper in enumerate(mappers):
            threads.append(
                threading.Thread(
                    target=_mapper_thread,
                    args=(
                        mapper,
                        channels[index],
                        channels[index + 1],
                        failures,
                        timings,
                        f"mapper[{index}]",
                    ),
                    name=f"pipeline-{mapper.name}",
                    daemon=True,
                )
            )
        for thread in threads:
            thread.start()
        target_started = time.perf_counter()
        try:
            target.listen(channels[-1])
        except UpstreamFailed:
            pass  # the stage that failed is in ``failures``
        except BaseException as exc:
            failures.add(exc)
            channels[-1].cancel()
        finally:
            timings["target"] = time.perf_counter() - target_started
            for thread in threads:
                thread.join()
    timings["total"] = time.perf_counter() - started
    if failures.first is not None:
        raise failures.first
    counts = dict((target_reader or writers[-1]).record_counts)
    return PipelineResult(state=states[-1] if states else None, counts=counts, timings=timings)


class TapRecords:
    """The records of one tap sync, as ``(stream_name, record)`` pairs; made by :func:`read`.

    Iterate it once (the tap syncs while you iterate; stopping early stops the tap), or collect
    everything with :meth:`to_arrow` or :meth:`to_pandas`. Records are in the form a target
    reads them: date-times as RFC 3339 strings, non-integer numbers as
    :class:`~decimal.Decimal`.
    """

    def __init__(self, tap: t.Any, streams: Sequence[str] | None) -> None:
        self._tap = tap
        self._streams = streams
        self._started = False
        #: The latest SCHEMA message of each stream seen so far (stream name -> message dict).
        self.schemas: dict[str, dict[str, t.Any]] = {}

    def __iter__(self) -> Iterator[tuple[str, dict[str, t.Any]]]:
        """Sync the tap, yielding each record as it comes."""
        if self._started:
            msg = "The records of a tap can be read once; call read() again with a new tap."
            raise RuntimeError(msg)
        self._started = True
        return self._generate()

    def _generate(self) -> Iterator[tuple[str, dict[str, t.Any]]]:
        tap = self._tap
        _select(tap, self._streams)
        channel = Channel()
        failures = _Failures()
        timings: dict[str, float] = {}
        schemas = self.schemas
        with swap_tap_writer(tap, ChannelWriter(channel)):
            thread = threading.Thread(
                target=_tap_thread,
                args=(tap, channel, failures, timings),
                name=f"pipeline-{tap.name}",
                daemon=True,
            )
            thread.start()
            try:
                for message in channel:
                    kind = message["type"] if message.__class__ is dict else None
                    if kind == "RECORD":
                        yield message["stream"], message["record"]
                    elif kind == "SCHEMA":
                        schemas[message["stream"]] = message
            except UpstreamFailed:
                pass
            finally:
                channel.cancel()
                thread.join()
        if failures.first is not None:
            raise failures.first

    def to_arrow(self) -> dict[str, t.Any]:
        """Return every record as one ``pyarrow.Table`` per stream, typed from its schema.

        Date-times become UTC timestamps, dates ``date32``, times ``time64``, integers
        ``int64``, numbers ``float64`` (or ``decimal128`` when the schema bounds their precision:
        ``x-singer.decimal`` strings with ``precision``/``scale``, or ``multipleOf`` a power of
        ten with ``minimum``/``maximum``), objects and arrays structs and lists when their schema
        says what they hold, JSON text otherwise.

        Raises:
            ImportError: pyarrow is not installed (``pip install 'singer-connector-sdk[parquet]'``).
        """
        from singer_sdk._pipeline.arrow import TableBuilder, require_pyarrow

        require_pyarrow()
        builders: dict[str, TableBuilder] = {}
        for stream, record in self:
            builder = builders.get(stream)
            schema = self.schemas.get(stream, {}).get("schema") or {}
            if builder is None:
                builder = builders[stream] = TableBuilder(stream, schema)
            elif builder.schema is not schema:
                builder.set_schema(schema)
            builder.add(record)
        return {stream: builder.finish() for stream, builder in builders.items()}

    def to_pandas(self) -> dict[str, t.Any]:
        """Return every record as one ``pandas.DataFrame`` per stream (via :meth:`to_arrow`).

        Raises:
            ImportError: pandas (or pyarrow) is not installed.
        """
        from singer_sdk._pipeline.arrow import require_pandas

        require_pandas()
        return {stream: table.to_pandas() for stream, table in self.to_arrow().items()}


def _select(tap: t.Any, streams: Sequence[str] | None) -> None:
    if streams is None:
        return
    if isinstance(streams, str):
        streams = [streams]
    available = tap.streams
    unknown = sorted(set(streams) - set(available))
    if unknown:
        msg = (
            f"Unknown stream(s) {', '.join(map(repr, unknown))}; the tap has "
            f"{', '.join(map(repr, sorted(available)))}."
        )
        raise ValueError(msg)
    wanted = set(streams)
    for name, stream in available.items():
        stream.selected = name in wanted


def read(tap: t.Any, streams: Sequence[str] | None = None) -> TapRecords:
    """Sync ``tap`` in this process and yield its records as ``(stream_name, record)``.

    Args:
        tap: a :class:`~singer_sdk.Tap` instance, fresh (not synced before).
        streams: the names of the streams to sync (the others are deselected); None: the
            tap's selection as it is.

    Returns:
        An iterable of ``(stream_name, record)`` with :meth:`TapRecords.to_arrow` and
        :meth:`TapRecords.to_pandas`.

    Raises:
        TypeError: ``tap`` is not a Tap.
        ValueError: a name in ``streams`` is not a stream of the tap (when iterating starts), or
            the tap already took part in a run.
    """
    from singer_sdk._tap import Tap

    if not isinstance(tap, Tap):
        msg = f"tap must be a Tap instance, not {type(tap).__name__}"
        raise TypeError(msg)
    _claim(tap)
    return TapRecords(tap, streams)
