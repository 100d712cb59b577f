"""Fixtures for the template tests: rendering replays with the real cookiecutter.

The ``templates`` marker selects the slow test that installs every generated project into a
fresh virtual environment and runs its own checks (``pytest -m templates``).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COOKIECUTTER_DIR = REPO / "cookiecutter"
REPLAY_DIR = COOKIECUTTER_DIR / "replays"
TEMPLATES = ("tap-template", "target-template", "mapper-template")

#: The answer that names the generated project folder, per template.
ID_KEYS = {"tap-template": "tap_id", "target-template": "target_id", "mapper-template": "mapper_id"}


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``templates`` marker."""
    config.addinivalue_line(
        "markers",
        "templates: renders every cookiecutter replay, installs each generated project into a "
        "fresh virtual environment and runs its pytest, ruff and mypy (slow; needs PyPI or a "
        "warm pip cache for the environment's dependencies)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize tests that take a ``replay`` argument with every replay file."""
    if "replay" in metafunc.fixturenames:
        files = replay_files()
        ids = [f"{path.parent.name}/{path.stem}" for path in files]
        metafunc.parametrize("replay", files, ids=ids)


def replay_files() -> list[Path]:
    """Return every replay file, templates in order, files sorted by name."""
    return [path for name in TEMPLATES for path in sorted((REPLAY_DIR / name).glob("*.json"))]


def replay_answers(replay: Path) -> dict[str, t.Any]:
    """Return the answers a replay file holds."""
    answers: dict[str, t.Any] = json.loads(replay.read_text(encoding="utf-8"))["cookiecutter"]
    return answers


class Renderer(t.Protocol):
    """Renders a template, from a replay file or from answers given as extra context."""

    def __call__(
        self,
        template: str,
        *,
        replay: Path | None = None,
        extra_context: dict[str, t.Any] | None = None,
    ) -> Path: ...


def render_template(
    template: str,
    output_dir: Path,
    config_dir: Path,
    *,
    replay: Path | None = None,
    extra_context: dict[str, t.Any] | None = None,
) -> Path:
    """Render ``template`` into ``output_dir`` and return the generated project's folder.

    With ``replay`` the answers come from that file; otherwise from the template's defaults
    updated with ``extra_context``. Cookiecutter's own replay and cache files go to
    ``config_dir``, never to the home folder.
    """
    from cookiecutter.main import cookiecutter

    settings = {"replay_dir": str(config_dir), "cookiecutters_dir": str(config_dir)}
    if replay is not None:
        result = cookiecutter(
            str(COOKIECUTTER_DIR / template),
            replay=str(replay),
            output_dir=str(output_dir),
            default_config=settings,
        )
    else:
        result = cookiecutter(
            str(COOKIECUTTER_DIR / template),
            no_input=True,
            extra_context=extra_context or {},
            output_dir=str(output_dir),
            default_config=settings,
        )
    return Path(result)


@pytest.fixture
def render(tmp_path: Path) -> Renderer:
    """Return a function that renders a template into this test's temporary folder."""

    def _render(
        template: str,
        *,
        replay: Path | None = None,
        extra_context: dict[str, t.Any] | None = None,
    ) -> Path:
        return render_template(
            template,
            tmp_path / "out",
            tmp_path / "cookiecutter-config",
            replay=replay,
            extra_context=extra_context,
        )

    return _render


# -- generated projects in a fresh virtual environment ---------------------------------------------

#: The checks each generated project must pass, run in its folder with the shared environment.
CHECKS: dict[str, list[str]] = {
    "pytest": ["{python}", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
    "ruff check": ["{bin}/ruff", "check", "--no-cache", "."],
    "ruff format": ["{bin}/ruff", "format", "--no-cache", "--check", "."],
    "mypy": ["{python}", "-m", "mypy"],
}
#: Seconds one check may take.
CHECK_TIMEOUT = 300
#: Variables of this process that must not leak into the generated projects' runs.
_HIDDEN_VARIABLES = {"PYTHONPATH", "PYTEST_ADDOPTS", "VIRTUAL_ENV", "MYPYPATH", "PYTHONHOME"}


@dataclasses.dataclass
class CheckResult:
    """What one check printed and how it ended."""

    name: str
    returncode: int
    output: str
    seconds: float


@dataclasses.dataclass
class ProjectEnvironment:
    """The shared virtual environment and where each generated project is."""

    python: Path
    projects: dict[Path, Path]
    env: dict[str, str]
    pool: concurrent.futures.ThreadPoolExecutor
    futures: dict[Path, concurrent.futures.Future[list[CheckResult]]] = dataclasses.field(
        default_factory=dict
    )

    def run_checks(self, project: Path) -> list[CheckResult]:
        """Run every check of :data:`CHECKS` in ``project``; return their results in order."""
        results = []
        for name, template in CHECKS.items():
            command = [part.format(python=self.python, bin=self.python.parent) for part in template]
            started = time.perf_counter()
            try:
                completed = subprocess.run(
                    command,
                    cwd=project,
                    env=self.env,
                    capture_output=True,
                    text=True,
                    timeout=CHECK_TIMEOUT,
                    check=False,
                )
                returncode, output = completed.returncode, completed.stdout + completed.stderr
            except subprocess.TimeoutExpired as exc:
                returncode, output = -1, f"timed out after {CHECK_TIMEOUT} s: {exc}"
            results.append(CheckResult(name, returncode, output, time.perf_counter() - started))
        return results

    def checks_of(self, replay: Path) -> list[CheckResult]:
        """Return the check results of the project rendered from ``replay`` (waits for them)."""
        return self.futures[replay].result()


def _run(command: list[str], **kwargs: t.Any) -> None:
    """Run a setup command; fail the session setup with its output if it fails."""
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr)[-4000:]
        pytest.fail(f"setup command failed ({completed.returncode}): {command}\n{output}")


def _pinned(distribution: str) -> str:
    """Return ``distribution`` pinned to the version this environment has, if it has one."""
    try:
        return f"{distribution}=={importlib.metadata.version(distribution)}"
    except importlib.metadata.PackageNotFoundError:
        return distribution


@pytest.fixture(scope="session")
def project_environment(
    tmp_path_factory: pytest.TempPathFactory,
) -> t.Iterator[ProjectEnvironment]:
    """Render every replay, install all projects into one fresh venv, start their checks.

    One wheel of this checkout is built, a new virtual environment gets it (with the ``sql``,
    ``jwt`` and ``testing`` extras) and the tools, and every generated project is installed
    editable without dependencies (their names differ, so they do not conflict). The checks
    of all projects then run on a thread pool, one worker per CPU.
    """
    root = tmp_path_factory.mktemp("templates")
    wheelhouse = root / "wheelhouse"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheelhouse), str(REPO)]
    )
    wheel = next(wheelhouse.glob("*.whl"))
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    tools = [_pinned(name) for name in ("pytest", "ruff", "mypy", "types-requests")]
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            f"{wheel}[sql,jwt,testing]",
            *tools,
            "setuptools>=77",
        ]
    )
    projects = {
        replay: render_template(
            replay.parent.name, root / "projects", root / "cookiecutter-config", replay=replay
        )
        for replay in replay_files()
    }
    editable = [part for project in projects.values() for part in ("-e", str(project))]
    _run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", *editable]
    )
    env = {key: value for key, value in os.environ.items() if key not in _HIDDEN_VARIABLES}
    env["MYPY_CACHE_DIR"] = str(root / "mypy-cache")
    env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
    # mypy processes starting together on an empty shared cache can trip over each other's
    # cache files: fill the cache (the SDK's modules) with one run before the parallel ones.
    first = next(iter(projects.values()))
    _run([str(python), "-m", "mypy"], cwd=first, env=env)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    environment = ProjectEnvironment(python=python, projects=projects, env=env, pool=pool)
    for replay, project in projects.items():
        environment.futures[replay] = pool.submit(environment.run_checks, project)
    yield environment
    pool.shutdown(cancel_futures=True)
    shutil.rmtree(root, ignore_errors=True)
