"""Whether a class replaces a hook of one of its bases: the one check behind every fast path.

Fast paths skip a hook the connector's class leaves at the library default (a no-op
``post_process``, the stock ``increment`` of a counter, ...). They all ask :func:`overrides`,
which compares the attribute the class resolves ``name`` to with the base's, once per class:
classes are not expected to change their methods after they are defined.
"""

from __future__ import annotations

import weakref

__all__ = ["overrides"]

#: Per class: (base, name) -> whether the class resolves ``name`` to something else than base.
_ANSWERS: weakref.WeakKeyDictionary[type, dict[tuple[type, str], bool]] = (
    weakref.WeakKeyDictionary()
)


def overrides(cls: type, base: type, name: str) -> bool:
    """Return whether ``cls`` resolves ``name`` to another attribute than ``base`` does.

    False when ``cls`` is ``base`` or inherits its attribute unchanged. The answer is computed
    on the first call for a class and remembered (weakly: classes made at run time can go).
    """
    answers = _ANSWERS.get(cls)
    if answers is None:
        answers = _ANSWERS[cls] = {}
    key = (base, name)
    answer = answers.get(key)
    if answer is None:
        answer = answers[key] = getattr(cls, name) is not getattr(base, name)
    return answer
