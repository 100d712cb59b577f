"""Shared fixtures of the tap tests: run a tap in-process or as a script, read its messages."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk._messages.io import MessageWriter

if t.TYPE_CHECKING:
    import types

    from singer_sdk import Tap

REPO = Path(__file__).resolve().parents[2]
TAP_DEMO_PATH = REPO / "samples" / "tap_demo.py"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="Rewrite the committed message snapshots of tests/tap/snapshots from this run "
        "(same as SINGER_SDK_UPDATE_SNAPSHOTS=1).",
    )


class Run:
    """The outcome of an in-process tap run: the tap and the messages it wrote, decoded."""

    def __init__(self, tap: Tap, messages: list[dict[str, t.Any]]) -> None:
        self.tap = tap
        self.messages = messages

    def of_type(self, message_type: str, stream: str | None = None) -> list[dict[str, t.Any]]:
        """Return the messages of ``message_type`` (and of ``stream`` if given), in order."""
        return [
            message
            for message in self.messages
            if message["type"] == message_type and (stream is None or message["stream"] == stream)
        ]

    def records(self, stream: str) -> list[dict[str, t.Any]]:
        """Return the record dicts of ``stream``, in order."""
        return [message["record"] for message in self.of_type("RECORD", stream)]

    def schemas(self, stream: str) -> list[dict[str, t.Any]]:
        """Return the SCHEMA messages of ``stream``."""
        return self.of_type("SCHEMA", stream)

    @property
    def states(self) -> list[dict[str, t.Any]]:
        """Return the values of every STATE message, in order."""
        return [message["value"] for message in self.of_type("STATE")]

    @property
    def final_state(self) -> dict[str, t.Any]:
        """Return the value of the last STATE message."""
        return self.states[-1]

    def kinds(self) -> list[str]:
        """Return ``TYPE:stream`` (``STATE`` alone) of every message, in order."""
        return [
            message["type"]
            if message["type"] == "STATE"
            else f"{message['type']}:{message['stream']}"
            for message in self.messages
        ]


def decode_lines(data: bytes) -> list[dict[str, t.Any]]:
    """Return the messages of newline-separated JSON output."""
    return [json.loads(line) for line in data.splitlines() if line.strip()]


RunTap = t.Callable[..., Run]


@pytest.fixture
def run_tap() -> RunTap:
    """Return a function that builds a tap, runs it in-process and returns a :class:`Run`.

    ``run_tap(TapClass, config=..., catalog=..., state=..., action="sync")``; ``action`` is
    ``sync`` (``sync_all``), ``test`` (``run_connection_test``) or ``schema``
    (``write_schemas``). Extra keyword arguments go to the tap's constructor.
    """

    def run(
        tap_class: type[Tap],
        *,
        config: dict[str, t.Any] | None = None,
        action: str = "sync",
        **kwargs: t.Any,
    ) -> Run:
        output = io.BytesIO()
        writer = MessageWriter(output, flush_interval=0)
        tap = tap_class(config=config or {}, message_writer=writer, **kwargs)
        try:
            if action == "sync":
                tap.sync_all()
            elif action == "test":
                tap.run_connection_test()
            elif action == "schema":
                tap.write_schemas()
            else:  # pragma: no cover - a typo in a test
                msg = f"unknown action {action!r}"
                raise ValueError(msg)
        finally:
            writer.flush()
        return Run(tap, decode_lines(output.getvalue()))

    return run


@pytest.fixture(scope="session")
def tap_demo() -> types.ModuleType:
    """The sample tap ``samples/tap_demo.py``, imported as a module."""
    spec = importlib.util.spec_from_file_location("tap_demo_sample", TAP_DEMO_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def write_json(tmp_path: Path) -> t.Callable[[str, t.Any], Path]:
    """Return a function writing a JSON value (or raw text if a str) to a file in tmp_path."""

    def write(name: str, content: t.Any) -> Path:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return path

    return write


def script_env() -> dict[str, str]:
    """The environment of tap subprocesses: this checkout importable, no config from env."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TAP_DEMO_", "TAP_SIGNAL_"))
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def run_script(tmp_path: Path) -> t.Callable[..., subprocess.CompletedProcess[bytes]]:
    """Return a function running a tap script (default: the demo tap) with arguments.

    The config defaults to an empty JSON file; pass ``config=None`` to omit ``--config``.
    """
    default_config = tmp_path / "default-config.json"
    default_config.write_text("{}")

    def run(
        *args: str | Path,
        script: Path = TAP_DEMO_PATH,
        config: Path | t.Literal["default"] | None = "default",
        timeout: float = 30,
    ) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, str(script)]
        if config == "default":
            command += ["--config", str(default_config)]
        elif config is not None:
            command += ["--config", str(config)]
        command += [str(arg) for arg in args]
        return subprocess.run(
            command,
            capture_output=True,
            env=script_env(),
            cwd=tmp_path,
            timeout=timeout,
            check=False,
        )

    return run


def _set_metadata(
    catalog: dict[str, t.Any], stream: str, breadcrumb: t.Sequence[str], **values: t.Any
) -> None:
    """Update the metadata of ``breadcrumb`` of ``stream`` in a catalog dict (added if missing).

    Keyword names use underscores for dashes (``selected_by_default``).
    """
    entry = next(entry for entry in catalog["streams"] if entry["tap_stream_id"] == stream)
    for item in entry["metadata"]:
        if list(item["breadcrumb"]) == list(breadcrumb):
            break
    else:
        item = {"breadcrumb": list(breadcrumb), "metadata": {}}
        entry["metadata"].append(item)
    item["metadata"].update({key.replace("_", "-"): value for key, value in values.items()})


@pytest.fixture
def set_metadata() -> t.Callable[..., None]:
    """Return a function that sets breadcrumb metadata in a catalog dict (see above)."""
    return _set_metadata


class CliResult(t.NamedTuple):
    """What an in-process CLI run gave: exit code, stdout and stderr (text)."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(tap_demo: types.ModuleType, tmp_path: Path) -> t.Iterator[t.Callable[..., CliResult]]:
    """Return a function running the demo tap's command in-process (faster than a process).

    Logging and signal handlers the command installs are put back afterwards.
    """
    import logging
    import signal

    from click.testing import CliRunner

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    sigint, sigterm = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    config = tmp_path / "cli-config.json"
    config.write_text("{}")

    def run(*args: str | Path) -> CliResult:
        # Click < 8.2 mixes stderr into stdout unless asked not to; 8.2 removed the switch.
        try:
            runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
        except TypeError:
            runner = CliRunner()
        result = runner.invoke(
            tap_demo.TapDemo.cli, ["--config", str(config), *(str(arg) for arg in args)]
        )
        return CliResult(result.exit_code, result.stdout, result.stderr)

    yield run
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)
    assert signal.getsignal(signal.SIGINT) is sigint
    assert signal.getsignal(signal.SIGTERM) is sigterm


@pytest.fixture
def tap_env() -> dict[str, str]:
    """The environment for tap subprocesses (see :func:`script_env`)."""
    return script_env()
