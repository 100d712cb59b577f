"""Every generated project passes its own pytest, ruff and mypy, offline, on day one.

Slow (about a minute and a half on two cores): marked ``templates``. The session fixture
``project_environment`` (conftest) renders each replay, installs all projects into one fresh
virtual environment with a wheel of this checkout, and runs the checks on a thread pool.
"""

from __future__ import annotations

import re
import typing as t

import pytest

if t.TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.templates


def test_generated_project_passes_its_own_checks(replay: Path, project_environment: t.Any) -> None:
    """pytest, ``ruff check``, ``ruff format --check`` and mypy all succeed."""
    results = project_environment.checks_of(replay)
    failures = [
        f"--- {result.name} exited {result.returncode}:\n{result.output[-4000:]}"
        for result in results
        if result.returncode != 0
    ]
    assert not failures, "\n".join(failures)
    by_name = {result.name: result for result in results}
    summary = by_name["pytest"].output.strip().splitlines()[-1]
    passed = re.search(r"(\d+) passed", summary)
    assert passed is not None, summary
    assert int(passed.group(1)) >= 3, summary
    assert not re.search(r"failed|error|skipped", summary), summary
    assert by_name["mypy"].output.startswith("Success: no issues found"), by_name["mypy"].output
