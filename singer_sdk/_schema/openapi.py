"""OpenAPI documents as schema sources: one stream schema per component schema.

``OpenAPISchema(source)`` reads an OpenAPI 3 (``components/schemas``) or Swagger 2
(``definitions``) document, JSON or YAML, from a path, a URL or a ``Traversable``; a stream's
schema is the component named after the stream, with every ``$ref`` replaced by what it points
to. Subclasses may look schemas up by other keys (an endpoint's path and method, say) by
overriding ``get_unresolved_schema``. The default preprocessor, :class:`OpenAPISchemaNormalizer`,
turns the OpenAPI dialect into the plain JSON Schema Singer expects (``nullable``,
``oneOf``/``allOf``, no ``enum``/``pattern``).
"""

from __future__ import annotations

import copy
import functools
import json
import typing as t
from pathlib import Path
from urllib.parse import unquote, urljoin

from singer_sdk._exceptions import SchemaNotFoundError, SchemaNotValidError, UnsupportedOpenAPISpec
from singer_sdk._schema.source import SchemaSource, _TKey

if t.TYPE_CHECKING:
    from collections.abc import Hashable, Sequence
    from importlib.abc import Traversable

__all__ = ["OpenAPISchema", "OpenAPISchemaNormalizer"]

Schema: t.TypeAlias = dict[str, t.Any]

#: OpenAPI keywords that have no meaning in a Singer schema and are dropped by the normaliser.
_DROPPED_KEYWORDS = ("nullable", "enum", "pattern")


class OpenAPISchemaNormalizer:
    """Turn an OpenAPI schema into the JSON Schema a Singer stream declares.

    What it does, recursively:

    - every property that is not a key property, and every object, may be null
      (``"type": ["string", "null"]``); OpenAPI's ``nullable`` keyword is removed;
    - ``allOf`` is merged into one schema (properties and ``required`` combined);
    - ``oneOf`` with one choice, or with one choice besides ``{"type": "null"}``, becomes that
      choice (nullable in the second case); other ``oneOf``/``anyOf`` are kept, their choices
      normalised;
    - ``enum`` and ``pattern`` are removed: an API adding a value must not break the sync.

    The root of a stream schema stays ``"type": "object"`` (a record is never null).
    Override the ``handle_*`` methods to change one rule.
    """

    def preprocess_schema(self, schema: Schema, *, key_properties: Sequence[str] = ()) -> Schema:
        """Return the normalised copy of the stream schema ``schema`` (``schema`` is unchanged).

        Called by the schema source each time a stream reads its schema.
        """
        return self.normalize_schema(copy.deepcopy(schema), key_properties=key_properties)

    def normalize_schema(self, schema: Schema, *, key_properties: Sequence[str] = ()) -> Schema:
        """Return ``schema`` (a stream's root schema) normalised; ``schema`` may be changed."""
        return self._normalize(schema, key_properties=tuple(key_properties))

    def handle_object(self, schema: Schema, *, key_properties: Sequence[str] = ()) -> Schema:
        """Return the object schema with each property nullable, except ``key_properties``."""
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                if isinstance(prop, dict) and name not in key_properties:
                    properties[name] = _with_null(prop)
        return schema

    def handle_array_items(self, schema: Schema) -> Schema:
        """Return the array schema with its ``items`` normalised."""
        items = schema.get("items")
        if isinstance(items, dict):
            schema["items"] = self._normalize(items)
        return schema

    def handle_enum(self, schema: Schema) -> Schema:
        """Return the schema without ``enum`` (the API may add values later)."""
        schema.pop("enum", None)
        return schema

    def handle_pattern(self, schema: Schema) -> Schema:
        """Return the schema without ``pattern`` (regex dialects differ between tools)."""
        schema.pop("pattern", None)
        return schema

    def handle_one_of(self, schema: Schema) -> Schema:
        """Return the schema with a trivial ``oneOf`` folded into it (see the class docstring)."""
        choices = [choice for choice in schema["oneOf"] if isinstance(choice, dict)]
        non_null = [choice for choice in choices if choice.get("type") != "null"]
        if len(non_null) == 1 and len(choices) == len(schema["oneOf"]):
            rest = {key: value for key, value in schema.items() if key != "oneOf"}
            merged = {**non_null[0], **rest}
            return _with_null(merged) if len(choices) == 2 else merged
        return schema

    def handle_all_of(self, subschemas: list[Schema]) -> Schema:
        """Return the one schema equivalent to all of ``subschemas`` (already normalised)."""
        merged: Schema = {}
        for sub in subschemas:
            for key, value in sub.items():
                if key == "properties" and isinstance(value, dict):
                    merged.setdefault("properties", {}).update(value)
                elif key == "required" and isinstance(value, list):
                    required = merged.setdefault("required", [])
                    required.extend(name for name in value if name not in required)
                else:
                    merged[key] = value
        if "properties" in merged:
            merged.setdefault("type", "object")
        return merged

    def _normalize(
        self, schema: Schema, *, key_properties: tuple[str, ...] | None = None
    ) -> Schema:
        """Return ``schema`` with every rule applied to it and its subschemas.

        ``key_properties`` is given for the root schema only (which stays non-null).
        """
        nullable = schema.get("nullable") is True
        schema = self.handle_pattern(self.handle_enum(schema))
        schema.pop("nullable", None)
        if isinstance(schema.get("allOf"), list):
            subschemas = [
                self._normalize(sub) for sub in schema.pop("allOf") if isinstance(sub, dict)
            ]
            schema = self.handle_all_of([*subschemas, schema])
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list):
                schema[keyword] = [
                    self._normalize(sub) if isinstance(sub, dict) else sub
                    for sub in schema[keyword]
                ]
        if "oneOf" in schema:
            schema = self.handle_one_of(schema)
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                if isinstance(prop, dict):
                    properties[name] = self._normalize(prop)
        if "items" in schema:
            schema = self.handle_array_items(schema)
        if key_properties is not None:  # the root of a stream schema: never null
            if "properties" in schema or _has_type(schema, "object"):
                schema = self.handle_object(schema, key_properties=key_properties)
                schema["type"] = _without_null(schema.get("type", "object"))
        elif "properties" in schema or _has_type(schema, "object"):
            schema = self.handle_object(schema)
            schema = _with_null(schema)
        elif nullable:
            schema = _with_null(schema)
        return schema


