"""SIGTERM/SIGINT on a real tap process: final STATE written, exit code 0."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import typing as t

import pytest

from singer_sdk import Stream, Tap

if t.TYPE_CHECKING:
    from pathlib import Path

BLOCKING_TAP = '''
"""A tap that blocks in get_records after five records (for signal tests)."""
import os
import sys
import time

from singer_sdk import Stream, Tap


class Ticks(Stream):
    name = "ticks"
    replication_key = "seq"
    is_sorted = os.environ.get("TAP_SIGNAL_SORTED", "1") == "1"
    schema = {"type": "object", "properties": {"seq": {"type": "integer"}}}

    def get_records(self, context):
        for seq in (1, 2, 3, 5, 4) if not self.is_sorted else (1, 2, 3, 4, 5):
            yield {"seq": seq}
        print("READY", file=sys.stderr, flush=True)
        time.sleep(30)
        yield {"seq": 99}


class Quick(Stream):
    name = "aaa_quick"
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}

    def get_records(self, context):
        yield {"n": 1}


class BlockTap(Tap):
    name = "tap-block"

    def discover_streams(self):
        return [Quick(self), Ticks(self)]


if __name__ == "__main__":
    BlockTap.cli()
'''


def _run_until_ready(
    tmp_path: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], list[bytes]]:
    script = tmp_path / "tap_block.py"
    script.write_text(BLOCKING_TAP)
    config = tmp_path / "config.json"
    config.write_text("{}")
    process = subprocess.Popen(
        [sys.executable, str(script), "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    watchdog = threading.Timer(30, process.kill)
    watchdog.daemon = True
    watchdog.start()
    assert process.stderr is not None
    lines: list[bytes] = []
    for line in process.stderr:
        lines.append(line)
        if line.strip() == b"READY":
            break
    else:  # pragma: no cover - the tap died before blocking
        process.wait()
        pytest.fail(f"tap exited before blocking: {b''.join(lines).decode()}")
    return process, lines


def _finish(process: subprocess.Popen[bytes], lines: list[bytes]) -> tuple[list[t.Any], str]:
    stdout, stderr = process.communicate(timeout=30)
    messages = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return messages, (b"".join(lines) + stderr).decode()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_writes_final_state_and_exits_zero(tmp_path: Path, tap_env, signum: int) -> None:
    process, lines = _run_until_ready(tmp_path, tap_env)
    process.send_signal(signum)
    messages, stderr = _finish(process, lines)
    assert process.returncode == 0, stderr
    ticks = [
        m["record"]["seq"] for m in messages if m["type"] == "RECORD" and m["stream"] == "ticks"
    ]
    assert ticks == [1, 2, 3, 4, 5]
    last = messages[-1]
    assert last["type"] == "STATE"
    assert last["value"]["bookmarks"]["ticks"]["replication_key_value"] == 5
    assert last["value"]["bookmarks"]["aaa_quick"] == {}
    assert "Traceback" not in stderr
    assert f"signal {signum}" in stderr or signal.Signals(signum).name in stderr


def test_signal_on_unsorted_stream_writes_no_resumable_bookmark(tmp_path: Path, tap_env) -> None:
    process, lines = _run_until_ready(tmp_path, {**tap_env, "TAP_SIGNAL_SORTED": "0"})
    process.send_signal(signal.SIGTERM)
    messages, stderr = _finish(process, lines)
    assert process.returncode == 0, stderr
    ticks_state = messages[-1]["value"]["bookmarks"]["ticks"]
    # Interrupted before the end: the bookmark may not move (records were unsorted).
    assert "replication_key_value" not in ticks_state
    assert ticks_state["progress_markers"]["replication_key_value"] == 5


def test_second_signal_while_stopping_is_ignored(tmp_path: Path, tap_env) -> None:
    process, lines = _run_until_ready(tmp_path, tap_env)
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGINT)
    messages, stderr = _finish(process, lines)
    assert process.returncode == 0, stderr
    assert messages[-1]["type"] == "STATE"
    assert messages[-1]["value"]["bookmarks"]["ticks"]["replication_key_value"] == 5


def test_in_process_termination_writes_state_then_raises() -> None:
    """Without the CLI, the handler writes the state and raises TerminationRequested."""
    import io

    from singer_sdk._messages.io import MessageWriter
    from singer_sdk._plugin import TerminationRequested

    class Once(Stream):
        name = "once"
        replication_key = "seq"
        is_sorted = True
        schema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"seq": {"type": "integer"}},
        }

        def get_records(self, context):
            yield {"seq": 1}
            yield {"seq": 2}
            self._tap._handle_termination(signal.SIGTERM)
            yield {"seq": 3}  # pragma: no cover - never reached

    class OnceTap(Tap):
        name = "tap-once"

        def discover_streams(self):
            return [Once(self)]

    output = io.BytesIO()
    tap = OnceTap(config={}, message_writer=MessageWriter(output, flush_interval=0))
    with pytest.raises(TerminationRequested) as excinfo:
        tap.sync_all()
    assert excinfo.value.exit_code == 128 + signal.SIGTERM
    messages = [json.loads(line) for line in output.getvalue().splitlines()]
    assert [m["type"] for m in messages][-3:] == ["RECORD", "RECORD", "STATE"]
    assert messages[-1]["value"]["bookmarks"]["once"]["replication_key_value"] == 2
    # A repeated signal while stopping does nothing.
    try:
        tap._handle_termination(signal.SIGINT)
    except TerminationRequested:
        pytest.fail("a second signal while stopping raised again")


def test_termination_before_the_sync_writes_no_state() -> None:
    """A STATE written before the input state is in use could wipe a target's bookmarks."""
    import io

    from singer_sdk._messages.io import MessageWriter
    from singer_sdk._plugin import TerminationRequested

    class IdleTap(Tap):
        name = "tap-idle"

        def discover_streams(self):
            return []

    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap = IdleTap(config={}, message_writer=writer, state={"bookmarks": {"s": {"x": 1}}})
    with pytest.raises(TerminationRequested):
        tap._handle_termination(signal.SIGTERM)
    writer.flush()
    assert output.getvalue() == b""
