"""What ``--about`` prints: plugin metadata, capabilities and settings, as text, JSON or Markdown.

:class:`AboutInfo` holds the facts; an :class:`AboutFormatter` subclass renders them. Formatters
register themselves by name when subclassed (``class YAMLFormatter(AboutFormatter,
format_name="yaml")``), and :meth:`AboutFormatter.get_formatter` finds them by that name.
Their home is :mod:`singer_sdk._about`.
"""

from __future__ import annotations

from singer_sdk._about import (
    SDK_DISTRIBUTION_NAME,
    AboutFormatter,
    AboutInfo,
    JSONFormatter,
    MarkdownFormatter,
    TextFormatter,
    get_supported_pythons,
    python_versions,
)

__all__ = [
    "SDK_DISTRIBUTION_NAME",
    "AboutFormatter",
    "AboutInfo",
    "JSONFormatter",
    "MarkdownFormatter",
    "TextFormatter",
    "get_supported_pythons",
    "python_versions",
]
