"""JSONPath record extraction (``extract_jsonpath``)."""

from __future__ import annotations

from singer_sdk._http.jsonpath import extract_jsonpath

__all__ = ["extract_jsonpath"]
