"""REST streams (``RESTStream``) and the request objects of their hooks."""

from __future__ import annotations

from singer_sdk._http.rest import HTTPRequest, PageContext, RESTStream

__all__ = ["HTTPRequest", "PageContext", "RESTStream"]
