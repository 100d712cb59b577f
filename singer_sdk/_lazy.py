"""Module attributes imported on first use, so public modules stay cheap to import."""

from __future__ import annotations

import importlib
import typing as t

__all__ = ["lazy_attributes"]


def lazy_attributes(
    module_name: str,
    module_globals: dict[str, t.Any],
    lazy: t.Mapping[str, str],
) -> tuple[t.Callable[[str], t.Any], t.Callable[[], list[str]]]:
    """Return a module's ``__getattr__`` and ``__dir__`` serving ``lazy`` names on first use.

    Args:
        module_name: the module's ``__name__`` (for the AttributeError message).
        module_globals: the module's ``globals()``; a name is cached there once imported.
        lazy: attribute name -> the module it is imported from.
    """

    def __getattr__(name: str) -> t.Any:
        source = lazy.get(name)
        if source is None:
            msg = f"module {module_name!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(source), name)
        module_globals[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*module_globals, *lazy})

    return __getattr__, __dir__
