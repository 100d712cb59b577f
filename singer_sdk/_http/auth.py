"""Authenticators: add credentials (headers or query parameters) to each request."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import math
import threading
import typing as t
import warnings
from types import MappingProxyType
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._exceptions import AuthenticationError

if t.TYPE_CHECKING:
    import requests

__all__ = [
    "APIAuthenticatorBase",
    "APIKeyAuthenticator",
    "BasicAuthenticator",
    "BearerTokenAuthenticator",
    "OAuthAuthenticator",
    "OAuthJWTAuthenticator",
    "SimpleAuthenticator",
    "SingletonMeta",
    "TokenRefreshError",
]

_LOGGER = logging.getLogger("singer_sdk.authenticators")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TokenRefreshError(AuthenticationError, RuntimeError):
    """Getting an OAuth access token failed (also a ``RuntimeError``, as it used to be)."""


class SingletonMeta(type):
    """A metaclass that gives each class one shared instance (the first one created)."""

    __single_instance: t.Any = None

    def __call__(cls, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Return the class's instance, creating it on the first call."""
        if cls.__single_instance is None:
            cls.__single_instance = super().__call__(*args, **kwargs)
        return cls.__single_instance


class APIAuthenticatorBase:
    """Adds ``auth_headers`` and ``auth_params`` to each request.

    Usable wherever ``requests`` takes an ``auth`` (it is callable on a prepared request).
    The ``stream`` argument is deprecated: pass the credentials instead.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        stream = kwargs.pop("stream", args[0] if args else None)
        self._stream = stream
        if stream is not None:
            warnings.warn(
                "Passing a stream to an authenticator is deprecated; pass the credentials.",
                SingerSDKDeprecationWarning,
                stacklevel=3,
            )
        self._tap_name: str | None = getattr(stream, "tap_name", None)
        self._config: dict[str, t.Any] = dict(getattr(stream, "config", None) or {})
        self.auth_headers: dict[str, str] = {}
        self.auth_params: dict[str, str] = {}
        self.logger: logging.Logger = getattr(stream, "logger", None) or _LOGGER

    @property
    def tap_name(self) -> str | None:
        """The tap's name, when the deprecated ``stream`` argument was given."""
        return self._tap_name

    @property
    def config(self) -> t.Mapping[str, t.Any]:
        """The tap's config (read-only), when the deprecated ``stream`` argument was given."""
        return MappingProxyType(self._config)

    def authenticate_request(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Return ``request`` with the auth headers set and the auth params added to its URL."""
        request.headers.update(self.auth_headers)
        if self.auth_params and request.url:
            parts = urlsplit(request.url)
            query = [
                (k, v)
                for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if k not in self.auth_params
            ]
            query.extend(self.auth_params.items())
            request.url = urlunsplit(parts._replace(query=urlencode(query)))
        return request

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Authenticate ``request`` (the ``requests`` auth protocol)."""
        return self.authenticate_request(request)

    def secrets(self) -> list[str]:
        """Return the credential values to keep out of logs and error messages."""
        values = [*self.auth_headers.values(), *self.auth_params.values()]
        for value in list(values):
            if " " in value:  # "Bearer xyz" -> also "xyz"
                values.append(value.split(" ", 1)[1])
        return [v for v in values if v]


class SimpleAuthenticator(APIAuthenticatorBase):
    """Adds fixed headers.

    Args:
        auth_headers: the headers to add; None: none (a no-op authenticator).
    """

    def __init__(
        self, *args: t.Any, auth_headers: dict[str, str] | None = None, **kwargs: t.Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if auth_headers:
            self.auth_headers.update(auth_headers)


class _CreateForStream:
    @classmethod
    def create_for_stream(cls, stream: t.Any, **kwargs: t.Any) -> t.Any:
        """Deprecated: create the authenticator for ``stream``."""
        warnings.warn(
            f"{cls.__name__}.create_for_stream is deprecated; instantiate the class.",
            SingerSDKDeprecationWarning,
            stacklevel=2,
        )
        factory: t.Any = cls
        return factory(stream=stream, **kwargs)


class APIKeyAuthenticator(_CreateForStream, APIAuthenticatorBase):
    """Sends an API key in a header or a query parameter.

    Args:
        key: the header or parameter name.
        value: the API key.
        location: ``"header"`` or ``"params"``.

    Raises:
        ValueError: ``location`` is neither.
    """

    def __init__(
        self,
        *args: t.Any,
        key: str,
        value: str,
        location: t.Literal["header", "params"] = "header",
        **kwargs: t.Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if location not in {"header", "params"}:
            msg = f"location must be 'header' or 'params', not {location!r}"
            raise ValueError(msg)
        if location == "header":
            self.auth_headers[key] = value
        else:
            self.auth_params[key] = value


class BearerTokenAuthenticator(_CreateForStream, APIAuthenticatorBase):
    """Sends ``Authorization: Bearer <token>``.

    Args:
        token: the token.
    """

    def __init__(self, *args: t.Any, token: str, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.auth_headers["Authorization"] = f"Bearer {token}"


class BasicAuthenticator(_CreateForStream, APIAuthenticatorBase):
    """Sends HTTP Basic credentials.

    Args:
        username: the user name.
        password: the password.
    """

    def __init__(self, *args: t.Any, username: str, password: str, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        credentials = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.auth_headers["Authorization"] = f"Basic {credentials}"
        self._password = password

    def secrets(self) -> list[str]:
        """Return the credential values, including the password."""
        return [*super().secrets(), self._password]


class OAuthAuthenticator(APIAuthenticatorBase):
    """Gets an access token from an OAuth 2 token endpoint and sends it as a bearer token.

    Override :attr:`oauth_request_body` (client credentials, refresh token, ...). The token is
    fetched before the first request and again when it is about to expire (``expires_in``
    from the endpoint, else ``default_expiration``; refreshed ``refresh_margin`` seconds
    early). A refresh token returned by the endpoint is kept.

    Used by a tap's streams, the authenticator writes what the endpoint rotates back to the
    tap's config before using it (:attr:`config_write_back`, through the tap's
    ``config_store``: the ``--config`` file), keeps the access token and its expiry there
    (:attr:`kept_token_setting`), so the next run uses a still-valid token instead of
    refreshing, and refreshes under one lock per tap: once per expiry, whichever stream or
    thread asks first.

    Args:
        auth_endpoint: the token endpoint URL.
        oauth_scopes: the scopes to request (space separated).
        default_expiration: token lifetime in seconds when the endpoint gives none.
        oauth_headers: extra headers for the token request.
        client_id: the OAuth client id.
        client_secret: the OAuth client secret.
    """

    #: Seconds before expiry at which the token is refreshed.
    refresh_margin: float = 30.0

    #: Fields of the token endpoint's answer written back to the tap's config, as
    #: ``{answer field: setting}``. A setting is written only if the config holds it or the
    #: tap's settings schema declares it.
    config_write_back: t.ClassVar[t.Mapping[str, str]] = MappingProxyType(
        {"refresh_token": "refresh_token"}
    )

    #: The setting that keeps the access token between runs (an object with
    #: ``access_token``, ``expires_in`` and ``last_refreshed``); None: not kept.
    kept_token_setting: t.ClassVar[str | None] = "oauth_access_token"

    def __init__(
        self,
        *args: t.Any,
        auth_endpoint: str | None = None,
        oauth_scopes: str | None = None,
        default_expiration: int | None = None,
        oauth_headers: dict[str, str] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._auth_endpoint = auth_endpoint
        self._oauth_scopes = oauth_scopes
        self._default_expiration = default_expiration
        self._oauth_headers = dict(oauth_headers or {})
        self._client_id = client_id
        self._client_secret = client_secret
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self.expires_in: int | None = None
        self.last_refreshed: dt.datetime | None = None
        self._lock = threading.RLock()
        self._session_obj: requests.Session | None = None
        self._plugin: t.Any = None

    @property
    def _session(self) -> requests.Session:
        """The session token requests are sent with (retries on 429 and 5xx); assignable."""
        if self._session_obj is None:
            import requests
            from urllib3.util.retry import Retry

            session = requests.Session()
            retry = Retry(
                total=3,
                backoff_factor=0.1,
                status_forcelist=(429, 500, 502, 503, 504),
                allowed_methods=None,
            )
            adapter = requests.adapters.HTTPAdapter(max_retries=retry)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._session_obj = session
        return self._session_obj

    @_session.setter
    def _session(self, value: requests.Session) -> None:
        self._session_obj = value

    @property
    def auth_endpoint(self) -> str:
        """The token endpoint URL.

        Raises:
            ValueError: none was given.
        """
        if not self._auth_endpoint:
            msg = "Authorization endpoint not set."
            raise ValueError(msg)
        return self._auth_endpoint

    @property
    def oauth_scopes(self) -> str | None:
        """The scopes requested, if any."""
        return self._oauth_scopes

    @property
    def client_id(self) -> str | None:
        """The client id: the argument, else config ``client_id``."""
        return self._client_id or self.config.get("client_id")

    @property
    def client_secret(self) -> str | None:
        """The client secret: the argument, else config ``client_secret``."""
        return self._client_secret or self.config.get("client_secret")

    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        """The form fields of the token request; override it.

        Raises:
            NotImplementedError: not overridden.
        """
        msg = (
            "The OAuthAuthenticator.oauth_request_body property was not defined; override it "
            "(e.g. grant_type, client_id, client_secret, scope)."
        )
        raise NotImplementedError(msg)

    @property
    def oauth_request_payload(self) -> dict[str, t.Any]:
        """The form fields sent to the token endpoint (default: :attr:`oauth_request_body`)."""
        return self.oauth_request_body

    def is_token_valid(self) -> bool:
        """Return whether the current token can still be used (not within the refresh margin)."""
        if self.last_refreshed is None or self.access_token is None:
            return False
        if not self.expires_in:
            return True
        age = (_utc_now() - self.last_refreshed).total_seconds()
        margin = min(self.refresh_margin, self.expires_in / 10)
        return age < self.expires_in - margin

    def update_access_token(self) -> None:
        """Request a new access token from the endpoint and keep it.

        Raises:
            TokenRefreshError: the endpoint answered with an error or without a token.
        """
        self.logger.info("Requesting new access token")
        requested_at = _utc_now()
        response = self._session.post(
            self.auth_endpoint,
            headers=self._oauth_headers,
            data=self.oauth_request_payload,
            timeout=60,
        )
        if response.status_code >= 400:
            self.handle_error(response.text, response.status_code)
            msg = f"Failed to update access token (status={response.status_code})"
            raise TokenRefreshError(msg)
        try:
            payload = response.json()
            token = payload["access_token"]
        except (ValueError, KeyError, TypeError) as exc:
            msg = "The token endpoint's answer holds no 'access_token'"
            raise TokenRefreshError(msg) from exc
        self.access_token = str(token)
        if payload.get("refresh_token"):
            self.refresh_token = str(payload["refresh_token"])
        expiration = payload.get("expires_in", self._default_expiration)
        self.expires_in = math.floor(float(expiration)) if expiration else None
        self.last_refreshed = requested_at
        self.logger.debug("OAuth authorization attempt was successful")
        self._write_back(payload)

    # -- keeping tokens in the tap's config ------------------------------------------------------

    def _bind_plugin(self, plugin: t.Any) -> None:
        """Attach the authenticator to the tap whose config it keeps tokens in (once)."""
        if self._plugin is not None or plugin is None or not hasattr(plugin, "update_config"):
            return
        self._plugin = plugin
        if not self._config:
            self._config = dict(plugin.config)

    def _refresh_lock(self) -> t.ContextManager[t.Any]:
        """The lock refreshes happen under: the tap's (shared by its authenticators), else own."""
        if self._plugin is None:
            return self._lock
        from singer_sdk._config_store import shared_lock

        return shared_lock(self._plugin, "oauth")

    def _writable(self, setting: str) -> bool:
        plugin = self._plugin
        if setting in plugin.config:
            return True
        schema = getattr(plugin, "config_jsonschema", None) or {}
        return setting in (schema.get("properties") or {})

    def _can_add_setting(self) -> bool:
        """Whether the tap's settings schema lets the kept token be added to its config."""
        setting = self.kept_token_setting
        if setting is None:
            return False
        schema = getattr(self._plugin, "config_jsonschema", None) or {}
        return self._writable(setting) or schema.get("additionalProperties") is not False

    def _write_back(self, payload: t.Mapping[str, t.Any]) -> None:
        """Persist the rotated settings and the new token in the tap's config (before use)."""
        if self._plugin is None:
            return
        updates: dict[str, t.Any] = {}
        for field, setting in self.config_write_back.items():
            value = payload.get(field)
            if value and self._writable(setting) and self._plugin.config.get(setting) != value:
                updates[setting] = value
        if self.kept_token_setting and self.last_refreshed is not None and self._can_add_setting():
            updates[self.kept_token_setting] = {
                "access_token": self.access_token,
                "expires_in": self.expires_in,
                "last_refreshed": self.last_refreshed.isoformat(),
            }
        if not updates:
            return
        self._config.update(updates)
        try:
            self._plugin.update_config(updates)  # written before the new token is used
        except Exception:
            self.logger.exception(
                "Could not store the refreshed OAuth settings (%s); this run goes on with them, "
                "but the next one will not find them",
                ", ".join(sorted(updates)),
            )
            return
        self.logger.info("Stored the refreshed OAuth settings: %s", ", ".join(sorted(updates)))

    def _adopt_kept_token(self) -> None:
        """Take the token (and refresh token) kept in the tap's config if it is newer.

        Every refresh of the tap's authenticators goes through the tap's config, so a newer
        kept token there comes from another authenticator of the tap or from an earlier run.
        """
        if self._plugin is None:
            return
        config = self._plugin.config
        kept = config.get(self.kept_token_setting) if self.kept_token_setting else None
        newer = False
        if (
            isinstance(kept, t.Mapping)
            and kept.get("access_token")
            and kept["access_token"] != self.access_token
        ):
            try:
                refreshed = dt.datetime.fromisoformat(str(kept["last_refreshed"]))
                expires_in = kept.get("expires_in")
                expires_in = None if expires_in is None else math.floor(float(expires_in))
            except (KeyError, TypeError, ValueError):
                refreshed = None
            if refreshed is not None:
                if refreshed.tzinfo is None:
                    refreshed = refreshed.replace(tzinfo=dt.UTC)
                newer = self.last_refreshed is None or refreshed > self.last_refreshed
            if newer:
                self.access_token = str(kept["access_token"])
                self.expires_in = expires_in
                self.last_refreshed = refreshed
        if newer or not self.kept_token_setting or self.refresh_token is None:
            for field, setting in self.config_write_back.items():
                if field == "refresh_token" and config.get(setting):
                    self.refresh_token = str(config[setting])
                    self._config[setting] = config[setting]

    def handle_error(self, content: str, status_code: int | None) -> None:
        """Log a failed token request (status only: the body may echo credentials)."""
        self.logger.error(
            "OAuth authorization failed (status %s): %d bytes of response",
            status_code,
            len(content or ""),
        )

    def authenticate_request(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Return ``request`` with a fresh bearer token (fetched first if needed).

        Before refreshing, a token another authenticator of the same tap (or an earlier run)
        kept in the tap's config is taken if it is still valid.
        """
        if self._plugin is None and self._stream is not None:
            self._bind_plugin(getattr(self._stream, "_tap", None))
        with self._refresh_lock():
            if not self.is_token_valid():
                self._adopt_kept_token()
                if not self.is_token_valid():
                    self.update_access_token()
            self.auth_headers["Authorization"] = f"Bearer {self.access_token}"
        return super().authenticate_request(request)

    def secrets(self) -> list[str]:
        """Return the token and client credentials."""
        extra = [self.access_token, self.refresh_token, self.client_secret]
        return [*super().secrets(), *(value for value in extra if value)]


class OAuthJWTAuthenticator(OAuthAuthenticator):
    """OAuth with a JWT bearer assertion signed RS256 by a private key (needs PyJWT).

    Args:
        private_key: the PEM private key (default: config ``private_key``).
        private_key_passphrase: its passphrase (default: config ``private_key_passphrase``).
    """

    def __init__(
        self,
        *args: t.Any,
        private_key: str | None = None,
        private_key_passphrase: str | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._private_key = private_key
        self._private_key_passphrase = private_key_passphrase

    @property
    def private_key(self) -> str | None:
        """The PEM private key."""
        return self._private_key or self.config.get("private_key")

    @property
    def private_key_passphrase(self) -> str | None:
        """The private key's passphrase."""
        return self._private_key_passphrase or self.config.get("private_key_passphrase")

    @property
    def oauth_request_body(self) -> dict[str, t.Any]:
        """The JWT claims: ``iss``, ``scope``, ``aud``, ``exp`` (in one hour) and ``iat``."""
        now = _utc_now()
        return {
            "iss": self.client_id,
            "scope": self.oauth_scopes,
            "aud": self.auth_endpoint,
            "exp": math.floor((now + dt.timedelta(hours=1)).timestamp()),
            "iat": math.floor(now.timestamp()),
        }

    @property
    def oauth_request_payload(self) -> dict[str, t.Any]:
        """The token request: the JWT-bearer grant with the signed claims as assertion.

        Raises:
            ValueError: no private key is configured.
            ImportError: PyJWT or cryptography is not installed (``singer-connector-sdk[jwt]``).
        """
        if not self.private_key:
            msg = "Missing 'private_key' for OAuth JWT authentication"
            raise ValueError(msg)
        try:
            import jwt
            from cryptography.hazmat.primitives import serialization
        except ImportError as exc:
            msg = (
                "OAuthJWTAuthenticator needs PyJWT and cryptography: install the 'jwt' extra "
                "(pip install 'singer-connector-sdk[jwt]')"
            )
            raise ImportError(msg) from exc
        passphrase = self.private_key_passphrase
        key = serialization.load_pem_private_key(
            self.private_key.encode(),
            password=passphrase.encode() if passphrase else None,
        )
        assertion = jwt.encode(self.oauth_request_body, key, algorithm="RS256")  # type: ignore[arg-type]
        return {
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": assertion,
        }
