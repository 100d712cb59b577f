"""Name conforming helpers of Meltano's SDK: ``snakecase`` and ``replace_leading_digit``."""

from __future__ import annotations

import re

__all__ = ["replace_leading_digit", "snakecase"]

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s\-.]+")


def snakecase(string: str) -> str:
    """Return ``string`` in snake case: ``"HelloWorld"`` -> ``"hello_world"``.

    Upper-case letters start a new word, runs of spaces, ``-`` and ``.`` become one ``_``.
    """
    return _SEPARATORS.sub("_", _WORD_BOUNDARY.sub("_", string)).lower()


def replace_leading_digit(string: str) -> str:
    """Return ``string`` with a leading digit replaced by a letter (0 -> a, 1 -> b, ...)."""
    if string and string[0].isdigit() and string[0].isascii():
        return chr(ord("a") + int(string[0])) + string[1:]
    return string
