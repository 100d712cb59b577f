"""Sphinx directives that document a plugin's command line from the real command.

- ``cli-help`` runs ``python FILE --help`` (FILE relative to the docs folder) in a subprocess
  and shows the output as a literal block, so the page is whatever the command prints.
- ``cli-options`` loads ``FILE``, takes the plugin class named by ``:class:`` and renders one
  table row per option of ``PluginClass.cli`` (name, value, repeatable, help text).

Both are written for MyST and reStructuredText pages alike: they build docutils nodes
directly instead of parsing generated markup.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import typing as t
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

if t.TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["CliHelpDirective", "CliOptionsDirective", "setup"]

_REPO = Path(__file__).resolve().parents[2]


def _plugin_file(directive: SphinxDirective, name: str) -> Path:
    """Resolve ``name`` against the docs folder and record it as a dependency of the page."""
    path = (Path(directive.env.srcdir) / name).resolve()
    if not path.is_file():
        msg = f"cli directive: no such file {path}"
        raise directive.error(msg)
    directive.env.note_dependency(str(path))
    return path


class CliHelpDirective(SphinxDirective):
    """``.. cli-help:: snippets/tap.py``: the literal ``--help`` output of a plugin file."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = _plugin_file(self, self.arguments[0])
        env = {**os.environ, "PYTHONPATH": str(_REPO), "COLUMNS": "100"}
        result = subprocess.run(
            [sys.executable, str(path), "--help"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            msg = f"cli-help: {path.name} --help exited {result.returncode}: {result.stderr}"
            raise self.error(msg)
        # Usage lines name the file the command was started from; show the executable instead.
        text = result.stdout.replace(f"Usage: {path.name}", "Usage: <executable>")
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


def _load_plugin_class(path: Path, class_name: str) -> t.Any:
    spec = importlib.util.spec_from_file_location(f"_docs_cli_{path.stem}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - only for odd files
        msg = f"cannot import {path}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, class_name)


def _value_text(param: t.Any) -> str:
    """What the option takes: nothing for a flag, the choices, or the metavar."""
    if getattr(param, "is_flag", False):
        return ""
    choices = getattr(param.type, "choices", None)
    if choices:
        return " | ".join(str(choice) for choice in choices)
    return str(param.type.name).upper()


def _table(header: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)

    def make_row(cells: list[str], *, literal_first: bool) -> nodes.row:
        row = nodes.row()
        for index, cell in enumerate(cells):
            entry = nodes.entry()
            paragraph = nodes.paragraph()
            if index == 0 and literal_first:
                paragraph += nodes.literal(cell, cell)
            else:
                paragraph += nodes.Text(cell)
            entry += paragraph
            row += entry
        return row

    head = nodes.thead()
    head += make_row(header, literal_first=False)
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += make_row(cells, literal_first=True)
    group += body
    return table


class CliOptionsDirective(SphinxDirective):
    """``.. cli-options:: snippets/tap.py`` with ``:class: TapName``: a table of options."""

    required_arguments = 1
    option_spec: t.ClassVar[dict[str, t.Callable[[str], t.Any]]] = {
        "class": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        path = _plugin_file(self, self.arguments[0])
        class_name = self.options.get("class")
        if not class_name:
            msg = "cli-options needs a :class: option naming the plugin class"
            raise self.error(msg)
        plugin_class = _load_plugin_class(path, class_name)
        rows = []
        for param in plugin_class.cli.params:
            if param.name == "help":
                continue
            rows.append(
                [
                    ", ".join(param.opts),
                    _value_text(param),
                    "yes" if getattr(param, "multiple", False) else "",
                    param.help or "",
                ]
            )
        rows.append(["--help", "", "", "Show the options and exit."])
        return [_table(["Option", "Value", "Repeatable", "What it does"], rows, [20, 20, 10, 50])]


def setup(app: Sphinx) -> dict[str, t.Any]:
    """Register the directives; the output only depends on the plugin files."""
    app.add_directive("cli-help", CliHelpDirective)
    app.add_directive("cli-options", CliOptionsDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
