"""``PluginBase`` construction, class facts, and the Singer reader/writer bases."""

from __future__ import annotations

import io
import json
import logging
import time
import typing as t
from importlib import metadata

import click
import pytest

import singer_sdk
from singer_sdk import plugin_base
from singer_sdk._messages.io import MessageWriter
from singer_sdk._messages.models import RecordMessage
from singer_sdk.exceptions import ConfigValidationError, MapperNotInitialized
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning
from singer_sdk.helpers.capabilities import PluginCapabilities
from singer_sdk.plugin_base import BaseSingerReader, BaseSingerWriter, PluginBase
from singer_sdk.singerlib.exceptions import InvalidInputLine

if t.TYPE_CHECKING:
    from pathlib import Path

GOOD = {"api_key": "k"}


def test_plugin_base_module_exports() -> None:
    assert singer_sdk.PluginBase is PluginBase
    assert plugin_base._ConfigInput.from_cli_args("ENV").parse_env is True
    assert issubclass(plugin_base.SingerCommand, click.Command)
    with pytest.raises(AttributeError):
        _ = plugin_base.NoSuchName  # type: ignore[attr-defined]


def test_config_gets_defaults_and_is_read_only(sample_plugin: type[t.Any]) -> None:
    given = {"api_key": "k", "db": {"host": "h"}}
    plugin = sample_plugin(config=given)
    assert dict(plugin.config) == {"api_key": "k", "db": {"host": "h", "port": 1}, "port": 5432}
    with pytest.raises(TypeError):
        plugin.config["port"] = 1
    assert given == {"api_key": "k", "db": {"host": "h"}}, "the caller's dict was changed"


def test_invalid_config_raises_with_every_error(sample_plugin: type[t.Any]) -> None:
    with pytest.raises(ConfigValidationError) as excinfo:
        sample_plugin(config={"port": "x"})
    assert excinfo.value.errors == [
        "config['port'] (env var TAP_SAMPLE_PORT): expected integer or null, got 'x'",
        "config['api_key'] (env var TAP_SAMPLE_API_KEY): required setting is missing "
        "(expected string)",
    ]
    assert "stream_maps" in (excinfo.value.schema or {})["properties"]


