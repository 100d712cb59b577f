"""The HTTP layer: REST and GraphQL streams, paginators, authenticators, retries."""
