"""Log formatters for Singer plugins: a console line format and one JSON object per log.

Both formatters can be named in a logging config (``SINGER_SDK_LOG_CONFIG``), either with
``class:`` or with the ``():`` factory key::

    formatters:
      structured:
        (): singer_sdk.logging.StructuredFormatter
        defaults:
          app_name: tap-github

Their home is :mod:`singer_sdk._log_formatters`.
"""

from __future__ import annotations

from singer_sdk._log_formatters import DEFAULT_FORMAT, ConsoleFormatter, StructuredFormatter

__all__ = ["DEFAULT_FORMAT", "ConsoleFormatter", "StructuredFormatter"]