def _has_type(schema: Schema, name: str) -> bool:
    declared = schema.get("type")
    return declared == name or (isinstance(declared, list) and name in declared)


def _with_null(schema: Schema) -> Schema:
    """Return ``schema`` with ``"null"`` added to its ``type`` (schemas without a type as is)."""
    declared = schema.get("type")
    if isinstance(declared, str) and declared != "null":
        schema["type"] = [declared, "null"]
    elif isinstance(declared, list) and "null" not in declared:
        schema["type"] = [*declared, "null"]
    return schema


def _without_null(declared: t.Any) -> t.Any:
    if isinstance(declared, list):
        rest = [name for name in declared if name != "null"]
        return rest[0] if len(rest) == 1 else rest
    return declared


class OpenAPISchema(SchemaSource[_TKey]):
    """Schemas of the components of an OpenAPI 3 or Swagger 2 document, by component name.

    Use as ``schema = StreamSchema(OpenAPISchema("openapi.json"), key="User")``; without
    ``key`` the stream's name is the component name.

    Keys are component names (``str``) unless a subclass says otherwise: parameterise it with
    another hashable key type and override :meth:`get_unresolved_schema` to map such a key to
    a part of the document (``class Endpoints(OpenAPISchema[EndpointKey])``).

    How a schema is made, hook by hook: :meth:`~SchemaSource.get_schema` calls
    :meth:`fetch_schema` once per key, which calls :meth:`resolve_schema`, which calls
    :meth:`get_unresolved_schema` and replaces the ``$ref`` references in what it returns; each
    ``get_schema`` call then passes the cached schema through the preprocessor.

    Args:
        source: a path (``str`` or ``Path``), an ``http(s)://`` URL, or a ``Traversable`` (e.g.
            ``importlib.resources.files("my_tap") / "openapi.yaml"``). Files ending in
            ``.yaml``/``.yml`` are read as YAML (needs PyYAML), others as JSON.
        preprocessor: adjusts each schema after it is read; default
            :class:`OpenAPISchemaNormalizer`.
    """

    def __init__(
        self,
        source: str | Path | Traversable,
        *args: t.Any,
        preprocessor: OpenAPISchemaNormalizer | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(preprocessor or OpenAPISchemaNormalizer())
        self.source = source
        self._documents: dict[str, Schema] = {}

    @functools.cached_property
    def spec(self) -> dict[str, t.Any]:
        """The OpenAPI document, read on first use.

        Raises:
            SchemaNotFoundError: the file or URL cannot be read (the message names it).
            SchemaNotValidError: the document is not valid JSON/YAML or not a JSON object.
            UnsupportedOpenAPISpec: the document declares neither ``openapi: 3.x`` nor
                ``swagger: 2.x``.
        """
        document = self._load_document(self.source)
        version = str(document.get("openapi") or document.get("swagger") or "")
        if not version.startswith(("3", "2")):
            msg = (
                f"{_describe(self.source)} is not a supported OpenAPI document: it declares "
                "neither 'openapi: 3.x' nor 'swagger: 2.x'"
            )
            raise UnsupportedOpenAPISpec(msg)
        return document

    @property
    def spec_version(self) -> t.Literal["v2", "v3"]:
        """``"v3"`` for OpenAPI 3.x documents, ``"v2"`` for Swagger 2.0."""
        return "v3" if str(self.spec.get("openapi", "")).startswith("3") else "v2"

    def get_unresolved_schema(self, key: _TKey) -> dict[str, t.Any]:
        """Return the schema for ``key`` before its ``$ref`` references are resolved.

        By default the key is a component name and the result is only a ``$ref`` to it
        (``#/components/schemas/<key>``, or ``#/definitions/<key>`` in Swagger 2). Override it
        to look schemas up by other keys, e.g. an endpoint's path and method: return any part
        of :attr:`spec`; :meth:`resolve_schema` replaces the ``$ref`` references in it.
        """
        prefix = "#/components/schemas/" if self.spec_version == "v3" else "#/definitions/"
        return {"$ref": prefix + str(key).replace("~", "~0").replace("/", "~1")}

    def resolve_schema(self, key: _TKey) -> Schema:
        """Return :meth:`get_unresolved_schema` for ``key`` with every ``$ref`` replaced.

        A reference that recurses into a schema being expanded becomes ``{}`` (any value).

        Raises:
            SchemaNotFoundError: ``get_unresolved_schema`` gave no schema (not a JSON object),
                or it is a ``$ref`` to something the document lacks (e.g. no component
                ``key``).
            SchemaNotValidError: a ``$ref`` inside it points nowhere (the message names it).
        """
        unresolved: object = self.get_unresolved_schema(key)  # overrides may return None
        if not isinstance(unresolved, dict):
            msg = (
                f"Schema not found for '{key}': {_describe(self.source)} has no schema for it "
                f"(get_unresolved_schema returned {type(unresolved).__name__})"
            )
            raise SchemaNotFoundError(msg)
        ref = unresolved.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            pointer = ref[1:]
            if _follow_pointer(self.spec, pointer) is None:
                where = unquote(pointer.lstrip("/"))
                msg = f"Schema not found for '{key}': {_describe(self.source)} has no {where}"
                raise SchemaNotFoundError(msg)
        return t.cast("Schema", self._resolve(unresolved, self._base_uri(self.source), (), key))

    def fetch_schema(self, key: _TKey) -> Schema:
        """Return :meth:`resolve_schema` for ``key``; called once per key (then cached)."""
        return self.resolve_schema(key)

    # -- loading -----------------------------------------------------------------------------

    def _load_document(self, source: str | Path | Traversable) -> Schema:
        name = _describe(source)
        text: str
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            text = _fetch_url(source)
        else:
            path = Path(source) if isinstance(source, str) else source
            try:
                text = path.read_text(encoding="utf-8")
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                msg = f"OpenAPI document not found: {name}"
                raise SchemaNotFoundError(msg) from None
        document = _parse(text, name)
        if not isinstance(document, dict):
            msg = f"OpenAPI document {name} must hold an object, not {type(document).__name__}"
            raise SchemaNotValidError(msg)
        return document

    @staticmethod
    def _base_uri(source: str | Path | Traversable) -> str:
        return source if isinstance(source, str) and "://" in source else ""

    def _external(self, uri: str) -> Schema:
        """Return the document a ``$ref`` names by (relative) file path or URL, read once."""
        if uri not in self._documents:
            target: str | Path | Traversable
            if "://" in uri:
                target = uri
            elif isinstance(self.source, str | Path):
                target = Path(self.source).parent / unquote(uri)
            else:
                target = self.source.joinpath("..", unquote(uri))
            self._documents[uri] = self._load_document(target)
        return self._documents[uri]

    # -- $ref resolution ---------------------------------------------------------------------

    def _resolve(self, node: t.Any, base: str, expanding: tuple[str, ...], key: Hashable) -> t.Any:
        if isinstance(node, list):
            return [self._resolve(item, base, expanding, key) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return {
                name: self._resolve(value, base, expanding, key) for name, value in node.items()
            }
        uri, _, pointer = ref.partition("#")
        absolute = urljoin(base, uri) if uri and base else uri
        identity = f"{absolute}#{pointer}"
        if identity in expanding:
            return {}
        document = self._external(absolute) if absolute else self.spec
        target = _follow_pointer(document, pointer)
        if target is None:
            msg = (
                f"OpenAPI $ref '{ref}' in the schema of '{key}' does not resolve "
                f"({_describe(self.source)})"
            )
            raise SchemaNotValidError(msg)
        resolved = self._resolve(target, absolute or base, (*expanding, identity), key)
        siblings = {name: value for name, value in node.items() if name != "$ref"}
        if siblings and isinstance(resolved, dict):
            return {**resolved, **self._resolve(siblings, base, expanding, key)}
        return resolved


def _follow_pointer(document: t.Any, pointer: str) -> t.Any | None:
    """Return what the JSON pointer ``pointer`` names in ``document``, or None."""
    node = document
    for raw in pointer.split("/")[1:] if pointer else []:
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _describe(source: object) -> str:
    return f"'{source}'"


def _parse(text: str, name: str) -> t.Any:
    """Parse ``text`` as YAML if ``name`` ends in .yaml/.yml, else as JSON (YAML if it is not)."""
    if name.rstrip("'").lower().endswith((".yaml", ".yml")):
        return _parse_yaml(text, name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.lstrip().startswith(("{", "[")):  # not JSON at all: perhaps YAML
            return _parse_yaml(text, name)
        msg = (
            f"OpenAPI document {name} is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        )
        raise SchemaNotValidError(msg) from None


def _parse_yaml(text: str, name: str) -> t.Any:
    try:
        import yaml  # only YAML documents need it
    except ImportError:  # pragma: no cover - PyYAML ships with the dev environment
        msg = f"Reading the YAML document {name} needs PyYAML: pip install pyyaml"
        raise SchemaNotValidError(msg) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        msg = f"OpenAPI document {name} is not valid JSON or YAML: {exc}"
        raise SchemaNotValidError(msg) from None


def _fetch_url(url: str) -> str:
    import requests  # only documents read over HTTP need it

    try:
        response = requests.get(url, timeout=60)
        response.raise_for_status()
    except requests.RequestException as exc:
        msg = f"Cannot read the OpenAPI document '{url}': {exc}"
        raise SchemaNotFoundError(msg) from None
    return response.text
