"""``--about`` formatters and supported-Python detection."""

from __future__ import annotations

import email.message
import json
import typing as t

import pytest

from singer_sdk.about import (
    AboutFormatter,
    AboutInfo,
    JSONFormatter,
    MarkdownFormatter,
    TextFormatter,
    get_supported_pythons,
    python_versions,
)
from singer_sdk.helpers.capabilities import PluginCapabilities, TapCapabilities

SETTINGS: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "token": {"type": ["string"], "description": "API token", "secret": True},
        "opts": {
            "type": "object",
            "properties": {
                "depth": {"type": "integer", "default": 2, "description": "How deep\nto go"},
                "inner": {"type": "object", "properties": {"x": {"type": "boolean"}}},
            },
            "required": ["depth"],
        },
        "either": {"anyOf": [{"type": "string"}, {"type": ["integer", "null"]}]},
        "free": {},
    },
    "required": ["token"],
}


def make_info(**changes: t.Any) -> AboutInfo:
    values: dict[str, t.Any] = {
        "name": "tap-demo",
        "description": "Demo tap.",
        "version": "1.2.3",
        "sdk_version": "0.1.0",
        "supported_python_versions": ["3.11", "3.12"],
        "capabilities": [TapCapabilities.DISCOVER, PluginCapabilities.ABOUT],
        "settings": SETTINGS,
        "env_var_prefix": "TAP_DEMO_",
    }
    values.update(changes)
    return AboutInfo(**values)


def test_formatter_registry() -> None:
    assert isinstance(AboutFormatter.get_formatter("text"), TextFormatter)
    assert isinstance(AboutFormatter.get_formatter("JSON"), JSONFormatter)
    assert isinstance(AboutFormatter.get_formatter("Markdown"), MarkdownFormatter)
    with pytest.raises(
        ValueError, match="Unknown --about format 'yaml'; expected one of: json, markdown, text"
    ):
        AboutFormatter.get_formatter("yaml")


def test_custom_formatter_registers_itself() -> None:
    class NameOnly(AboutFormatter, format_name="name-only"):
        def format_about(self, about_info: AboutInfo) -> str:
            return about_info.name

    try:
        assert AboutFormatter.get_formatter("NAME-ONLY").format_about(make_info()) == "tap-demo"
    finally:
        del AboutFormatter.formats["name-only"]


def test_text_format() -> None:
    assert TextFormatter().format_about(make_info()) == (
        "Name: tap-demo\n"
        "Description: Demo tap.\n"
        "Version: 1.2.3\n"
        "SDK Version: 0.1.0\n"
        "Supported Python Versions:\n"
        "  - 3.11\n"
        "  - 3.12\n"
        "Capabilities:\n"
        "  - discover\n"
        "  - about\n"
        "Settings:\n"
        "  - Name: token\n"
        "    Type: ['string']\n"
        "    Environment Variable: TAP_DEMO_TOKEN\n"
        "  - Name: opts\n"
        "    Type: object\n"
        "    Environment Variable: TAP_DEMO_OPTS\n"
        "  - Name: either\n"
        "    Type: ['string', 'integer', 'null']\n"
        "    Environment Variable: TAP_DEMO_EITHER\n"
        "  - Name: free\n"
        "    Type: any\n"
        "    Environment Variable: TAP_DEMO_FREE\n"
    )


def test_text_format_without_optional_parts() -> None:
    text = TextFormatter().format_about(make_info(description=None, supported_python_versions=None))
    assert "Description" not in text
    assert "Supported Python Versions" not in text


def test_json_format() -> None:
    text = JSONFormatter().format_about(make_info())
    document = json.loads(text)
    assert list(document) == [
        "name",
        "description",
        "version",
        "sdk_version",
        "supported_python_versions",
        "capabilities",
        "settings",
    ]
    assert document["capabilities"] == ["discover", "about"]
    assert document["settings"] == SETTINGS
    assert text.startswith('{\n  "name": "tap-demo",\n  "description": "Demo tap.",')
    none = json.loads(JSONFormatter().format_about(make_info(supported_python_versions=None)))
    assert none["supported_python_versions"] is None


def test_markdown_format() -> None:
    text = MarkdownFormatter().format_about(make_info())
    assert text == (
        "# `tap-demo`\n\n"
        "Demo tap.\n\n"
        "Built with the singer-connector-sdk, compatible with the "
        "[Meltano Singer SDK](https://sdk.meltano.com).\n\n"
        "## Capabilities\n\n"
        "- `discover`\n"
        "- `about`\n\n"
        "## Supported Python Versions\n\n"
        "- 3.11\n"
        "- 3.12\n\n"
        "## Settings\n\n"
        "| Setting | Required | Default | Description |\n"
        "|:--------|:--------:|:-------:|:------------|\n"
        "| token | True | None | API token |\n"
        "| opts | False | None |  |\n"
        "| opts.depth | True | 2 | How deep<BR/>to go |\n"
        "| opts.inner | False | None |  |\n"
        "| opts.inner.x | False | None |  |\n"
        "| either | False | None |  |\n"
        "| free | False | None |  |\n\n"
        "A full list of supported settings and capabilities is available by running: "
        "`tap-demo --about`\n"
    )


def test_markdown_without_description() -> None:
    text = MarkdownFormatter().format_about(make_info(description=None))
    assert text.startswith("# `tap-demo`\n\nBuilt with")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (">=3.9", ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]),
        (">=3.8,<3.12", ["3.8", "3.9", "3.10", "3.11"]),
        ("~=3.12", ["3.12", "3.13", "3.14"]),
        ("<3.13", ["3.11", "3.12"]),
        ("==3.12.*", ["3.12"]),
        (">=3.11,!=3.12.*", ["3.11", "3.13", "3.14"]),
        ("", ["3.11", "3.12", "3.13", "3.14"]),
        ("not a specifier", []),
    ],
)
def test_supported_pythons_from_requires_python(spec: str, expected: list[str]) -> None:
    assert list(get_supported_pythons(spec)) == expected


def test_supported_pythons_from_classifiers() -> None:
    classifiers = [
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.13",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.9",
    ]
    assert list(get_supported_pythons(">=3.10", classifiers=classifiers)) == ["3.11", "3.13"]


def test_python_versions_from_metadata() -> None:
    package_metadata = email.message.Message()
    package_metadata["Requires-Python"] = ">=3.12"
    assert python_versions(package_metadata) == ["3.12", "3.13", "3.14"]
    package_metadata["Classifier"] = "Programming Language :: Python :: 3.12"
    assert python_versions(package_metadata) == ["3.12"]
