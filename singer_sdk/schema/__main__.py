"""``python -m singer_sdk.schema``: the ``singer-sdk-infer`` command."""

from __future__ import annotations

import sys

from singer_sdk._schema.infer_cli import main

if __name__ == "__main__":
    sys.exit(main())
