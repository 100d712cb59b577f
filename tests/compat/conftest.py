"""Fixtures of the real-connector tests: cached virtual environments and a PostgreSQL server.

``connectors_env``: one virtual environment under ``.cache/real-connectors/<key>/sdk`` holding
this checkout (installed editable, so source edits need no rebuild), the pinned runtime
dependencies of the connectors (never ``singer-sdk``), and the connectors themselves installed
with ``--no-deps``, exactly as a user would swap the reference library for ours.
``target_jsonl_env``: target-jsonl 0.1.4 (singer-python, not built with any SDK) in its own
environment beside it. The key hashes the pins, ``pyproject.toml`` and the Python version, so
a change of any of them builds new environments.

When an install fails the tests are skipped with the reason, except in CI (``CI`` set), where
they fail. ``pg_url`` is the SQL tests' fixture (``tests/sql/conftest.py``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import typing as t
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "real-connectors"

#: The connectors under test, from the package registry.
CONNECTORS = [
    "meltanolabs-tap-postgres==0.10.0",
    "meltanolabs-target-postgres==0.8.1",
    "meltano-map-transform==0.12.3",
]
#: The connectors' runtime dependencies other than singer-sdk (from their wheels'
#: ``Requires-Dist``), pinned. tap-postgres pins psycopg2-binary 2.9.12 and target-postgres
#: 2.9.13: with ``--no-deps`` one version serves both. simplejson is imported by
#: target-postgres without being declared (it comes with the reference singer-sdk). pgvector
#: (target-postgres's ``vector`` extra) and pytest run target-postgres's own tests.
RUNTIME = [
    "sqlalchemy==2.0.51",
    "psycopg2-binary==2.9.13",
    "psycopg[binary]==3.3.6",
    "paramiko==5.1.0",
    "faker==40.54.0",
    "simplejson==4.3.0",
    "pgvector==0.5.1",
    "pytest==9.2.0",
]
#: The sdist of meltano-map-transform holds the fixtures and mappings its CI runs.
MAPPER_SDIST = "meltano-map-transform==0.12.3"
TARGET_JSONL = ["target-jsonl==0.1.4"]


def _key() -> str:
    text = json.dumps([CONNECTORS, RUNTIME, MAPPER_SDIST, TARGET_JSONL, sys.version_info[:2]]) + (
        ROOT / "pyproject.toml"
    ).read_text(encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _cannot(what: str, exc: BaseException) -> t.NoReturn:
    detail = getattr(exc, "stderr", None) or b""
    if isinstance(detail, bytes):
        detail = detail.decode(errors="replace")
    reason = f"!!! could not set up {what}: {exc} {detail[-800:]}"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _run(args: list[str], **kwargs: t.Any) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PIP_REQUIRE_VIRTUALENV"}}
    return subprocess.run(args, check=True, capture_output=True, timeout=900, env=env, **kwargs)


def _build(folder: Path, steps: list[list[str]]) -> None:
    """Create the environment ``folder`` and run each ``pip`` step in it."""
    venv.create(folder, with_pip=True, clear=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    for step in steps:
        _run([*pip, *step])


def _cached(folder: Path, steps: list[list[str]], what: str) -> Path:
    """The ``bin`` folder of ``folder``, built with ``steps`` unless already built."""
    stamp = folder / "installed.json"
    if stamp.is_file() and json.loads(stamp.read_text()) == steps:
        return folder / "bin"
    try:
        _build(folder, steps)
    except (OSError, subprocess.SubprocessError) as exc:
        _cannot(what, exc)
    stamp.write_text(json.dumps(steps))
    return folder / "bin"


@dataclass(frozen=True)
class ConnectorsEnv:
    """The environment of the connectors: its ``bin`` folder and the mapper's sdist tree."""

    bin: Path
    mapper_source: Path

    def exe(self, name: str) -> str:
        """The path of the console script ``name``."""
        return str(self.bin / name)

    @property
    def python(self) -> str:
        """The environment's interpreter."""
        return str(self.bin / "python")


@pytest.fixture(scope="session")
def connectors_env() -> ConnectorsEnv:
    """The cached environment with our library and the three connectors (no singer-sdk)."""
    base = CACHE / _key()
    steps = [
        ["install", "-q", "-e", str(ROOT)],
        ["install", "-q", *RUNTIME],
        ["install", "-q", "--no-deps", *CONNECTORS],
    ]
    bin_dir = _cached(base / "sdk", steps, "the connectors' environment")
    source = base / "mapper-sdist"
    if not (source / "meltano.yml").is_file():
        download = base / "download"
        shutil.rmtree(download, ignore_errors=True)
        try:
            _run(
                [
                    str(bin_dir / "python"),
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    "-d",
                    str(download),
                    MAPPER_SDIST,
                ]
            )
            (archive,) = download.glob("*.tar.gz")
            with tarfile.open(archive) as tar:
                tar.extractall(download, filter="data")
            (tree,) = (path for path in download.iterdir() if path.is_dir())
            shutil.rmtree(source, ignore_errors=True)
            tree.rename(source)
        except (OSError, ValueError, subprocess.SubprocessError, tarfile.TarError) as exc:
            _cannot(f"the sdist of {MAPPER_SDIST}", exc)
    return ConnectorsEnv(bin=bin_dir, mapper_source=source)


@pytest.fixture(scope="session")
def target_jsonl_env() -> Path:
    """The ``target-jsonl`` executable (singer-python 5.8) in its own cached environment."""
    steps = [["install", "-q", *TARGET_JSONL]]
    return _cached(CACHE / _key() / "target-jsonl", steps, "target-jsonl") / "target-jsonl"


def _load_sql_conftest() -> t.Any:
    path = ROOT / "tests" / "sql" / "conftest.py"
    spec = importlib.util.spec_from_file_location("_sql_fixtures_for_compat", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pg_url = _load_sql_conftest().pg_url
