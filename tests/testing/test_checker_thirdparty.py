"""singer-sdk-check against real Singer connectors from PyPI that are not built with this library.

- ``target-jsonl`` 0.1.4 (singer-python 5.8): a plain singer-python target.
- ``tap-test-data-generator`` 1.4.0 (singer-python 5.13): an offline tap generating fake data.

Each is installed once into its own cached virtual environment under ``.cache/thirdparty/``
(pinned versions). If the install fails, the tests are skipped with the reason, except in CI
(``CI`` set), where they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / ".cache" / "thirdparty"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

#: Install steps per environment: each is one ``pip install`` command line.
ENVIRONMENTS = {
    "target-jsonl": [["target-jsonl==0.1.4"]],
    # exrex 0.10.5 (its pin) cannot import on Python 3.11; 0.11.0 is the fixed release.
    "tap-test-data-generator": [["tap-test-data-generator==1.4.0"], ["exrex==0.11.0"]],
}


def _thirdparty(name: str) -> Path:
    """The ``bin`` folder of the cached environment ``name``, installing it if needed."""
    folder = CACHE / name
    stamp = folder / "installed.json"
    steps = ENVIRONMENTS[name]
    if stamp.is_file() and json.loads(stamp.read_text()) == steps:
        return folder / "bin"
    try:
        venv.create(folder, with_pip=True, clear=True)
        pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q"]
        for step in steps:
            subprocess.run([*pip, *step], check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = (
            f"!!! could not install {name} from the package registry into {folder}: {exc} "
            f"{detail.decode(errors='replace')[-500:]}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    stamp.write_text(json.dumps(steps))
    return folder / "bin"


@pytest.fixture(scope="session")
def target_jsonl() -> Path:
    return _thirdparty("target-jsonl") / "target-jsonl"


@pytest.fixture(scope="session")
def tap_test_data_generator() -> Path:
    return _thirdparty("tap-test-data-generator") / "tap-test-data-generator"


def check(*args: str, cwd: Path = ROOT) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "singer_sdk._check", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout.splitlines() + done.stderr.splitlines()


def test_target_jsonl_passes(target_jsonl: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"destination_path": str(tmp_path / "out")}))
    (tmp_path / "out").mkdir()
    code, lines = check("target", "--config", str(config), "--", str(target_jsonl))
    # target-jsonl loads both streams, writes back the last state, and rejects a RECORD that
    # comes before its SCHEMA.
    assert code == 0, lines
    assert lines == ["singer-sdk-check passed: 0 errors, 0 warnings (2 runs, 19 messages)"]
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert any(name.startswith("check_orders") for name in written), written


def test_tap_test_data_generator(tap_test_data_generator: Path, tmp_path: Path) -> None:
    for sub in ("schemas", "metadatas", "repos"):
        (tmp_path / sub).mkdir()
    (tmp_path / "schemas" / "gadgets.json").write_text(
        json.dumps(
            {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "price": {"type": "number"},
                },
                "required": ["id", "name", "price"],
            }
        )
    )
    (tmp_path / "metadatas" / "gadgets.json").write_text(
        json.dumps(
            [
                {"breadcrumb": [], "metadata": {"selected": True, "inclusion": "available",
                                                "table-key-properties": ["id"]}},
                {"breadcrumb": ["properties", "name"], "metadata": {"inclusion": "available"}},
            ]
        )
    )  # fmt: skip
    (tmp_path / "repos" / "empty.json").write_text('{"empty-list": []}')
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps(
            {
                "schema_dir": str(tmp_path / "schemas"),
                "metadata_dir": str(tmp_path / "metadatas"),
                "object_repository_dir": str(tmp_path / "repos"),
                "record_number": 4,
                "apply_record_number_on_pairwise": True,
                "generate_pairwise_hash": False,
            }
        )
    )
    code, lines = check("tap", "--config", str(config), "--", str(tap_test_data_generator))
    # Discovery, the sync's messages and the records are fine; but the tap writes every
    # property even when deselected, and never writes a STATE.
    assert code == 1, lines
    assert {line.split(":")[0] for line in lines if line.startswith(("error", "warning"))} == {
        "error selection-property-not-honoured gadgets",
        "warning state-none -",
    }, lines
    assert (
        "error selection-property-not-honoured gadgets: [selection] record 0 (line 2): "
        "deselected properties ['name'] were written"
    ) in lines
    assert lines[-1].startswith("singer-sdk-check FAILED: 4 errors, 2 warnings (3 runs, ")
