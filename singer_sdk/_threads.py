"""Helpers for background threads; their home is :mod:`singer_sdk._signals`."""

from __future__ import annotations

from singer_sdk._signals import leave_signals_to_main_thread

__all__ = ["leave_signals_to_main_thread"]
