"""``PluginBase``, the base of taps, targets and mappers, and its Singer reader/writer mixins.

A plugin class declares facts (``name``, ``config_jsonschema``, ``capabilities``); this module
turns them into a configured instance (config files or dict, environment variables, defaults,
validation), answers ``--about``/``--version`` questions about the class, and gives reading and
writing plugins their message plumbing. The command line itself is built in
:mod:`singer_sdk._cli` from the class.
"""

from __future__ import annotations

import abc
import contextlib
import copy
import inspect
import logging
import os
import re
import signal
import sys
import time
import typing as t
import warnings
import weakref
from importlib.machinery import PathFinder
from types import MappingProxyType

from singer_sdk import _config
from singer_sdk._messages.io import GenericSingerReader, MessageReader, MessageWriter
from singer_sdk.cli._options import CLIOption, plugin_cli
from singer_sdk.exceptions import ConfigValidationError, MapperNotInitialized
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning, warn_python_eol
from singer_sdk.helpers.capabilities import (
    FLATTENING_CONFIG,
    STREAM_MAPS_CONFIG,
    CapabilitiesEnum,
    PluginCapabilities,
)
from singer_sdk.metrics import get_metrics_logger

if t.TYPE_CHECKING:
    import collections
    from pathlib import PurePath
    from types import FrameType

    import click

    from singer_sdk._config import ConfigInput
    from singer_sdk._messages.io import GenericSingerWriter
    from singer_sdk._messages.models import Message
    from singer_sdk.about import AboutInfo

__all__ = [
    "SDK_PACKAGE_NAME",
    "BaseSingerIO",
    "BaseSingerReader",
    "BaseSingerWriter",
    "PluginBase",
    "TerminationRequested",
    "classproperty",
]

#: The distribution name of this SDK (its version is reported as the SDK version). The same
#: as ``singer_sdk.about.SDK_DISTRIBUTION_NAME``, written out so ``about`` is imported only for
#: ``--about`` (a test keeps the two equal).
SDK_PACKAGE_NAME = "singer-connector-sdk"

_UNKNOWN_VERSION = "[could not be detected]"
_T = t.TypeVar("_T")
_R = t.TypeVar("_R")


class classproperty(t.Generic[_R]):
    """A read-only property computed from the class, so it works on the class and on instances."""

    def __init__(self, getter: t.Callable[[t.Any], _R]) -> None:
        self.fget = getter
        self.__doc__ = getter.__doc__

    def __get__(self, instance: object, owner: type[t.Any]) -> _R:
        return self.fget(owner)


