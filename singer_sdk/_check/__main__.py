"""``python -m singer_sdk._check``."""

from __future__ import annotations

import sys

from singer_sdk._check.cli import main

if __name__ == "__main__":
    sys.exit(main())
