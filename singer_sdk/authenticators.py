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
from singer_sdk.helpers._compat import aliases_getattr

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

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
        "utc_now": "singer_sdk.helpers._util",
    },
)
