"""JSONPath extraction of records, with a fast path for the common simple expressions."""

from __future__ import annotations

import functools
import re
import typing as t

__all__ = ["decoded_json", "extract_jsonpath", "remember_document"]

_DOCUMENT_ATTR = "_singer_sdk_document"

# ``$[*]``, ``$.data[*]``, ``$.a.b[*]``, ``$.a.b`` (plain dotted names, optional trailing [*]).
_SIMPLE = re.compile(r"^\$((?:\.[A-Za-z_][A-Za-z0-9_\-]*)*)(\[\*\])?$")


@functools.lru_cache(maxsize=256)
def _plan(expression: str) -> tuple[tuple[str, ...], bool] | None:
    """Return (keys, wildcard) for a simple expression, or None if jsonpath-ng is needed."""
    match = _SIMPLE.match(expression)
    if match is None:
        return None
    keys = tuple(part for part in match.group(1).split(".") if part)
    return keys, match.group(2) is not None


@functools.lru_cache(maxsize=256)
def _compiled(expression: str) -> t.Any:
    from jsonpath_ng.ext.parser import parse  # only when the fast path can't do it

    return parse(expression)


def _fast(keys: tuple[str, ...], wildcard: bool, data: t.Any) -> t.Iterator[t.Any]:
    node = data
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return
        node = node[key]
    if not wildcard:
        yield node
    elif isinstance(node, list):
        yield from node
    elif isinstance(node, dict):
        yield from node.values()


def extract_jsonpath(expression: str, input: dict[str, t.Any] | list[t.Any]) -> t.Iterator[t.Any]:
    """Yield the values ``expression`` selects in ``input`` (a decoded JSON document).

    Simple expressions (``$``, ``$[*]``, ``$.data[*]``, ``$.a.b[*]``, ``$.a.b``) are walked
    directly; anything else goes through ``jsonpath-ng`` (extended syntax), compiled once.

    Args:
        expression: the JSONPath expression.
        input: the JSON document.

    Returns:
        An iterator over the matched values, in document order; nothing if the path is absent.
    """
    plan = _plan(expression)
    if plan is not None:
        return _fast(plan[0], plan[1], input)
    return (match.value for match in _compiled(expression).find(input))


def remember_document(response: t.Any, document: t.Any) -> None:
    """Keep the decoded body on ``response`` so paginators need not decode it again."""
    setattr(response, _DOCUMENT_ATTR, document)


def decoded_json(response: t.Any) -> t.Any:
    """Return the decoded JSON body of ``response`` (decoded once, then reused)."""
    document = getattr(response, _DOCUMENT_ATTR, _DOCUMENT_ATTR)
    if document is _DOCUMENT_ATTR:
        document = response.json()
        remember_document(response, document)
    return document
