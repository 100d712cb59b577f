"""The Tap base class (the reference's ``singer_sdk.tap_base`` path)."""

from __future__ import annotations

from singer_sdk._tap import CliTestOptionValue, Tap

__all__ = ["CliTestOptionValue", "Tap"]
