"""What ``--about`` prints: plugin metadata, capabilities and settings, as text, JSON or Markdown.

:class:`AboutInfo` holds the facts; an :class:`AboutFormatter` subclass renders them. Formatters
register themselves by name when subclassed (``class YAMLFormatter(AboutFormatter,
format_name="yaml")``), and :meth:`AboutFormatter.get_formatter` finds them by that name.
Public at ``singer_sdk.about``, which re-exports these.
"""

from __future__ import annotations

import abc
import dataclasses
import json
import re
import typing as t

from singer_sdk._version import SDK_DISTRIBUTION_NAME

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from singer_sdk._capabilities import CapabilitiesEnum

__all__ = [
    "SDK_DISTRIBUTION_NAME",
    "AboutFormatter",
    "AboutInfo",
    "JSONFormatter",
    "MarkdownFormatter",
    "TextFormatter",
    "get_supported_pythons",
    "python_versions",
]


#: Oldest and newest Python 3 minor versions considered when only ``Requires-Python`` is known.
_PY_MIN_VERSION = 11
_PY_MAX_VERSION = 14

_CLASSIFIER = re.compile(r"^Programming Language :: Python :: 3\.(\d+)$")
_CLAUSE = re.compile(r"^\s*(===|==|!=|~=|<=|>=|<|>)\s*([0-9]+(?:\.[0-9]+)*)(\.\*)?\s*$")


@dataclasses.dataclass
class AboutInfo:
    """The facts ``--about`` reports about a plugin.

    Attributes:
        name: the plugin's executable name, e.g. ``tap-github``.
        description: the plugin class docstring, if any.
        version: the plugin's package version.
        sdk_version: the version of this SDK.
        supported_python_versions: e.g. ``["3.11", "3.12"]``, or None if unknown.
        capabilities: what the plugin supports.
        settings: the full settings JSON Schema, built-in settings included.
        env_var_prefix: the prefix of the plugin's setting variables, e.g. ``TAP_GITHUB_``.
    """

    name: str
    description: str | None
    version: str
    sdk_version: str
    supported_python_versions: Sequence[str] | None
    capabilities: Sequence[CapabilitiesEnum]
    settings: dict[str, t.Any]
    env_var_prefix: str


class AboutFormatter(abc.ABC):
    """Renders :class:`AboutInfo` in one output format.

    Subclass with a ``format_name`` keyword to add a format: ``class YAMLFormatter(AboutFormatter,
    format_name="yaml")``; ``--about --format=yaml`` then uses it.
    """

    #: Registered formatter classes by format name.
    formats: t.ClassVar[dict[str, type[AboutFormatter]]] = {}

    def __init_subclass__(cls, format_name: str | None = None, **kwargs: t.Any) -> None:
        """Register the subclass under ``format_name`` (case-insensitive), if given."""
        super().__init_subclass__(**kwargs)
        if format_name is not None:
            AboutFormatter.formats[format_name.lower()] = cls

    @classmethod
    def get_formatter(cls, name: str) -> AboutFormatter:
        """Return a formatter for the format called ``name`` (case-insensitive).

        Raises:
            ValueError: no formatter is registered under that name; the message lists those
                that are.
        """
        formatter_class = cls.formats.get(name.lower())
        if formatter_class is None:
            known = ", ".join(sorted(cls.formats))
            msg = f"Unknown --about format {name!r}; expected one of: {known}"
            raise ValueError(msg)
        return formatter_class()

    @abc.abstractmethod
    def format_about(self, about_info: AboutInfo) -> str:
        """Return ``about_info`` rendered in this format."""


