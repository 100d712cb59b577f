"""What is wrong with a message whose fields have the wrong JSON type.

The reader checks only that a line is an object with a ``type`` and the keys its type requires
(the fast path). When a callback then fails on a message, :func:`describe_bad_fields` looks at
the message's fields once more, on that error path only, and says which field of which stream
had the wrong type, so the error names the input and not the Python object that tripped on it.
"""

from __future__ import annotations

import typing as t

__all__ = ["describe_bad_fields"]

_STR = (str,)
_OBJECT = (dict,)
_LIST = (list,)
_INT = (int,)

#: Per message type: field -> (the JSON types it may have, whether null is allowed, what it is).
_FIELDS: dict[str, dict[str, tuple[tuple[type, ...], bool, str]]] = {
    "RECORD": {
        "stream": (_STR, False, "a string"),
        "record": (_OBJECT, False, "a JSON object"),
        "time_extracted": (_STR, True, "an RFC 3339 date-time string"),
        "version": (_INT, True, "an integer"),
    },
    "SCHEMA": {
        "stream": (_STR, False, "a string"),
        "schema": (_OBJECT, False, "a JSON object"),
        "key_properties": (_LIST, True, "a list of strings"),
        "bookmark_properties": (_LIST, True, "a list of strings"),
    },
    "STATE": {"value": (_OBJECT, True, "a JSON object")},
    "ACTIVATE_VERSION": {
        "stream": (_STR, False, "a string"),
        "version": (_INT, False, "an integer"),
    },
    "BATCH": {
        "stream": (_STR, False, "a string"),
        "encoding": (_OBJECT, False, "a JSON object"),
        "manifest": (_LIST, False, "a list of file URLs"),
    },
}

_JSON_NAMES = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def _json_type(value: t.Any) -> str:
    for klass, name in _JSON_NAMES.items():
        if isinstance(value, klass):
            return name
    return "a number" if type(value).__name__ == "Decimal" else type(value).__name__


def describe_bad_fields(message: dict[str, t.Any], error: BaseException) -> str | None:
    """Say which field of ``message`` has the wrong type, or None if all look right.

    ``error`` is what the callback raised. Only Python's own errors (``TypeError``,
    ``AttributeError``, ``RecursionError``, ...) are explained by a bad field: the library's
    errors (an invalid record, a RECORD before its SCHEMA) already say what was wrong, except
    when the ``stream`` itself is not a string. A message that looks right but failed by
    recursion is reported as nested too deeply.
    """
    builtin = type(error).__module__ == "builtins"
    message_type = message.get("type")
    fields = _FIELDS.get(message_type) if isinstance(message_type, str) else None
    stream = message.get("stream")
    of_stream = f" of stream '{stream}'" if isinstance(stream, str) else ""
    for name, (types, nullable, what) in (fields or {}).items():
        if name not in message:
            continue
        value = message[name]
        if value is None and nullable:
            continue
        wrong = not isinstance(value, types) or (types is _INT and isinstance(value, bool))
        if not wrong and types is _LIST and name != "manifest":
            wrong = not all(isinstance(item, str) for item in value)
        if not wrong and name == "manifest":
            wrong = not all(isinstance(item, str) for item in value)
        if wrong and (builtin or name == "stream"):
            return (
                f"{message_type} message{of_stream} has a '{name}' that is {_json_type(value)}, "
                f"not {what}"
            )
    if isinstance(error, RecursionError) and fields is not None:
        return f"{message_type} message{of_stream} is nested too deeply to process"
    return None
