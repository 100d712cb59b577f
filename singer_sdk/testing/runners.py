"""Runners: run a tap or a target in-process once and keep what it wrote for the tests."""

from __future__ import annotations

import abc
import io
import json
import typing as t
from collections import defaultdict
from contextlib import redirect_stderr, redirect_stdout

from singer_sdk._compat import aliases_getattr
from singer_sdk.testing.config import SuiteConfig

if t.TYPE_CHECKING:
    from pathlib import Path

    from singer_sdk._compat import Traversable
    from singer_sdk._plugin import PluginBase
    from singer_sdk._tap import Tap
    from singer_sdk._target import Target

__all__ = ["SingerTestRunner", "TapTestRunner", "TargetTestRunner"]

_P = t.TypeVar("_P", bound="PluginBase")


def _text_buffer() -> io.TextIOWrapper:
    """A text stream with a binary ``buffer`` (the message writer writes bytes to it)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")


def _read_back(buffer: io.TextIOWrapper) -> str:
    buffer.flush()
    buffer.seek(0)
    return buffer.read()


class SingerTestRunner(abc.ABC, t.Generic[_P]):
    """Base of the runners: builds the plugin from the runner's defaults and runs it once.

    Args:
        singer_class: The tap or target class under test.
        config: Its config (``{}`` when None).
        suite_config: The suite's settings (defaults when None).
        kwargs: Further keyword arguments for every plugin the runner creates.

    Attributes:
        raw_messages: Every message written by the last run, as dicts, in order.
        schema_messages: Its SCHEMA messages.
        record_messages: Its RECORD messages.
        state_messages: Its STATE messages (for a target: the state values it wrote).
        records: The records of each stream, by stream name.
    """

    def __init__(
        self,
        singer_class: type[_P],
        config: dict[str, t.Any] | None = None,
        suite_config: SuiteConfig | None = None,
        **kwargs: t.Any,
    ) -> None:
        self.singer_class: type[_P] = singer_class
        self.config: dict[str, t.Any] = config or {}
        self.default_kwargs: dict[str, t.Any] = kwargs
        self.suite_config = suite_config or SuiteConfig()
        self.raw_messages: list[dict[str, t.Any]] = []
        self.schema_messages: list[dict[str, t.Any]] = []
        self.record_messages: list[dict[str, t.Any]] = []
        self.state_messages: list[t.Any] = []
        self.records: defaultdict[str, list[dict[str, t.Any]]] = defaultdict(list)

    @staticmethod
    def _clean_sync_output(raw_records: str) -> list[t.Any]:
        """Parse captured output: one JSON value per non-empty line.

        Returns:
            The parsed lines, in order.
        """
        return [json.loads(line) for line in raw_records.splitlines() if line.strip()]

    def create(self, kwargs: dict[str, t.Any] | None = None) -> _P:
        """Build a new plugin with the runner's config.

        Args:
            kwargs: Keyword arguments to use instead of the runner's defaults.

        Returns:
            The new tap or target.
        """
        return self.singer_class(config=self.config, **(kwargs or self.default_kwargs))

    @abc.abstractmethod
    def sync_all(self, **kwargs: t.Any) -> None:
        """Run the plugin once and keep its output on the runner."""


class TapTestRunner(SingerTestRunner["Tap"]):
    """Runs a tap in-process (a dry run of at most ``max_records_limit`` records per stream).

    Args:
        tap_class: The tap class under test.
        config: Its config.
        suite_config: The suite's settings.
        kwargs: Further keyword arguments for every tap the runner creates (e.g. ``catalog``,
            ``state``, ``parse_env_config``).
    """

    def __init__(
        self,
        tap_class: type[Tap],
        config: dict[str, t.Any] | None = None,
        suite_config: SuiteConfig | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(tap_class, config=config, suite_config=suite_config, **kwargs)
        self.stdout: str | None = None
        self.stderr: str | None = None

    def new_tap(self) -> Tap:
        """Build a tap from the runner's config and defaults.

        Returns:
            A new tap instance.
        """
        return self.create()

    def run_discovery(self) -> str:
        """Run discovery on a new tap (the catalog is also printed).

        Returns:
            The catalog as JSON text.
        """
        return self.new_tap().run_discovery()

    def run_connection_test(self) -> bool:
        """Run the tap's connection test on a new tap.

        Returns:
            True when it passed (failures raise).
        """
        return self.new_tap().run_connection_test()

    def run_sync_dry_run(self) -> bool:
        """Sync at most ``max_records_limit`` records of every stream with a new tap.

        Returns:
            True when the dry run passed (failures raise).
        """
        tap = self.new_tap()
        return tap.run_sync_dry_run(dry_run_record_limit=self.suite_config.max_records_limit)

    def sync_all(self, **kwargs: t.Any) -> None:
        """Run the dry sync and keep its messages on the runner (previous output is replaced)."""
        stdout, stderr = self._execute_sync()
        self.stdout, self.stderr = stdout, stderr
        self._parse_records(self._clean_sync_output(stdout))

    def _parse_records(self, messages: list[dict[str, t.Any]]) -> None:
        self.raw_messages = messages
        self.schema_messages = []
        self.record_messages = []
        self.state_messages = []
        self.records = defaultdict(list)
        for message in messages:
            kind = str(message.get("type", "")).upper()
            if kind == "STATE":
                self.state_messages.append(message)
            elif kind == "SCHEMA":
                self.schema_messages.append(message)
            elif kind == "RECORD":
                self.record_messages.append(message)
                self.records[message["stream"]].append(message["record"])

    def _execute_sync(self) -> tuple[str, str]:
        stdout, stderr = _text_buffer(), _text_buffer()
        with redirect_stdout(stdout), redirect_stderr(stderr):
            self.run_sync_dry_run()
        return _read_back(stdout), _read_back(stderr)


class TargetTestRunner(SingerTestRunner["Target"]):
    """Runs a target in-process on a file of Singer messages or a text stream.

    Args:
        target_class: The target class under test.
        config: Its config.
        suite_config: The suite's settings.
        input_filepath: A file of Singer messages to read.
        input_io: A text stream of Singer messages to read (wins over ``input_filepath``).
        kwargs: Further keyword arguments for every target the runner creates.

    Attributes:
        stdout: What the last run wrote to standard output (the state lines).
        stderr: What the last run wrote to standard error.
    """

    def __init__(
        self,
        target_class: type[Target],
        config: dict[str, t.Any] | None = None,
        suite_config: SuiteConfig | None = None,
        input_filepath: Path | Traversable | None = None,
        input_io: io.StringIO | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(target_class, config=config, suite_config=suite_config, **kwargs)
        self.input_filepath = input_filepath
        self.input_io = input_io
        self._input: t.IO[str] | None = None
        self.stdout: str | None = None
        self.stderr: str | None = None

    def new_target(self) -> Target:
        """Build a target from the runner's config and defaults.

        Returns:
            A new target instance.
        """
        return self.create()

    @property
    def target_input(self) -> t.IO[str]:
        """The messages the target reads: ``input_io``, else ``input_filepath`` opened."""
        if self._input is None:
            if self.input_io is not None:
                self._input = self.input_io
            elif self.input_filepath is not None:
                self._input = self.input_filepath.open(encoding="utf-8")
        return t.cast("t.IO[str]", self._input)

    @target_input.setter
    def target_input(self, value: t.IO[str]) -> None:
        self._input = value

    def sync_all(self, *, finalize: bool = True, **kwargs: t.Any) -> None:
        """Feed the input to a new target and keep the state lines it writes.

        Args:
            finalize: Treat the end of the input as the end of the pipe (drain every sink and
                write the final state); False leaves the sinks open.
            kwargs: Ignored.
        """
        target = self.new_target()
        stdout, stderr = _text_buffer(), _text_buffer()
        source = self.target_input
        try:
            with redirect_stdout(stdout), redirect_stderr(stderr):
                if source is not None:
                    target.process_lines(source)
                if finalize:
                    target.process_endofpipe()
        finally:
            self.stdout, self.stderr = _read_back(stdout), _read_back(stderr)
            if self.input_io is None and source is not None:
                source.close()
                self._input = None
        self.state_messages.extend(self._clean_sync_output(self.stdout))


# Names the reference's module also offers (imported on first use).
__getattr__ = aliases_getattr(
    __name__,
    {
        "PluginBase": "singer_sdk.plugin_base",
        "Tap": "singer_sdk.tap_base",
        "Target": "singer_sdk.target_base",
    },
)
