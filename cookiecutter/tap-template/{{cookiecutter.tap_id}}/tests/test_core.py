"""Tests of {{ cookiecutter.tap_id }}: the SDK's standard tap tests, and a few of its own."""

from __future__ import annotations

{%- if cookiecutter.stream_type == "SQL" %}

import sqlite3
import tempfile
import typing as t
from pathlib import Path

from singer_sdk.testing import SuiteConfig, get_tap_test_class

from {{ cookiecutter.library_name }}.tap import Tap{{ cookiecutter.source_name }}


def create_sample_database(path: Path) -> None:
    """Create a small SQLite database with the tables the tests read."""
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            CREATE TABLE users (
                id INTEGER NOT NULL PRIMARY KEY,
                name VARCHAR(100),
                email VARCHAR(100),
                active BOOLEAN,
                updated_at DATETIME
            );
            CREATE TABLE groups (
                id INTEGER NOT NULL PRIMARY KEY,
                name VARCHAR(100)
            );
            INSERT INTO users VALUES
                (1, 'User 1', 'user1@example.com', 1, '2024-01-01 00:00:00'),
                (2, 'User 2', 'user2@example.com', 0, '2024-01-02 00:00:00'),
                (3, 'User 3', 'user3@example.com', 1, '2024-01-03 00:00:00');
            INSERT INTO groups VALUES (1, 'Admins'), (2, 'Readers');
            """
        )
    connection.close()


def select_all(catalog: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return ``catalog`` with every stream and column selected (tables start unselected)."""
    for stream in catalog["streams"]:
        for entry in stream["metadata"]:
            entry["metadata"]["selected"] = True
    return catalog


DATABASE = Path(tempfile.mkdtemp()) / "sample.db"
create_sample_database(DATABASE)

SAMPLE_CONFIG = {"sqlalchemy_url": f"sqlite:///{DATABASE}"}
SAMPLE_TAP = Tap{{ cookiecutter.source_name }}(config=SAMPLE_CONFIG)
SAMPLE_CATALOG = select_all(SAMPLE_TAP.catalog_dict)

# strict=True: singer_sdk's stricter checks (RFC 3339 date-times, unique primary keys, the
# incremental tests); without it the suite checks what Meltano's singer-sdk checks.
Test{{ cookiecutter.source_name }} = get_tap_test_class(
    Tap{{ cookiecutter.source_name }},
    config=SAMPLE_CONFIG,
    catalog=SAMPLE_CATALOG,
    suite_config=SuiteConfig(strict=True),
)


def test_discovers_every_table() -> None:
    """Each table of the database is a stream, with its primary key."""
    tap = Tap{{ cookiecutter.source_name }}(config=SAMPLE_CONFIG)
    streams = tap.streams
    assert sorted(streams) == ["main-groups", "main-users"]
    assert list(streams["main-users"].primary_keys or []) == ["id"]
{%- elif cookiecutter.stream_type == "Other" %}

import json
import typing as t

from singer_sdk.testing import SuiteConfig, get_tap_test_class

from {{ cookiecutter.library_name }}.tap import Tap{{ cookiecutter.source_name }}

if t.TYPE_CHECKING:
    import pytest

SAMPLE_CONFIG = {"start_date": "2024-01-02T00:00:00Z"}

# strict=True: singer_sdk's stricter checks (RFC 3339 date-times, unique primary keys, the
# incremental tests); without it the suite checks what Meltano's singer-sdk checks.
Test{{ cookiecutter.source_name }} = get_tap_test_class(
    Tap{{ cookiecutter.source_name }},
    config=SAMPLE_CONFIG,
    suite_config=SuiteConfig(strict=True),
)


def test_start_date_skips_older_users(capsys: pytest.CaptureFixture[str]) -> None:
    """Users updated before ``start_date`` are not synced."""
    Tap{{ cookiecutter.source_name }}(config=SAMPLE_CONFIG).sync_all()
    messages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    synced = [
        message["record"]["id"]
        for message in messages
        if message["type"] == "RECORD" and message["stream"] == "users"
    ]
    assert synced == [2, 3, 4, 5]
{%- else %}

