"""Writing Python functions at run time: the one helper behind every generated fast path.

Some per-record work is fastest as one flat function written for the schema at hand: the tap's
record conformer (:mod:`singer_sdk._schema.conform_fast`), the target's record validator
(:mod:`singer_sdk._sinks.validation.fast_path`) and its date-time parser
(:mod:`singer_sdk._sinks.validation.datetimes`). They write Python source once per schema and run
the compiled function for every record. This module owns how that source is written and compiled:

- :class:`CodeWriter` names the constants the source refers to (each value once, equal class sets
  once), collects helper functions, and compiles everything under a readable file name such as
  ``<singer_sdk conformer>``, which tracebacks and profiles show for the generated frames;
- :func:`function_source` and :func:`indent` lay out a function from its body lines.

What the generated code does stays with each fast path; only the writing lives here.
"""

from __future__ import annotations

import typing as t

__all__ = ["INDENT", "CodeWriter", "function_source", "indent"]

#: One level of indentation in generated source.
INDENT = "    "


def indent(lines: t.Iterable[str], levels: int = 1) -> list[str]:
    """Return ``lines`` indented by ``levels`` levels (multi-line strings line by line)."""
    prefix = INDENT * levels
    return [f"{prefix}{line}" for text in lines for line in text.split("\n")]


def function_source(name: str, params: str, body: t.Iterable[str]) -> str:
    """Return the source of ``def name(params):`` with ``body`` (lines relative to it)."""
    return "\n".join([f"def {name}({params}):", *indent(body)]) + "\n"


class CodeWriter:
    """Collects what one generated function needs, then compiles it.

    Args:
        filename: The file name the compiled code carries (shown in tracebacks and profiles),
            e.g. ``"<singer_sdk validator>"``.
        namespace: Names the generated code uses from the start (builtins it calls often,
            helper objects); the compiled function's globals.
    """

    def __init__(self, filename: str, namespace: t.Mapping[str, t.Any] | None = None) -> None:
        self.filename = filename
        #: The generated code's globals: constants and helpers by name.
        self.namespace: dict[str, t.Any] = dict(namespace or {})
        self._names: dict[t.Hashable, str] = {}
        #: Sources of the helper functions the main function calls.
        self.helpers: list[str] = []
        #: The source compiled last (for debugging).
        self.source = ""

    def constant(self, value: t.Any, kind: str, key: t.Hashable = None) -> str:
        """Return the name the generated code refers to ``value`` by.

        Args:
            value: Any object; the namespace keeps it alive.
            kind: A word that starts the name (``_{kind}{n}``), for readable source.
            key: What makes two constants the same one; the identity of ``value`` if not given.
        """
        key = ("id", id(value)) if key is None else key
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = f"_{kind}{len(self._names)}"
            self.namespace[name] = value
        return name

    def classes(self, classes: frozenset[type], kind: str = "classes") -> str:
        """Return the name of a set of classes (equal sets share one name)."""
        return self.constant(classes, kind, ("classes", classes))

    def literal(self, value: t.Any) -> str:
        """Return source for a dict key: a string literal, else the name of a constant."""
        return repr(value) if value.__class__ is str else self.constant(value, "key")

    def helper(self, prefix: str, params: str, body: t.Iterable[str]) -> str:
        """Add a helper function (named ``prefix`` plus a number) and return its name."""
        name = f"{prefix}{len(self.helpers)}"
        self.helpers.append(function_source(name, params, body))
        return name

    def compile(self, name: str, params: str, body: t.Iterable[str]) -> t.Callable[..., t.Any]:
        """Compile the helpers and ``def name(params): body``; return that function."""
        self.source = "\n".join([*self.helpers, function_source(name, params, body)])
        exec(compile(self.source, self.filename, "exec"), self.namespace)
        return t.cast("t.Callable[..., t.Any]", self.namespace[name])
