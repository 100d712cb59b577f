"""Helpers for the command lines of taps, targets and mappers.

``plugin_cli`` turns a function returning a click command into a class attribute (this is how
``MyTap.cli`` works); ``CLIOption`` declares an extra option of a plugin's command.
"""

from __future__ import annotations

from singer_sdk.cli._options import CLIOption, plugin_cli

__all__ = ["CLIOption", "plugin_cli"]
