"""The one redaction where text leaves the process: secret settings masked in every log line."""

from __future__ import annotations

import io
import logging
import typing as t

import pytest

from singer_sdk import Tap
from singer_sdk import typing as th
from singer_sdk._logging import setup_logging
from singer_sdk._redaction import clear_secrets, redact, register_secrets, secret_setting_values


@pytest.fixture(autouse=True)
def _forget_secrets() -> t.Iterator[None]:
    clear_secrets()
    yield
    clear_secrets()


def test_every_form_of_a_secret_is_masked() -> None:
    register_secrets(["p@ss word/é"])
    text = "p@ss word/é p%40ss%20word%2F%C3%A9 p%40ss+word%2F%C3%A9 p@ss word/\\u00e9"
    assert redact(text) == "REDACTED REDACTED REDACTED REDACTED"


def test_short_values_and_no_secrets_leave_text_alone() -> None:
    assert redact("nothing to hide") == "nothing to hide"
    register_secrets(["abc", None, True])
    assert redact("abc") == "abc"


def test_secret_settings_are_found_nested_and_in_lists() -> None:
    schema = th.PropertiesList(
        th.Property("user", th.StringType),
        th.Property("key", th.StringType, secret=True),
        th.Property("db", th.ObjectType(th.Property("password", th.StringType, secret=True))),
        th.Property("tokens", th.ArrayType(th.StringType), secret=True),
    ).to_dict()
    config = {
        "user": "ada",
        "key": "k-1234",
        "db": {"password": "pw-5678"},
        "tokens": ["t-1", "t-2"],
    }
    assert sorted(secret_setting_values(schema, config)) == ["k-1234", "pw-5678", "t-1", "t-2"]


def test_a_plugin_masks_its_secret_settings_in_every_log_line_and_traceback() -> None:
    class MyTap(Tap):
        name = "tap-redact"
        config_jsonschema = th.PropertiesList(
            th.Property("api_key", th.StringType, secret=True),
            th.Property("host", th.StringType),
        ).to_dict()

        def discover_streams(self) -> list[t.Any]:
            return []

    out = io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        setup_logging("tap-redact", stream=out)
        tap = MyTap(config={"api_key": "the-secret-value", "host": "example.com"})
        tap.logger.info("config: %r", tap.config)
        tap.logger.info("url: https://example.com/x?p=the-secret-value")
        try:
            raise RuntimeError(f"failed with {dict(tap.config)}")
        except RuntimeError:
            tap.logger.exception("boom")
        logging.getLogger("urllib3.connectionpool").debug("GET /?a=the-secret-value")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    text = out.getvalue()
    assert "the-secret-value" not in text
    assert "'api_key': 'REDACTED'" in text
    assert "example.com" in text
