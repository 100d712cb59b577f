"""The one redaction applied where text leaves the process: every secret setting's value, masked.

A plugin registers the values of its settings marked ``secret=True`` (or ``writeOnly``) when it
reads its config (:func:`register_config_secrets`). :func:`redact` replaces each of them, and
the forms a value takes on its way out (percent-encoded in a URL, ``+`` for spaces, escaped in
JSON or in a Python ``repr``), with ``REDACTED``. The log handler that :func:`setup_logging
<singer_sdk._logging.setup_logging>` installs runs every formatted line through it, traceback
and METRIC lines included, so a secret that a stream puts in a query parameter, a header or a
body, or that ``requests`` and ``urllib3`` repeat in their exception text, is never printed,
whichever logger or code path the text takes.

Nothing is done per record: the text is only searched when a line is logged, and only when
some secret was registered.
"""

from __future__ import annotations

import json
import re
import threading
import typing as t
from urllib.parse import quote, quote_plus

__all__ = [
    "REDACTED",
    "clear_secrets",
    "redact",
    "register_config_secrets",
    "register_secrets",
    "secret_setting_values",
]

REDACTED = "REDACTED"
#: Values shorter than this are not masked: masking "1" or "abc" everywhere would garble logs
#: without protecting anything.
MIN_SECRET_LENGTH = 4

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None


def _forms(secret: str) -> set[str]:
    """The texts ``secret`` may appear as in a log line or an error message."""
    forms = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        secret.encode("unicode_escape").decode("ascii"),
    }
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


def register_secrets(values: t.Iterable[t.Any]) -> None:
    """Mask these values (strings, and numbers as their text) from now on."""
    global _pattern
    new: set[str] = set()
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        text = value if isinstance(value, str) else str(value)
        if len(text) >= MIN_SECRET_LENGTH:
            new |= _forms(text)
    with _lock:
        if new <= _secrets:
            return
        _secrets.update(new)
        ordered = sorted(_secrets, key=len, reverse=True)  # longest first: no partial masking
        _pattern = re.compile("|".join(map(re.escape, ordered)))


def clear_secrets() -> None:
    """Forget every registered secret (for tests)."""
    global _pattern
    with _lock:
        _secrets.clear()
        _pattern = None


def redact(text: str) -> str:
    """Return ``text`` with every registered secret (in any of its forms) masked."""
    pattern = _pattern
    if pattern is None or not text:
        return text
    return pattern.sub(REDACTED, text)


def _is_secret(schema: t.Mapping[str, t.Any]) -> bool:
    return schema.get("secret") is True or schema.get("writeOnly") is True


def secret_setting_values(schema: t.Any, config: t.Any) -> list[t.Any]:
    """The values in ``config`` of the settings ``schema`` marks secret (nested ones too)."""
    found: list[t.Any] = []
    stack: list[tuple[t.Any, t.Any, bool]] = [(schema, config, False)]
    while stack:
        node, value, secret = stack.pop()
        if not isinstance(node, dict):
            node = {}
        secret = secret or _is_secret(node)
        if isinstance(value, dict):
            properties = node.get("properties")
            properties = properties if isinstance(properties, dict) else {}
            for key, child in value.items():
                stack.append((properties.get(key, {}), child, secret))
        elif isinstance(value, list):
            items = node.get("items")
            stack.extend((items, child, secret) for child in value)
        elif secret:
            found.append(value)
        for keyword in ("anyOf", "oneOf", "allOf"):  # a secret inside one of the alternatives
            alternatives = node.get(keyword)
            if (
                isinstance(alternatives, list)
                and not isinstance(value, dict | list)
                and any(isinstance(a, dict) and _is_secret(a) for a in alternatives)
            ):
                found.append(value)
    return found


def register_config_secrets(schema: t.Any, config: t.Any) -> None:
    """Register the values of the secret settings in ``config`` (see :func:`register_secrets`)."""
    register_secrets(secret_setting_values(schema, config))
