"""Plugin configuration: config files, environment variables, ``.env`` files and validation.

Sources, lowest precedence first:

1. ``--config`` files, merged left to right (a later file wins, key by key at the top level);
2. a ``.env`` file, found by walking up from the working directory (only with ``--config ENV``);
3. environment variables named ``<PLUGIN_NAME>_<SETTING>`` (only with ``--config ENV``), one per
   top-level setting, converted to the type the settings schema declares.

This module reads config files and merges the sources; environment variables are parsed in
:mod:`singer_sdk._config_env`, validation (defaults filled in, every violation reported at once)
is :mod:`singer_sdk._config_validation`, and how settings are named in messages is
:mod:`singer_sdk._config_messages`. All their public names are importable from here.
"""

from __future__ import annotations

import copy
import json
import logging
import typing as t

from singer_sdk._config_env import find_dotenv, parse_environment_config
from singer_sdk._config_messages import _json_kind, env_var_name, env_var_prefix
from singer_sdk._config_validation import validate_config
from singer_sdk._exceptions import ConfigurationError

if t.TYPE_CHECKING:
    from singer_sdk._types import StrPath

__all__ = [
    "ENV_CONFIG_SOURCE",
    "ConfigFileError",
    "ConfigFileNotFoundError",
    "ConfigInput",
    "env_var_name",
    "env_var_prefix",
    "find_dotenv",
    "load_config_files",
    "merge_config_sources",
    "merge_missing_config_jsonschema",
    "parse_environment_config",
    "read_config_file",
    "validate_config",
]

logger = logging.getLogger("singer_sdk.config")

#: The ``--config`` value that turns on environment-variable settings.
ENV_CONFIG_SOURCE = "ENV"


class ConfigFileError(ConfigurationError):
    """A config file cannot be used: it is unreadable, not JSON, or not a JSON object."""


class ConfigFileNotFoundError(ConfigFileError, FileNotFoundError):
    """A config file given on the command line does not exist."""


# --- config files -----------------------------------------------------------------------------


def read_config_file(path: StrPath, *, kind: str = "Config") -> dict[str, t.Any]:
    """Return the JSON object stored in the file at ``path``.

    Args:
        path: the file to read.
        kind: what the file is, for error messages (``Config``, ``Catalog``, ``State``).

    Raises:
        ConfigFileNotFoundError: the file does not exist.
        ConfigFileError: the file cannot be read, is not valid JSON (the message gives line and
            column) or does not hold a JSON object.
    """
    try:
        with open(path, encoding="utf-8") as file:  # not pathlib: it costs ~4 ms to import
            text = file.read()
    except FileNotFoundError:
        msg = f"{kind} file not found: '{path}'"
        raise ConfigFileNotFoundError(msg) from None
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"Cannot read {kind.lower()} file '{path}': {exc}"
        raise ConfigFileError(msg) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{kind} file '{path}' is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        )
        raise ConfigFileError(msg) from None
    except RecursionError:
        msg = f"{kind} file '{path}' is JSON nested too deeply to read"
        raise ConfigFileError(msg) from None
    if not isinstance(value, dict):
        msg = f"{kind} file '{path}' must hold a JSON object, not a JSON {_json_kind(value)}"
        raise ConfigFileError(msg)
    return value


def load_config_files(sources: t.Iterable[StrPath]) -> tuple[dict[str, t.Any], bool]:
    """Merge the config files named by ``--config`` options.

    Args:
        sources: file paths, in command-line order; the literal ``ENV`` is not a file but turns
            on environment-variable settings.

    Returns:
        The merged config (later files win) and whether ``ENV`` was among the sources.
    """
    config: dict[str, t.Any] = {}
    parse_env = False
    for source in sources:
        if str(source) == ENV_CONFIG_SOURCE:
            parse_env = True
            continue
        config.update(read_config_file(source))
    return config, parse_env


class ConfigInput:
    """What the ``--config`` options asked for: a config dict and whether to read the environment.

    Build it with :meth:`from_cli_args` to read the files only when :attr:`config` is first used,
    so ``--about`` works even with a config file that does not exist yet.

    Args:
        config: the config itself; if None, it is read from ``paths`` on first use.
        parse_env: whether ``ENV`` was given (read ``<PLUGIN>_<SETTING>`` variables and ``.env``).
        paths: the config files to merge (later wins) when ``config`` is None.
    """

    def __init__(
        self,
        config: dict[str, t.Any] | None = None,
        parse_env: bool = False,  # positional, as in the reference
        *,
        paths: t.Sequence[StrPath] = (),
    ) -> None:
        self._config = config
        self.parse_env = parse_env
        self.paths: tuple[str, ...] = tuple(str(path) for path in paths)

    def __repr__(self) -> str:
        return f"ConfigInput(paths={self.paths!r}, parse_env={self.parse_env!r})"

    @classmethod
    def from_cli_args(cls, *args: StrPath) -> ConfigInput:
        """Return the input described by ``--config`` values (files are read lazily)."""
        paths = [arg for arg in args if str(arg) != ENV_CONFIG_SOURCE]
        return cls(parse_env=len(paths) != len(args), paths=paths)

    @property
    def config(self) -> dict[str, t.Any]:
        """The merged content of the config files, read on first use.

        Raises:
            ConfigFileError: a file is missing or not a JSON object.
        """
        if self._config is None:
            self._config, _ = load_config_files(self.paths)
        return self._config


# --- merging schemas --------------------------------------------------------------------------


def merge_missing_config_jsonschema(
    source_jsonschema: dict[str, t.Any],
    target_jsonschema: dict[str, t.Any],
) -> None:
    """Copy into ``target_jsonschema`` each property of ``source_jsonschema`` it does not have.

    Properties the target already declares are left untouched; copies are deep, so the source
    (e.g. a built-in setting schema) is never shared with or changed through the target.
    """
    target_properties = target_jsonschema.setdefault("properties", {})
    for name, property_schema in source_jsonschema.get("properties", {}).items():
        if name not in target_properties:
            target_properties[name] = copy.deepcopy(property_schema)


def merge_config_sources(
    inputs: t.Iterable[StrPath],
    config_schema: dict[str, t.Any],
    env_prefix: str,
) -> dict[str, t.Any]:
    """Return the config described by ``--config`` values: files merged, then the environment.

    Args:
        inputs: file paths and/or ``ENV``, in command-line order.
        config_schema: the settings schema (for environment variable names and types).
        env_prefix: the environment variable prefix, e.g. ``TAP_GITHUB_``.
    """
    config, parse_env = load_config_files(inputs)
    if parse_env:
        config.update(parse_environment_config(config_schema, env_prefix))
    return config
