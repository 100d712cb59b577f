"""``PluginBase``, the base of taps, targets and mappers.

A plugin class declares facts (``name``, ``config_jsonschema``, ``capabilities``); this module
turns them into a configured instance (config files or dict, environment variables, defaults,
validation) and answers ``--about``/``--version`` questions about the class. Reading and writing
plugins build on it in :mod:`singer_sdk._plugin.io`; the command line is built from the class in
:mod:`singer_sdk._cli`, signals are delivered by :mod:`singer_sdk._signals` and versions are
looked up by :mod:`singer_sdk._version`.
"""

from __future__ import annotations

import abc
import contextlib
import copy
import inspect
import logging
import os
import sys
import time
import typing as t
import warnings
from types import MappingProxyType

import singer_sdk._config as _config
import singer_sdk._config_store as _config_store
from singer_sdk._capabilities import (
    FLATTENING_CONFIG,
    STREAM_MAPS_CONFIG,
    CapabilitiesEnum,
    PluginCapabilities,
)
from singer_sdk._compat import SingerSDKDeprecationWarning, warn_python_eol
from singer_sdk._exceptions import ConfigValidationError, MapperNotInitialized
from singer_sdk._metrics import get_metrics_logger
from singer_sdk._redaction import register_config_secrets
from singer_sdk._signals import (
    TerminationRequested,
    install_termination_handlers,
    set_active_plugin,
    signal_name,
)
from singer_sdk._version import SDK_DISTRIBUTION_NAME, package_version
from singer_sdk.cli._options import CLIOption, plugin_cli

if t.TYPE_CHECKING:
    from pathlib import PurePath
    from types import FrameType

    import click

    from singer_sdk._about import AboutInfo
    from singer_sdk._cli import PluginClass
    from singer_sdk._config import ConfigInput

__all__ = ["SDK_PACKAGE_NAME", "PluginBase", "classproperty"]

#: The distribution name of this SDK (its version is reported as the SDK version).
SDK_PACKAGE_NAME = SDK_DISTRIBUTION_NAME

_R = t.TypeVar("_R")


class classproperty(t.Generic[_R]):
    """A read-only property computed from the class, so it works on the class and on instances."""

    def __init__(self, getter: t.Callable[[t.Any], _R]) -> None:
        self.fget = getter
        self.__doc__ = getter.__doc__

    def __get__(self, instance: object, owner: type[t.Any]) -> _R:
        return self.fget(owner)