class TextFormatter(AboutFormatter, format_name="text"):
    """Plain text: ``Name: ...`` lines, then lists of capabilities and settings."""

    def format_about(self, about_info: AboutInfo) -> str:
        """Return ``about_info`` as plain text; settings show their type and variable name."""
        lines = [f"Name: {about_info.name}"]
        if about_info.description is not None:
            lines.append(f"Description: {about_info.description}")
        lines += [
            f"Version: {about_info.version}",
            f"SDK Version: {about_info.sdk_version}",
        ]
        if about_info.supported_python_versions:
            lines.append("Supported Python Versions:")
            lines += [f"  - {version}" for version in about_info.supported_python_versions]
        lines.append("Capabilities:")
        lines += [f"  - {capability}" for capability in about_info.capabilities]
        lines.append("Settings:")
        for setting, schema in about_info.settings.get("properties", {}).items():
            env_var = about_info.env_var_prefix + re.sub(r"[^A-Z0-9_]", "_", setting.upper())
            lines += [
                f"  - Name: {setting}",
                f"    Type: {_type_label(schema)}",
                f"    Environment Variable: {env_var}",
            ]
        return "\n".join(lines) + "\n"


class JSONFormatter(AboutFormatter, format_name="json"):
    """A JSON object: name, description, version, sdk_version, supported_python_versions,
    capabilities, settings (in that order), indented by two spaces."""

    def format_about(self, about_info: AboutInfo) -> str:
        """Return ``about_info`` as an indented JSON object."""
        document = {
            "name": about_info.name,
            "description": about_info.description,
            "version": about_info.version,
            "sdk_version": about_info.sdk_version,
            "supported_python_versions": (
                list(about_info.supported_python_versions)
                if about_info.supported_python_versions is not None
                else None
            ),
            "capabilities": [str(capability) for capability in about_info.capabilities],
            "settings": about_info.settings,
        }
        return json.dumps(document, indent=2, default=str)


class MarkdownFormatter(AboutFormatter, format_name="markdown"):
    """A Markdown page: title, description, capabilities, Python versions, a settings table.

    Nested object settings get their own rows, named ``parent.child``.
    """

    def format_about(self, about_info: AboutInfo) -> str:
        """Return ``about_info`` as a Markdown document."""
        parts = [f"# `{about_info.name}`"]
        if about_info.description is not None:
            parts.append(about_info.description)
        parts.append(
            f"Built with the {SDK_DISTRIBUTION_NAME}, compatible with the "
            "[Meltano Singer SDK](https://sdk.meltano.com)."
        )
        capabilities = "\n".join(f"- `{capability}`" for capability in about_info.capabilities)
        parts.append(f"## Capabilities\n\n{capabilities}")
        if about_info.supported_python_versions:
            versions = "\n".join(f"- {version}" for version in about_info.supported_python_versions)
            parts.append(f"## Supported Python Versions\n\n{versions}")
        table = [
            "| Setting | Required | Default | Description |",
            "|:--------|:--------:|:-------:|:------------|",
            *self._generate_property_rows(about_info.settings),
        ]
        parts.append("## Settings\n\n" + "\n".join(table))
        parts.append(
            "A full list of supported settings and capabilities is available by running: "
            f"`{about_info.name} --about`"
        )
        return "\n\n".join(parts) + "\n"

    def _generate_property_rows(
        self,
        schema: t.Mapping[str, t.Any],
        prefix: str = "",
    ) -> Iterator[str]:
        """Yield one table row per property of ``schema``, then rows of its nested properties."""
        required = set(schema.get("required", ()))
        for name, property_schema in schema.get("properties", {}).items():
            yield self._generate_property_row(
                f"{prefix}{name}",
                property_schema,
                required=name in required,
            )
            if isinstance(property_schema, dict) and property_schema.get("properties"):
                yield from self._generate_property_rows(property_schema, prefix=f"{prefix}{name}.")

    def _generate_property_row(
        self,
        name: str,
        schema: t.Mapping[str, t.Any],
        *,
        required: bool,
    ) -> str:
        """Return the table row of one setting."""
        default = schema.get("default")
        description = schema.get("description") or ""
        cells = [
            _markdown_cell(name),
            str(required),
            _markdown_cell(str(default)),
            _markdown_cell(str(description)),
        ]
        return "| " + " | ".join(cells) + " |"