def test_validate_config_false_only_warns(
    sample_plugin: type[t.Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        plugin = sample_plugin(config={"port": "x"}, validate_config=False)
    assert plugin.config["port"] == "x"
    assert "Config validation failed" in caplog.text
    assert "config['port'] (env var TAP_SAMPLE_PORT)" in caplog.text
    assert len(plugin._validate_config(raise_errors=False)) == 2


def test_env_config_overrides_given_config(
    sample_plugin: type[t.Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAP_SAMPLE_PORT", "9")
    monkeypatch.setenv("TAP_SAMPLE_STREAM_MAPS", '{"s": null}')
    plugin = sample_plugin(config={"api_key": "k", "port": 1}, parse_env_config=True)
    assert plugin.config["port"] == 9
    assert plugin.config["stream_maps"] == {"s": None}
    assert sample_plugin(config={"api_key": "k", "port": 1}).config["port"] == 1


def test_config_paths_are_deprecated(sample_plugin: type[t.Any], tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"api_key": "a", "port": 2}))
    (tmp_path / "b.json").write_text(json.dumps({"port": 3}))
    with pytest.warns(SingerSDKDeprecationWarning, match="Passing a config file path"):
        single = sample_plugin(config=str(tmp_path / "a.json"))
    assert single.config["port"] == 2
    with pytest.warns(SingerSDKDeprecationWarning, match="Passing a list of config file paths"):
        several = sample_plugin(config=[tmp_path / "a.json", tmp_path / "b.json"])
    assert several.config["port"] == 3


def test_builtin_settings_merged_per_instance(sample_plugin: type[t.Any]) -> None:
    plugin = sample_plugin(config=GOOD)
    assert "flattening_enabled" in plugin.config_jsonschema["properties"]
    assert "flattening_enabled" not in sample_plugin.config_jsonschema["properties"]


def test_append_builtin_config_respects_capabilities_and_own_settings() -> None:
    class Minimal(PluginBase):
        name = "tap-other"
        capabilities = [PluginCapabilities.ABOUT, PluginCapabilities.FLATTENING]

    schema: dict[str, t.Any] = {"properties": {"flattening_separator": {"type": "string"}}}
    Minimal.append_builtin_config(schema)
    assert list(schema["properties"]) == [
        "flattening_separator",
        "flattening_enabled",
        "flattening_max_depth",
        "flattening_max_key_length",
    ]
    assert schema["properties"]["flattening_separator"] == {"type": "string"}


def test_class_facts(sample_plugin: type[t.Any]) -> None:
    before = int(time.time() * 1000)
    plugin = sample_plugin(config=GOOD)
    assert before <= plugin.initialized_at <= int(time.time() * 1000)
    assert sample_plugin.logger is logging.getLogger("tap-sample")
    assert plugin.logger is sample_plugin.logger
    assert plugin.metrics_logger.name == "singer_sdk.metrics"
    assert sample_plugin.plugin_version == "[could not be detected]"
    assert sample_plugin.sdk_version == metadata.version("singer-connector-sdk")
    assert sample_plugin.get_supported_python_versions() is None


def test_versions_from_package_metadata(sample_plugin: type[t.Any]) -> None:
    class Packaged(sample_plugin):  # type: ignore[misc, valid-type]
        package_name = "singer-connector-sdk"

    assert Packaged.get_plugin_version() == metadata.version("singer-connector-sdk")
    assert Packaged.get_supported_python_versions() == ["3.11", "3.12", "3.13"]


def test_about_info_description_is_cleaned(sample_plugin: type[t.Any]) -> None:
    info = sample_plugin._get_about_info()
    assert info.description == "A sample plugin.\n\nIt only echoes its config."
    assert info.env_var_prefix == "TAP_SAMPLE_"
    assert "stream_maps" in info.settings["properties"]


def test_print_version_and_about(
    sample_plugin: type[t.Any], capsys: pytest.CaptureFixture[str]
) -> None:
    lines: list[str] = []
    sample_plugin.print_version(print_fn=lines.append)
    assert lines == [
        "tap-sample v[could not be detected], singer-connector-sdk v"
        + metadata.version("singer-connector-sdk")
    ]
    sample_plugin.print_about("json")
    assert json.loads(capsys.readouterr().out)["name"] == "tap-sample"


def test_invoke_about_exits_zero(
    sample_plugin: type[t.Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        PluginBase.invoke.__func__(sample_plugin, about=True, about_format="markdown")  # type: ignore[attr-defined]
    assert excinfo.value.code == 0
    assert capsys.readouterr().out.startswith("# `tap-sample`")


def test_state_and_mapper_defaults(sample_plugin: type[t.Any]) -> None:
    plugin = sample_plugin(config=GOOD)
    with pytest.raises(NotImplementedError):
        _ = plugin.state
    with pytest.raises(MapperNotInitialized):
        _ = plugin.mapper
    plugin.setup_mapper()
    assert type(plugin.mapper).__name__ == "PluginMapper"
    plugin.mapper = "a mapper"
    assert plugin.mapper == "a mapper"


def test_handle_termination_raises_keyboard_interrupt(sample_plugin: type[t.Any]) -> None:
    plugin = sample_plugin(config=GOOD)
    with pytest.raises(KeyboardInterrupt) as excinfo:
        plugin._handle_termination(15, None)
    assert isinstance(excinfo.value, plugin_base.TerminationRequested)
    assert excinfo.value.exit_code == 143
    assert str(excinfo.value) == "Received SIGTERM"


# --- reader / writer ---------------------------------------------------------------------------


class RecordingReader(BaseSingerReader):
    name = "target-rec"

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.seen: list[tuple[str, dict[str, t.Any]]] = []
        self.ended = False

    def _process_schema_message(self, message_dict: dict[str, t.Any]) -> None:
        self.seen.append(("schema", message_dict))

    def _process_record_message(self, message_dict: dict[str, t.Any]) -> None:
        self._assert_line_requires(message_dict, {"stream", "record"})
        self.seen.append(("record", message_dict))

    def _process_state_message(self, message_dict: dict[str, t.Any]) -> None:
        self.seen.append(("state", message_dict))

    def _process_activate_version_message(self, message_dict: dict[str, t.Any]) -> None:
        self.seen.append(("activate_version", message_dict))

    def _process_batch_message(self, message_dict: dict[str, t.Any]) -> None:
        self.seen.append(("batch", message_dict))

    def process_endofpipe(self) -> None:
        self.ended = True


def test_reader_dispatches_and_counts() -> None:
    lines = [
        {"type": "SCHEMA", "stream": "s", "schema": {}, "key_properties": []},
        {"type": "RECORD", "stream": "s", "record": {"id": 1}},
        {"type": "record", "stream": "s", "record": {"id": 2}},
        {"type": "STATE", "value": {"b": 1}},
        {"type": "ACTIVATE_VERSION", "stream": "s", "version": 1},
    ]
    reader = RecordingReader()
    text = io.StringIO("\n".join(json.dumps(line) for line in lines) + "\n")
    counter = reader.process_lines(text)
    assert dict(counter) == {"SCHEMA": 1, "RECORD": 2, "STATE": 1, "ACTIVATE_VERSION": 1}
    assert [kind for kind, _ in reader.seen] == [
        "schema",
        "record",
        "record",
        "state",
        "activate_version",
    ]
    assert not reader.ended
    reader.listen(io.StringIO(json.dumps(lines[3]) + "\n"))
    assert reader.ended


def test_reader_rejects_bad_lines() -> None:
    with pytest.raises(InvalidInputLine):
        RecordingReader().listen(io.StringIO("not json\n"))
    with pytest.raises(InvalidInputLine, match="missing required key"):
        RecordingReader()._assert_line_requires({"type": "RECORD"}, {"stream", "record"})


def test_reader_requires_its_hooks() -> None:
    class Incomplete(BaseSingerReader):
        name = "target-incomplete"

    with pytest.raises(TypeError, match="abstract"):
        Incomplete()  # type: ignore[abstract]


class Writer(BaseSingerWriter):
    name = "tap-writer"


def test_writer_writes_messages() -> None:
    out = io.BytesIO()
    writer = Writer(message_writer=MessageWriter(out))
    writer.write_message(RecordMessage(stream="s", record={"id": 1}))
    writer.message_writer.flush()
    assert json.loads(out.getvalue()) == {"type": "RECORD", "stream": "s", "record": {"id": 1}}
    assert isinstance(Writer().message_writer, MessageWriter)


def test_reader_and_writer_compose() -> None:
    class Both(RecordingReader, BaseSingerWriter):
        name = "mapper-both"

    out = io.BytesIO()
    both = Both(config={}, message_writer=MessageWriter(out))
    assert isinstance(both.message_writer, MessageWriter)
    assert both.message_writer._stream is out
    assert both.message_reader is not None


def _dist_info(folder: Path, dist: str, version: str) -> None:
    info = folder / f"{dist}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n\nVersion: not-a-header\n"
    )


def test_versions_are_read_from_dist_info_folders_in_sys_path_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from singer_sdk import _version

    _dist_info(tmp_path / "first", "tap_widgets", "1.2.3")
    _dist_info(tmp_path / "second", "tap_widgets", "9.9.9")
    monkeypatch.setattr(
        "sys.path", [str(tmp_path / "missing"), str(tmp_path / "first"), str(tmp_path / "second")]
    )
    # Names are compared as installers normalise them.
    assert _version.package_version("tap-widgets") == "1.2.3"
    assert _version.package_version("Tap.Widgets") == "1.2.3"
    assert _version.package_version("tap-gadgets") == "[could not be detected]"
    # What it reads agrees with importlib.metadata.
    assert metadata.version("tap-widgets") == "1.2.3"


def test_versions_it_cannot_read_are_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from singer_sdk import _version

    legacy = tmp_path / "legacy"
    (legacy / "tap_old.egg-info").mkdir(parents=True)
    (legacy / "tap_old.egg-info" / "PKG-INFO").write_text("Name: tap-old\nVersion: 0.4.0\n")
    monkeypatch.setattr("sys.path", [str(legacy)])
    assert _version.dist_info_version("tap-old") is None
    assert _version.package_version("tap-old") == "0.4.0"

    archive = tmp_path / "deps.zip"
    archive.write_bytes(b"")
    monkeypatch.setattr("sys.path", [str(archive)])
    assert _version.dist_info_version("tap-anything") is None


def test_logging_the_version_of_an_uninstalled_plugin_does_not_import_importlib_metadata(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from singer_sdk import Target\n"
        "class T(Target):\n"
        "    name = 'target-not-installed'\n"
        "lines = []\n"
        "T.print_version(print_fn=lines.append)\n"
        "print(lines[0])\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    version_line, imported = result.stdout.splitlines()
    assert version_line == (
        "target-not-installed v[could not be detected], singer-connector-sdk v"
        + metadata.version("singer-connector-sdk")
    )
    assert imported == "False"


def test_sdk_package_name_is_the_about_modules_distribution_name() -> None:
    from singer_sdk import _plugin, about

    assert _plugin.SDK_PACKAGE_NAME == about.SDK_DISTRIBUTION_NAME == "singer-connector-sdk"
