"""GraphQL streams: one POST per page with the query and its variables."""

from __future__ import annotations

import typing as t

from singer_sdk._exceptions import FatalAPIError
from singer_sdk._http.rest import RESTStream, _TToken

if t.TYPE_CHECKING:
    import requests

    from singer_sdk._types import Context

__all__ = ["GraphQLStream"]


class GraphQLStream(RESTStream[_TToken], t.Generic[_TToken]):
    """A stream of a GraphQL API: set ``url_base``, ``name``, ``schema`` and ``query``.

    Variables come from ``get_url_params``; records are read at ``$.data.<name>[*]``.
    """

    path = ""
    http_method = "POST"

    @property
    def records_jsonpath(self) -> str:  # type: ignore[override]
        """Where the records are: ``$.data.<stream name>[*]``."""
        return f"$.data.{self.name}[*]"

    @property
    def query(self) -> str:
        """The GraphQL query; set it on the subclass.

        Raises:
            NotImplementedError: not set.
        """
        msg = f"GraphQLStream {self.name!r} has no 'query'."
        raise NotImplementedError(msg)

    def prepare_request_payload(
        self, context: Context | None, next_page_token: _TToken | None
    ) -> dict[str, t.Any] | None:
        """Return ``{"query": ..., "variables": ...}``; the query on one line.

        A query not starting with ``query`` is wrapped in ``query { ... }``.
        """
        query = " ".join(line.strip() for line in self.query.splitlines() if line.strip())
        if not query.lstrip().startswith("query"):
            query = f"query {{ {query} }}"
        return {"query": query, "variables": self.get_url_params(context, next_page_token)}

    def validate_response(self, response: requests.Response) -> None:
        """Raise on HTTP errors, non-object bodies, and GraphQL ``errors`` without ``data``.

        With partial data the errors are logged as a warning and the records are read.

        Raises:
            FatalAPIError: the body is not a JSON object, or has ``errors`` and no data.
        """
        super().validate_response(response)
        try:
            body = response.json()
        except ValueError as exc:
            excerpt = self._http_client.redact(self, response.text[:300])
            msg = f"GraphQL response of {self.name!r} is not JSON: {excerpt!r}"
            raise FatalAPIError(msg) from exc
        if not isinstance(body, dict):
            msg = f"GraphQL response of {self.name!r} is not a JSON object"
            raise FatalAPIError(msg)
        errors = body.get("errors")
        if errors:
            messages = "; ".join(
                str(error.get("message", error)) if isinstance(error, dict) else str(error)
                for error in errors
            )
            if not body.get("data"):
                redacted = self._http_client.redact(self, messages)
                msg = f"GraphQL errors in response of {self.name!r}: {redacted}"
                raise FatalAPIError(msg)
            self.logger.warning(
                "GraphQL errors with partial data: %s", self._http_client.redact(self, messages)
            )
