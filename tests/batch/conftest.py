"""Helpers of the BATCH tests: run the test tap in-process, feed its output to a target."""

from __future__ import annotations

import importlib.util
import io
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk._messages import codec
from singer_sdk._messages.io import MessageWriter

HERE = Path(__file__).parent
REPO = HERE.parents[1]


def _load(name: str) -> t.Any:
    spec = importlib.util.spec_from_file_location(f"batch_tests_{name}", HERE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tap_module = _load("batch_tap")
target_module = _load("target_memory")


class TapRun:
    """The output of one in-process tap run."""

    def __init__(self, output: bytes) -> None:
        self.output = output
        self.messages: list[dict[str, t.Any]] = [
            codec.decode(line) for line in output.splitlines() if line.strip()
        ]

    def of_type(self, kind: str) -> list[dict[str, t.Any]]:
        return [m for m in self.messages if m["type"] == kind]

    def records(self) -> dict[str, list[dict[str, t.Any]]]:
        result: dict[str, list[dict[str, t.Any]]] = {}
        for message in self.of_type("RECORD"):
            result.setdefault(message["stream"], []).append(message["record"])
        return result

    @property
    def final_state(self) -> dict[str, t.Any]:
        return self.of_type("STATE")[-1]["value"]


def run_tap(
    config: dict[str, t.Any] | None = None,
    *,
    tap_class: type[t.Any] | None = None,
    **kwargs: t.Any,
) -> TapRun:
    """Run the test tap (or ``tap_class``) in-process; return what it wrote."""
    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap = (tap_class or tap_module.BatchTestTap)(
        config=config or {}, message_writer=writer, **kwargs
    )
    try:
        tap.sync_all()
    finally:
        writer.flush()
    return TapRun(output.getvalue())


def run_target(lines: bytes, config: dict[str, t.Any] | None = None) -> t.Any:
    """Feed ``lines`` to a memory target; return it (``.batches``, ``.records()``)."""
    target = target_module.MemoryTarget(config=config or {})
    target.listen(io.BytesIO(lines))
    return target


def batch_config(
    root: Path | str, fmt: str = "jsonl", compression: str | None = "gzip", size: int = 10
) -> dict[str, t.Any]:
    url = root.as_uri() if isinstance(root, Path) else root
    return {
        "batch_config": {
            "encoding": {"format": fmt, "compression": compression},
            "storage": {"root": url, "prefix": "test-"},
            "batch_size": size,
        }
    }


@pytest.fixture
def bt() -> t.Any:
    """These helpers (conftest modules cannot be imported by the tests themselves)."""
    return sys.modules[__name__]


def script_env() -> dict[str, str]:
    """The environment of tap and target subprocesses: this checkout importable."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TAP_", "TARGET_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env
