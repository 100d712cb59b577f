"""Authenticators for REST streams (the stream's ``authenticator`` property)."""

from __future__ import annotations

from singer_sdk._http.auth import (
    APIAuthenticatorBase,
    APIKeyAuthenticator,
    BasicAuthenticator,
    BearerTokenAuthenticator,
    OAuthAuthenticator,
    OAuthJWTAuthenticator,
    SimpleAuthenticator,
    SingletonMeta,
)

__all__ = [
    "APIAuthenticatorBase",
    "APIKeyAuthenticator",
    "BasicAuthenticator",
    "BearerTokenAuthenticator",
    "OAuthAuthenticator",
    "OAuthJWTAuthenticator",
    "SimpleAuthenticator",
    "SingletonMeta",
]
