"""Build the click command of a tap, target or mapper from its plugin class.

Every plugin command has ``--version``, ``--about``, ``--format`` and ``--config``; a plugin
class adds its own options by listing :class:`~singer_sdk.cli.CLIOption` declarations in
``cli_options`` (collected along the class hierarchy). The command calls the class's
``invoke`` with every option as a keyword argument.

The command also owns the process-level concerns of a run: logging setup, SIGTERM/SIGINT
delivery, and turning failures into log lines and exit codes:

- config problems (validation errors, unreadable config files) and bad input (malformed lines,
  missing or corrupt BATCH files): each logged at ERROR without a traceback, exit 1;
- SIGTERM/SIGINT (Ctrl-C): logged at WARNING, exit 128 + the signal number;
- any other exception: logged at ERROR with its traceback, exit 1;
- usage errors (unknown option, bad value): click's message, exit 2.
"""

from __future__ import annotations

import logging
import os
import sys
import typing as t

import click

from singer_sdk._batch.errors import BatchFileError
from singer_sdk._config import ConfigFileError
from singer_sdk._exceptions import (
    ConfigValidationError,
    InvalidInputLine,
    InvalidRecord,
    MapExpressionError,
    RecordsWithoutSchemaException,
    StreamMapConfigError,
)
from singer_sdk._logging import setup_logging
from singer_sdk._signals import TerminationRequested, install_termination_handlers

if t.TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from singer_sdk._config import ConfigInput
    from singer_sdk.cli._options import CLIOption

__all__ = [
    "ABOUT_FORMATS",
    "PluginClass",
    "SingerCommand",
    "build_command",
    "collect_cli_options",
]

#: The ``--format`` choices of ``--about``.
ABOUT_FORMATS = ("text", "json", "markdown")

_SIGINT_EXIT_CODE = 130


class PluginClass(t.Protocol):
    """What a command is built from: a plugin class (e.g. a ``PluginBase`` subclass).

    Structural, so that this module needs nothing from the plugin modules: plugin classes know
    nothing of click, and the command is built from the class.
    """

    @property
    def name(self) -> str: ...
    @property
    def cli_help(self) -> str: ...
    @property
    def cli_options(self) -> Sequence[CLIOption]: ...
    @property
    def logger(self) -> logging.Logger: ...

    def invoke(self, **kwargs: t.Any) -> None: ...
    def cb_version(self, ctx: click.Context, param: click.Parameter, value: bool) -> None: ...
    def cb_config(
        self, ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
    ) -> ConfigInput: ...


class SingerCommand(click.Command):
    """A plugin's click command: sets up logging and signals, and reports failures cleanly.

    Args:
        args: positional arguments of :class:`click.Command`.
        logger: the plugin's logger, which failures are reported on.
        kwargs: keyword arguments of :class:`click.Command`.
    """

    def __init__(self, *args: t.Any, logger: logging.Logger, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.logger = logger

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc_value: BaseException,
        exc_traceback: TracebackType | None,
    ) -> None:
        """Report an uncaught exception on the plugin's logger, with its traceback."""
        self.logger.error(
            "%s",
            str(exc_value) or exc_type.__name__,
            exc_info=(exc_type, exc_value, exc_traceback),
        )

    def invoke(self, ctx: click.Context) -> t.Any:
        """Run the plugin; failures become log lines and an exit status (see the module doc)."""
        try:
            setup_logging(self.name or "singer-plugin")
        except (ValueError, OSError) as exc:
            click.echo(f"Error: cannot set up logging: {exc}", err=True)
            ctx.exit(1)
        restore_signal_handlers = install_termination_handlers()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ConfigValidationError as exc:
            for error in exc.errors:
                self.logger.error("%s", error)
            summary = "Config validation failed"
            if not exc.errors and str(exc) and str(exc) != summary:
                summary = f"{summary}: {exc}"  # the reason is only in the message
            self.logger.error("%s", summary, extra={"schema": exc.schema})
            ctx.exit(1)
        except (
            ConfigFileError,
            InvalidInputLine,
            BatchFileError,
            InvalidRecord,
            RecordsWithoutSchemaException,
            MapExpressionError,
            StreamMapConfigError,
        ) as exc:
            # Bad input files, lines, records, BATCH files and stream maps: the message (and its
            # notes) say what and where; no traceback.
            self.logger.error("%s", exc)
            for note in getattr(exc, "__notes__", None) or ():
                self.logger.error("%s", note)
            ctx.exit(1)
        except TerminationRequested as exc:
            self.logger.warning("Stopped by %s", str(exc).removeprefix("Received "))
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            self.logger.warning("Interrupted")
            ctx.exit(_SIGINT_EXIT_CODE)
        except BrokenPipeError:
            _silence_stdout()
            self.logger.error("Standard output was closed before the plugin finished writing")
            ctx.exit(1)
        except Exception as exc:
            self.excepthook(type(exc), exc, exc.__traceback__)
            ctx.exit(1)
        finally:
            restore_signal_handlers()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so flushing it at exit cannot fail again on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. a test runner's)
        pass


def collect_cli_options(plugin_class: PluginClass) -> list[CLIOption]:
    """Return the ``cli_options`` of ``plugin_class`` and its bases, base classes first.

    An option declared again (same ``name``) by a subclass replaces the base class's one in
    place.
    """
    options: dict[str, CLIOption] = {}
    for klass in reversed(t.cast("type", plugin_class).__mro__):
        for option in vars(klass).get("cli_options", ()):
            options[option.name] = option
    return list(options.values())


def _to_click_option(option: CLIOption) -> click.Option:
    kwargs: dict[str, t.Any] = {
        "help": option.help,
        "multiple": option.multiple,
        "default": option.default,
    }
    if option.is_flag:
        kwargs.update(is_flag=True, default=bool(option.default))
    elif option.flag_value is not None:
        kwargs.update(is_flag=False, flag_value=option.flag_value, type=click.STRING)
    if option.file:
        kwargs["type"] = click.File("r")
    if option.metavar is not None:
        kwargs["metavar"] = option.metavar
    return click.Option([*option.flags, option.name], **kwargs)


def build_command(plugin_class: PluginClass) -> SingerCommand:
    """Return the click command of ``plugin_class`` (its ``cli`` attribute returns this).

    Options: ``--version`` (print versions and exit), ``--about`` and ``--format`` (print
    metadata and settings, exit 0, without constructing the plugin or reading config),
    ``--config`` (repeatable: files merged left to right, ``ENV`` for environment variables),
    then the class's ``cli_options``. The callback is ``plugin_class.invoke``.
    """
    params: list[click.Parameter] = [
        click.Option(
            ["--version"],
            is_flag=True,
            is_eager=True,
            expose_value=False,
            callback=plugin_class.cb_version,
            help="Display the package version.",
        ),
        click.Option(
            ["--about"],
            is_flag=True,
            help="Display package metadata and settings.",
        ),
        click.Option(
            ["--format", "about_format"],
            type=click.Choice(ABOUT_FORMATS, case_sensitive=False),
            default=None,
            help="Specify output style for --about",
        ),
        click.Option(
            ["--config"],
            multiple=True,
            type=click.STRING,
            default=(),
            callback=plugin_class.cb_config,
            help="Configuration file location or 'ENV' to use environment variables.",
        ),
        *(_to_click_option(option) for option in collect_cli_options(plugin_class)),
    ]
    return SingerCommand(
        name=plugin_class.name,
        help=plugin_class.cli_help,
        callback=plugin_class.invoke,
        params=params,
        context_settings={"help_option_names": ["--help"]},
        logger=plugin_class.logger,
    )