class TerminationRequested(KeyboardInterrupt):
    """Raised in the main thread when a plugin run receives SIGTERM or SIGINT.

    It subclasses :class:`KeyboardInterrupt`, so run loops that already clean up on Ctrl-C (write
    the final state, drain sinks) do the same on SIGTERM. The CLI exits with :attr:`exit_code`.

    Attributes:
        signum: the number of the signal received.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"Received {_signal_name(signum)}")

    @property
    def exit_code(self) -> int:
        """The conventional exit status after this signal: 128 plus the signal number."""
        return 128 + self.signum


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


#: The plugin the termination signal handlers deliver to: the one constructed last.
_active_plugin: weakref.ReferenceType[PluginBase] | None = None


def _deliver_termination(signum: int, frame: FrameType | None) -> None:
    """Signal handler: let the active plugin react, or stop with :class:`TerminationRequested`."""
    plugin = _active_plugin() if _active_plugin is not None else None
    if plugin is None:
        raise TerminationRequested(signum)
    plugin._handle_termination(signum, frame)


def install_termination_handlers() -> t.Callable[[], None]:
    """Route SIGTERM and SIGINT to the active plugin's ``_handle_termination``.

    Does nothing outside the main thread (Python only delivers signals there).

    Returns:
        A function that puts the previous handlers back.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, t.Any] = {}
    for name in ("SIGTERM", "SIGINT"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _deliver_termination)

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def _normalized_distribution_name(name: str) -> str:
    """Return ``name`` as installers spell it in ``.dist-info`` folder names (PEP 503 + ``_``)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _dist_info_version(package: str) -> str | None:
    """Return the version of ``package`` read from its ``.dist-info`` folder on ``sys.path``.

    Every pip, uv or wheel install (editable ones too) leaves such a folder. Reading it takes
    well under a millisecond, where :mod:`importlib.metadata` costs ~25 ms to import and search,
    a noticeable share of a short connector run that logs its version at start.

    Returns:
        The ``Version`` of the first matching folder in ``sys.path`` order, as
        :func:`importlib.metadata.version` would find it; :data:`_UNKNOWN_VERSION` when no
        installed distribution has that name; None when only :mod:`importlib.metadata` can tell
        (an ``.egg-info`` folder, a zip file on ``sys.path``, a finder with its own metadata).
    """
    wanted = _normalized_distribution_name(package)
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return None  # a zip on sys.path
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if suffix not in ("dist-info", "egg-info") or not dot:
                continue
            if _normalized_distribution_name(stem.partition("-")[0]) != wanted:
                continue
            if suffix == "egg-info":
                return None
            try:
                with open(os.path.join(folder, name, "METADATA"), encoding="utf-8") as file:
                    for line in file:
                        if line.startswith("Version:"):
                            return line[len("Version:") :].strip()
                        if not line.strip():  # the end of the headers
                            break
            except OSError:
                pass
            return None  # no readable version there
    for finder in sys.meta_path:
        if hasattr(finder, "find_distributions") and finder is not PathFinder:
            return None
    return _UNKNOWN_VERSION


def _package_version(package: str) -> str:
    version = _dist_info_version(package)
    if version is not None:
        return version
    from importlib import metadata  # imported when needed: it costs ~20 ms

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return _UNKNOWN_VERSION


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

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
    ) -> None:
        global _active_plugin

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
        self.metrics_logger = get_metrics_logger()
        self._validate_config(raise_errors=validate_config)
        self._mapper: t.Any = None
        _active_plugin = weakref.ref(self)

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
        return _package_version(package)

    @staticmethod
    def _get_supported_python_versions(package: str) -> list[str] | None:
        """Return the Python versions ``package`` supports, or None if it is not installed."""
        from importlib import metadata

        try:
            package_metadata = metadata.metadata(package)
        except metadata.PackageNotFoundError:
            return None
        from singer_sdk.about import python_versions

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
        from singer_sdk.about import AboutInfo

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
        from singer_sdk.about import AboutFormatter

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

        return build_command(cls)

    @plugin_cli
    def cli(cls) -> click.Command:
        """The plugin's command: ``MyPlugin.cli()`` runs it; usable as a console-script target."""
        return cls.get_singer_command()

    def _setup_signal_handlers(self) -> None:
        """Deliver SIGTERM and SIGINT to this plugin's :meth:`_handle_termination`.

        The CLI does this for every run; call it when running a plugin without the CLI.
        """
        global _active_plugin

        _active_plugin = weakref.ref(self)
        install_termination_handlers()

    def _handle_termination(self, signum: int, frame: FrameType | None = None) -> None:
        """Called (in the main thread) when a CLI run receives SIGTERM or SIGINT.

        Subclasses may write final state or stop work here and then call ``super()``. The
        default raises :class:`TerminationRequested`, which unwinds the run loop like Ctrl-C;
        the CLI then exits with status 128 + the signal number.

        Raises:
            TerminationRequested: always.
        """
        self.logger.info("Received %s, shutting down...", _signal_name(signum))
        raise TerminationRequested(signum)


class BaseSingerIO(PluginBase):
    """Base of plugins that read or write Singer messages."""

    @classmethod
    def instantiate_processor(cls, instance: _T | None, default_cls: type[_T]) -> _T:
        """Return ``instance``, or a new ``default_cls()`` if it is None."""
        return instance if instance is not None else default_cls()


