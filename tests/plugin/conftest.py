"""Fixtures for the plugin tests: a sample plugin (in-process and as a script), a CLI runner."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import types
import typing as t
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

#: A small plugin used both in-process and as a real script run in a subprocess.
PLUGIN_SOURCE = '''
"""A sample plugin module."""
from __future__ import annotations

import json
import sys
import time

from singer_sdk._config import ConfigInput
from singer_sdk.cli import CLIOption
from singer_sdk.plugin_base import PluginBase


class SamplePlugin(PluginBase):
    """A sample plugin.

    It only echoes its config.
    """

    name = "tap-sample"
    config_jsonschema = {
        "type": "object",
        "properties": {
            "api_key": {"type": ["string"], "secret": True, "writeOnly": True,
                        "description": "The API key"},
            "port": {"type": ["integer", "null"], "default": 5432, "description": "Port"},
            "ratio": {"type": ["number", "null"]},
            "flag": {"type": ["boolean", "null"]},
            "names": {"type": ["array", "null"], "items": {"type": ["string"]}},
            "ids": {"type": ["array", "null"], "items": {"type": ["integer"]}},
            "db": {
                "type": ["object", "null"],
                "properties": {
                    "host": {"type": ["string"], "description": "Host | name"},
                    "port": {"type": ["integer", "null"], "default": 1},
                },
                "required": ["host"],
            },
            "mode": {"type": ["string", "null"], "enum": ["a", "b"]},
        },
        "required": ["api_key"],
        "$schema": "https://json-schema.org/draft/2020-12/schema",
    }
    cli_options = (
        CLIOption(flags=("--discover",), name="discover", help="Run discovery.", is_flag=True),
        CLIOption(flags=("--test",), name="test", help="Test.", flag_value="all"),
        CLIOption(flags=("--input",), name="file_input", help="Input file.", file=True),
        CLIOption(flags=("--wait",), name="wait", help="Sleep until a signal.", is_flag=True),
        CLIOption(flags=("--crash",), name="crash", help="Raise an error.", is_flag=True),
    )

    @classmethod
    def invoke(cls, *, about=False, about_format=None, config=None, discover=False,
               test=None, file_input=None, wait=False, crash=False, **kwargs):
        super().invoke(about=about, about_format=about_format)
        config = config or ConfigInput()
        plugin = cls(config=config.config, parse_env_config=config.parse_env)
        if crash:
            raise RuntimeError("boom in the plugin")
        if wait:
            try:  # READY inside the try: a signal right after it must still be caught
                print("READY", file=sys.stderr, flush=True)
                time.sleep(20)
            except KeyboardInterrupt:
                print(json.dumps({"final": "state"}), flush=True)
                raise
        result = {
            "config": dict(plugin.config),
            "discover": discover,
            "test": test,
            "input": file_input.read() if file_input else None,
            "extra": sorted(kwargs),
        }
        print(json.dumps(result))
'''


@pytest.fixture
def sample_module() -> types.ModuleType:
    """The sample plugin module, executed in-process."""
    module = types.ModuleType("sample_plugin")
    exec(compile(PLUGIN_SOURCE, "sample_plugin.py", "exec"), module.__dict__)
    return module


@pytest.fixture
def sample_plugin(sample_module: types.ModuleType) -> type[t.Any]:
    """The ``SamplePlugin`` class."""
    return t.cast("type[t.Any]", sample_module.SamplePlugin)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> t.Iterator[None]:
    """Run each test in an empty directory, without stray plugin variables, restoring logging."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("TAP_SAMPLE_", "TAP_OTHER_")) or name in {"LOGLEVEL"}:
            monkeypatch.delenv(name)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    sigint = signal.getsignal(signal.SIGINT)
    with warnings.catch_warnings():
        yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)
    assert signal.getsignal(signal.SIGINT) is sigint, "a test left a SIGINT handler installed"


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner (stdout and stderr kept apart)."""
    return separate_streams_runner()


def separate_streams_runner() -> CliRunner:
    """Return a CliRunner that keeps stderr apart from stdout on every supported click.

    Click before 8.2 mixes the two unless ``mix_stderr=False``; 8.2 removed that switch and
    always keeps them apart.
    """
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def plugin_dir(tmp_path: Path) -> Path:
    """A directory holding ``sample_plugin.py`` (the sample plugin as a real module)."""
    directory = tmp_path / "plugin_src"
    directory.mkdir()
    (directory / "sample_plugin.py").write_text(PLUGIN_SOURCE)
    return directory


class PluginRunner(t.Protocol):
    """Runs ``SamplePlugin.cli()`` in a fresh interpreter (see the ``run_plugin`` fixture)."""

    def __call__(
        self, *args: str, env: dict[str, str] | None = ..., cwd: Path | None = ...
    ) -> subprocess.CompletedProcess[str]: ...


@pytest.fixture
def plugin_env(plugin_dir: Path) -> dict[str, str]:
    """The environment of a plugin subprocess: ours, without plugin variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAP_SAMPLE_")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(plugin_dir), str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")]
    )
    return env


@pytest.fixture
def run_plugin(plugin_dir: Path, plugin_env: dict[str, str]) -> PluginRunner:
    """A function running ``SamplePlugin.cli()`` with arguments in a subprocess."""

    def run(
        *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "from sample_plugin import SamplePlugin; SamplePlugin.cli()",
                *args,
            ],
            capture_output=True,
            text=True,
            cwd=cwd or plugin_dir.parent,
            env={**plugin_env, **(env or {})},
            timeout=60,
            check=False,
        )

    return run
