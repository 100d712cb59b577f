"""Helpers of the sample tests: the fixture API on 127.0.0.1:0 and samples run as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
if str(SAMPLES) not in sys.path:
    sys.path.insert(0, str(SAMPLES))

from fixture_api import FixtureServer  # noqa: E402


class Run(t.NamedTuple):
    """A finished sample process: exit code, decoded stdout messages, stderr text."""

    returncode: int
    messages: list[dict[str, t.Any]]
    stderr: str
    stdout: str

    def records(self, stream: str) -> list[dict[str, t.Any]]:
        """Return the records of ``stream``, in output order."""
        return [
            message["record"]
            for message in self.messages
            if message["type"] == "RECORD" and message["stream"] == stream
        ]

    def last_state(self) -> dict[str, t.Any]:
        """Return the value of the last STATE message."""
        states = [message["value"] for message in self.messages if message["type"] == "STATE"]
        assert states, "no STATE message"
        return states[-1]


def run_sample(
    script: str,
    *args: str,
    config: dict[str, t.Any] | None = None,
    tmp_path: Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``samples/<script>`` with ``--config`` (if given) and ``args``; wait for it."""
    command = [sys.executable, str(SAMPLES / script)]
    if config is not None:
        config_file = tmp_path / f"{script}.config.json"
        config_file.write_text(json.dumps(config))
        command += ["--config", str(config_file)]
    result = subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    stdout = result.stdout.decode()
    try:
        messages = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    except ValueError:  # not Singer messages (e.g. a pretty-printed catalog): see ``stdout``
        messages = []
    return Run(result.returncode, messages, result.stderr.decode(), stdout)


@pytest.fixture
def api() -> t.Iterator[FixtureServer]:
    """The fixture API (25 users, seed 7) on a free port of 127.0.0.1."""
    with FixtureServer("127.0.0.1", 0, user_count=25) as server:
        yield server


@pytest.fixture
def run(tmp_path: Path) -> t.Callable[..., Run]:
    """Return ``run(script, *args, config=..., stdin=..., env=...)`` working in ``tmp_path``."""

    def runner(script: str, *args: str, **kwargs: t.Any) -> Run:
        return run_sample(script, *args, tmp_path=tmp_path, **kwargs)

    return runner
