"""The Singer conformance checker (``singer-sdk-check``): runs any tap or target executable.

Run it as ``singer-sdk-check`` or ``python -m singer_sdk._check``.
"""

from __future__ import annotations

from singer_sdk._check.cli import main

__all__ = ["main"]