class PluginBase(abc.ABC):
    """Base class of taps, targets and mappers: configuration, metadata and the command line.

    Subclasses set ``name`` (the executable name, e.g. ``tap-github``; also the prefix of
    setting variables and the logger name), ``config_jsonschema`` (the settings schema) and,
    if needed, ``capabilities`` and ``package_name``.

    Args:
        config: the configuration as a dict (preferred). A path or list of paths to JSON files
            is still accepted but deprecated.
        parse_env_config: also read settings from ``<NAME>_<SETTING>`` environment variables
            and a ``.env`` file; they override ``config``.
        validate_config: raise :class:`~singer_sdk.exceptions.ConfigValidationError` if the
            config does not match the settings schema (otherwise only log a warning). Defaults
            from the schema are filled in either way.

    Raises:
        ConfigValidationError: the config is invalid and ``validate_config`` is True, or an
            environment variable cannot be converted to its setting's type.
    """

    #: The executable name of the plugin, e.g. ``tap-github``.
    name: str

    #: The distribution the plugin is installed as (for its version); defaults to ``name``.
    package_name: str | None = None

    #: The JSON Schema of the plugin's settings.
    config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"properties": {}}

    #: What the plugin supports; reported by ``--about``, and some bring built-in settings.
    capabilities: t.ClassVar[t.Sequence[CapabilitiesEnum]] = [
        PluginCapabilities.ABOUT,
        PluginCapabilities.STREAM_MAPS,
        PluginCapabilities.FLATTENING,
        PluginCapabilities.BATCH,
        PluginCapabilities.STRUCTURED_LOGGING,
    ]

    #: The one-line help of the plugin's command.
    cli_help: t.ClassVar[str] = "Execute the Singer plugin."

    #: Options this class adds to the command (see :class:`~singer_sdk.cli.CLIOption`); their
    #: values reach :meth:`invoke` as keyword arguments. Subclasses list only their additions.
    cli_options: t.ClassVar[t.Sequence[CLIOption]] = ()

    #: Where :meth:`update_config` persists settings changed at run time (a rotated refresh
    #: token): the ``--config`` files when run from the command line with files, else None
    #: (kept in memory only). Assign a :class:`~singer_sdk.configuration.ConfigStore`, e.g. a
    #: ``CallbackConfigStore``, to persist them elsewhere.
    config_store: _config_store.ConfigStore | None = None

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
    ) -> None:
        warn_python_eol()
        self._initialized_at = int(time.time() * 1000)
        config_dict, env_requested = self._config_from_argument(config)
        parse_env_config = parse_env_config or env_requested

        schema = copy.deepcopy(type(self).config_jsonschema)
        self.append_builtin_config(schema)
        self._config_schema = schema
        with contextlib.suppress(AttributeError):  # unless a subclass made it a property
            self.config_jsonschema = schema  # type: ignore[misc]

        if parse_env_config:
            self.logger.info("Parsing env var for settings config...")
            config_dict.update(
                _config.parse_environment_config(schema, self._env_var_prefix),
            )
        else:
            self.logger.info("Skipping parse of env var settings...")
        self._config: dict[str, t.Any] = config_dict
        register_config_secrets(schema, config_dict)  # never logged from here on
        pending_store = _config_store.take_pending_store()
        if pending_store is not None:
            self.config_store = pending_store
        self.metrics_logger = get_metrics_logger()
        self._validate_config(raise_errors=validate_config)
        self._mapper: t.Any = None
        set_active_plugin(self)

    @classmethod
    def _config_from_argument(
        cls,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None,
    ) -> tuple[dict[str, t.Any], bool]:
        """Return a private copy of the config argument and whether it asked for ``ENV``."""
        if config is None:
            return {}, False
        if isinstance(config, str | os.PathLike):
            warnings.warn(
                "Passing a config file path is deprecated; pass the config as a dict instead.",
                SingerSDKDeprecationWarning,
                stacklevel=4,
            )
            return _config.load_config_files([config])
        if isinstance(config, list):
            warnings.warn(
                "Passing a list of config file paths is deprecated; pass the config as a dict "
                "instead.",
                SingerSDKDeprecationWarning,
                stacklevel=4,
            )
            return _config.load_config_files(config)
        return copy.deepcopy(dict(config)), False

    # -- facts about the class -----------------------------------------------------------------

    @classproperty
    def logger(cls) -> logging.Logger:
        """The plugin's logger, named after the plugin."""
        return logging.getLogger(cls.name)

    @classproperty
    def _env_var_prefix(cls) -> str:
        """The prefix of the plugin's setting variables, e.g. ``TAP_GITHUB_``."""
        return _config.env_var_prefix(cls.name)

    @classproperty
    def plugin_version(cls) -> str:
        """The plugin's package version, or ``[could not be detected]``."""
        return cls.get_plugin_version()

    @classproperty
    def sdk_version(cls) -> str:
        """The version of this SDK, or ``[could not be detected]``."""
        return cls.get_sdk_version()

    @staticmethod
    def _get_package_version(package: str) -> str:
        """Return the installed version of the distribution ``package``."""
        return package_version(package)

    @staticmethod
    def _get_supported_python_versions(package: str) -> list[str] | None:
        """Return the Python versions ``package`` supports, or None if it is not installed."""
        from importlib import metadata

        try:
            package_metadata = metadata.metadata(package)
        except metadata.PackageNotFoundError:
            return None
        from singer_sdk._about import python_versions

        return python_versions(package_metadata) or None

    @classmethod
    def get_plugin_version(cls) -> str:
        """Return the plugin's package version (of ``package_name``, else ``name``)."""
        return cls._get_package_version(cls.package_name or cls.name)

    @classmethod
    def get_sdk_version(cls) -> str:
        """Return the version of this SDK."""
        return cls._get_package_version(SDK_PACKAGE_NAME)

    @classmethod
    def get_supported_python_versions(cls) -> list[str] | None:
        """Return the Python versions the plugin supports (from its package metadata), if known."""
        return cls._get_supported_python_versions(cls.package_name or cls.name)

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict[str, t.Any]) -> None:
        """Add the built-in settings of the plugin's capabilities to ``config_jsonschema``.

        Called on a copy of ``config_jsonschema`` at construction and for ``--about``. A
        setting the plugin declares itself is never replaced. The default adds the stream map
        settings (``stream-maps``) and the flattening settings (``schema-flattening``);
        subclasses extend it for their own capabilities.
        """
        capabilities = cls.capabilities
        if PluginCapabilities.STREAM_MAPS in capabilities:
            _config.merge_missing_config_jsonschema(STREAM_MAPS_CONFIG, config_jsonschema)
        if PluginCapabilities.FLATTENING in capabilities:
            _config.merge_missing_config_jsonschema(FLATTENING_CONFIG, config_jsonschema)

    # -- the configured instance ---------------------------------------------------------------

    @property
    def config(self) -> dict[str, t.Any]:
        """The plugin's configuration, with defaults filled in (a read-only mapping)."""
        return t.cast("dict[str, t.Any]", MappingProxyType(self._config))

    def update_config(self, updates: t.Mapping[str, t.Any]) -> None:
        """Change settings at run time, persisting them first through :attr:`config_store`.

        The new values are written (when there is a store) before they are applied, so a
        process killed in between still finds them in the store on its next run. The plugin's
        config and the config of its streams built so far are updated in place.

        Raises:
            Exception: whatever the store raises; the settings are then left unchanged.
        """
        if not updates:
            return
        updates = dict(updates)
        register_config_secrets(self._config_schema, updates)
        if self.config_store is not None:
            self.config_store.save(updates)
        self._config.update(updates)
        streams = self.__dict__.get("_streams") or {}
        for stream in streams.values():
            stream_config = getattr(stream, "_config", None)
            if isinstance(stream_config, dict):
                stream_config.update(updates)

    @property
    def initialized_at(self) -> int:
        """When the plugin was constructed, in milliseconds since the epoch."""
        return self._initialized_at

    @property
    def state(self) -> dict[str, t.Any]:
        """The plugin's state; taps and targets provide it.

        Raises:
            NotImplementedError: the plugin keeps no state.
        """
        msg = f"{type(self).__name__} does not keep state"
        raise NotImplementedError(msg)

    @property
    def mapper(self) -> t.Any:
        """The plugin's stream mapper.

        Raises:
            MapperNotInitialized: :meth:`setup_mapper` has not set one up.
        """
        if self._mapper is None:
            raise MapperNotInitialized
        return self._mapper

    @mapper.setter
    def mapper(self, mapper: t.Any) -> None:
        self._mapper = mapper

    def setup_mapper(self) -> None:
        """Set up the stream mapper from the config; called by taps and targets before a run.

        The default builds a :class:`~singer_sdk.mapper.PluginMapper` from the config
        (``stream_maps``, ``stream_map_config``, ``faker_config``, ``flattening_*``), which
        checks every map expression right away.

        Raises:
            StreamMapConfigError: the ``stream_maps`` setting is not valid.
            ConfigValidationError: flattening is enabled without ``flattening_max_depth``.
        """
        from singer_sdk._mapping.maps import PluginMapper

        self._mapper = PluginMapper(self._config, self.logger)

    def _validate_config(self, *, raise_errors: bool = True) -> list[str]:
        """Validate the config against the settings schema, filling in defaults.

        Args:
            raise_errors: raise on violations; otherwise log them as warnings.

        Returns:
            One message per violation (empty if the config is valid).

        Raises:
            ConfigValidationError: there are violations and ``raise_errors`` is True.
        """
        errors = _config.validate_config(
            self._config,
            self._config_schema,
            env_prefix=self._env_var_prefix,
        )
        if errors:
            summary = "Config validation failed"
            if raise_errors:
                raise ConfigValidationError(summary, errors=errors, schema=self._config_schema)
            for error in errors:
                self.logger.warning("%s", error)
            self.logger.warning(summary)
        return errors

    # -- about and version ---------------------------------------------------------------------

    @classmethod
    def _get_about_info(cls) -> AboutInfo:
        """Return what ``--about`` reports: metadata, capabilities and all settings."""
        from singer_sdk._about import AboutInfo

        settings = copy.deepcopy(cls.config_jsonschema)
        cls.append_builtin_config(settings)
        return AboutInfo(
            name=cls.name,
            description=inspect.cleandoc(cls.__doc__) if cls.__doc__ else None,
            version=cls.get_plugin_version(),
            sdk_version=cls.get_sdk_version(),
            supported_python_versions=cls.get_supported_python_versions(),
            capabilities=list(cls.capabilities),
            settings=settings,
            env_var_prefix=cls._env_var_prefix,
        )

    @classmethod
    def print_about(cls, output_format: str | None = None) -> None:
        """Print the plugin's metadata and settings to stdout.

        Args:
            output_format: ``text`` (default), ``json`` or ``markdown`` (any case), or the name
                of another registered :class:`~singer_sdk.about.AboutFormatter`.
        """
        from singer_sdk._about import AboutFormatter

        formatter = AboutFormatter.get_formatter(output_format or "text")
        print(formatter.format_about(cls._get_about_info()))

    @classmethod
    def print_version(cls, print_fn: t.Callable[[t.Any], None] = print) -> None:
        """Report the plugin and SDK versions as one line, e.g. ``tap-x v1.0, ... v0.1``."""
        plugin = f"{cls.name} v{cls.get_plugin_version()}"
        print_fn(f"{plugin}, {SDK_PACKAGE_NAME} v{cls.get_sdk_version()}")

    # -- command line ----------------------------------------------------------------------------

    @classmethod
    def invoke(
        cls,
        *,
        about: bool = False,
        about_format: str | None = None,
        **kwargs: t.Any,
    ) -> None:
        """Run the plugin from the command line; the command's callback.

        Receives every option as a keyword argument (``config`` is a
        :class:`~singer_sdk._config.ConfigInput`). The default prints ``--about`` and exits,
        or else logs the versions; subclasses then construct the plugin and run it.
        """
        if about:
            cls.print_about(about_format)
            sys.exit(0)
        cls.print_version(print_fn=cls.logger.info)

    @classmethod
    def _from_cli_config(cls, config: ConfigInput | None, **kwargs: t.Any) -> t.Self:
        """Return the plugin built from the ``--config`` options (files and ``ENV``).

        ``kwargs`` go to the constructor; ``validate_config`` defaults to True.
        """
        config = config or _config.ConfigInput()
        kwargs.setdefault("validate_config", True)
        store = _config_store.FileConfigStore(*config.paths) if config.paths else None
        with _config_store.pending_store(store):
            return cls(config=config.config, parse_env_config=config.parse_env, **kwargs)

    @classmethod
    def cb_version(cls, ctx: click.Context, param: click.Parameter, value: bool) -> None:
        """Click callback of ``--version``: print the versions and exit."""
        if not value or ctx.resilient_parsing:
            return
        cls.print_version(print_fn=print)
        ctx.exit()

    @classmethod
    def cb_config(
        cls,
        ctx: click.Context,
        param: click.Parameter,
        value: tuple[str, ...],
    ) -> ConfigInput:
        """Click callback of ``--config``: the files (read on first use) and whether ``ENV``."""
        return _config.ConfigInput.from_cli_args(*value)

    @classmethod
    def get_singer_command(cls) -> click.Command:
        """Return the plugin's click command (common options plus the class's ``cli_options``)."""
        from singer_sdk._cli import build_command

        # ``name`` is declared per instance here; on a plugin class it is a class attribute.
        return build_command(t.cast("PluginClass", cls))

    @plugin_cli
    def cli(cls) -> click.Command:
        """The plugin's command: ``MyPlugin.cli()`` runs it; usable as a console-script target."""
        return cls.get_singer_command()

    def _setup_signal_handlers(self) -> None:
        """Deliver SIGTERM and SIGINT to this plugin's :meth:`_handle_termination`.

        The CLI does this for every run; call it when running a plugin without the CLI.
        """
        set_active_plugin(self)
        install_termination_handlers()

    def _handle_termination(self, signum: int, frame: FrameType | None = None) -> None:
        """Called (in the main thread) when a CLI run receives SIGTERM or SIGINT.

        Subclasses may write final state or stop work here and then call ``super()``. The
        default raises :class:`TerminationRequested`, which unwinds the run loop like Ctrl-C;
        the CLI then exits with status 128 + the signal number.

        Raises:
            TerminationRequested: always.
        """
        self.logger.info("Received %s, shutting down...", signal_name(signum))
        raise TerminationRequested(signum)
