"""Fuzzers of the library's inputs: Hypothesis, fixed seeds and a budget in CI.

Each fuzzer asks for ``examples(n)``: ``n`` in CI, with the seed fixed (``derandomize``), so
a run is repeatable; ``make fuzz`` sets ``SINGER_SDK_FUZZ_FACTOR=20`` for twenty times as
many examples with random seeds. The examples each fuzzer ran are counted and shown at the
end of the pytest run.
"""

from __future__ import annotations

import collections
import os
import typing as t

import pytest
from hypothesis import HealthCheck, settings

#: How many times the CI budget of examples to run (``make fuzz`` raises it).
FACTOR = max(1, int(os.environ.get("SINGER_SDK_FUZZ_FACTOR", "1")))

_common: dict[str, t.Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("singer-sdk-fuzz-ci", derandomize=True, **_common)
settings.register_profile("singer-sdk-fuzz-long", derandomize=False, **_common)
settings.load_profile("singer-sdk-fuzz-ci" if FACTOR == 1 else "singer-sdk-fuzz-long")

_COUNTS: collections.Counter[str] = collections.Counter()


@pytest.fixture(scope="session")
def count_example() -> t.Callable[[str], None]:
    """Return the function a fuzzer calls once per example it runs."""

    def count(name: str) -> None:
        _COUNTS[name] += 1

    return count


def pytest_terminal_summary(terminalreporter: t.Any) -> None:
    if _COUNTS:
        total = sum(_COUNTS.values())
        parts = ", ".join(f"{name}: {count}" for name, count in sorted(_COUNTS.items()))
        terminalreporter.write_line(f"fuzz examples run: {total} ({parts})")
