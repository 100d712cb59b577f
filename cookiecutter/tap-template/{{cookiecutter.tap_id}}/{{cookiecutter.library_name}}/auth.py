{%- if cookiecutter.auth_method == "JWT" -%}
"""Authentication of {{ cookiecutter.tap_id }}: OAuth 2 with a signed JWT assertion."""

from __future__ import annotations

import typing as t

from singer_sdk.authenticators import OAuthJWTAuthenticator


class {{ cookiecutter.source_name }}Authenticator(OAuthJWTAuthenticator):
    """Gets access tokens by sending a JWT signed with the ``private_key`` setting.

    The token endpoint receives the JWT-bearer grant; the token it returns is sent as a bearer
    token and renewed shortly before it expires.
    """

    @classmethod
    def from_config(cls, config: t.Mapping[str, t.Any]) -> t.Self:
        """Return an authenticator for the tap's settings.

        Args:
            config: the tap's config (``token_url``, ``client_id``, ``private_key``, ...).

        Returns:
            A new authenticator; it asks for a token before the first request.
        """
        return cls(
            auth_endpoint=str(config["token_url"]),
            oauth_scopes=config.get("oauth_scopes"),
            client_id=str(config["client_id"]),
            private_key=str(config["private_key"]),
            private_key_passphrase=config.get("private_key_passphrase"),
        )
{%- else -%}
"""Authentication of {{ cookiecutter.tap_id }}: OAuth 2 client credentials."""

from __future__ import annotations

import typing as t

from singer_sdk.authenticators import OAuthAuthenticator


class {{ cookiecutter.source_name }}Authenticator(OAuthAuthenticator):
    """Gets access tokens from the token endpoint with the client credentials grant.

    The token is sent as a bearer token and renewed shortly before it expires.
    """

    @classmethod
    def from_config(cls, config: t.Mapping[str, t.Any]) -> t.Self:
        """Return an authenticator for the tap's settings.

        Args:
            config: the tap's config (``token_url``, ``client_id``, ``client_secret``, ...).

        Returns:
            A new authenticator; it asks for a token before the first request.
        """
        return cls(
            auth_endpoint=str(config["token_url"]),
            oauth_scopes=config.get("oauth_scopes"),
            client_id=str(config["client_id"]),
            client_secret=str(config["client_secret"]),
        )

    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        """The form sent to the token endpoint (change it if the API wants another grant)."""
        body: dict[str, t.Any] = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        if self.oauth_scopes:
            body["scope"] = self.oauth_scopes
        return body
{%- endif %}
