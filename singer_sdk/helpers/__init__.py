"""Helpers for connector authors (capabilities, conformance levels, JSONPath, types)."""