{% if cookiecutter.auth_method != "Custom or N/A" -%}
import pytest
{% endif -%}
{% if cookiecutter.auth_method == "JWT" -%}
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
{% endif -%}
{% if cookiecutter.auth_method != "Custom or N/A" -%}
from singer_sdk.exceptions import FatalAPIError
{% endif -%}
from singer_sdk.testing import SuiteConfig, get_tap_test_class

from {{ cookiecutter.library_name }}.tap import Tap{{ cookiecutter.source_name }}
from tests import fixture_api

{%- if cookiecutter.auth_method == "JWT" %}

PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_KEY_PEM = PRIVATE_KEY.private_bytes(
    serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8,
    serialization.NoEncryption(),
).decode()
PUBLIC_KEY_PEM = (
    PRIVATE_KEY.public_key()
    .public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    .decode()
)
API_URL = fixture_api.start_fixture_api(PUBLIC_KEY_PEM)
{%- else %}

API_URL = fixture_api.start_fixture_api()
{%- endif %}

SAMPLE_CONFIG = {
    "api_url": API_URL,
{%- if cookiecutter.auth_method == "API Key" %}
    "api_key": fixture_api.API_KEY,
{%- elif cookiecutter.auth_method == "Bearer Token" %}
    "auth_token": fixture_api.AUTH_TOKEN,
{%- elif cookiecutter.auth_method == "Basic Auth" %}
    "username": fixture_api.USERNAME,
    "password": fixture_api.PASSWORD,
{%- elif cookiecutter.auth_method in ("OAuth2", "JWT") %}
    "token_url": f"{API_URL}{fixture_api.TOKEN_PATH}",
    "client_id": fixture_api.CLIENT_ID,
{%- if cookiecutter.auth_method == "OAuth2" %}
    "client_secret": fixture_api.CLIENT_SECRET,
{%- else %}
    "private_key": PRIVATE_KEY_PEM,
{%- endif %}
{%- endif %}
    "start_date": "2024-01-01T00:00:00Z",
}

# strict=True: singer_sdk's stricter checks (RFC 3339 date-times, unique primary keys, the
# incremental tests); without it the suite checks what Meltano's singer-sdk checks.
Test{{ cookiecutter.source_name }} = get_tap_test_class(
    Tap{{ cookiecutter.source_name }},
    config=SAMPLE_CONFIG,
    suite_config=SuiteConfig(strict=True),
)


def test_reads_every_user() -> None:
    """The users stream reads every user the API has (on all pages)."""
    tap = Tap{{ cookiecutter.source_name }}(config=SAMPLE_CONFIG)
    records = list(tap.streams["users"].get_records(None))
    assert [record["id"] for record in records] == [1, 2, 3, 4, 5]
{%- if cookiecutter.auth_method != "Custom or N/A" %}


def test_wrong_credentials_are_rejected() -> None:
    """A request with wrong credentials fails instead of returning nothing."""
{%- if cookiecutter.auth_method == "API Key" %}
    config = {**SAMPLE_CONFIG, "api_key": "wrong"}
{%- elif cookiecutter.auth_method == "Bearer Token" %}
    config = {**SAMPLE_CONFIG, "auth_token": "wrong"}
{%- elif cookiecutter.auth_method == "Basic Auth" %}
    config = {**SAMPLE_CONFIG, "password": "wrong"}
{%- elif cookiecutter.auth_method == "OAuth2" %}
    config = {**SAMPLE_CONFIG, "client_secret": "wrong"}
{%- else %}
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    config = {
        **SAMPLE_CONFIG,
        "private_key": other_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    }
{%- endif %}
    tap = Tap{{ cookiecutter.source_name }}(config=config)
    with pytest.raises(FatalAPIError):
        list(tap.streams["users"].get_records(None))
{%- endif %}
{%- endif %}