def _markdown_cell(text: str) -> str:
    """Return ``text`` safe inside a Markdown table cell (pipes escaped, newlines as <BR/>)."""
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<BR/>")


def _type_label(schema: t.Mapping[str, t.Any]) -> str:
    """Return the ``Type:`` shown for a setting: its ``type`` as declared, or its branches'."""
    declared = schema.get("type")
    if declared is not None:
        return str(declared)
    branch_types: list[str] = []
    for keyword in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(keyword, ()):
            if not isinstance(branch, dict):
                continue
            branch_type = branch.get("type")
            names = branch_type if isinstance(branch_type, list) else [branch_type]
            branch_types += [n for n in names if isinstance(n, str) and n not in branch_types]
    return str(branch_types) if branch_types else "any"


# --- supported Python versions ----------------------------------------------------------------


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _padded(version: tuple[int, ...], size: int = 3) -> tuple[int, ...]:
    return version + (0,) * (size - len(version))


def _clause_allows_line(
    operator: str, version: tuple[int, ...], wildcard: bool, minor: int
) -> bool:
    """Tell whether some release of Python ``3.<minor>`` satisfies one specifier clause."""
    line = (3, minor)
    head = _padded(version, 2)[:2]
    if wildcard:
        prefix = version
        matches = _padded(line, len(prefix))[: len(prefix)] == prefix
        return not matches if operator == "!=" else matches
    if operator in {"==", "==="}:
        return head == line
    if operator == "!=":
        return True  # excluding one release leaves the rest of the line
    if operator in {">=", ">"}:
        return line >= head
    if operator == "<=":
        return line <= head
    if operator == "<":
        return _padded(line) < _padded(version)
    if operator == "~=":
        if len(version) < 2:
            return False
        upper_prefix = version[:-1]
        return (
            line >= head and _padded(line, len(upper_prefix))[: len(upper_prefix)] == upper_prefix
        )
    return False


def get_supported_pythons(
    requires_python: str,
    *,
    classifiers: Sequence[str] | None = None,
) -> Iterator[str]:
    """Yield the Python minor versions (``"3.11"``, ...) a package supports.

    Args:
        requires_python: the package's ``Requires-Python`` specifier, e.g. ``>=3.11,<4``.
        classifiers: the package's trove classifiers; when they list ``Programming Language ::
            Python :: 3.X`` versions, those (that also satisfy ``requires_python``) are the
            answer. Otherwise each version from the specifier's lower bound (or 3.11) to 3.14 that
            satisfies it is yielded.
    """
    clauses: list[tuple[str, tuple[int, ...], bool]] = []
    for raw_clause in filter(None, (c.strip() for c in requires_python.split(","))):
        match = _CLAUSE.match(raw_clause)
        if match is None:
            return
        operator, version_text, wildcard = match.groups()
        clauses.append((operator, _version_tuple(version_text), wildcard is not None))

    def allowed(minor: int) -> bool:
        return all(_clause_allows_line(op, v, w, minor) for op, v, w in clauses)

    listed = sorted(
        {int(match.group(1)) for c in classifiers or () if (match := _CLASSIFIER.match(c.strip()))}
    )
    if listed:
        yield from (f"3.{minor}" for minor in listed if allowed(minor))
        return
    lower = _PY_MIN_VERSION
    for operator, version, _ in clauses:
        if operator in {">=", ">", "~=", "==", "==="} and version[0] == 3 and len(version) > 1:
            lower = min(lower, version[1])
    yield from (f"3.{minor}" for minor in range(lower, _PY_MAX_VERSION + 1) if allowed(minor))


def python_versions(package_metadata: t.Any) -> list[str]:
    """Return the Python versions a package supports, from its classifiers or Requires-Python.

    Args:
        package_metadata: what :func:`importlib.metadata.metadata` returns for the package.
    """
    classifiers = package_metadata.get_all("Classifier") or []
    requires_python = package_metadata.get("Requires-Python") or ""
    return list(get_supported_pythons(requires_python, classifiers=classifiers))
