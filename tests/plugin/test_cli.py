"""The plugin command line: every common flag, custom options, exit codes, real subprocesses."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import typing as t
from importlib import metadata

import click
import pytest

from singer_sdk._cli import SingerCommand, build_command, collect_cli_options
from singer_sdk.cli import CLIOption

if t.TYPE_CHECKING:
    from pathlib import Path

    from click.testing import CliRunner

SDK_VERSION = metadata.version("singer-connector-sdk")
GOOD_CONFIG = {"api_key": "k-123", "port": 1}


def write_json(path: Path, value: t.Any) -> str:
    path.write_text(json.dumps(value))
    return str(path)


def test_cli_is_a_click_command_on_class_and_instance(sample_plugin: type[t.Any]) -> None:
    command = sample_plugin.cli
    assert isinstance(command, SingerCommand)
    assert command.name == "tap-sample"
    instance = sample_plugin(config=GOOD_CONFIG)
    assert isinstance(instance.cli, click.Command)


def test_help_lists_common_and_custom_options(
    runner: CliRunner, sample_plugin: type[t.Any]
) -> None:
    result = runner.invoke(sample_plugin.cli, ["--help"])
    assert result.exit_code == 0
    for flag in ("--version", "--about", "--format", "--config", "--discover", "--test", "--input"):
        assert flag in result.stdout
    assert "Execute the Singer plugin." in result.stdout
    assert runner.invoke(sample_plugin.cli, ["-h"]).exit_code == 2


def test_version(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, ["--version"])
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"tap-sample v[could not be detected], singer-connector-sdk v{SDK_VERSION}\n"
    )
    assert result.stderr == ""


def test_version_uses_package_name(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    class Named(sample_plugin):  # type: ignore[misc, valid-type]
        package_name = "click"

    result = runner.invoke(Named.cli, ["--version"])
    click_version = metadata.version("click")
    assert result.stdout == f"tap-sample v{click_version}, singer-connector-sdk v{SDK_VERSION}\n"


@pytest.mark.parametrize("fmt", [None, "text", "TEXT"])
def test_about_text(runner: CliRunner, sample_plugin: type[t.Any], fmt: str | None) -> None:
    args = ["--about"] + ([f"--format={fmt}"] if fmt else [])
    result = runner.invoke(sample_plugin.cli, args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Name: tap-sample",
        "Description: A sample plugin.",
        "",
        "It only echoes its config.",
    ]
    assert "  - Name: api_key" in lines
    assert "    Environment Variable: TAP_SAMPLE_API_KEY" in lines
    assert "    Environment Variable: TAP_SAMPLE_STREAM_MAPS" in lines


def test_about_json_key_order_and_content(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, ["--about", "--format", "Json"])
    assert result.exit_code == 0, result.stderr
    about = json.loads(result.stdout)
    assert list(about) == [
        "name",
        "description",
        "version",
        "sdk_version",
        "supported_python_versions",
        "capabilities",
        "settings",
    ]
    assert about["name"] == "tap-sample"
    assert about["sdk_version"] == SDK_VERSION
    assert about["supported_python_versions"] is None
    assert about["capabilities"] == [
        "about",
        "stream-maps",
        "schema-flattening",
        "batch",
        "structured-logging",
    ]
    settings = about["settings"]
    assert settings["required"] == ["api_key"]
    assert list(settings["properties"])[:8] == [
        "api_key",
        "port",
        "ratio",
        "flag",
        "names",
        "ids",
        "db",
        "mode",
    ]
    assert "stream_maps" in settings["properties"]
    assert "flattening_enabled" in settings["properties"]
    assert "batch_config" not in settings["properties"]


def test_about_markdown_rows(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, ["--about", "--format=markdown"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[0] == "# `tap-sample`"
    assert "| Setting | Required | Default | Description |" in lines
    assert "| api_key | True | None | The API key |" in lines
    assert "| port | False | 5432 | Port |" in lines
    assert "| db.host | True | None | Host \\| name |" in lines
    assert "| db.port | False | 1 |  |" in lines
    assert "| stream_maps.__else__ | False | None |" in "\n".join(lines)
    assert lines[-1] == (
        "A full list of supported settings and capabilities is available by running: "
        "`tap-sample --about`"
    )


def test_bad_format_is_a_usage_error(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, ["--about", "--format", "yaml"])
    assert result.exit_code == 2
    assert "'yaml' is not one of 'text', 'json', 'markdown'" in result.stderr


def test_about_needs_no_config_and_does_not_construct(
    runner: CliRunner, sample_plugin: type[t.Any]
) -> None:
    class Exploding(sample_plugin):  # type: ignore[misc, valid-type]
        def __init__(self, **kwargs: t.Any) -> None:
            raise AssertionError("constructed")

    result = runner.invoke(Exploding.cli, ["--about", "--config", "missing.json"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Name: tap-sample")


def test_config_files_merge_left_to_right(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    first = write_json(tmp_path / "a.json", {"api_key": "a", "port": 1, "ratio": 0.5})
    second = write_json(tmp_path / "b.json", {"port": 2})
    result = runner.invoke(sample_plugin.cli, ["--config", first, "--config", second])
    assert result.exit_code == 0, result.stderr
    config = json.loads(result.stdout)["config"]
    assert config == {"api_key": "a", "port": 2, "ratio": 0.5}


def test_config_env_overrides_files(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    path = write_json(tmp_path / "a.json", {"api_key": "a", "port": 1})
    result = runner.invoke(
        sample_plugin.cli,
        ["--config", "ENV", "--config", path],
        env={"TAP_SAMPLE_PORT": "8", "TAP_SAMPLE_FLAG": "off"},
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["config"] == {"api_key": "a", "port": 8, "flag": False}


def test_env_is_ignored_without_env_source(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    path = write_json(tmp_path / "a.json", {"api_key": "a"})
    result = runner.invoke(sample_plugin.cli, ["--config", path], env={"TAP_SAMPLE_PORT": "8"})
    assert json.loads(result.stdout)["config"]["port"] == 5432


def test_missing_config_file(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, ["--config", "nope.json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "ERROR" in result.stderr
    assert "Config file not found: 'nope.json'" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_json_config_file(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    (tmp_path / "bad.json").write_text('{"port": 1,\n}')
    result = runner.invoke(sample_plugin.cli, ["--config", "bad.json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "Config file 'bad.json' is not valid JSON: Expecting property name enclosed in double "
        "quotes (line 2, column 1)"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_violations_are_all_reported(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    path = write_json(
        tmp_path / "c.json",
        {"api_key": 12345678, "port": "abc", "db": {"port": "x"}, "mode": "c"},
    )
    result = runner.invoke(sample_plugin.cli, ["--config", path])
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [line.split(" | ")[-1] for line in result.stderr.splitlines() if "| ERROR" in line]
    assert errors == [
        "config['api_key'] (env var TAP_SAMPLE_API_KEY): expected string, got <redacted integer>",
        "config['port'] (env var TAP_SAMPLE_PORT): expected integer or null, got 'abc'",
        "config['db']['port'] (env var TAP_SAMPLE_DB): expected integer or null, got 'x'",
        "config['db']['host'] (env var TAP_SAMPLE_DB): required setting is missing "
        "(expected string)",
        "config['mode'] (env var TAP_SAMPLE_MODE): expected one of 'a', 'b', got 'c'",
        "Config validation failed",
    ]
    assert "12345678" not in result.stderr


def test_missing_required_setting(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, [])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "config['api_key'] (env var TAP_SAMPLE_API_KEY): required setting is missing "
        "(expected string)"
    ) in result.stderr


def test_bad_env_boolean(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(
        sample_plugin.cli,
        ["--config", "ENV"],
        env={"TAP_SAMPLE_API_KEY": "k", "TAP_SAMPLE_FLAG": "maybe"},
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "config['flag'] (env var TAP_SAMPLE_FLAG): expected a boolean (one of true, false, 1, "
        "0, yes, no, on, off), got 'maybe'"
    ) in result.stderr


def test_custom_options_reach_invoke(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    (tmp_path / "in.txt").write_text("hello")
    result = runner.invoke(
        sample_plugin.cli, ["--config", path, "--discover", "--test", "--input", "in.txt"]
    )
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert (output["discover"], output["test"], output["input"]) == (True, "all", "hello")

    plain = json.loads(runner.invoke(sample_plugin.cli, ["--config", path]).stdout)
    assert (plain["discover"], plain["test"], plain["input"]) == (False, None, None)

    schema_only = runner.invoke(sample_plugin.cli, ["--config", path, "--test=schema"])
    assert json.loads(schema_only.stdout)["test"] == "schema"


def test_input_from_stdin(runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    result = runner.invoke(sample_plugin.cli, ["--config", path, "--input", "-"], input="piped")
    assert json.loads(result.stdout)["input"] == "piped"


def test_subclass_adds_and_replaces_options(sample_plugin: type[t.Any]) -> None:
    class Child(sample_plugin):  # type: ignore[misc, valid-type]
        cli_help = "Execute the child."
        cli_options = (
            CLIOption(flags=("--discover", "-d"), name="discover", help="New help.", is_flag=True),
            CLIOption(flags=("--limit",), name="limit", help="Limit.", default="5"),
        )

    names = [option.name for option in collect_cli_options(Child)]
    assert names == ["discover", "test", "file_input", "wait", "crash", "limit"]
    command = build_command(Child)
    assert command.help == "Execute the child."
    discover = next(p for p in command.params if p.name == "discover")
    assert discover.opts == ["--discover", "-d"]


def test_extra_options_are_passed_as_keywords(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    class Child(sample_plugin):  # type: ignore[misc, valid-type]
        cli_options = (CLIOption(flags=("--limit",), name="limit", help="Limit.", default="5"),)

    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    result = runner.invoke(Child.cli, ["--config", path, "--limit", "3"])
    assert json.loads(result.stdout)["extra"] == ["limit"]


def test_unknown_option_is_a_usage_error(runner: CliRunner, sample_plugin: type[t.Any]) -> None:
    result = runner.invoke(sample_plugin.cli, ["--bogus"])
    assert result.exit_code == 2
    # Click's wording changed over 8.x ("No such option: --bogus" before 8.1.4).
    assert "No such option" in result.stderr
    assert "--bogus" in result.stderr


def test_uncaught_exception_is_logged_with_traceback(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    result = runner.invoke(sample_plugin.cli, ["--config", path, "--crash"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "| ERROR    | tap-sample" in result.stderr
    assert "boom in the plugin" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: boom in the plugin" in result.stderr


def test_version_is_logged_at_start_of_run(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    result = runner.invoke(sample_plugin.cli, ["--config", path])
    assert f"tap-sample v[could not be detected], singer-connector-sdk v{SDK_VERSION}" in (
        result.stderr
    )


# --- real processes ---------------------------------------------------------------------------


def test_subprocess_run(run_plugin: t.Any, tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    result = run_plugin("--config", path, "--config", "ENV", env={"TAP_SAMPLE_RATIO": "2.5"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["config"] == {"api_key": "k-123", "port": 1, "ratio": 2.5}


def test_subprocess_config_error(run_plugin: t.Any, tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", {"api_key": "s3cr3t-value", "port": "x"})
    result = run_plugin("--config", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "config['port'] (env var TAP_SAMPLE_PORT): expected integer or null" in result.stderr
    assert "Traceback" not in result.stderr
    assert "s3cr3t-value" not in result.stderr


def test_subprocess_usage_error(run_plugin: t.Any) -> None:
    assert run_plugin("--nope").returncode == 2


def test_about_imports_nothing_heavy(plugin_dir: Path, plugin_env: dict[str, str]) -> None:
    code = (
        "import sys\n"
        "from sample_plugin import SamplePlugin\n"
        "try:\n"
        "    SamplePlugin.cli(['--about', '--format', 'json'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = ['requests', 'sqlalchemy', 'fsspec', 'pyarrow', 'jsonschema', 'dotenv']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=plugin_env,
        cwd=plugin_dir,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(result.stdout)["name"] == "tap-sample"


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_termination_signal(
    plugin_dir: Path, plugin_env: dict[str, str], tmp_path: Path, signum: int, exit_code: int
) -> None:
    path = write_json(tmp_path / "a.json", GOOD_CONFIG)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sample_plugin import SamplePlugin; SamplePlugin.cli()",
            "--config",
            path,
            "--wait",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=plugin_env,
        cwd=plugin_dir,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    stderr_lines = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        stderr_lines.append(line)
        if line.strip() == "READY":
            break
    process.send_signal(signum)
    stdout, rest = process.communicate(timeout=30)
    stderr = "".join(stderr_lines) + rest
    assert process.returncode == exit_code, stderr
    # The run loop saw a KeyboardInterrupt and could write its final state.
    assert json.loads(stdout) == {"final": "state"}
    assert f"Stopped by {signal.Signals(signum).name}" in stderr
    assert "Traceback" not in stderr


def test_config_error_raised_without_details_keeps_its_reason(
    runner: CliRunner, sample_plugin: type[t.Any], tmp_path: Path
) -> None:
    """A ConfigValidationError raised with only a message (no ``errors``) still shows it."""
    from singer_sdk.exceptions import ConfigValidationError

    class Picky(sample_plugin):  # type: ignore[misc,valid-type]
        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            msg = "Could not parse sqlalchemy_url 'nope'"
            raise ConfigValidationError(msg)

    path = write_json(tmp_path / "c.json", {"api_key": "k", "db": {"host": "h"}})
    result = runner.invoke(Picky.cli, ["--config", path])
    assert result.exit_code == 1
    errors = [line.split(" | ")[-1] for line in result.stderr.splitlines() if "| ERROR" in line]
    assert errors == ["Config validation failed: Could not parse sqlalchemy_url 'nope'"]
