"""Keep secrets out of log lines and error messages."""

from __future__ import annotations

import re
import typing as t
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "REDACTED",
    "RedactingFilter",
    "install_library_log_redaction",
    "is_secret_name",
    "redact_text",
    "redact_url",
]

REDACTED = "REDACTED"

_SECRET_NAME = re.compile(
    r"(?i)(api[_-]?key|apikey|token|secret|password|passwd|pwd|authorization|auth|"
    r"client[_-]?secret|access[_-]?key|private[_-]?key|signature|session|cookie|credential)"
)
# key=value / "key": "value" / key: value pairs whose key names a secret.
_PAIR = re.compile(
    r"""(?ix)
    (?P<key>["']?[\w\-]*(?:api[_-]?key|apikey|token|secret|password|passwd|authorization|
        client[_-]?secret|access[_-]?key|private[_-]?key|signature|credential)[\w\-]*["']?)
    (?P<sep>\s*[:=]\s*)
    (?P<value>"[^"]*"|'[^']*'|(?:Bearer|Basic)\s+[^\s&,;"']+|[^\s&,;"'}]+)
    """
)
_BEARER = re.compile(r"(?i)\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/=]+")


def is_secret_name(name: str) -> bool:
    """Return True if a parameter or header name looks like it carries a secret."""
    return bool(_SECRET_NAME.search(name))


def redact_url(url: str) -> str:
    """Return ``url`` with the values of secret-looking query parameters replaced."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (key, REDACTED if is_secret_name(key) else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe=REDACTED)))


def redact_text(text: str, secrets: t.Iterable[str] = ()) -> str:
    """Return ``text`` with known ``secrets`` and secret-looking ``key=value`` pairs masked.

    Args:
        text: any text, e.g. a response body excerpt.
        secrets: exact values to mask wherever they appear (e.g. the configured API key).
    """
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)

    def mask(match: re.Match[str]) -> str:
        value = match.group("value")
        quote = value[0] if value[:1] in {'"', "'"} else ""
        return f"{match.group('key')}{match.group('sep')}{quote}{REDACTED}{quote}"

    text = _PAIR.sub(mask, text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


_URL_IN_TEXT = re.compile(r"(?P<url>(?:https?://[^\s\"']+)|(?:/[^\s\"']*\?[^\s\"']+))")


class RedactingFilter:
    """A logging filter that masks secret query parameters in a record's message."""

    def filter(self, record: t.Any) -> bool:
        """Rewrite ``record`` with its URLs' secret parameters masked; always keep it."""
        try:
            message = record.getMessage()
        except Exception:
            return True
        if "?" in message:
            masked = _URL_IN_TEXT.sub(lambda m: redact_url(m.group("url")), message)
            if masked != message:
                record.msg = masked
                record.args = ()
        return True


_installed = False


def install_library_log_redaction() -> None:
    """Mask secret query parameters in the debug logs of ``urllib3`` (once per process)."""
    global _installed
    if _installed:
        return
    import logging

    logging.getLogger("urllib3.connectionpool").addFilter(RedactingFilter())
    _installed = True
