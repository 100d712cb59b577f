"""Rendering the cookiecutter templates: replays stay in sync, hooks keep the right files.

These tests only render (no installs); the ``templates``-marked test runs the projects.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException

REPO = Path(__file__).resolve().parents[2]
COOKIECUTTER_DIR = REPO / "cookiecutter"
GENERATOR = COOKIECUTTER_DIR / "generate_replays.py"

if t.TYPE_CHECKING:
    from collections.abc import Callable

    Renderer = Callable[..., Path]


def _answers(replay: Path) -> dict[str, t.Any]:
    answers: dict[str, t.Any] = json.loads(replay.read_text(encoding="utf-8"))["cookiecutter"]
    return answers


def _files(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}


def test_replay_files_match_the_generator() -> None:
    """The committed replay files are exactly what ``generate_replays.py`` writes."""
    completed = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, check=False
    )
    assert (completed.returncode, completed.stderr) == (0, "")


def test_generator_check_reports_stale_and_extra_files(tmp_path: Path) -> None:
    """``--check`` names a changed replay file and one it would not write, and exits 1."""
    copy = tmp_path / "cookiecutter"
    shutil.copytree(COOKIECUTTER_DIR / "replays", copy / "replays")
    shutil.copy(GENERATOR, copy / "generate_replays.py")
    (copy / "replays" / "tap-template" / "tap-rest-jwt.json").write_text("{}\n")
    (copy / "replays" / "tap-template" / "tap-extra.json").write_text("{}\n")
    completed = subprocess.run(
        [sys.executable, str(copy / "generate_replays.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.splitlines() == [
        "stale replay file: replays/tap-template/tap-rest-jwt.json",
        "stale replay file: replays/tap-template/tap-extra.json",
    ]


@pytest.mark.parametrize("template", ["tap-template", "target-template", "mapper-template"])
def test_replays_cover_every_choice(template: str) -> None:
    """Every option of every multiple-choice prompt is used by at least one replay file."""
    prompts = json.loads((COOKIECUTTER_DIR / template / "cookiecutter.json").read_text())
    replays = [_answers(path) for path in (COOKIECUTTER_DIR / "replays" / template).glob("*.json")]
    for key, choices in prompts.items():
        if isinstance(choices, list):
            assert {answers[key] for answers in replays} == set(choices), key
        elif not key.startswith("_"):
            assert all(key in answers for answers in replays), key


def test_tap_replays_pair_each_http_stream_type_with_each_auth_method() -> None:
    """REST and GraphQL are each rendered with every auth method; SQL and Other once."""
    replays = [_answers(path) for path in (COOKIECUTTER_DIR / "replays" / "tap-template").iterdir()]
    prompts = json.loads((COOKIECUTTER_DIR / "tap-template" / "cookiecutter.json").read_text())
    pairs = {(answers["stream_type"], answers["auth_method"]) for answers in replays}
    for stream_type in ("REST", "GraphQL"):
        assert {auth for kind, auth in pairs if kind == stream_type} == set(prompts["auth_method"])
    assert {auth for kind, auth in pairs if kind in {"SQL", "Other"}} == {"Custom or N/A"}
    assert len(replays) == len(pairs) == 14


def _expected_tap_files(answers: dict[str, t.Any]) -> set[str]:
    lib = answers["library_name"]
    http = answers["stream_type"] in {"REST", "GraphQL"}
    files = {
        ".gitignore",
        "README.md",
        "meltano.yml",
        "pyproject.toml",
        f"{lib}/__init__.py",
        f"{lib}/client.py",
        f"{lib}/py.typed",
        f"{lib}/tap.py",
        "tests/__init__.py",
        "tests/test_core.py",
    }
    if answers["stream_type"] != "SQL":
        files.add(f"{lib}/streams.py")
    if http and answers["auth_method"] in {"OAuth2", "JWT"}:
        files.add(f"{lib}/auth.py")
    if answers["stream_type"] == "REST":
        files |= {f"{lib}/schemas/users.json", f"{lib}/schemas/groups.json"}
    if http:
        files.add("tests/fixture_api.py")
    return files


def _expected_files(template: str, answers: dict[str, t.Any]) -> set[str]:
    lib = answers["library_name"]
    if template == "tap-template":
        files = _expected_tap_files(answers)
    else:
        module = "target.py" if template == "target-template" else "mapper.py"
        files = {
            ".gitignore",
            "README.md",
            "meltano.yml",
            "pyproject.toml",
            f"{lib}/__init__.py",
            f"{lib}/py.typed",
            f"{lib}/{module}",
            "tests/__init__.py",
            "tests/test_core.py",
        }
        if template == "target-template":
            files.add(f"{lib}/sinks.py")
    if answers["license"] != "None":
        files.add("LICENSE")
    if answers["include_ci_files"] == "GitHub":
        files.add(".github/workflows/test.yml")
    return files


def test_rendered_project_follows_the_answers(replay: Path, render: Renderer) -> None:
    """The hooks keep exactly the files the answers need; the code follows the answers."""
    template = replay.parent.name
    answers = _answers(replay)
    project = render(template, replay=replay)
    assert project.name == replay.stem
    assert _files(project) == _expected_files(template, answers)
    for path in project.rglob("*"):
        if path.is_file():
            assert "cookiecutter." not in path.read_text(encoding="utf-8"), path
    _assert_uses_the_chosen_options(template, answers, project)


def _assert_uses_the_chosen_options(
    template: str, answers: dict[str, t.Any], project: Path
) -> None:
    """Base classes, dependencies and license follow the answers."""
    lib = project / answers["library_name"]
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    if template == "tap-template":
        client = (lib / "client.py").read_text(encoding="utf-8")
        base = {"REST": "RESTStream", "GraphQL": "GraphQLStream", "SQL": "SQLStream"}
        assert f"({base.get(answers['stream_type'], 'Stream')}" in client
        extra = {"SQL": "[sql]"}.get(answers["stream_type"], "")
        if answers["stream_type"] in {"REST", "GraphQL"} and answers["auth_method"] == "JWT":
            extra = "[jwt]"
        assert f'"singer-connector-sdk{extra}>=0.1"' in pyproject
    elif template == "target-template":
        sinks = (lib / "sinks.py").read_text(encoding="utf-8")
        base = {"Per record": "RecordSink", "Per batch": "BatchSink", "SQL": "SQLSink["}
        assert f"({base[answers['serialization_method']]}" in sinks
    if answers["license"] == "None":
        assert "license =" not in pyproject
    else:
        assert f'license = "{answers["license"]}"' in pyproject
        text = (project / "LICENSE").read_text(encoding="utf-8")
        heading = {"MIT": "MIT License", "Apache-2.0": "Apache License"}[answers["license"]]
        assert heading in text.splitlines()[0]
        assert answers["admin_name"] in text


@pytest.mark.parametrize(
    ("template", "answers", "message"),
    [
        (
            "tap-template",
            {"source_name": "my source"},
            "ERROR: source_name must be a CamelCase name that is a Python identifier, "
            "e.g. MySource; got 'my source'",
        ),
        (
            "tap-template",
            {"source_name": "Good", "tap_id": "Tap_Good"},
            "ERROR: tap_id must be kebab-case starting with 'tap-', e.g. tap-mysource; "
            "got 'Tap_Good'",
        ),
        (
            "tap-template",
            {"source_name": "Good", "library_name": "tap-good"},
            "ERROR: library_name must be a snake_case Python package name, e.g. tap_mysource; "
            "got 'tap-good'",
        ),
        (
            "target-template",
            {"destination_name": "Good", "target_id": "tgt-good"},
            "ERROR: target_id must be kebab-case starting with 'target-', e.g. target-mydest; "
            "got 'tgt-good'",
        ),
        (
            "mapper-template",
            {"name": "9Lives"},
            "ERROR: name must be a CamelCase name that is a Python identifier, e.g. MyMapper; "
            "got '9Lives'",
        ),
    ],
)
def test_bad_answers_are_rejected_before_rendering(
    template: str,
    answers: dict[str, str],
    message: str,
    render: Renderer,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The pre-generation hook names the bad answer and what it must look like."""
    with pytest.raises(FailedHookException, match="exit status: 1"):
        render(template, extra_context=answers)
    assert message in capfd.readouterr().err.splitlines()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
