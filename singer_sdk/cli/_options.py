"""Click-free pieces of the plugin CLI: the ``plugin_cli`` descriptor and option declarations.

Plugin classes import these without importing click; :mod:`singer_sdk._cli` turns them into a
click command when the command line is actually used.
"""

from __future__ import annotations

import dataclasses
import typing as t

if t.TYPE_CHECKING:
    import click

__all__ = ["CLIOption", "plugin_cli"]

_T = t.TypeVar("_T")


class plugin_cli:
    """Turn a classmethod-like function returning a click command into a class attribute.

    ``MyTap.cli`` (and ``instance.cli``) calls the function with the class and returns the
    command, so ``MyTap.cli()`` runs it and ``my_pkg.tap:MyTap.cli`` works as a console-script
    entry point.

    Args:
        method: a function taking the plugin class and returning a :class:`click.Command`.
    """

    def __init__(self, method: t.Callable[[t.Any], click.Command]) -> None:
        self.method = method
        self.name: str | None = None

    def __set_name__(self, owner: type[t.Any], name: str) -> None:
        self.name = name

    def __get__(self, instance: _T | None, owner: type[_T]) -> click.Command:
        return self.method(owner)


@dataclasses.dataclass(frozen=True)
class CLIOption:
    """A command-line option a plugin class adds to its command.

    Declare options in the class attribute ``cli_options``; each class lists only its own
    additions (the command collects them along the class hierarchy, base classes first). The
    option's value reaches the class's ``invoke`` as the keyword argument ``name``.

    Attributes:
        flags: the option's spellings, e.g. ``("--catalog",)``.
        name: the keyword argument of ``invoke`` that receives the value.
        help: the help text.
        is_flag: a switch without a value (``--discover``): True if given, else False.
        flag_value: the value used when the option is given without one (``--test`` means
            ``--test=all``); the option then takes an optional value.
        file: open the named file for reading (``-`` is standard input) and pass the file object.
        multiple: the option may repeat; ``invoke`` gets a tuple.
        default: the value when the option is not given.
        metavar: how the value is shown in ``--help``.
    """

    flags: tuple[str, ...]
    name: str
    help: str
    is_flag: bool = False
    flag_value: str | None = None
    file: bool = False
    multiple: bool = False
    default: t.Any = None
    metavar: str | None = None
