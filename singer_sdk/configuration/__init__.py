"""Configuration parsing helpers (kept at the reference's import path)."""

from __future__ import annotations