class BaseSingerReader(BaseSingerIO):
    """Base of plugins that read Singer messages (targets, mappers).

    Args:
        message_reader: the reader to use; by default a new ``message_reader_class()``.
        config: see :class:`PluginBase`.
        parse_env_config: see :class:`PluginBase`.
        validate_config: see :class:`PluginBase`.
        kwargs: passed on to the next base class (cooperative, for reader-and-writer plugins).
    """

    #: The reader class used when none is given.
    message_reader_class: type[GenericSingerReader[t.Any]] = MessageReader

    #: ``--input FILE``: read messages from a file instead of standard input.
    cli_options: t.ClassVar[t.Sequence[CLIOption]] = (
        CLIOption(
            flags=("--input",),
            name="file_input",
            help="A path to read messages from instead of from standard in.",
            file=True,
        ),
    )

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        message_reader: GenericSingerReader[t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            **kwargs,
        )
        self.message_reader = self.instantiate_processor(message_reader, self.message_reader_class)

    def listen(self, file_input: t.IO[t.Any] | None = None) -> None:
        """Process every message of ``file_input`` (default: standard input), then end the pipe."""
        self.process_lines(file_input)
        self.process_endofpipe()

    def process_lines(self, file_input: t.IO[t.Any] | None) -> collections.Counter[str]:
        """Dispatch each message of ``file_input`` to its ``_process_*_message`` hook.

        Returns:
            How many messages of each type were read.

        Raises:
            InvalidInputLine: a line is not a valid Singer message.
        """
        counter = self.message_reader.process_lines(
            file_input,
            {
                "SCHEMA": self._process_schema_message,
                "RECORD": self._process_record_message,
                "STATE": self._process_state_message,
                "ACTIVATE_VERSION": self._process_activate_version_message,
                "BATCH": self._process_batch_message,
            },
        )
        self.logger.info(
            "Reader '%s' completed processing %d lines of input (%d schemas, %d records, "
            "%d batch manifests, %d state messages, %d activate version messages).",
            self.name,
            sum(counter.values()),
            counter["SCHEMA"],
            counter["RECORD"],
            counter["BATCH"],
            counter["STATE"],
            counter["ACTIVATE_VERSION"],
        )
        return counter

    def process_endofpipe(self) -> None:
        """Called once after the last input line; the default does nothing."""

    @staticmethod
    def _assert_line_requires(message_dict: dict[str, t.Any], requires: set[str]) -> None:
        """Raise :class:`InvalidInputLine` if ``message_dict`` lacks any key of ``requires``."""
        GenericSingerReader.assert_line_requires(message_dict, requires)

    @abc.abstractmethod
    def _process_schema_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a SCHEMA message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_record_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a RECORD message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_state_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a STATE message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_activate_version_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle an ACTIVATE_VERSION message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_batch_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a BATCH message (called by :meth:`process_lines`)."""


class BaseSingerWriter(BaseSingerIO):
    """Base of plugins that write Singer messages (taps, mappers).

    Args:
        message_writer: the writer to use; by default a new ``message_writer_class()``.
        config: see :class:`PluginBase`.
        parse_env_config: see :class:`PluginBase`.
        validate_config: see :class:`PluginBase`.
        kwargs: passed on to the next base class (cooperative, for reader-and-writer plugins).
    """

    #: The writer class used when none is given.
    message_writer_class: type[GenericSingerWriter[t.Any, t.Any]] = MessageWriter

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        message_writer: GenericSingerWriter[t.Any, t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            **kwargs,
        )
        self.message_writer = self.instantiate_processor(message_writer, self.message_writer_class)

    def write_message(self, message: Message) -> None:
        """Write ``message`` with the plugin's message writer."""
        self.message_writer.write_message(message)

    def message_writer_flush(self) -> None:
        """Hand every buffered message to the output."""
        flush = getattr(self.message_writer, "flush", None)
        if flush is not None:
            flush()
