"""Every new sample answers ``--about`` cheaply: no heavy imports, its settings listed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HEAVY = ["requests", "backoff", "sqlalchemy", "fsspec", "pyarrow", "jsonschema", "referencing"]


@pytest.mark.parametrize(
    ("script", "name", "settings"),
    [
        ("tap_rest_fixture.py", "tap-fixture-rest", {"api_url", "api_key", "start_date"}),
        ("tap_graphql_fixture.py", "tap-fixture-graphql", {"api_url", "api_key", "page_size"}),
        ("tap_csv.py", "tap-csv", {"files", "path"}),
        ("target_parquet.py", "target-parquet", {"destination_path", "compression"}),
    ],
)
def test_about_lists_the_settings_without_heavy_imports(
    script: str, name: str, settings: set[str]
) -> None:
    heavy = HEAVY  # REST and GraphQL taps included: requests is imported on first request
    code = (
        "import runpy, sys\n"
        f"sys.argv = [{name!r}, '--about', '--format', 'json']\n"
        "try:\n"
        f"    runpy.run_path({str(SAMPLES / script)!r}, run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        f"print(sorted(name for name in {heavy!r} if name in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, timeout=60
    )
    assert result.stderr.decode().strip().splitlines()[-1] == "[]"
    about = json.loads(result.stdout)
    assert about["name"] == name
    assert settings <= set(about["settings"]["properties"])
    if "api_key" in settings:
        assert about["settings"]["properties"]["api_key"]["secret"] is True
        assert "api_key" in about["settings"]["required"]
